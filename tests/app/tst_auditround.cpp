// The audit round as the analyst meets it, on the bundled demo: label a few ponds, one round of
// Find similar reviewed with Y/N, then *Audit round* in the Search panel; the sample arrives as
// the round's candidates (unlabeled, drawn from every score stratum), is reviewed with Y/N in the
// grid by the pond truth, and the status bar reads "about X positives left (95 %: a–b)" with an
// interval that holds the true number left; after quit and reopen the same text; a low recall
// target shows the stopping hint. Accepted chips come back in the audit to be re-checked (Y
// confirms, one undoable step) and give the precision of what was accepted, which the status bar
// and the exported analysis report show.

#include "analytics/analysispanel.h"
#include "candidategrid.h"
#include "candidatemodel.h"
#include "dataset/groundtruth.h"
#include "embed/demodataset.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/strategypanel.h"
#include "mapview.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace chipfinder;

namespace {

bool waitLoaded(MainWindow &window)
{
    QSignalSpy loaded(window.session(), &ProjectSession::loaded);
    return window.session()->isLoaded() || loaded.wait(60000);
}

QString statusText(MainWindow &window)
{
    auto *counts = window.findChild<QLabel *>(QStringLiteral("counts"));
    return counts ? counts->text() : QString();
}

// Reviews every pending candidate in the grid with Y (a pond) or N, as the analyst would.
void reviewByTruth(MainWindow &window, const std::vector<uint8_t> &pond)
{
    CandidateModel *model = window.candidateModel();
    CandidateGrid *grid = window.candidateGrid();
    grid->setFocus();
    for (int row = 0; row < model->rowCount(); ++row)
        QTest::keyClick(grid, pond[size_t(model->chip(row))] ? Qt::Key_Y : Qt::Key_N);
}

} // namespace

class TestAuditRound : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/auditround-XXXXXX")};
    DemoDataset m_demo;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = ensureDemoDataset(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif",
                                   TEST_OUTPUT_DIR "/demo-cache");
    }

    void auditRoundEstimatesThePondsLeft()
    {
        const QString projectPath = m_dir.filePath(QStringLiteral("audit.chipfinder.gpkg"));
        QString before;
        {
            MainWindow window;
            window.setInteractive(false);
            window.resize(1280, 800);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.createProject(projectPath, QString::fromStdString(m_demo.datasetPath)));
            QVERIFY(waitLoaded(window));
            const auto dataset = window.session()->dataset();
            const std::vector<uint8_t> pond = truthFromColumn(*dataset, "pond");
            size_t ponds = 0;
            for (const uint8_t flag : pond)
                ponds += flag;
            MapView *map = window.mapView();
            map->zoomToChips();
            for (const char *id : {"r11_c22", "r26_c19", "r17_c1"})
                QTest::mouseClick(map, Qt::LeftButton, {},
                                  map->screenPosition(dataset->indexOf(id)));
            for (const char *id : {"r22_c33", "r8_c10"})
                QTest::mouseClick(map, Qt::RightButton, {},
                                  map->screenPosition(dataset->indexOf(id)));
            QVERIFY(!statusText(window).contains(QStringLiteral("left")));

            StrategyPanel *panel = window.strategyPanel();
            auto *combo = panel->findChild<QComboBox *>(QStringLiteral("strategyCombo"));
            combo->setCurrentIndex(combo->findData(QStringLiteral("centroid")));
            panel->setBatchSize(40);
            QSignalSpy finished(window.session(), &ProjectSession::searchFinished);
            QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("findSimilar")),
                              Qt::LeftButton);
            QVERIFY2(finished.wait(120000), qPrintable(window.lastError()));
            reviewByTruth(window, pond);

            // The audit: a stratified random sample of unlabeled chips as the round's candidates.
            auto *audit = panel->findChild<QPushButton *>(QStringLiteral("auditRound"));
            QVERIFY(audit && audit->isEnabled());
            QTest::mouseClick(audit, Qt::LeftButton);
            QVERIFY2(finished.wait(120000), qPrintable(window.lastError()));
            QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
            QCOMPARE(window.session()->candidateStrategy(), QStringLiteral("audit"));
            CandidateModel *model = window.candidateModel();
            // 40 unlabeled chips, then a fifth as many accepted chips shown again to re-check.
            QCOMPARE(model->rowCount(), 48);
            QCOMPARE(model->pendingCount(), 48);
            QCOMPARE(window.session()->auditRounds().size(), size_t(1));
            const AuditRound &round = window.session()->auditRounds().front();
            for (size_t h = 0; h < round.strata(); ++h)
                QCOMPARE(round.sampledIn(h), size_t(10)); // every score stratum is sampled
            QCOMPARE(round.recheck.size(), size_t(8));
            std::vector<int> rechecks;
            for (int row = 0; row < model->rowCount(); ++row) {
                const int64_t chip = model->chip(row);
                const QString badge =
                    model->index(row).data(CandidateModel::ProposedByRole).toString();
                QCOMPARE(model->decision(row), CandidateDecision::Pending);
                if (window.session()->recheckOf(chip) == RecheckState::None) {
                    QVERIFY(!window.session()->labelOf(chip));
                    QVERIFY(badge.isEmpty());
                    continue;
                }
                rechecks.push_back(row);
                QCOMPARE(window.session()->recheckOf(chip), RecheckState::Pending);
                QCOMPARE(window.session()->labelOf(chip), LabelValue::Positive);
                QCOMPARE(badge, QStringLiteral("re-check"));
            }
            QCOMPARE(rechecks.size(), size_t(8));
            // Nothing judged yet: no estimate.
            QVERIFY(!statusText(window).contains(QStringLiteral("left")));

            // Y on a re-checked chip confirms it, as one undoable step; undone, it waits again.
            CandidateGrid *grid = window.candidateGrid();
            const int64_t rechecked = model->chip(rechecks.front());
            grid->setFocus();
            grid->setCurrentIndex(model->index(rechecks.front()));
            QTest::keyClick(grid, Qt::Key_Y);
            QCOMPARE(window.session()->recheckOf(rechecked), RecheckState::Done);
            QCOMPARE(model->pendingCount(), 47);
            QCOMPARE(window.session()->undoText(), QStringLiteral("Confirm accepted chip"));
            QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+Z")));
            QCOMPARE(window.session()->recheckOf(rechecked), RecheckState::Pending);
            QCOMPARE(window.session()->labelOf(rechecked), LabelValue::Positive);
            QCOMPARE(model->pendingCount(), 48);
            grid->setCurrentIndex(model->index(0));

            reviewByTruth(window, pond);
            QCOMPARE(model->pendingCount(), 0);
            // Every accepted chip was a pond (reviewed by the truth): the re-checks confirm them,
            // and the precision's interval reaches 100 %.
            for (const int row : rechecks) {
                QCOMPARE(window.session()->recheckOf(model->chip(row)), RecheckState::Done);
                QCOMPARE(model->decision(row), CandidateDecision::Accepted);
            }
            const QRegularExpression precision(
                QStringLiteral("accepted precision (\\d+) % \\(95 %: (\\d+)–(\\d+) %\\)"));
            const auto precise = precision.match(statusText(window));
            QVERIFY2(precise.hasMatch(), qPrintable(statusText(window)));
            QCOMPARE(precise.captured(3).toInt(), 100);
            QVERIFY(precise.captured(2).toInt() < 100 && precise.captured(2).toInt() > 50);
            const QString text = statusText(window);
            const QRegularExpression pattern(
                QStringLiteral("about (\\d+) positives left \\(95 %: (\\d+)–(\\d+)\\), "
                               "estimated recall (\\d+) %"));
            const auto match = pattern.match(text);
            QVERIFY2(match.hasMatch(), qPrintable(text));
            size_t found = 0;
            for (size_t chip = 0; chip < pond.size(); ++chip)
                found += pond[chip] && window.session()->labelOf(int64_t(chip)) ? 1 : 0;
            const int left = int(ponds - found);
            const int low = match.captured(2).toInt(), high = match.captured(3).toInt();
            qInfo("%s (true number left: %d of %zu ponds)", qPrintable(text), left, ponds);
            QVERIFY(low <= match.captured(1).toInt() && match.captured(1).toInt() <= high);
            QVERIFY2(low <= left && left <= high, qPrintable(text));
            QVERIFY(!text.contains(QStringLiteral("you may stop")));
            before = text;
            QVERIFY(window.close());
        }

        // The sample and its inclusion probabilities are in the project: the same estimate.
        MainWindow reopened;
        reopened.setInteractive(false);
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        QVERIFY(reopened.openProject(projectPath));
        QVERIFY(waitLoaded(reopened));
        QCOMPARE(statusText(reopened), before);
        QCOMPARE(reopened.session()->auditRounds().size(), size_t(1));

        // The analysis report carries the same estimate (PDF section and JSON figures).
        auto *dock = reopened.findChild<QDockWidget *>(QStringLiteral("analysisDock"));
        QVERIFY(dock);
        dock->toggleViewAction()->trigger(); // View › Embedding analysis
        QVERIFY(QTest::qWaitForWindowExposed(dock));
        auto *analysis = dock->findChild<AnalysisPanel *>();
        QVERIFY(analysis && analysis->isVisible());
        auto *compute = analysis->findChild<QPushButton *>(QStringLiteral("computeAnalysis"));
        QVERIFY(compute && compute->isEnabled());
        analysis->setStrategies({QStringLiteral("centroid")}); // retrieval figures kept short
        QSignalSpy ready(analysis, &AnalysisPanel::reportReady);
        QSignalSpy failed(analysis, &AnalysisPanel::computeFailed);
        QTest::mouseClick(compute, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), 240000);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
        const QString json = m_dir.filePath(QStringLiteral("report.json"));
        QVERIFY2(analysis->exportReport(pdf, json), qPrintable(analysis->errorString()));
        QVERIFY(QFileInfo(pdf).size() > 1000);
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject audit =
            QJsonDocument::fromJson(file.readAll()).object()[u"audit"].toObject();
        QCOMPARE(audit[u"rounds"].toInt(), 1);
        QCOMPARE(audit[u"audited_chips"].toInt(), 40);
        const auto shown =
            QRegularExpression(QStringLiteral("about (\\d+) positives left")).match(before);
        QCOMPARE(std::lround(audit[u"remaining"][u"estimate"].toDouble()),
                 shown.captured(1).toLong());
        QCOMPARE(audit[u"accepted_precision"][u"high"].toDouble(), 1.0);

        // A recall target the estimate passes shows the stopping hint.
        reopened.session()->setSetting(QStringLiteral("audit.recall_target"),
                                       QStringLiteral("0.05"));
        QTest::keySequence(&reopened, QKeySequence(QStringLiteral("Ctrl+Z"))); // and back
        QTest::keySequence(&reopened, QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
        QVERIFY2(statusText(reopened).contains(QStringLiteral("recall target 5 % reached: you "
                                                              "may stop")),
                 qPrintable(statusText(reopened)));
    }
};

QTEST_MAIN(TestAuditRound)
#include "tst_auditround.moc"
