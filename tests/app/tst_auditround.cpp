// The audit round as the analyst meets it, on the bundled demo: label a few ponds, one round of
// Find similar reviewed with Y/N, then *Audit round* in the Search panel; the sample arrives as
// the round's candidates (unlabeled, drawn from every score stratum), is reviewed with Y/N in the
// grid by the pond truth, and the status bar reads "about X positives left (95 %: a–b)" with an
// interval that holds the true number left; after quit and reopen the same text; a low recall
// target shows the stopping hint.

#include "candidategrid.h"
#include "candidatemodel.h"
#include "dataset/groundtruth.h"
#include "embed/demodataset.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/strategypanel.h"
#include "mapview.h"

#include <QComboBox>
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
            QCOMPARE(model->rowCount(), 40);
            QCOMPARE(window.session()->auditRounds().size(), size_t(1));
            const AuditRound &round = window.session()->auditRounds().front();
            for (size_t h = 0; h < round.strata(); ++h)
                QCOMPARE(round.sampledIn(h), size_t(10)); // every score stratum is sampled
            for (int row = 0; row < model->rowCount(); ++row)
                QVERIFY(!window.session()->labelOf(model->chip(row)));
            // Nothing judged yet: no estimate.
            QVERIFY(!statusText(window).contains(QStringLiteral("left")));

            reviewByTruth(window, pond);
            QCOMPARE(model->pendingCount(), 0);
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
