// The analyst's path through the main window, once for every strategy in the registry (never a
// hard-coded list), on the bundled demo: label three ponds and two dry chips on the map, pick the
// strategy in the Search panel, change each of its parameter editors, Find similar, review with
// Y/N/S, undo, quit, reopen the project and find the same strategy, parameters, labels,
// candidates and decisions. Runs under ASan/UBSan in CI like every test.

#include "candidategrid.h"
#include "candidatemodel.h"
#include "embed/demodataset.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/strategypanel.h"
#include "mapview.h"
#include "project/projectstore.h"
#include "strategies/strategyregistry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace chipfinder;

namespace {

bool waitLoaded(MainWindow &window)
{
    QSignalSpy loaded(window.session(), &ProjectSession::loaded);
    return window.session()->isLoaded() || loaded.wait(60000);
}

void click(MapView *map, qint64 chip, Qt::MouseButton button)
{
    QTest::mouseClick(map, button, {}, map->screenPosition(chip));
}

// Moves one parameter editor away from its default the way a user would (arrow key in a spin
// box, space on a check box, the next entry of a combo box). Returns false if the editor
// cannot change (a range of one value).
bool nudge(QWidget *editor)
{
    editor->setFocus();
    if (auto *d = qobject_cast<QDoubleSpinBox *>(editor)) {
        const double before = d->value();
        QTest::keyClick(d, d->value() < d->maximum() ? Qt::Key_Up : Qt::Key_Down);
        return d->value() != before;
    }
    if (auto *i = qobject_cast<QSpinBox *>(editor)) {
        const int before = i->value();
        QTest::keyClick(i, i->value() < i->maximum() ? Qt::Key_Up : Qt::Key_Down);
        return i->value() != before;
    }
    if (auto *c = qobject_cast<QCheckBox *>(editor)) {
        const bool before = c->isChecked();
        QTest::keyClick(c, Qt::Key_Space);
        return c->isChecked() != before;
    }
    if (auto *box = qobject_cast<QComboBox *>(editor)) {
        if (box->count() < 2)
            return false;
        const int before = box->currentIndex();
        box->setCurrentIndex((before + 1) % box->count());
        return box->currentIndex() != before;
    }
    return false;
}

struct Snapshot
{
    QString strategy;
    QString parameters;
    int batch = 0;
    QMap<qint64, int> labels; // chip → 0 positive, 1 negative
    QList<qint64> candidates;
    QList<int> decisions;
    QString candidateStrategy;
    QStringList proposers; // per candidate: the strategy that proposed it
    QStringList shares;
    int round = 0;
};

Snapshot snapshot(MainWindow &window)
{
    Snapshot s;
    s.strategy = window.strategyPanel()->strategy();
    s.parameters = window.strategyPanel()->parametersText();
    s.batch = window.strategyPanel()->batchSize();
    const auto dataset = window.session()->dataset();
    for (size_t chip = 0; chip < dataset->size(); ++chip)
        if (const auto value = window.session()->labelOf(int64_t(chip)))
            s.labels[qint64(chip)] = *value == LabelValue::Positive ? 0 : 1;
    CandidateModel *model = window.candidateModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        s.candidates << model->chip(row);
        s.decisions << int(model->decision(row));
        s.proposers << window.session()->proposerOf(model->chip(row));
    }
    for (const auto &[strategy, share] : window.session()->shares())
        s.shares << strategy + QLatin1Char('=') + QString::number(share);
    s.candidateStrategy = window.session()->candidateStrategy();
    s.round = window.session()->round();
    return s;
}

} // namespace

class TestAnalystPath : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/analystpath-XXXXXX")};
    DemoDataset m_demo;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = ensureDemoDataset(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif",
                                   TEST_OUTPUT_DIR "/demo-cache");
        QVERIFY(!StrategyRegistry::instance().names().empty());
    }

    void everyStrategyFromThePanel_data()
    {
        QTest::addColumn<QString>("strategy");
        for (const std::string &name : StrategyRegistry::instance().names())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void everyStrategyFromThePanel()
    {
        QFETCH(QString, strategy);
        const QString projectPath =
            m_dir.filePath(QStringLiteral("%1.chipfinder.gpkg").arg(strategy));
        Snapshot before;
        {
            MainWindow window;
            window.setInteractive(false);
            window.resize(1280, 800);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.createProject(projectPath, QString::fromStdString(m_demo.datasetPath)));
            QVERIFY(waitLoaded(window));
            const auto dataset = window.session()->dataset();
            MapView *map = window.mapView();
            map->zoomToChips();
            for (const char *id : {"r11_c22", "r26_c19", "r17_c1"}) // ponds
                click(map, dataset->indexOf(id), Qt::LeftButton);
            for (const char *id : {"r22_c33", "r8_c10"}) // a bare field, grassland
                click(map, dataset->indexOf(id), Qt::RightButton);
            QCOMPARE(window.session()->positiveCount(), 3);
            QCOMPARE(window.session()->negativeCount(), 2);

            // Pick the strategy in the panel, then change every parameter editor.
            StrategyPanel *panel = window.strategyPanel();
            auto *combo = panel->findChild<QComboBox *>(QStringLiteral("strategyCombo"));
            QVERIFY(combo);
            const int index = combo->findData(strategy);
            QVERIFY(index >= 0);
            combo->setCurrentIndex(index);
            QCOMPARE(panel->strategy(), strategy);
            const StrategyInfo *info = StrategyRegistry::instance().find(strategy.toStdString());
            QVERIFY(info);
            for (const ParameterSpec &spec : info->parameters) {
                auto *editor = panel->findChild<QWidget *>(QString::fromStdString(spec.key));
                QVERIFY2(editor, spec.key.c_str());
                QVERIFY2(nudge(editor), spec.key.c_str());
                // Every value the panel produces is one the registry accepts.
                QVERIFY(StrategyRegistry::instance().create(strategy.toStdString(),
                                                            panel->parameters()));
            }
            panel->setBatchSize(12);

            QSignalSpy finished(window.session(), &ProjectSession::searchFinished);
            auto *find = panel->findChild<QPushButton *>(QStringLiteral("findSimilar"));
            QVERIFY(find && find->isEnabled());
            QTest::mouseClick(find, Qt::LeftButton);
            QVERIFY2(finished.wait(120000), qPrintable(window.lastError()));
            QVERIFY2(window.lastError().isEmpty(), qPrintable(window.lastError()));
            CandidateModel *model = window.candidateModel();
            QVERIFY(model->rowCount() > 0 && model->rowCount() <= 12);
            QCOMPARE(window.session()->candidateStrategy(), strategy);
            for (int row = 0; row < model->rowCount(); ++row)
                QVERIFY(!window.session()->labelOf(model->chip(row)));
            // A strategy that shares the batch (auto) says who proposed each candidate.
            auto *shares = window.findChild<QLabel *>(QStringLiteral("shares"));
            QVERIFY(shares);
            QCOMPARE(shares->isVisible(), !window.session()->shares().empty());
            if (!window.session()->shares().empty()) {
                for (int row = 0; row < model->rowCount(); ++row)
                    QVERIFY(!model->data(model->index(row), CandidateModel::ProposedByRole)
                                 .toString()
                                 .isEmpty());
            }

            // Review: accept (Y while the map has the focus: the review keys are window-wide),
            // reject and skip in the grid; then undo the skip and the rejection.
            CandidateGrid *grid = window.candidateGrid();
            map->setFocus();
            QTest::keyClick(map, Qt::Key_Y);
            grid->setFocus();
            const int reviewed = std::min(3, model->rowCount());
            for (int i = 1; i < reviewed; ++i)
                QTest::keyClick(grid, "yns"[i]);
            QCOMPARE(model->decision(0), CandidateDecision::Accepted);
            QCOMPARE(window.session()->positiveCount(), 4);
            if (reviewed == 3) {
                QCOMPARE(model->decision(1), CandidateDecision::Rejected);
                QCOMPARE(model->decision(2), CandidateDecision::Skipped);
                // Undo takes back the skip first, then the rejection.
                QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+Z")));
                QCOMPARE(model->decision(2), CandidateDecision::Pending);
                QCOMPARE(model->decision(1), CandidateDecision::Rejected);
                QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+Z")));
                QCOMPARE(model->decision(1), CandidateDecision::Pending);
                QCOMPARE(window.session()->negativeCount(), 2);
            }
            before = snapshot(window);
            QVERIFY(window.close()); // quit
        }
        QCOMPARE(before.strategy, strategy);

        MainWindow reopened;
        reopened.setInteractive(false);
        reopened.resize(1280, 800);
        reopened.show();
        QVERIFY(QTest::qWaitForWindowExposed(&reopened));
        QVERIFY(reopened.openProject(projectPath));
        QVERIFY(waitLoaded(reopened));
        const Snapshot after = snapshot(reopened);
        QCOMPARE(after.strategy, before.strategy);
        QCOMPARE(after.parameters, before.parameters);
        QCOMPARE(after.batch, 12);
        QCOMPARE(after.labels, before.labels);
        QCOMPARE(after.candidates, before.candidates);
        QCOMPARE(after.decisions, before.decisions);
        QCOMPARE(after.candidateStrategy, before.candidateStrategy);
        QCOMPARE(after.proposers, before.proposers);
        QCOMPARE(after.shares, before.shares);
        QCOMPARE(after.round, 1);
        QVERIFY(reopened.session()->canUndo());
    }

    // Switching strategies keeps what the analyst set for each one.
    void parametersArePerStrategy()
    {
        const QString projectPath = m_dir.filePath(QStringLiteral("switch.chipfinder.gpkg"));
        MainWindow window;
        window.setInteractive(false);
        QVERIFY(window.createProject(projectPath, QString::fromStdString(m_demo.datasetPath)));
        QVERIFY(waitLoaded(window));
        StrategyPanel *panel = window.strategyPanel();
        auto *combo = panel->findChild<QComboBox *>(QStringLiteral("strategyCombo"));
        QString first, firstText;
        for (const std::string &name : StrategyRegistry::instance().names()) {
            const StrategyInfo *info = StrategyRegistry::instance().find(name);
            if (info->parameters.empty())
                continue;
            const QString key = QString::fromStdString(name);
            combo->setCurrentIndex(combo->findData(key));
            auto *editor =
                panel->findChild<QWidget *>(QString::fromStdString(info->parameters[0].key));
            QVERIFY(nudge(editor));
            if (first.isEmpty()) {
                first = key;
                firstText = panel->parametersText();
            }
        }
        QVERIFY(!first.isEmpty());
        combo->setCurrentIndex(combo->findData(first));
        QCOMPARE(panel->parametersText(), firstText);
    }
};

QTEST_MAIN(TestAnalystPath)
#include "tst_analystpath.moc"
