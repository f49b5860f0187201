// chipfinder-cli's outputs are complete or absent, and never overwrite an input: every command
// that writes a file is run against a full disk — /dev/full where the path is written directly,
// a file size limit (RLIMIT_FSIZE, as root where read-only folders do not stop writes) where it
// is written beside the destination and renamed — and must exit non-zero with the previous file
// untouched and no temporary left behind. Options that name an input as output, and numbers that
// are NaN or do not fit, are refused before any work.

#include "common/clirun.h"
#include "core/naipchipdataset.h"
#include "dataset/datasetwriter.h"
#include "project/projectstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace chipfinder;

namespace {

using Run = test::CliResult;
using test::runCli;
using test::runCliWithFileLimit;

QByteArray hashOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// The CLI with its standard output sent to `path` (e.g. /dev/full).
Run runCliToStdout(const QStringList &arguments, const QString &path)
{
    QProcess process;
    process.setStandardOutputFile(path);
    process.start(QStringLiteral(CHIPFINDER_CLI), arguments);
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestCliOutputs : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/cli-outputs-XXXXXX")};
    QString m_dataset;
    QString m_project;
    QString m_positive;
    size_t m_chips = 0;

    QString file(const QString &name) const { return QDir(m_dir.path()).filePath(name); }
    QStringList leftovers() const
    {
        return QDir(m_dir.path()).entryList({QStringLiteral("*partial*")}, QDir::Files);
    }
    QStringList searchArguments(const QString &out) const
    {
        QStringList arguments{"search",   m_dataset,    "--positives",
                              m_positive, "--strategy", "centroid"};
        if (!out.isEmpty())
            arguments << "--out" << out;
        return arguments;
    }
    QStringList simulateArguments(const QString &out) const
    {
        return {"simulate", m_dataset, "--truth", "truth",      "--strategies",
                "centroid", "--runs",  "1",       "--max-iter", "3",
                "--batch",  "5",       "--out",   out};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Dataset dataset = test::makeNaipChipDataset(32);
        m_chips = dataset.size();
        AttributeColumn truth{"truth", {}};
        for (size_t i = 0; i < m_chips; ++i)
            truth.values.push_back(i % 7 == 0 ? "1" : "0");
        dataset.attributes.push_back(truth);
        m_dataset = file("chips.gpkg");
        writeDataset(dataset, m_dataset.toStdString());
        m_positive = QString::fromStdString(dataset.ids[0]);
        m_project = file("chips.chipfinder.gpkg");
        auto store = ProjectStore::create(m_project.toStdString(), {"chips.gpkg", {}});
        std::vector<LabelChange> changes;
        for (size_t chip = 0; chip < m_chips; ++chip) { // exports of > 64 KiB
            Label label;
            label.chip = int64_t(chip);
            label.chipId = dataset.ids[chip];
            label.value = chip % 2 ? LabelValue::Positive : LabelValue::Negative;
            label.labeledAtMs = 1763900000000LL;
            changes.push_back({label.chipId, label});
        }
        store->applyChanges(changes);
        QVERIFY(leftovers().isEmpty());
    }

    // A write that fails half-way (the file size limit) leaves the earlier export as it was.
    void exportFullDiskKeepsThePreviousFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("geojson") << "labels.geojson";
        QTest::newRow("gpkg") << "labels.gpkg";
        QTest::newRow("fgb") << "labels.fgb";
    }
    void exportFullDiskKeepsThePreviousFile()
    {
        QFETCH(QString, name);
        const QString out = file(name);
        Run run = runCli({"export", m_project, "--out", out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QByteArray before = hashOf(out);
        // The limit leaves room for SQLite's 32 KiB shared-memory file of the (WAL) project.
        constexpr qint64 limit = 48 * 1024;
        QVERIFY(QFileInfo(out).size() > limit);
        run = runCliWithFileLimit({"export", m_project, "--out", out}, limit);
        QVERIFY2(run.exitCode == 1, qPrintable(QString::number(run.exitCode) + run.err));
        QVERIFY2(run.err.contains(name), qPrintable(run.err));
        QCOMPARE(hashOf(out), before);
        QCOMPARE(leftovers(), QStringList());
    }

    // Outputs written in place (a device) report the full disk instead of exiting 0.
    void devFullIsAnError_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("search json") << searchArguments("/dev/full");
        QTest::newRow("search geojson") << (searchArguments("/dev/full") << "--format"
                                                                         << "geojson");
        QTest::newRow("simulate csv") << simulateArguments("/dev/full");
        QTest::newRow("simulate json") << (simulateArguments(file("sim-ok.csv")) << "--json"
                                                                                 << "/dev/full");
        QTest::newRow("analyze json") << QStringList{"analyze", m_dataset, "--json", "/dev/full"};
        QTest::newRow("export via link") << QStringList{"export", m_project, "--out", "@FULL@"};
    }
    void devFullIsAnError()
    {
        QFETCH(QStringList, arguments);
        const QString link = file("full.geojson");
        QFile::remove(link);
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), link));
        arguments.replaceInStrings("@FULL@", link);
        const Run run = runCli(arguments);
        QVERIFY2(run.exitCode == 1, qPrintable(QString::number(run.exitCode) + run.err));
        QVERIFY2(run.err.contains("No space left on device"), qPrintable(run.err));
    }

    void stdoutFullIsAnError_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("search json") << searchArguments({});
        QTest::newRow("search geojson") << (searchArguments({}) << "--format"
                                                                << "geojson");
    }
    void stdoutFullIsAnError()
    {
        QFETCH(QStringList, arguments);
        const Run run = runCliToStdout(arguments, QStringLiteral("/dev/full"));
        QVERIFY2(run.exitCode == 1, qPrintable(QString::number(run.exitCode) + run.err));
        QVERIFY2(run.err.contains("standard output"), qPrintable(run.err));
    }

    void fileOutputsKeepThePreviousFile_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("out");
        const QString json = file("kept.json");
        const QString geojson = file("kept.geojson");
        const QString csv = file("kept.csv");
        QTest::newRow("search json") << searchArguments(json) << json;
        QTest::newRow("search geojson") << (searchArguments(geojson) << "--format"
                                                                     << "geojson")
                                        << geojson;
        QTest::newRow("simulate csv") << simulateArguments(csv) << csv;
        QTest::newRow("analyze json")
            << QStringList{"analyze", m_dataset, "--truth", "truth", "--json", json} << json;
    }
    void fileOutputsKeepThePreviousFile()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, out);
        QFile::remove(out);
        Run run = runCli(arguments);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QByteArray before = hashOf(out);
        QVERIFY(QFileInfo(out).size() > 128);
        run = runCliWithFileLimit(arguments, 64);
        QVERIFY2(run.exitCode == 1, qPrintable(QString::number(run.exitCode) + run.err));
        QVERIFY2(run.err.contains(QFileInfo(out).fileName()), qPrintable(run.err));
        QCOMPARE(hashOf(out), before);
        QCOMPARE(leftovers(), QStringList());
    }

    void embedFullDiskLeavesNoFile()
    {
        const QString raster = QStringLiteral(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif");
        if (!QFile::exists(raster))
            QSKIP("demo raster missing");
        const QString out = file("embedded.gpkg");
        const Run run = runCliWithFileLimit(
            {"embed", raster, "--out", out, "--chip-size", "64", "--features", "8"}, 64 * 1024);
        QVERIFY2(run.exitCode == 1, qPrintable(QString::number(run.exitCode) + run.err));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(leftovers(), QStringList());
    }

    // An output that names an input is refused before anything is read or written.
    void outputOverAnInputIsRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("export over its dataset")
            << QStringList{"export", "@PROJECT@", "--out", "@DATASET@"} << "the dataset";
        QTest::newRow("export over its project")
            << QStringList{"export", "@PROJECT@", "--out", "@PROJECT@"} << "the project";
        QTest::newRow("export over a link to its dataset")
            << QStringList{"export", "@PROJECT@", "--out", "@LINK@"} << "the dataset";
        QTest::newRow("search over its dataset")
            << QStringList{"search", "@DATASET@", "--positives", "@ID@", "--out", "@DATASET@"}
            << "the dataset";
        QTest::newRow("simulate over its dataset")
            << QStringList{"simulate", "@DATASET@", "--truth", "truth", "--strategies",
                           "centroid", "--runs",    "1",       "--out", "@DATASET@"}
            << "the dataset";
        QTest::newRow("simulate json over its polygons")
            << QStringList{"simulate",     "@DATASET@",   "--truth-polygons", "@PROJECT@",
                           "--strategies", "centroid",    "--runs",           "1",
                           "--out",        "@TMP@/s.csv", "--json",           "@PROJECT@"}
            << "--truth-polygons";
        QTest::newRow("simulate json over its csv")
            << QStringList{"simulate",     "@DATASET@",      "--truth", "truth",
                           "--strategies", "centroid",       "--runs",  "1",
                           "--out",        "@TMP@/same.csv", "--json",  "@TMP@/same.csv"}
            << "the same file";
        QTest::newRow("analyze over its dataset")
            << QStringList{"analyze", "@DATASET@", "--json", "@DATASET@"} << "the dataset";
        QTest::newRow("embed over its raster")
            << QStringList{"embed", "@DATASET@", "--out", "@DATASET@"} << "the raster";
    }
    void outputOverAnInputIsRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const QString link = file("link-to-chips.gpkg");
        if (!QFile::exists(link))
            QVERIFY(QFile::link(m_dataset, link));
        arguments.replaceInStrings("@PROJECT@", m_project);
        arguments.replaceInStrings("@DATASET@", m_dataset);
        arguments.replaceInStrings("@LINK@", link);
        arguments.replaceInStrings("@ID@", m_positive);
        arguments.replaceInStrings("@TMP@", m_dir.path());
        const QByteArray dataset = hashOf(m_dataset);
        const QByteArray project = hashOf(m_project);
        const Run run = runCli(arguments);
        // A usage error (the options name the same file): exit 2.
        QVERIFY2(run.exitCode == 2, qPrintable(QString::number(run.exitCode) + run.err));
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY2(run.err.contains("never overwrites") || run.err.contains("the same file"),
                 qPrintable(run.err));
        QCOMPARE(hashOf(m_dataset), dataset);
        QCOMPARE(hashOf(m_project), project);
        QVERIFY(!QFile::exists(file("same.csv")));
    }

    // NaN passes every "x < min || x > max" test: it must be refused by name.
    void numbersOutOfRangeAreRefused_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("option");
        QTest::addColumn<int>("exit"); // 2: a bad option value; 1: beyond what the data holds
        QTest::newRow("threshold nan") << QStringList{"--threshold", "nan"} << "--threshold" << 2;
        QTest::newRow("noise nan") << QStringList{"--noise", "nan"} << "--noise" << 2;
        QTest::newRow("noise inf") << QStringList{"--noise", "inf"} << "--noise" << 2;
        QTest::newRow("chip size wraps to 1")
            << QStringList{"--chip-size", "4294967297"} << "--chip-size" << 2;
        QTest::newRow("batch beyond the chips")
            << QStringList{"--batch", "1000000000000000000"} << "--batch" << 1;
    }
    void numbersOutOfRangeAreRefused()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, option);
        QFETCH(int, exit);
        const QString csv = file("refused.csv");
        QStringList arguments = simulateArguments(csv);
        arguments.removeAt(arguments.indexOf("--batch") + 1);
        arguments.removeAt(arguments.indexOf("--batch"));
        const Run run = runCli(arguments << extra);
        QVERIFY2(run.exitCode == exit, qPrintable(QString::number(run.exitCode) + run.err));
        QVERIFY2(run.err.contains(option), qPrintable(run.err));
        QVERIFY(!QFile::exists(csv));
    }

    // A --k larger than the dataset asks for every unlabeled chip, not for 10^18 slots.
    void hugeKReturnsEveryChip()
    {
        const Run run =
            runCli(searchArguments({}) << "--k"
                                       << "1000000000000000000"
                                       << "--negatives" << QString::fromStdString("naip-0-1"));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject root = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(size_t(root.value("candidates").toArray().size()), m_chips - 2);
    }
};

QTEST_GUILESS_MAIN(TestCliOutputs)
#include "tst_cli_outputs.moc"
