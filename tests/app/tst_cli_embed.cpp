// chipfinder-cli embed end to end: the built executable tiles the bundled demo raster (NAIP 2020,
// resources/demo) into chips and embeds them; the GeoPackage it writes is read back through GDAL
// and through Chipfinder's own reader and compared with the engine run in-process (same chips,
// same vectors, same ground truth). Errors exit non-zero with a message naming the culprit.

#include "common/clirun.h"
#include "dataset/datasetreader.h"
#include "embed/chipdatasetbuilder.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <set>

using namespace chipfinder;

namespace {

const QString DemoRaster = QStringLiteral(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif");
constexpr int ChipSize = 32;
constexpr int Features = 16;
constexpr int Bands = 4; // R, G, B, NIR
constexpr size_t Dim = 2 * Features + 4 * Bands;

using Run = test::CliResult;

// Embedding a raster may take a while on a loaded machine: up to five minutes.
Run runCli(const QStringList &arguments)
{
    return test::runCli(arguments, QProcessEnvironment::systemEnvironment(), 300000);
}

} // namespace

class TestCliEmbed : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/cli-embed-XXXXXX")};
    QString m_out;
    size_t m_expectedChips = 0;

    QStringList embedArguments(const QString &out, const QString &seed = QStringLiteral("0"))
    {
        return {QStringLiteral("embed"),         DemoRaster,
                QStringLiteral("--out"),         out,
                QStringLiteral("--chip-size"),   QString::number(ChipSize),
                QStringLiteral("--features"),    QString::number(Features),
                QStringLiteral("--seed"),        seed,
                QStringLiteral("--threads"),     QStringLiteral("2"),
                QStringLiteral("--water-truth"), QStringLiteral("0.05")};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(DemoRaster), qPrintable(DemoRaster));
        GDALAllRegister();
        // The chip count follows from the raster size: whole 32 px chips, no nodata in the scene.
        GDALDatasetUniquePtr raster(
            GDALDataset::Open(DemoRaster.toUtf8().constData(), GDAL_OF_RASTER));
        QVERIFY(raster);
        QCOMPARE(raster->GetRasterCount(), Bands);
        m_expectedChips = size_t(raster->GetRasterXSize() / ChipSize) *
                          size_t(raster->GetRasterYSize() / ChipSize);
        QCOMPARE(m_expectedChips, size_t(29 * 22)); // 934 × 723 px

        m_out = m_dir.filePath(QStringLiteral("demo-chips.gpkg"));
        const QString summary = m_dir.filePath(QStringLiteral("embed-summary.json"));
        const Run r = runCli(embedArguments(m_out) << QStringLiteral("--progress")
                                                   << QStringLiteral("--json") << summary);
        QVERIFY2(r.exitCode == 0,
                 qPrintable(QString::number(r.exitCode) + QLatin1Char(' ') + r.err));
        QFile json(summary);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject object = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(object.value(QStringLiteral("chips")).toInteger(), qint64(m_expectedChips));
        QCOMPARE(object.value(QStringLiteral("dimensions")).toInteger(), qint64(Dim));
        QVERIFY(object.value(QStringLiteral("pond_chips")).toInteger() > 0);
        QVERIFY2(
            r.out.contains(
                QStringLiteral("Wrote %1 chips × %2 dimensions").arg(m_expectedChips).arg(Dim)),
            qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("pond chips")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("100 %")), qPrintable(r.err)); // progress
    }

    // Plain GDAL (what QGIS uses) opens the output: one polygon layer, one feature per chip.
    void outputIsAReadableGeoPackage()
    {
        GDALDatasetUniquePtr gpkg(GDALDataset::Open(m_out.toUtf8().constData(), GDAL_OF_VECTOR));
        QVERIFY(gpkg);
        QCOMPARE(QString::fromLatin1(gpkg->GetDriver()->GetDescription()), QStringLiteral("GPKG"));
        QCOMPARE(gpkg->GetLayerCount(), 1);
        OGRLayer *layer = gpkg->GetLayer(0);
        QCOMPARE(size_t(layer->GetFeatureCount()), m_expectedChips);
        QCOMPARE(wkbFlatten(layer->GetGeomType()), wkbPolygon);
        const OGRFeatureDefn *defn = layer->GetLayerDefn();
        for (const char *field : {"embedding", "water", "pond", "water_fraction", "pond_fraction"})
            QVERIFY2(defn->GetFieldIndex(field) >= 0, field);
        // Fractions are real numbers, written as REAL.
        for (const char *field : {"water_fraction", "pond_fraction", "nodata_fraction"}) {
            const int index = defn->GetFieldIndex(field);
            QVERIFY2(index >= 0, field);
            QVERIFY2(defn->GetFieldDefn(index)->GetType() == OFTReal, field);
        }
        QVERIFY(layer->GetSpatialRef());
        layer->ResetReading();
        OGRFeatureUniquePtr feature(layer->GetNextFeature());
        QVERIFY(feature);
        QVERIFY(feature->GetGeometryRef());
        QVERIFY(!feature->GetGeometryRef()->IsEmpty());
    }

    // Chipfinder's reader gets N × D finite vectors, unique ids and the ground truth; they are
    // exactly what the engine computes in-process with the same options.
    void matchesTheEngine()
    {
        const Dataset read = openDataset(m_out.toStdString());
        QCOMPARE(read.size(), m_expectedChips);
        QCOMPARE(read.dim(), Dim);
        QCOMPARE(std::set<std::string>(read.ids.begin(), read.ids.end()).size(), read.size());
        for (size_t i = 0; i < read.size(); ++i) {
            const auto row = read.embeddings.row(i);
            double norm = 0.0;
            for (float v : row) {
                QVERIFY(std::isfinite(v));
                norm += double(v) * v;
            }
            QVERIFY2(norm > 0.0, read.ids[i].c_str());
        }
        const AttributeColumn *pond = read.attribute("pond");
        QVERIFY(pond);
        size_t ponds = 0;
        for (const auto &v : pond->values)
            ponds += v && *v == "1";
        QVERIFY2(ponds > 10 && ponds < read.size() / 3, qPrintable(QString::number(ponds)));

        ChipDatasetOptions options;
        options.chipper.chipSize = ChipSize;
        options.chipper.stride = ChipSize;
        options.embedder.features = Features;
        options.embedder.seed = 0;
        options.embedder.threads = 2;
        options.waterTruth = true;
        options.water.minChipFraction = 0.05;
        ChipDatasetBuilder builder(options);
        const Dataset engine = builder.build(DemoRaster.toStdString());
        QCOMPARE(engine.size(), read.size());
        QCOMPARE(engine.dim(), read.dim());
        const AttributeColumn *enginePond = engine.attribute("pond");
        QVERIFY(enginePond);
        for (size_t i = 0; i < engine.size(); ++i) {
            const int64_t j = read.indexOf(engine.ids[i]);
            QVERIFY2(j >= 0, engine.ids[i].c_str());
            const auto a = engine.embeddings.row(i);
            const auto b = read.embeddings.row(size_t(j));
            for (size_t d = 0; d < Dim; ++d)
                QCOMPARE(b[d], a[d]); // float32 written and read back bit for bit
            QCOMPARE(pond->values[size_t(j)], enginePond->values[i]);
            if (QTest::currentTestFailed())
                return;
        }
    }

    // `info` reads the output back with the same chip count and dimension.
    void infoReadsTheOutput()
    {
        const Run r = runCli({QStringLiteral("info"), m_out, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(size_t(o[QLatin1String("chips")].toInteger()), m_expectedChips);
        QCOMPARE(size_t(o[QLatin1String("dimensions")].toInt()), Dim);
    }

    // The filters follow the seed: the same seed gives the same file content, another seed other
    // vectors (but the same chips).
    void seedIsReproducible()
    {
        const QString same = m_dir.filePath(QStringLiteral("same.gpkg"));
        const QString other = m_dir.filePath(QStringLiteral("other.gpkg"));
        QCOMPARE(runCli(embedArguments(same)).exitCode, 0);
        QCOMPARE(runCli(embedArguments(other, QStringLiteral("7"))).exitCode, 0);
        const Dataset a = openDataset(m_out.toStdString());
        const Dataset b = openDataset(same.toStdString());
        const Dataset c = openDataset(other.toStdString());
        QCOMPARE(b.size(), a.size());
        QCOMPARE(c.size(), a.size());
        size_t differing = 0;
        for (size_t i = 0; i < a.size(); ++i) {
            const auto ra = a.embeddings.row(i);
            const auto rb = b.embeddings.row(size_t(b.indexOf(a.ids[i])));
            const auto rc = c.embeddings.row(size_t(c.indexOf(a.ids[i])));
            QVERIFY(std::equal(ra.begin(), ra.end(), rb.begin(), rb.end()));
            differing += !std::equal(ra.begin(), ra.end(), rc.begin(), rc.end());
        }
        QCOMPARE(differing, a.size());
    }

    void errorsExitNonZero_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const QString out = QStringLiteral(TEST_OUTPUT_DIR "/cli-embed-error.gpkg");
        const QString missing = QStringLiteral(TEST_OUTPUT_DIR "/no-such-raster.tif");
        const QString text = QStringLiteral(TEST_OUTPUT_DIR "/not-a-raster.tif");
        QTest::newRow("missing raster")
            << QStringList{QStringLiteral("embed"), missing, QStringLiteral("--out"), out}
            << missing;
        QTest::newRow("not a raster")
            << QStringList{QStringLiteral("embed"), text, QStringLiteral("--out"), out} << text;
        QTest::newRow("no --out") << QStringList{QStringLiteral("embed"), DemoRaster}
                                  << QStringLiteral("--out");
        QTest::newRow("no raster")
            << QStringList{QStringLiteral("embed"), QStringLiteral("--out"), out}
            << QStringLiteral("RASTER");
        QTest::newRow("chip size 0")
            << QStringList{QStringLiteral("embed"),       DemoRaster,
                           QStringLiteral("--out"),       out,
                           QStringLiteral("--chip-size"), QStringLiteral("0")}
            << QStringLiteral("--chip-size");
        QTest::newRow("features not a number")
            << QStringList{QStringLiteral("embed"),      DemoRaster,
                           QStringLiteral("--out"),      out,
                           QStringLiteral("--features"), QStringLiteral("many")}
            << QStringLiteral("--features");
        QTest::newRow("water polygons without truth")
            << QStringList{QStringLiteral("embed"),
                           DemoRaster,
                           QStringLiteral("--out"),
                           out,
                           QStringLiteral("--water-polygons"),
                           QStringLiteral(TEST_OUTPUT_DIR "/w.gpkg")}
            << QStringLiteral("--water-truth");
    }
    void errorsExitNonZero()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        {
            QFile text(QStringLiteral(TEST_OUTPUT_DIR "/not-a-raster.tif"));
            QVERIFY(text.open(QIODevice::WriteOnly));
            text.write("chip_id,label\nnaip-1,positive\n");
        }
        const Run r = runCli(arguments);
        QVERIFY2(r.exitCode > 0, qPrintable(QString::number(r.exitCode) + r.err));
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
        QVERIFY(!QFile::exists(QStringLiteral(TEST_OUTPUT_DIR "/cli-embed-error.gpkg")));
    }
};

QTEST_GUILESS_MAIN(TestCliEmbed)
#include "tst_cli_embed.moc"
