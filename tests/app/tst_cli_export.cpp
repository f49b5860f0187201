// chipfinder-cli export: a project over a real NAIP-tiled dataset file, exported to every format
// through the built executable; errors exit non-zero with a message.

#include "common/clirun.h"
#include "core/naipchipdataset.h"
#include "dataset/datasetwriter.h"
#include "project/projectstore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>

using namespace chipfinder;

namespace {

using Run = test::CliResult;
using test::runCli;

} // namespace

class TestCliExport : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/cli-export-XXXXXX")};
    Dataset m_dataset;
    QString m_project;
    std::map<std::string, LabelValue> m_expected;
    QString file(const QString &name) const { return QDir(m_dir.path()).filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath("data"));
        m_dataset = test::makeNaipChipDataset(64);
        writeDataset(m_dataset, file("data/naip-chips.gpkg").toStdString());
        m_project = file("session.chipfinder.gpkg");
        // The project references the dataset relative to itself.
        auto store = ProjectStore::create(m_project.toStdString(), {"data/naip-chips.gpkg", {}});
        std::vector<LabelChange> changes;
        for (size_t chip = 0; chip < m_dataset.size(); chip += 9) {
            Label label;
            label.chip = int64_t(chip);
            label.chipId = m_dataset.ids[chip];
            label.value = chip % 2 ? LabelValue::Positive : LabelValue::Negative;
            label.source = chip % 4 == 1 ? LabelSource::Accepted : LabelSource::Click;
            label.score = label.source == LabelSource::Accepted ? 0.5 : std::nan("");
            label.strategy = label.source == LabelSource::Accepted ? "centroid" : "";
            label.round = int(chip / 40);
            label.labeledAtMs = 1763900000000LL + int64_t(chip);
            changes.push_back({label.chipId, label});
            m_expected[label.chipId] = label.value;
        }
        store->applyChanges(changes);
    }

    void exportsEveryFormat_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("crs");
        QTest::addColumn<QString>("driver");
        QTest::newRow("geojson") << "out.geojson"
                                 << ""
                                 << "GeoJSON";
        QTest::newRow("gpkg") << "out.gpkg"
                              << ""
                              << "GPKG";
        QTest::newRow("fgb source crs") << "out.fgb"
                                        << "source"
                                        << "FlatGeobuf";
    }
    void exportsEveryFormat()
    {
        QFETCH(QString, name);
        QFETCH(QString, crs);
        QFETCH(QString, driver);
        QStringList arguments{"export", m_project, "--out", file(name)};
        if (!crs.isEmpty())
            arguments << "--crs" << crs;
        const Run run = runCli(arguments);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QString::number(m_expected.size())), qPrintable(run.out));

        GDALAllRegister();
        GDALDatasetUniquePtr ds(
            GDALDataset::Open(file(name).toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        QVERIFY(ds);
        QCOMPARE(QString::fromLatin1(ds->GetDriver()->GetDescription()), driver);
        OGRLayer *layer = ds->GetLayer(0);
        QCOMPARE(layer->GetFeatureCount(), GIntBig(m_expected.size()));
        OGRSpatialReference utm;
        utm.importFromWkt(m_dataset.sourceCrsWkt.c_str());
        QCOMPARE(bool(layer->GetSpatialRef()->IsSame(&utm)), crs == "source");
        for (OGRFeatureUniquePtr feature(layer->GetNextFeature()); feature;
             feature.reset(layer->GetNextFeature())) {
            const std::string id = feature->GetFieldAsString("chip_id");
            QVERIFY(m_expected.count(id));
            QCOMPARE(std::string(feature->GetFieldAsString("label")),
                     labelValueName(m_expected[id]));
            QVERIFY(feature->GetGeometryRef());
            OGREnvelope envelope;
            feature->GetGeometryRef()->getEnvelope(&envelope);
            const BoundingBox &box = m_dataset.bounds[size_t(m_dataset.indexOf(id))];
            if (crs.isEmpty())
                QVERIFY(std::abs(envelope.MinX - box.minLon) < 1e-6 &&
                        std::abs(envelope.MaxY - box.maxLat) < 1e-6);
            else
                QVERIFY(envelope.MinX > 100000 && envelope.MaxX < 900000);
        }
        ds.reset();

        QProcess ogrinfo;
        ogrinfo.start(QStringLiteral("ogrinfo"), {"-al", "-so", file(name)});
        QVERIFY(ogrinfo.waitForFinished(60000));
        QCOMPARE(ogrinfo.exitCode(), 0);
    }

    void geojsonHasNoCrsMember()
    {
        const Run run = runCli({"export", m_project, "--out", file("plain.json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QFile f(file("plain.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(root.value("type").toString(), QStringLiteral("FeatureCollection"));
        QVERIFY(!root.contains("crs"));
        QCOMPARE(root.value("features").toArray().size(), qsizetype(m_expected.size()));
    }

    void datasetOptionOverridesTheReference()
    {
        // The project moved away from its dataset: the reference no longer resolves.
        QVERIFY(QDir(m_dir.path()).mkpath("elsewhere"));
        const QString movedProject = file("elsewhere/moved.chipfinder.gpkg");
        QVERIFY(QFile::copy(m_project, movedProject));
        Run run = runCli({"export", movedProject, "--out", file("moved.geojson")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("--dataset"), qPrintable(run.err));
        QVERIFY(!QFile::exists(file("moved.geojson")));
        run = runCli({"export", movedProject, "--out", file("moved.geojson"), "--dataset",
                      file("data/naip-chips.gpkg")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(QFile::exists(file("moved.geojson")));
    }

    void helpNamesTheSubcommand()
    {
        const Run run = runCli({"export", "--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith("Usage: chipfinder-cli export"), qPrintable(run.out));
        QVERIFY(run.out.contains("--dataset"));
    }

    void errorsExitNonZero_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("exit"); // 2 = a usage error, 1 = a data error
        QTest::newRow("no out") << QStringList{"export", "PROJECT"} << "--out" << 2;
        QTest::newRow("bad extension")
            << QStringList{"export", "PROJECT", "--out", "x.csv"} << ".geojson" << 2;
        QTest::newRow("bad crs") << QStringList{"export", "PROJECT", "--out",
                                                "x.gpkg", "--crs",   "utm"}
                                 << "--crs" << 2;
        QTest::newRow("missing project")
            << QStringList{"export", "nowhere.gpkg", "--out", "x.geojson"} << "does not exist" << 1;
        QTest::newRow("not a project") << QStringList{"export", "DATASET", "--out", "x.geojson"}
                                       << "not a Chipfinder project" << 1;
    }
    void errorsExitNonZero()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        arguments.replaceInStrings("PROJECT", m_project);
        arguments.replaceInStrings("DATASET", file("data/naip-chips.gpkg"));
        arguments.replaceInStrings(QRegularExpression("^x\\."), file("x."));
        QFETCH(int, exit);
        const Run run = runCli(arguments);
        QCOMPARE(run.exitCode, exit);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(!QFile::exists(file("x.geojson")));
    }
};

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cli_export.moc"
