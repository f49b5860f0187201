// The labeling loop from the command line, on the bundled demo: `project create`, `project label`,
// `search PROJECT`, `project review`, `project import` and `project show` drive a project file,
// and the app's ProjectSession opens that file and finds the same labels, candidates, proposers,
// shares, skips and undo steps (and the CLI sees what the app did). Also the CLI conventions:
// usage errors exit 2 with the usage on stderr, data errors exit 1, `--json FILE|-`, `-` for
// standard input, progress on stderr with --progress.

#include "common/clirun.h"
#include "dataset/datasetreader.h"
#include "dataset/groundtruth.h"
#include "embed/demodataset.h"
#include "gui/projectsession.h"
#include "project/projectstore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace chipfinder;

namespace {

using Result = test::CliResult;

// Runs the CLI in `folder` (relative paths are the user's), `input` on its stdin.
Result runIn(const QString &folder, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.setWorkingDirectory(folder);
    process.start(QStringLiteral(CHIPFINDER_CLI), arguments);
    if (!input.isNull()) {
        process.waitForStarted();
        process.write(input);
    }
    process.closeWriteChannel();
    return test::finishCli(process, 120000);
}

QJsonObject jsonOf(const Result &result)
{
    return QJsonDocument::fromJson(result.out.toUtf8()).object();
}

QString describe(const Result &r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.exitCode).arg(r.out, r.err);
}

} // namespace

class TestCliProject : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/cliproject-XXXXXX")};
    QString m_folder;  // holds data/chips.gpkg and the project
    QString m_project; // relative to m_folder
    std::vector<std::string> m_ids;
    std::vector<uint8_t> m_pond;
    std::vector<uint8_t> m_water;

    bool isPond(const QString &id) const
    {
        const auto it = std::find(m_ids.begin(), m_ids.end(), id.toStdString());
        return it != m_ids.end() && m_pond[size_t(it - m_ids.begin())] != 0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const DemoDataset demo = ensureDemoDataset(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif",
                                                   TEST_OUTPUT_DIR "/demo-cache");
        m_folder = m_dir.filePath(QStringLiteral("survey"));
        QVERIFY(QDir().mkpath(m_folder + QStringLiteral("/data")));
        QVERIFY(QFile::copy(QString::fromStdString(demo.datasetPath),
                            m_folder + QStringLiteral("/data/chips.gpkg")));
        m_project = QStringLiteral("ponds.chipfinder.gpkg");
        const Dataset dataset =
            openDataset((m_folder + QStringLiteral("/data/chips.gpkg")).toStdString());
        m_ids = dataset.ids;
        m_pond = truthFromColumn(dataset, "pond");
        m_water = truthFromColumn(dataset, "water");
    }

    // The whole loop, then the app's session on the same file.
    void loopFromTheCommandLineIsWhatTheAppOpens()
    {
        Result r = runIn(m_folder, {QStringLiteral("project"), QStringLiteral("create"), m_project,
                                    QStringLiteral("data/chips.gpkg")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(QStringLiteral("1140 chips")));
        {
            const auto store =
                ProjectStore::openReadOnly(QDir(m_folder).filePath(m_project).toStdString());
            QCOMPARE(store->dataset().path, std::string("data/chips.gpkg")); // relative
            QVERIFY(store->recordedDatasetFingerprint().has_value());
        }

        // Three pond chips positive, two dry chips negative.
        QStringList ponds, dry;
        for (size_t i = 0; i < m_ids.size(); ++i) {
            if (m_pond[i] && ponds.size() < 3)
                ponds << QString::fromStdString(m_ids[i]);
            else if (!m_water[i] && dry.size() < 2 && i > 500)
                dry << QString::fromStdString(m_ids[i]);
        }
        r = runIn(m_folder, {QStringLiteral("project"), QStringLiteral("label"), m_project,
                             QStringLiteral("--positive"), ponds.mid(0, 2).join(','),
                             QStringLiteral("--positive"), ponds[2], QStringLiteral("--negative"),
                             dry.join(',')});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(QStringLiteral("3 positive, 2 negative")));

        // One round of auto, written into the project; the JSON goes to stdout with "--json -".
        r = runIn(m_folder, {QStringLiteral("search"), m_project, QStringLiteral("--json"),
                             QStringLiteral("-")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject search = jsonOf(r);
        QCOMPARE(search.value(QStringLiteral("round")).toInt(), 1);
        QCOMPARE(search.value(QStringLiteral("strategy")).toString(), QStringLiteral("auto"));
        const QJsonArray candidates = search.value(QStringLiteral("candidates")).toArray();
        QCOMPARE(candidates.size(), 25);
        QCOMPARE(search.value(QStringLiteral("positives")).toArray().size(), 3);
        QVERIFY(!search.value(QStringLiteral("shares")).toObject().isEmpty());
        QString accepted, rejected, skipped;
        for (const QJsonValue &c : candidates) {
            const QString id = c.toObject().value(QStringLiteral("id")).toString();
            QVERIFY(!ponds.contains(id) && !dry.contains(id)); // labeled chips never return
            if (isPond(id) && accepted.isEmpty())
                accepted = id;
            else if (!isPond(id) && rejected.isEmpty())
                rejected = id;
            else if (skipped.isEmpty())
                skipped = id;
        }
        QVERIFY(!accepted.isEmpty() && !rejected.isEmpty() && !skipped.isEmpty());

        r = runIn(m_folder, {QStringLiteral("project"), QStringLiteral("review"), m_project,
                             QStringLiteral("--accept"), accepted, QStringLiteral("--reject"),
                             rejected, QStringLiteral("--skip"), skipped});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(QStringLiteral("Accepted 1, rejected 1, skipped 1")));

        r = runIn(m_folder, {QStringLiteral("project"), QStringLiteral("show"), m_project,
                             QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject shown = jsonOf(r);
        QCOMPARE(shown.value(QStringLiteral("labels")).toArray().size(), 7);
        QMap<QString, QString> decisions, proposers;
        for (const QJsonValue &c : shown.value(QStringLiteral("candidates")).toArray()) {
            const QJsonObject o = c.toObject();
            decisions[o.value(QStringLiteral("id")).toString()] =
                o.value(QStringLiteral("decision")).toString();
            proposers[o.value(QStringLiteral("id")).toString()] =
                o.value(QStringLiteral("proposed_by")).toString();
        }
        QCOMPARE(decisions.value(accepted), QStringLiteral("accepted"));
        QCOMPARE(decisions.value(rejected), QStringLiteral("rejected"));
        QCOMPARE(decisions.value(skipped), QStringLiteral("skipped"));
        for (const QJsonValue &c : candidates) // the same attribution as the search printed
            QCOMPARE(proposers.value(c.toObject().value(QStringLiteral("id")).toString()),
                     c.toObject().value(QStringLiteral("proposed_by")).toString());

        // The app opens the file and finds all of it.
        ProjectSession session;
        QSignalSpy loaded(&session, &ProjectSession::loaded);
        QVERIFY(session.openProject(QDir(m_folder).filePath(m_project)));
        QVERIFY(loaded.wait(60000));
        QCOMPARE(session.positiveCount(), 4);
        QCOMPARE(session.negativeCount(), 3);
        const Dataset &dataset = *session.dataset();
        const auto chipOf = [&](const QString &id) { return dataset.indexOf(id.toStdString()); };
        for (const QString &id : ponds)
            QCOMPARE(session.labelOf(chipOf(id)), std::optional(LabelValue::Positive));
        for (const QString &id : dry)
            QCOMPARE(session.labelOf(chipOf(id)), std::optional(LabelValue::Negative));
        QCOMPARE(session.round(), 1);
        QCOMPARE(session.candidateStrategy(), QStringLiteral("auto"));
        QCOMPARE(session.candidates().size(), size_t(25));
        for (int i = 0; i < 25; ++i) {
            const QJsonObject c = candidates[i].toObject();
            const int64_t chip = session.candidates()[size_t(i)].chip;
            QCOMPARE(QString::fromStdString(dataset.ids[size_t(chip)]),
                     c.value(QStringLiteral("id")).toString());
            QCOMPARE(session.proposerOf(chip), c.value(QStringLiteral("proposed_by")).toString());
            QVERIFY(std::abs(session.candidateScore(chip) -
                             c.value(QStringLiteral("score")).toDouble()) < 1e-5);
        }
        QCOMPARE(int(session.shares().size()),
                 search.value(QStringLiteral("shares")).toObject().size());
        const auto acceptedLabel = session.label(chipOf(accepted));
        QVERIFY(acceptedLabel);
        QCOMPARE(acceptedLabel->source, LabelSource::Accepted);
        QCOMPARE(QString::fromStdString(acceptedLabel->strategy), proposers.value(accepted));
        QCOMPARE(acceptedLabel->round, 1);
        QCOMPARE(session.label(chipOf(rejected))->source, LabelSource::Rejected);
        QVERIFY(session.isSkipped(chipOf(skipped)));
        // The CLI's changes are the app's undo steps, newest first.
        QCOMPARE(session.undoText(), QStringLiteral("Reject candidate"));
        QVERIFY(session.undo());
        QVERIFY(!session.labelOf(chipOf(rejected)));
        QCOMPARE(session.undoText(), QStringLiteral("Accept candidate"));
        // The app accepts one more; the CLI sees it.
        QString more;
        for (const ScoredChip &c : session.candidates())
            if (!session.labelOf(c.chip) && !session.isSkipped(c.chip) &&
                QString::fromStdString(dataset.ids[size_t(c.chip)]) != rejected) {
                more = QString::fromStdString(dataset.ids[size_t(c.chip)]);
                QVERIFY(session.accept(c.chip));
                break;
            }
        session.close();
        r = runIn(m_folder, {QStringLiteral("project"), QStringLiteral("show"), m_project,
                             QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        bool seen = false;
        for (const QJsonValue &c : jsonOf(r).value(QStringLiteral("candidates")).toArray())
            if (c.toObject().value(QStringLiteral("id")).toString() == more)
                seen = c.toObject().value(QStringLiteral("decision")).toString() ==
                       QStringLiteral("accepted");
        QVERIFY(seen);

        // The next round leaves out every labeled and skipped chip.
        r = runIn(m_folder, {QStringLiteral("search"), m_project, QStringLiteral("--k"),
                             QStringLiteral("40"), QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(jsonOf(r).value(QStringLiteral("round")).toInt(), 2);
        const QJsonArray second = jsonOf(r).value(QStringLiteral("candidates")).toArray();
        QCOMPARE(second.size(), 40);
        for (const QJsonValue &c : second) {
            const QString id = c.toObject().value(QStringLiteral("id")).toString();
            QVERIFY(id != accepted && id != skipped && id != more && !ponds.contains(id));
        }

        // The folder moves: the relative dataset path follows it.
        const QString moved = m_dir.filePath(QStringLiteral("moved"));
        QVERIFY(QDir().rename(m_folder, moved));
        r = runIn(moved, {QStringLiteral("project"), QStringLiteral("show"), m_project});
        QVERIFY(QDir().rename(moved, m_folder));
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(r.out.contains(QStringLiteral("moved/data/chips.gpkg")));
        QVERIFY(r.out.contains(QStringLiteral("Candidates of round 2 (auto):")));
    }

    // Labels exported from one project and imported into a new one, through stdin.
    void importFromStandardInput()
    {
        const QString project = QStringLiteral("imported.chipfinder.gpkg");
        Result r = runIn(m_folder, {QStringLiteral("export"), m_project, QStringLiteral("--out"),
                                    QStringLiteral("labels.geojson"), QStringLiteral("--json"),
                                    QStringLiteral("-")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const int exportedLabels = jsonOf(r).value(QStringLiteral("labels")).toInt();
        QFile exported(QDir(m_folder).filePath(QStringLiteral("labels.geojson")));
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray geojson = exported.readAll();
        r = runIn(m_folder, {QStringLiteral("project"), QStringLiteral("create"), project,
                             QStringLiteral("data/chips.gpkg")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = runIn(
            m_folder,
            {QStringLiteral("project"), QStringLiteral("import"), project, QStringLiteral("-")},
            geojson);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const auto source =
            ProjectStore::openReadOnly(QDir(m_folder).filePath(m_project).toStdString());
        const auto target =
            ProjectStore::openReadOnly(QDir(m_folder).filePath(project).toStdString());
        QCOMPARE(target->labelCount(), source->labelCount());
        QCOMPARE(qint64(exportedLabels), source->labelCount());
        for (const Label &label : source->labels()) {
            const auto copy = target->label(label.chipId);
            QVERIFY(copy);
            QCOMPARE(copy->value, label.value);
            QCOMPARE(copy->source, LabelSource::Imported);
        }
        QCOMPARE(target->history().undo.size(), size_t(1)); // one undoable step
        // Empty stdin is a data error naming it.
        r = runIn(
            m_folder,
            {QStringLiteral("project"), QStringLiteral("import"), project, QStringLiteral("-")},
            QByteArray(""));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("stdin")), qPrintable(r.err));
    }

    void usageErrorsExitTwoDataErrorsOne()
    {
        struct Case
        {
            QStringList arguments;
            int exit;
            QString says;
        };
        const QString pond = QString::fromStdString(
            m_ids[size_t(std::find(m_pond.begin(), m_pond.end(), 1) - m_pond.begin())]);
        const QList<Case> cases = {
            {{}, 2, QStringLiteral("Usage: chipfinder-cli COMMAND")},
            {{QStringLiteral("frobnicate")}, 2, QStringLiteral("unknown command 'frobnicate'")},
            {{QStringLiteral("project")}, 2, QStringLiteral("Usage: chipfinder-cli project")},
            {{QStringLiteral("project"), QStringLiteral("grow")}, 2, QStringLiteral("'grow'")},
            {{QStringLiteral("info")}, 2, QStringLiteral("Usage: chipfinder-cli info")},
            {{QStringLiteral("search"), m_project, QStringLiteral("--bogus")},
             2,
             QStringLiteral("bogus")},
            {{QStringLiteral("project"), QStringLiteral("label"), m_project,
              QStringLiteral("--positive"), QStringLiteral("no-such-chip")},
             2,
             QStringLiteral("no-such-chip")},
            {{QStringLiteral("project"), QStringLiteral("label"), m_project,
              QStringLiteral("--positive"), pond, QStringLiteral("--negative"), pond},
             2,
             QStringLiteral("both --positive and --negative")},
            {{QStringLiteral("project"), QStringLiteral("label"), m_project},
             2,
             QStringLiteral("--positive, --negative or --clear")},
            {{QStringLiteral("search"), m_project, QStringLiteral("--positives"), pond},
             2,
             QStringLiteral("does not apply to a project")},
            {{QStringLiteral("search"), QStringLiteral("data/chips.gpkg")},
             2,
             QStringLiteral("--positives")},
            {{QStringLiteral("project"), QStringLiteral("create"), m_project,
              QStringLiteral("data/chips.gpkg")},
             2,
             QStringLiteral("exists already")},
            // Data errors: exit 1, the file or chip named.
            {{QStringLiteral("project"), QStringLiteral("create"),
              QStringLiteral("new.chipfinder.gpkg"), QStringLiteral("data/missing.gpkg")},
             1,
             QStringLiteral("missing.gpkg")},
            {{QStringLiteral("project"), QStringLiteral("review"), m_project,
              QStringLiteral("--accept"), pond},
             1,
             QStringLiteral("is not a candidate of round")},
            {{QStringLiteral("project"), QStringLiteral("show"), QStringLiteral("data/chips.gpkg")},
             1,
             QStringLiteral("not a Chipfinder project")},
            {{QStringLiteral("info"), QStringLiteral("data/missing.gpkg")},
             1,
             QStringLiteral("missing.gpkg")},
        };
        for (const Case &c : cases) {
            const Result r = runIn(m_folder, c.arguments);
            QVERIFY2(r.exitCode == c.exit,
                     qPrintable(c.arguments.join(' ') + QStringLiteral(": ") + describe(r)));
            QVERIFY2(r.err.contains(c.says),
                     qPrintable(c.arguments.join(' ') + QStringLiteral(": ") + describe(r)));
            QVERIFY2(r.out.isEmpty(),
                     qPrintable(c.arguments.join(' ') + QStringLiteral(": ") + describe(r)));
            if (c.exit == 2)
                QVERIFY2(r.err.contains(QStringLiteral("Usage:")) ||
                             r.err.contains(QStringLiteral("--help")),
                         qPrintable(describe(r)));
        }
        // A failed create leaves no project behind.
        QVERIFY(!QFile::exists(QDir(m_folder).filePath(QStringLiteral("new.chipfinder.gpkg"))));
    }

    // Progress goes to stderr with --progress (stdout stays the result alone).
    void progressOnStandardError()
    {
        const Result r = runIn(m_folder, {QStringLiteral("project"), QStringLiteral("show"),
                                          m_project, QStringLiteral("--progress"),
                                          QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QStringLiteral("Reading the dataset: done")), qPrintable(r.err));
        QVERIFY(!jsonOf(r).isEmpty());
        const Result quiet =
            runIn(m_folder, {QStringLiteral("project"), QStringLiteral("show"), m_project,
                             QStringLiteral("--json"), QStringLiteral("-")});
        QVERIFY2(quiet.err.isEmpty(), qPrintable(quiet.err)); // not a terminal: no progress
    }
};

QTEST_GUILESS_MAIN(TestCliProject)
#include "tst_cli_project.moc"
