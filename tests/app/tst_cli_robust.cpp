// chipfinder-cli against interruptions, a second writer and awkward ids: `project create`
// killed at random moments leaves either no project or a complete one (never an empty or
// half-made file that blocks opening the dataset); a second process writing a project is refused
// naming the holder; ids with commas, spaces or bytes that are not UTF-8 can be given through
// --*-file, and JSON/GeoJSON outputs stay valid UTF-8 (such ids are refused there, kept byte
// for byte in .gpkg).

#include "common/clirun.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "project/projectlock.h"
#include "project/projectstore.h"
#include "widgets/griddataset.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <set>

#include <unistd.h>

using namespace chipfinder;
using namespace chipfinder::testing;
using chipfinder::test::runCli;

namespace {

const std::string kCommaId = "pond,north";
const std::string kSpaceId = "  spaced id ";
const std::string kLatin1Id = std::string("caf\xe9-7"); // Latin-1 é: not UTF-8

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    Q_UNUSED(text);
    return !decoder.hasError();
}

void writeLines(const QString &path, const std::vector<std::string> &lines)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (const std::string &line : lines)
        file.write(QByteArray::fromStdString(line + "\r\n"));
}

} // namespace

class TestCliRobust : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/cli-robust-XXXXXX")};
    QString m_grid;   // 12 × 10 chips "chip-<n>"
    QString m_oddIds; // the same with three awkward ids

    // A 6 × 5 grid whose embeddings are `scale` times values in 0.5..2.5.
    QString writeScaled(const QString &name, float scale)
    {
        auto dataset = gridDataset(naipBox(), 6, 5, 8);
        for (size_t i = 0; i < dataset->size(); ++i)
            for (float &v : dataset->embeddings.row(i))
                v *= scale;
        DatasetWriteOptions options;
        options.wgs84 = true;
        const QString path = m_dir.filePath(name);
        writeDataset(*dataset, path.toStdString(), options);
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        DatasetWriteOptions options;
        options.wgs84 = true;
        auto grid = gridDataset(naipBox(), 12, 10, 8);
        AttributeColumn truth{"truth", {}};
        for (size_t i = 0; i < grid->size(); ++i)
            truth.values.emplace_back(i % 7 == 0 ? "1" : "0");
        grid->attributes.push_back(truth);
        m_grid = m_dir.filePath(QStringLiteral("grid.gpkg"));
        writeDataset(*grid, m_grid.toStdString(), options);
        grid->ids[3] = kCommaId;
        grid->ids[4] = kSpaceId;
        grid->ids[5] = kLatin1Id;
        grid->buildIdIndex();
        m_oddIds = m_dir.filePath(QStringLiteral("odd-ids.gpkg"));
        writeDataset(*grid, m_oddIds.toStdString(), options);
        // The ids are read back byte for byte.
        const Dataset read = openDataset(m_oddIds.toStdString());
        QCOMPARE(read.indexOf(kLatin1Id), int64_t(5));
        QCOMPARE(read.indexOf(kSpaceId), int64_t(4));
    }

    // Options are checked before the long work: the error comes before the work's first
    // progress line (embedding, simulating), and no output is left.
    void optionsAreCheckedBeforeTheWork_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::addColumn<QString>("work");
        const QString raster = QStringLiteral(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif");
        const QString out = m_dir.filePath(QStringLiteral("early.gpkg"));
        const QStringList embed{QStringLiteral("embed"),      raster,
                                QStringLiteral("--progress"), QStringLiteral("--chip-size"),
                                QStringLiteral("32"),         QStringLiteral("--features"),
                                QStringLiteral("16")};
        QTest::newRow("embed: unknown output format")
            << (QStringList(embed)
                << QStringLiteral("--out") << m_dir.filePath(QStringLiteral("early.xyz")))
            << QStringLiteral("unknown output format") << QStringLiteral("Embedding");
        QTest::newRow("embed: thumbnails folder is a file")
            << (QStringList(embed)
                << QStringLiteral("--out") << out << QStringLiteral("--thumbnails") << m_grid)
            << QStringLiteral("--thumbnails") << QStringLiteral("Embedding");
        QTest::newRow("embed: NIR band the raster lacks")
            << (QStringList(embed)
                << QStringLiteral("--out") << out << QStringLiteral("--water-truth")
                << QStringLiteral("0.05") << QStringLiteral("--nir-band") << QStringLiteral("9"))
            << QStringLiteral("needs band 9") << QStringLiteral("Embedding");
        const QStringList simulate{QStringLiteral("simulate"),   m_grid,
                                   QStringLiteral("--truth"),    QStringLiteral("truth"),
                                   QStringLiteral("--progress"), QStringLiteral("--runs"),
                                   QStringLiteral("2")};
        QTest::newRow("simulate: --out in a missing folder")
            << (QStringList(simulate) << QStringLiteral("--out")
                                      << m_dir.filePath(QStringLiteral("no-folder/curves.csv")))
            << QStringLiteral("--out") << QStringLiteral("Simulating");
        QTest::newRow("simulate: --out is a folder")
            << (QStringList(simulate) << QStringLiteral("--out") << m_dir.path())
            << QStringLiteral("folder") << QStringLiteral("Simulating");
        QTest::newRow("simulate: --json in a missing folder")
            << (QStringList(simulate)
                << QStringLiteral("--out") << m_dir.filePath(QStringLiteral("c.csv"))
                << QStringLiteral("--json")
                << m_dir.filePath(QStringLiteral("no-folder/curves.json")))
            << QStringLiteral("--json") << QStringLiteral("Simulating");
    }
    void optionsAreCheckedBeforeTheWork()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        QFETCH(QString, work);
        const auto run = runCli(arguments);
        QVERIFY2(run.exitCode > 0, qPrintable(QString::number(run.exitCode) + run.err));
        QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
        QVERIFY2(!run.err.contains(work), qPrintable(run.err));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("early.gpkg"))));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("c.csv"))));
    }

    // No NaN or Inf is ever ranked: embeddings that are denormal (their squares underflow),
    // near FLT_MAX with the euclidean metric (their squares overflow), strategy parameters
    // outside their range, and a learned metric on fewer chips than its 64 dimensions either
    // rank with finite scores or stop with a clear error, never a crash or a library assertion.
    void nothingNonFiniteIsRanked_data()
    {
        QTest::addColumn<float>("scale");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<bool>("refused"); // a usage error is required
        const QString s = QStringLiteral("--strategy");
        QTest::newRow("denormal vectors, cosine") << 1e-42f << QStringList{s, "centroid"} << false;
        QTest::newRow("denormal vectors, euclidean")
            << 1e-42f << QStringList{s, "centroid", "--metric", "euclidean"} << false;
        QTest::newRow("3e38 vectors, euclidean")
            << 1.2e38f << QStringList{s, "centroid", "--metric", "euclidean"} << false;
        QTest::newRow("3e38 vectors, knn-union euclidean")
            << 1.2e38f << QStringList{s, "knn-union", "--metric", "euclidean"} << false;
        QTest::newRow("learned-metric on 30 chips")
            << 1.0f << QStringList{s, "learned-metric"} << false;
        QTest::newRow("rocchio beta=nan")
            << 1.0f << QStringList{s, "rocchio", "--params", "beta=nan"} << true;
        QTest::newRow("rocchio beta=1e308")
            << 1.0f << QStringList{s, "rocchio", "--params", "beta=1e308"} << true;
        QTest::newRow("rocchio beta=11")
            << 1.0f << QStringList{s, "rocchio", "--params", "beta=11"} << true;
        QTest::newRow("rocchio beat=3")
            << 1.0f << QStringList{s, "rocchio", "--params", "beat=3"} << true;
    }
    void nothingNonFiniteIsRanked()
    {
        QFETCH(float, scale);
        QFETCH(QStringList, extra);
        QFETCH(bool, refused);
        const QString dataset = writeScaled(QStringLiteral("scaled-%1.gpkg")
                                                .arg(QTest::currentDataTag())
                                                .replace(QLatin1Char(' '), QLatin1Char('_')),
                                            scale);
        const auto run =
            runCli(QStringList{QStringLiteral("search"), dataset,
                               QStringLiteral("--embedding-column"), QStringLiteral("embedding"),
                               QStringLiteral("--positives"), QStringLiteral("chip-0,chip-7"),
                               QStringLiteral("--negatives"), QStringLiteral("chip-20,chip-29"),
                               QStringLiteral("--k"), QStringLiteral("10")}
                   << extra);
        QVERIFY2(run.exitCode >= 0, qPrintable(QStringLiteral("crashed or hung: ") + run.err));
        for (const char *raw : {"assert", "Assert", "bad_alloc", "Faiss", "terminate"})
            QVERIFY2(!run.err.contains(QLatin1String(raw)), qPrintable(run.err));
        if (refused) {
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(run.err.contains(QStringLiteral("bet")), qPrintable(run.err));
            return;
        }
        if (run.exitCode != 0) { // a clear refusal naming the dataset or the option
            QVERIFY2(!run.err.trimmed().isEmpty(), "no message");
            qInfo("refused: %s", qPrintable(run.err.trimmed()));
            return;
        }
        QVERIFY2(!run.out.contains(QStringLiteral("nan"), Qt::CaseInsensitive) &&
                     !run.out.contains(QStringLiteral("inf"), Qt::CaseInsensitive),
                 qPrintable(run.out));
        const QJsonArray candidates =
            QJsonDocument::fromJson(run.out.toUtf8()).object().value("candidates").toArray();
        QVERIFY(!candidates.isEmpty());
        for (const QJsonValue &c : candidates) {
            const QJsonValue score = c.toObject().value(QStringLiteral("score"));
            QVERIFY2(score.isDouble() && std::isfinite(score.toDouble()),
                     qPrintable(QJsonDocument(c.toObject()).toJson()));
        }
    }

    // `project create` is SIGKILLed 50 times at random moments across its run (reading the
    // dataset, building the project, renaming it into place, recording the fingerprint). After
    // every kill the project path holds nothing or a complete project that opens for writing;
    // where it holds nothing, creating it again works.
    void killDuringProjectCreateLeavesNothingThatBlocks()
    {
        const QString warm = m_dir.filePath(QStringLiteral("warm.chipfinder.gpkg"));
        QElapsedTimer timer;
        timer.start();
        const auto first =
            runCli({QStringLiteral("project"), QStringLiteral("create"), warm, m_grid});
        const qint64 duration = std::max<qint64>(timer.elapsed(), 20);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));

        QRandomGenerator random(20261203);
        int complete = 0, absent = 0, recreated = 0;
        for (int kill = 0; kill < 50; ++kill) {
            const QString project =
                m_dir.filePath(QStringLiteral("kill-%1.chipfinder.gpkg").arg(kill));
            QProcess child;
            child.start(QStringLiteral(CHIPFINDER_CLI),
                        {QStringLiteral("project"), QStringLiteral("create"), project, m_grid});
            QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
            // Most kills land in the second half of the run, where the project is built.
            const int delay = int(duration * (0.2 + 0.9 * random.generateDouble()));
            if (!child.waitForFinished(delay)) {
                child.kill();
                QVERIFY(child.waitForFinished(30000));
            }

            const QFileInfo info(project);
            if (info.exists()) {
                QVERIFY2(info.size() > 0, qPrintable(project + QStringLiteral(" is empty")));
                try {
                    auto store = ProjectStore::open(project.toStdString());
                    QCOMPARE(QFileInfo(QString::fromStdString(store->resolvedDatasetPath()))
                                 .canonicalFilePath(),
                             QFileInfo(m_grid).canonicalFilePath());
                    const Dataset dataset = openDataset(store->resolvedDatasetPath());
                    store->checkDataset(dataset);
                } catch (const std::exception &e) {
                    QFAIL(qPrintable(QStringLiteral("kill %1 left a project that does not "
                                                    "open: %2")
                                         .arg(kill)
                                         .arg(QString::fromUtf8(e.what()))));
                }
                ++complete;
            } else {
                ++absent;
                if (recreated < 5) { // nothing left in the way of creating it
                    const auto again = runCli(
                        {QStringLiteral("project"), QStringLiteral("create"), project, m_grid});
                    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
                    ++recreated;
                }
            }
            QVERIFY(!ProjectLock::holder(project.toStdString()));
        }
        int partials = 0;
        for (const QString &name : QDir(m_dir.path()).entryList(QDir::Files))
            if (name.contains(QStringLiteral(".partial-")))
                ++partials;
        qInfo("50 kills over %lld ms runs: %d complete projects, %d none (%d created again), "
              "%d temporary files of killed runs left beside them",
              static_cast<long long>(duration), complete, absent, recreated, partials);
        QCOMPARE(complete + absent, 50);
    }

    // A second process: while this one writes the project, `project label` is refused naming
    // the project and this process; once it closes, the label goes in.
    void secondWriterProcessIsRefused()
    {
        const QString project = m_dir.filePath(QStringLiteral("locked.chipfinder.gpkg"));
        const auto created =
            runCli({QStringLiteral("project"), QStringLiteral("create"), project, m_grid});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        auto holder = ProjectStore::open(project.toStdString());
        const QStringList label{QStringLiteral("project"), QStringLiteral("label"), project,
                                QStringLiteral("--positive"), QStringLiteral("chip-1")};
        const auto refused = runCli(label);
        QVERIFY2(refused.exitCode > 0, qPrintable(refused.err));
        QVERIFY2(refused.err.contains(project), qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QStringLiteral("pid %1 on ").arg(::getpid())),
                 qPrintable(refused.err));
        QCOMPARE(holder->labelCount(), int64_t(0));
        holder.reset();
        const auto labeled = runCli(label);
        QVERIFY2(labeled.exitCode == 0, qPrintable(labeled.err));
        QCOMPARE(ProjectStore::openReadOnly(project.toStdString())->labelCount(), int64_t(1));
    }

    // An id with a comma cannot be given to --positives (it splits there); a file of ids takes
    // it, and spaces and non-UTF-8 bytes too.
    void idsWithAnyCharactersFromAFile()
    {
        const auto split =
            runCli({QStringLiteral("search"), m_oddIds, QStringLiteral("--positives"),
                    QString::fromStdString(kCommaId)});
        QVERIFY(split.exitCode > 0);
        QVERIFY2(split.err.contains(QStringLiteral("'pond'")), qPrintable(split.err));

        const QString ids = m_dir.filePath(QStringLiteral("positives.txt"));
        writeLines(ids, {kCommaId, "", kSpaceId});
        const QString out = m_dir.filePath(QStringLiteral("search.json"));
        const auto search =
            runCli({QStringLiteral("search"), m_oddIds, QStringLiteral("--positives-file"), ids,
                    QStringLiteral("--positives"), QStringLiteral("chip-9"),
                    QStringLiteral("--strategy"), QStringLiteral("centroid"), QStringLiteral("--k"),
                    QStringLiteral("5"), QStringLiteral("--out"), out});
        QVERIFY2(search.exitCode == 0, qPrintable(search.err));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject result = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(result.value(QStringLiteral("positives")).toArray(),
                 (QJsonArray{QStringLiteral("chip-9"), QString::fromStdString(kCommaId),
                             QString::fromStdString(kSpaceId)}));

        // A missing file of ids is an error naming it; an unknown id in it names the id.
        const auto missing =
            runCli({QStringLiteral("search"), m_oddIds, QStringLiteral("--positives-file"),
                    m_dir.filePath(QStringLiteral("none.txt"))});
        QVERIFY(missing.exitCode > 0);
        QVERIFY2(missing.err.contains(QStringLiteral("none.txt")), qPrintable(missing.err));
        const QString unknown = m_dir.filePath(QStringLiteral("unknown.txt"));
        writeLines(unknown, {"chip-1", std::string("no\xffsuch")});
        const auto unknownRun = runCli(
            {QStringLiteral("search"), m_oddIds, QStringLiteral("--positives-file"), unknown});
        QVERIFY(unknownRun.exitCode > 0);
        QVERIFY2(unknownRun.err.contains(QStringLiteral("no\\xffsuch")),
                 qPrintable(unknownRun.err));
    }

    // A chip id that is not UTF-8: labeled through a file of ids (kept byte for byte in the
    // project and in a .gpkg export); JSON and GeoJSON outputs refuse it with a message naming
    // it (escaped) instead of writing invalid UTF-8, and leave no file.
    void nonUtf8IdsNeverMakeInvalidJson()
    {
        const QString project = m_dir.filePath(QStringLiteral("odd.chipfinder.gpkg"));
        const auto created =
            runCli({QStringLiteral("project"), QStringLiteral("create"), project, m_oddIds});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        const QString ids = m_dir.filePath(QStringLiteral("latin1.txt"));
        writeLines(ids, {kLatin1Id, kCommaId});
        const auto labeled = runCli({QStringLiteral("project"), QStringLiteral("label"), project,
                                     QStringLiteral("--positive-file"), ids});
        QVERIFY2(labeled.exitCode == 0, qPrintable(labeled.err));
        {
            auto store = ProjectStore::openReadOnly(project.toStdString());
            QCOMPARE(store->labelCount(), int64_t(2));
            QVERIFY(store->label(kLatin1Id).has_value());
            QVERIFY(store->label(kCommaId).has_value());
        }

        for (const QString &name :
             {QStringLiteral("labels.geojson"), QStringLiteral("labels.json")}) {
            const QString out = m_dir.filePath(name);
            const auto exported =
                runCli({QStringLiteral("export"), project, QStringLiteral("--out"), out});
            QVERIFY2(exported.exitCode > 0, qPrintable(exported.out));
            QVERIFY2(exported.err.contains(QStringLiteral("caf\\xe9-7")), qPrintable(exported.err));
            QVERIFY2(exported.err.contains(QStringLiteral("UTF-8")), qPrintable(exported.err));
            QVERIFY(!QFile::exists(out));
        }
        const QString gpkg = m_dir.filePath(QStringLiteral("labels.gpkg"));
        const auto kept =
            runCli({QStringLiteral("export"), project, QStringLiteral("--out"), gpkg});
        QVERIFY2(kept.exitCode == 0, qPrintable(kept.err));
        {
            GDALAllRegister();
            GDALDatasetUniquePtr read(
                GDALDataset::Open(gpkg.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
            QVERIFY(read);
            std::set<std::string> chipIds;
            OGRLayer *layer = read->GetLayer(0);
            QVERIFY(layer);
            for (auto &feature : *layer)
                chipIds.insert(feature->GetFieldAsString("chip_id"));
            QVERIFY(chipIds.count(kLatin1Id));
            QVERIFY(chipIds.count(kCommaId));
        }

        // search: every chip is a candidate with --k 200, the non-UTF-8 one among them.
        for (const QString &format : {QStringLiteral("json"), QStringLiteral("geojson")}) {
            const QString out = m_dir.filePath(QStringLiteral("all.") + format);
            const auto search =
                runCli({QStringLiteral("search"), m_oddIds, QStringLiteral("--positives"),
                        QStringLiteral("chip-0"), QStringLiteral("--k"), QStringLiteral("200"),
                        QStringLiteral("--strategy"), QStringLiteral("centroid"),
                        QStringLiteral("--format"), format, QStringLiteral("--out"), out});
            QVERIFY2(search.exitCode > 0, qPrintable(search.out));
            QVERIFY2(search.err.contains(QStringLiteral("caf\\xe9-7")), qPrintable(search.err));
            QVERIFY(!QFile::exists(out));
            // Without that chip in the result the output is written, and is UTF-8.
            const auto few =
                runCli({QStringLiteral("search"), m_oddIds, QStringLiteral("--positives-file"), ids,
                        QStringLiteral("--k"), QStringLiteral("3"), QStringLiteral("--strategy"),
                        QStringLiteral("centroid"), QStringLiteral("--format"), format,
                        QStringLiteral("--out"), out});
            QVERIFY2(few.exitCode == 0, qPrintable(few.err));
            QFile file(out);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY(isValidUtf8(bytes));
            if (format == QLatin1String("json")) // the positives echoed, escaped (JSON: \\)
                QVERIFY2(bytes.contains("caf\\\\xe9-7"), bytes.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestCliRobust)
#include "tst_cli_robust.moc"
