// chipfinder-cli locate on the bundled demo through the built executable: tight footprints beside
// the chip footprints in GeoJSON (RFC 7946, WGS 84) and GeoPackage (the raster's CRS) that OGR
// reads back; the data that cannot localise and bad options are errors with a message.

#include "common/clirun.h"
#include "embed/demodataset.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>

using namespace chipfinder;

namespace {

using test::runCli;

struct Footprints
{
    std::map<std::string, double> chipArea, tightArea;
    OGREnvelope extent;
    std::string authority;
};

Footprints readFootprints(const QString &path)
{
    Footprints result;
    GDALAllRegister();
    GDALDatasetUniquePtr file(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_VECTOR));
    if (!file)
        return result;
    OGRLayer *layer = file->GetLayer(0);
    if (layer->GetExtent(&result.extent) != OGRERR_NONE)
        return result;
    if (const OGRSpatialReference *srs = layer->GetSpatialRef())
        if (const char *code = srs->GetAuthorityCode(nullptr))
            result.authority = code;
    for (auto &feature : *layer) {
        const std::string id = feature->GetFieldAsString("chip_id");
        const bool tight = std::string(feature->GetFieldAsString("footprint")) == "tight";
        (tight ? result.tightArea : result.chipArea)[id] = feature->GetFieldAsDouble("area_m2");
    }
    return result;
}

} // namespace

class TestCliLocate : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/cli-locate-XXXXXX")};
    DemoDataset m_demo;
    QString file(const QString &name) const { return QDir(m_dir.path()).filePath(name); }
    QStringList base() const
    {
        return {QStringLiteral("locate"),      QString::fromStdString(m_demo.datasetPath),
                QStringLiteral("--imagery"),   QString::fromStdString(m_demo.imageryPath),
                QStringLiteral("--positives"), QStringLiteral("r11_c22,r26_c19,r17_c1"),
                QStringLiteral("--negatives"), QStringLiteral("r22_c33,r8_c10")};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = ensureDemoDataset(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif",
                                   TEST_OUTPUT_DIR "/demo-cache");
    }

    void topChipsToGeoJson()
    {
        const QString out = file(QStringLiteral("tight.geojson"));
        const auto run = runCli(base() << QStringLiteral("--top") << QStringLiteral("10")
                                       << QStringLiteral("--out") << out);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("sub-windows")), qPrintable(run.err));
        const Footprints footprints = readFootprints(out);
        QCOMPARE(footprints.chipArea.size(), size_t(10));
        QCOMPARE(footprints.tightArea.size(), size_t(10));
        for (const auto &[id, area] : footprints.tightArea) {
            QVERIFY(footprints.chipArea.count(id));
            QVERIFY(area > 0.0);
            QVERIFY2(area < footprints.chipArea.at(id), id.c_str()); // tighter than the chip
        }
        // RFC 7946: lon/lat in North Dakota.
        QVERIFY(footprints.extent.MinX > -100.5 && footprints.extent.MaxX < -98.5);
        QVERIFY(footprints.extent.MinY > 46.5 && footprints.extent.MaxY < 48.5);
    }

    void namedChipsToGeoPackage()
    {
        const QString out = file(QStringLiteral("tight.gpkg"));
        const auto run =
            runCli(base() << QStringLiteral("--chips") << QStringLiteral("r12_c22,r29_c5")
                          << QStringLiteral("--threshold") << QStringLiteral("0.7")
                          << QStringLiteral("--out") << out);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const Footprints footprints = readFootprints(out);
        QCOMPARE(footprints.authority, std::string("26914")); // the raster's UTM zone
        QCOMPARE(footprints.chipArea.size(), size_t(2));
        QVERIFY(std::abs(footprints.chipArea.at("r12_c22") - 120.0 * 120.0) < 1e-6);
        QVERIFY(footprints.tightArea.at("r12_c22") < 120.0 * 120.0);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("no imagery")
            << QStringList{QStringLiteral("--imagery"), QStringLiteral("/nonexistent/raster.tif"),
                           QStringLiteral("--top"),     QStringLiteral("3"),
                           QStringLiteral("--out"),     QStringLiteral("x.geojson")}
            << QStringLiteral("cannot localise");
        QTest::newRow("unknown chip")
            << QStringList{QStringLiteral("--chips"), QStringLiteral("r999_c1"),
                           QStringLiteral("--out"), QStringLiteral("x.geojson")}
            << QStringLiteral("r999_c1");
        QTest::newRow("chips and top")
            << QStringList{QStringLiteral("--chips"), QStringLiteral("r12_c22"),
                           QStringLiteral("--top"),   QStringLiteral("3"),
                           QStringLiteral("--out"),   QStringLiteral("x.geojson")}
            << QStringLiteral("either --chips IDS or --top K");
        QTest::newRow("bad extension")
            << QStringList{QStringLiteral("--top"), QStringLiteral("3"), QStringLiteral("--out"),
                           QStringLiteral("x.csv")}
            << QStringLiteral(".geojson");
        QTest::newRow("threshold")
            << QStringList{QStringLiteral("--top"),       QStringLiteral("3"),
                           QStringLiteral("--threshold"), QStringLiteral("nan"),
                           QStringLiteral("--out"),       QStringLiteral("x.geojson")}
            << QStringLiteral("threshold");
    }

    void errors()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        QStringList arguments = base();
        // The relative output lands in the scratch folder, never beside the sources.
        for (QString &argument : extra)
            if (argument.startsWith(QLatin1String("x.")))
                argument = file(argument);
        if (extra.first() == QLatin1String("--imagery"))
            arguments = arguments.mid(0, 2) + arguments.mid(4);
        const auto run = runCli(arguments + extra);
        // Usage errors (a bad option value or combination) exit 2, data errors 1.
        const bool dataError = QByteArray(QTest::currentDataTag()) == "no imagery";
        QCOMPARE(run.exitCode, dataError ? 1 : 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(!QFile::exists(file(QStringLiteral("x.geojson"))));
    }
};

QTEST_GUILESS_MAIN(TestCliLocate)
#include "tst_cli_locate.moc"
