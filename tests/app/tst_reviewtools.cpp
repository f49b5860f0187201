// The review tools of the main window driven as a person would (offscreen), on the bundled demo
// (NAIP scene, its chips and basemap) and a grid dataset over the same scene:
// - the thumbnail size slider under the review grid grows the cells and the thumbnails and is
//   remembered for the next window; resting the mouse on a thumbnail shows the chip enlarged
//   with the imagery around it and its outline (grabbed to reviewtools_preview.png);
// - S skips a candidate and Ctrl+Z undoes the skip (not the label before it), in order with
//   label steps; redo skips again;
// - Ctrl+Shift+drag draws a lasso on the map: the chips whose centre lies inside (not those of
//   its bounding box) are labeled in one undoable step with source `lasso`; the right button
//   labels negatives (grabbed while drawing to reviewtools_lasso.png);
// - a box selection in the embedding scatter is labeled positive with the button under it and
//   negative with Shift+N, each one undoable step with source `scatter`;
// - a project folder (dataset, raster, project) moved elsewhere opens with its labels and
//   basemap and asks nothing; a project whose dataset and basemap moved away asks for both in
//   file dialogs (the second opens in the folder of the first answer), remembers the answers
//   relative to the project and opens without asking next time.
// - at 1366×768 with the three analysis docks open the map keeps most of the width and the
//   analysis tables are reachable (their panel scrolls, never squeezed below its minimum);
//   reopening the project shows the last recall simulation and embedding analysis again.
// Each run uses its own XDG_CONFIG_HOME (tests/CMakeLists.txt).

#include "analytics/analysispanel.h"
#include "analytics/analyticswindow.h"
#include "analytics/recallchartwidget.h"
#include "analytics/scatterpanel.h"
#include "analytics/scatterview.h"
#include "analytics/simulationpanel.h"
#include "candidategrid.h"
#include "candidatemodel.h"
#include "chipgeometryindex.h"
#include "chippreview.h"
#include "dataset/datasetwriter.h"
#include "embed/demodataset.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/reviewtools.h"
#include "gui/strategypanel.h"
#include "gui/usersettings.h"
#include "maplasso.h"
#include "mapview.h"
#include "project/projectstore.h"
#include "rasterlayer.h"
#include "strategies/strategyregistry.h"
#include "thumbnailprovider.h"
#include "widgets/griddataset.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>

using namespace chipfinder;
using namespace chipfinder::testing;

namespace {
constexpr const char *DemoRaster = DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif";

bool waitLoaded(MainWindow &window)
{
    QSignalSpy loaded(window.session(), &ProjectSession::loaded);
    return window.session()->isLoaded() || loaded.wait(60000);
}

ReviewTools *toolsOf(MainWindow &window)
{
    return window.findChild<ReviewTools *>();
}

// Answers the "where is …" file dialogs the window opens, in order, and closes any message box
// (recording its text) so that an unexpected error cannot block the test.
class DialogDriver : public QObject
{
public:
    explicit DialogDriver(QStringList answers) : m_answers(std::move(answers))
    {
        connect(&m_timer, &QTimer::timeout, this, &DialogDriver::poll);
        m_timer.start(50);
    }
    QStringList asked;       // the dialogs' titles
    QStringList directories; // the folder each opened in
    QStringList messages;

private:
    void poll()
    {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *dialog = qobject_cast<QFileDialog *>(modal)) {
            asked << dialog->windowTitle();
            directories << dialog->directory().absolutePath();
            if (m_answers.isEmpty()) {
                dialog->reject();
                return;
            }
            dialog->selectNameFilter(dialog->nameFilters().constLast()); // All files
            dialog->selectFile(m_answers.takeFirst());
            QMetaObject::invokeMethod(dialog, "accept"); // the Open button's slot
        } else if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            messages << box->text();
            box->reject();
        }
    }
    QStringList m_answers;
    QTimer m_timer;
};
} // namespace

class TestReviewTools : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/reviewtools-XXXXXX")};
    DemoDataset m_demo;
    QString m_grid;
    int m_projects = 0;

    std::unique_ptr<MainWindow> newWindow(QSize size = {1400, 900})
    {
        auto window = std::make_unique<MainWindow>();
        window->setInteractive(false);
        window->resize(size);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return nullptr;
        window->activateWindow(); // window and widget shortcuts need the active window
        if (!QTest::qWaitForWindowActive(window.get()))
            qWarning("the window did not become active");
        return window;
    }

    // A window on a new project over the demo with its basemap.
    std::unique_ptr<MainWindow> openDemo()
    {
        auto window = newWindow();
        const QString path =
            m_dir.filePath(QStringLiteral("demo%1.chipfinder.gpkg").arg(++m_projects));
        if (!window || !window->createProject(path, QString::fromStdString(m_demo.datasetPath)) ||
            !waitLoaded(*window))
            return nullptr;
        window->setBasemap(QString::fromStdString(m_demo.basemapPath));
        return window;
    }

    // Three ponds positive, two dry chips negative, then a search: 25 candidates.
    bool searchPonds(MainWindow &window)
    {
        const auto dataset = window.session()->dataset();
        for (const char *id : {"r11_c22", "r26_c19", "r17_c1"})
            window.session()->clickChip(dataset->indexOf(id), LabelValue::Positive);
        for (const char *id : {"r22_c33", "r8_c10"})
            window.session()->clickChip(dataset->indexOf(id), LabelValue::Negative);
        QSignalSpy finished(window.session(), &ProjectSession::searchFinished);
        return window.findSimilar() && finished.wait(60000) &&
               window.candidateModel()->rowCount() == 25;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(qEnvironmentVariable("XDG_CONFIG_HOME").contains(QLatin1String("reviewtools")));
        QFile::remove(qEnvironmentVariable("XDG_CONFIG_HOME") +
                      QStringLiteral("/Chipfinder/Chipfinder.conf"));
        m_demo = ensureDemoDataset(DemoRaster, TEST_OUTPUT_DIR "/demo-cache");
        auto dataset = gridDataset(naipBox(), 16, 12, 8);
        m_grid = m_dir.filePath(QStringLiteral("grid.gpkg"));
        DatasetWriteOptions options;
        options.wgs84 = true;
        writeDataset(*dataset, m_grid.toStdString(), options);
    }

    void thumbnailSliderAndHoverPreview()
    {
        if (StrategyRegistry::instance().names().empty())
            QSKIP("no search strategy is registered in this build");
        auto window = openDemo();
        QVERIFY(window);
        QVERIFY(searchPonds(*window));
        CandidateGrid *grid = window->candidateGrid();
        CandidateModel *model = window->candidateModel();
        auto *slider = window->findChild<QSlider *>(QStringLiteral("thumbnailSize"));
        QVERIFY(slider);
        QVERIFY(slider->isVisible());
        QCOMPARE(slider->value(), 96);
        QCOMPARE(grid->thumbnailSize(), 96);
        const int before = grid->visualRect(model->index(0)).width();

        // Two clicks on the groove right of the handle: two page steps larger.
        const QPoint right(slider->width() - 4, slider->height() / 2);
        QTest::mouseClick(slider, Qt::LeftButton, {}, right);
        QTest::mouseClick(slider, Qt::LeftButton, {}, right);
        const int size = slider->value();
        QVERIFY2(size >= 96 + 2 * slider->pageStep() - 1 || size == slider->maximum(),
                 qPrintable(QString::number(size)));
        QCOMPARE(grid->thumbnailSize(), size);
        QTRY_VERIFY(grid->visualRect(model->index(0)).width() >= before + (size - 96));
        QCOMPARE(model->thumbnailProvider()->size(), size);
        // The thumbnails are rendered again at the new size.
        QTRY_COMPARE_WITH_TIMEOUT(
            model->data(model->index(0), Qt::DecorationRole).value<QImage>().width(), size, 20000);
        QCOMPARE(usersettings::thumbnailSize(), size);
        {
            auto next = newWindow();
            QVERIFY(next);
            QCOMPARE(next->candidateGrid()->thumbnailSize(), size);
            QCOMPARE(next->findChild<QSlider *>(QStringLiteral("thumbnailSize"))->value(), size);
        }

        // Rest the mouse on the third thumbnail: the preview shows it with its surroundings.
        ChipPreview *preview = toolsOf(*window)->preview();
        QVERIFY(preview);
        preview->setDelay(10);
        const QModelIndex third = model->index(2);
        grid->scrollTo(third);
        QTest::mouseMove(grid->viewport(), grid->visualRect(third).center());
        QTRY_VERIFY_WITH_TIMEOUT(preview->isVisible(), 10000);
        QCOMPARE(preview->chip(), model->chip(2));
        const QImage image = preview->image();
        QCOMPARE(image.size(), QSize(320, 320));
        // Three chip widths across, the chip's outline in the middle third.
        const QRectF bounds = window->session()->geometry()->bounds(model->chip(2));
        QVERIFY(std::abs(preview->extent().width() / bounds.width() - 3.0) < 0.1);
        const QRectF outline = preview->outlineRect();
        QVERIFY(std::abs(outline.center().x() - 160) < 2 &&
                std::abs(outline.center().y() - 160) < 2);
        QVERIFY(std::abs(outline.width() - 320.0 / 3) < 3);
        QCOMPARE(QColor(image.pixel(outline.center().toPoint().x(), int(outline.top()))),
                 QColor(Qt::white));
        // Real imagery around the chip, not an empty fill: the context varies.
        int lo = 255, hi = 0;
        for (int x = 5; x < 50; x += 3)
            for (int y = 5; y < 315; y += 7) {
                const int g = qGray(image.pixel(x, y));
                lo = std::min(lo, g);
                hi = std::max(hi, g);
            }
        QVERIFY2(hi - lo > 20, qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi)));
        // Beside the grid, not over the cell the mouse is on.
        const QRect cell(grid->viewport()->mapToGlobal(grid->visualRect(third).topLeft()),
                         grid->visualRect(third).size());
        QVERIFY(!preview->geometry().intersects(cell));

        // The README screenshot: the window with the preview where it shows.
        QImage shot = window->grab().toImage();
        {
            QPainter painter(&shot);
            painter.drawPixmap(preview->pos() - window->mapToGlobal(QPoint(0, 0)), preview->grab());
        }
        QVERIFY(shot.save(QStringLiteral(TEST_OUTPUT_DIR "/reviewtools_preview.png")));

        // Moving off the thumbnails hides it.
        QTest::mouseMove(grid->viewport(),
                         QPoint(grid->viewport()->width() - 2, grid->viewport()->height() - 2));
        QTest::mouseMove(window->mapView(), QPoint(10, 10));
        QTRY_VERIFY(!preview->isVisible());
    }

    void skipIsUndoable()
    {
        if (StrategyRegistry::instance().names().empty())
            QSKIP("no search strategy is registered in this build");
        auto window = openDemo();
        QVERIFY(window);
        QVERIFY(searchPonds(*window));
        ProjectSession *session = window->session();
        CandidateModel *model = window->candidateModel();
        const qint64 first = model->chip(0), second = model->chip(1), third = model->chip(2);
        QCOMPARE(window->candidateGrid()->currentChip(), first);

        // Y accepts the first, S skips the second (keys go to the window).
        QTest::keyClick(window.get(), Qt::Key_Y);
        QTest::keyClick(window.get(), Qt::Key_S);
        QVERIFY(session->isSkipped(second));
        QCOMPARE(model->decision(1), CandidateDecision::Skipped);
        QCOMPARE(window->candidateGrid()->currentChip(), third);
        QCOMPARE(session->undoText(), QStringLiteral("Skip candidate"));

        // Ctrl+Z undoes the skip, not the accept before it.
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Z")));
        QVERIFY(!session->isSkipped(second));
        QCOMPARE(model->decision(1), CandidateDecision::Pending);
        QCOMPARE(session->labelOf(first), LabelValue::Positive);
        {
            auto store = ProjectStore::openReadOnly(session->projectPath().toStdString());
            QVERIFY(store->skipped().empty());
        }
        // Redo skips again; undo twice undoes the skip, then the accept.
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
        QVERIFY(session->isSkipped(second));
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Z")));
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Z")));
        QVERIFY(!session->isSkipped(second));
        QVERIFY(!session->labelOf(first));
        QCOMPARE(model->decision(0), CandidateDecision::Pending);
        // In order with label steps: redo the accept, then the skip.
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
        QCOMPARE(session->labelOf(first), LabelValue::Positive);
        QVERIFY(!session->isSkipped(second));
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
        QVERIFY(session->isSkipped(second));
        QVERIFY(!session->canRedo());
    }

    void lassoLabelsChipsInside()
    {
        auto window = openDemo();
        QVERIFY(window);
        MapView *map = window->mapView();
        ProjectSession *session = window->session();
        const auto dataset = session->dataset();
        auto chip = [&](int row, int col) {
            return dataset->indexOf("r" + std::to_string(row) + "_c" + std::to_string(col));
        };
        const int64_t centre = chip(12, 12);
        QVERIFY(centre >= 0);
        // Zoomed so that a chip is some 60 pixels wide.
        map->setView(session->geometry()->center(centre),
                     session->geometry()->bounds(centre).width() / 60.0);
        window->grab(); // paints, and so requests the basemap tiles of this view
        QTRY_COMPARE_WITH_TIMEOUT(map->basemapLayer()->pendingCount(), 0, 30000);
        const QPointF c = map->screenPosition(centre);
        const QPointF dx = QPointF(map->screenPosition(chip(12, 13))) - c;
        const QPointF dy = QPointF(map->screenPosition(chip(13, 12))) - c;
        // A diamond 1.5 chips from the centre each way: the four neighbours lie inside, the four
        // diagonal chips (inside its bounding box) outside.
        const QList<QPointF> corners{c + 1.5 * dx, c + 1.5 * dy, c - 1.5 * dx, c - 1.5 * dy};
        const Qt::KeyboardModifiers mods = Qt::ControlModifier | Qt::ShiftModifier;
        QTest::mousePress(map, Qt::LeftButton, mods, corners[0].toPoint());
        for (int side = 0; side < 4; ++side)
            for (int step = 1; step <= 8; ++step) {
                const QPointF a = corners[side], b = corners[(side + 1) % 4];
                QTest::mouseMove(map, (a + (b - a) * step / 8.0).toPoint());
            }
        MapLasso *lasso = toolsOf(*window)->lasso();
        QVERIFY(lasso->isDrawing());
        QVERIFY(lasso->outline().size() > 20);
        QVERIFY(session->positiveCount() == 0);
        // The README screenshot, taken while the lasso is drawn.
        QVERIFY(window->grab().save(QStringLiteral(TEST_OUTPUT_DIR "/reviewtools_lasso.png")));
        QTest::mouseRelease(map, Qt::LeftButton, mods, corners[0].toPoint());
        QVERIFY(!lasso->isDrawing());

        const QList<int64_t> inside{centre, chip(11, 12), chip(13, 12), chip(12, 11), chip(12, 13)};
        for (int64_t in : inside)
            QCOMPARE(session->labelOf(in), LabelValue::Positive);
        for (int64_t out : {chip(11, 11), chip(11, 13), chip(13, 11), chip(13, 13)})
            QVERIFY(!session->labelOf(out));
        QCOMPARE(session->positiveCount(), 5);
        QCOMPARE(session->label(centre)->source, LabelSource::Lasso);
        {
            auto store = ProjectStore::openReadOnly(session->projectPath().toStdString());
            QCOMPARE(store->label(dataset->ids[size_t(centre)])->source, LabelSource::Lasso);
        }
        // One step.
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Z")));
        QCOMPARE(session->positiveCount(), 0);
        QVERIFY(!session->canUndo());

        // The right button lassos negatives (and opens no context menu).
        QTest::mousePress(map, Qt::RightButton, mods, corners[0].toPoint());
        for (int side = 0; side < 4; ++side)
            QTest::mouseMove(map, corners[(side + 1) % 4].toPoint());
        QTest::mouseRelease(map, Qt::RightButton, mods, corners[0].toPoint());
        QCOMPARE(session->negativeCount(), 5);
        QCOMPARE(session->labelOf(centre), LabelValue::Negative);
        // A plain drag still pans.
        const QPointF before = map->center();
        QTest::mousePress(map, Qt::LeftButton, {}, QPoint(300, 300));
        QTest::mouseMove(map, QPoint(340, 300));
        QTest::mouseMove(map, QPoint(380, 300));
        QTest::mouseRelease(map, Qt::LeftButton, {}, QPoint(380, 300));
        QVERIFY(map->center() != before);
        QCOMPARE(session->negativeCount(), 5);
    }

    void scatterSelectionLabeledInOneStep()
    {
        auto window = newWindow();
        QVERIFY(window);
        QVERIFY(window->createProject(m_dir.filePath(QStringLiteral("scatter.chipfinder.gpkg")),
                                      m_grid));
        QVERIFY(waitLoaded(*window));
        auto *analytics = window->findChild<AnalyticsWindow *>();
        QVERIFY(analytics);
        ScatterPanel *scatter = analytics->scatterPanel();
        QTRY_VERIFY_WITH_TIMEOUT(scatter->hasLayout(ScatterPanel::Method::Pca), 20000);
        auto *dock = qobject_cast<QDockWidget *>(scatter->parentWidget());
        QVERIFY(dock);
        dock->toggleViewAction()->trigger();
        dock->raise();
        ScatterView *view = scatter->view();
        QTRY_VERIFY(view->isVisible() && view->width() > 100);
        auto *positive = scatter->findChild<QPushButton *>(QStringLiteral("scatterPositive"));
        auto *negative = scatter->findChild<QPushButton *>(QStringLiteral("scatterNegative"));
        QVERIFY(positive && negative);
        QVERIFY(positive->isVisible());
        QVERIFY(!positive->isEnabled()); // nothing selected yet

        auto drag = [&](const QRect &box) {
            QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, box.topLeft());
            QTest::mouseMove(view, box.center());
            QTest::mouseMove(view, box.bottomRight());
            QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, box.bottomRight());
        };
        const QRect left(4, 4, view->width() / 2 - 8, view->height() - 8);
        drag(left);
        const std::vector<int64_t> chosen = view->selection();
        QVERIFY(chosen.size() > 5);
        QVERIFY(positive->isEnabled());
        QVERIFY(positive->text().contains(QString::number(chosen.size())));
        ProjectSession *session = window->session();
        QTest::mouseClick(positive, Qt::LeftButton);
        for (int64_t chip : chosen) {
            QCOMPARE(session->labelOf(chip), LabelValue::Positive);
            QCOMPARE(session->label(chip)->source, LabelSource::Scatter);
        }
        QCOMPARE(session->positiveCount(), int(chosen.size()));
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Z")));
        QCOMPARE(session->positiveCount(), 0);
        QVERIFY(!session->canUndo());

        // Shift+N while the scatter has the focus labels the selection negative.
        const QRect right(view->width() / 2 + 4, 4, view->width() / 2 - 8, view->height() - 8);
        drag(right);
        const std::vector<int64_t> other = view->selection();
        QVERIFY(!other.empty());
        view->setFocus(Qt::MouseFocusReason);
        QTRY_VERIFY(view->hasFocus());
        QTest::keyClick(view, Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(session->negativeCount(), int(other.size()));
        QCOMPARE(session->positiveCount(), 0); // N alone would have rejected a candidate
        for (int64_t chip : other)
            QCOMPARE(session->labelOf(chip), LabelValue::Negative);
        QVERIFY(session->undoText().contains(QString::number(other.size())));
    }

    void analysisAt1366AndResultsReopen()
    {
        if (StrategyRegistry::instance().names().empty())
            QSKIP("no search strategy is registered in this build");
        const QString project = m_dir.filePath(QStringLiteral("analysis.chipfinder.gpkg"));
        std::vector<std::string> strategies;
        std::vector<std::vector<double>> recall;
        size_t diversitySets = 0;
        {
            auto window = newWindow(QSize(1366, 768));
            QVERIFY(window);
            QVERIFY(window->createProject(project, QString::fromStdString(m_demo.datasetPath)));
            QVERIFY(waitLoaded(*window));
            for (QAction *action : window->analysisMenu()->actions())
                if (!action->isChecked())
                    action->trigger();
            auto *simulation = window->findChild<SimulationPanel *>();
            auto *analysis = window->findChild<AnalysisPanel *>();
            QVERIFY(simulation && analysis);
            QTRY_VERIFY(analysis->isVisible() || simulation->isVisible());
            MapView *map = window->mapView();
            qInfo("1366×768, analysis docks open: map %d × %d px", map->width(), map->height());
            // Before the panels scrolled in their docks the map kept 692 px of 1366.
            QVERIFY2(map->width() >= 740, qPrintable(QString::number(map->width())));

            // A small simulation, started with its button.
            SimulationConfig config = simulation->config();
            config.strategies = {StrategyRegistry::instance().names().front()};
            config.runs = 2;
            config.batch = 10;
            config.maxIterations = 4;
            simulation->setConfig(config);
            QSignalSpy simulated(simulation, &SimulationPanel::simulationFinished);
            for (QPushButton *button : simulation->findChildren<QPushButton *>())
                if (button->text() == QLatin1String("Run simulation"))
                    button->click();
            QVERIFY(simulated.wait(120000));
            strategies.clear();
            for (const StrategyResult &r : simulation->result()->strategies) {
                strategies.push_back(r.strategy);
                recall.push_back(r.meanRecall());
            }
            QVERIFY(!strategies.empty());

            QSignalSpy computed(analysis, &AnalysisPanel::reportReady);
            for (QPushButton *button : analysis->findChildren<QPushButton *>())
                if (button->text() == QLatin1String("Compute"))
                    button->click();
            QVERIFY(computed.wait(120000));
            diversitySets = analysis->report()->diversity.size();
            QVERIFY(diversitySets > 0);

            // Every panel fits its dock or scrolls in it: never squeezed below its minimum.
            for (QWidget *panel :
                 {static_cast<QWidget *>(simulation), static_cast<QWidget *>(analysis)}) {
                auto *dock = qobject_cast<QDockWidget *>(
                    panel->parentWidget()->parentWidget()->parentWidget());
                QVERIFY(dock);
                dock->raise();
                QTRY_VERIFY(panel->isVisible());
                QVERIFY2(panel->width() >= panel->minimumSizeHint().width(),
                         qPrintable(QStringLiteral("%1 < %2")
                                        .arg(panel->width())
                                        .arg(panel->minimumSizeHint().width())));
                auto *scroll = qobject_cast<QScrollArea *>(dock->widget());
                QVERIFY(scroll);
                QCOMPARE(scroll->horizontalScrollBar()->maximum(),
                         std::max(0, panel->width() - scroll->viewport()->width()));
            }
            for (QTableWidget *table : analysis->findChildren<QTableWidget *>())
                QVERIFY(table->width() >= table->minimumSizeHint().width());
            qInfo("map after the analysis: %d px wide", map->width());
            QVERIFY(map->width() >= 740);
            QVERIFY(window->grab().save(QStringLiteral(TEST_OUTPUT_DIR "/reviewtools_1366.png")));
            window->close();
        }
        auto window = newWindow(QSize(1366, 768));
        QVERIFY(window);
        QVERIFY(window->openProject(project));
        QVERIFY(waitLoaded(*window));
        auto *simulation = window->findChild<SimulationPanel *>();
        auto *analysis = window->findChild<AnalysisPanel *>();
        QVERIFY(simulation->result());
        QCOMPARE(simulation->chart()->result(), simulation->result());
        std::vector<std::string> reopened;
        for (const StrategyResult &r : simulation->result()->strategies)
            reopened.push_back(r.strategy);
        QCOMPARE(reopened, strategies);
        QCOMPARE(simulation->result()->strategies.front().meanRecall(), recall.front());
        QCOMPARE(simulation->config().runs, size_t(2));
        QVERIFY(analysis->report());
        QCOMPARE(analysis->report()->diversity.size(), diversitySets);
        int rows = 0;
        for (QTableWidget *table : analysis->findChildren<QTableWidget *>())
            rows += table->rowCount();
        QVERIFY(rows > 0);
    }

    void movedFolderOpensWithoutAsking()
    {
        QTemporaryDir root(QStringLiteral(TEST_OUTPUT_DIR "/reviewtools-move-XXXXXX"));
        QVERIFY(root.isValid());
        const QString folder = root.filePath(QStringLiteral("survey"));
        QVERIFY(QDir().mkpath(folder));
        // A dataset that records its raster, beside both.
        QVERIFY(QFile::copy(QString::fromUtf8(DemoRaster), folder + QStringLiteral("/scene.tif")));
        auto dataset = gridDataset(naipBox(), 16, 12, 8);
        dataset->imageryPath = (folder + QStringLiteral("/scene.tif")).toStdString();
        DatasetWriteOptions options;
        options.wgs84 = true;
        writeDataset(*dataset, (folder + QStringLiteral("/grid.gpkg")).toStdString(), options);
        const QString project = folder + QStringLiteral("/grid.chipfinder.gpkg");
        {
            auto window = newWindow();
            QVERIFY(window);
            QVERIFY(window->createProject(project, folder + QStringLiteral("/grid.gpkg")));
            QVERIFY(waitLoaded(*window));
            window->setBasemap(folder + QStringLiteral("/scene.tif"));
            window->session()->clickChip(20, LabelValue::Positive);
            window->session()->clickChip(21, LabelValue::Negative);
            window->close();
        }
        QCOMPARE(ProjectStore::openReadOnly(project.toStdString())->setting("basemap").value_or(""),
                 std::string("scene.tif"));
        const QString moved = root.filePath(QStringLiteral("elsewhere/survey"));
        QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("elsewhere"))));
        QVERIFY(QDir().rename(folder, moved));

        auto window = newWindow();
        QVERIFY(window);
        window->setInteractive(true); // a dialog would show (and fail the test below)
        DialogDriver driver({});
        QVERIFY(window->openProject(moved + QStringLiteral("/grid.chipfinder.gpkg")));
        QVERIFY(waitLoaded(*window));
        QVERIFY2(driver.asked.isEmpty(), qPrintable(driver.asked.join(QLatin1Char('\n'))));
        QVERIFY2(driver.messages.isEmpty(), qPrintable(driver.messages.join(QLatin1Char('\n'))));
        QCOMPARE(window->session()->labelOf(20), LabelValue::Positive);
        QCOMPARE(window->session()->labelOf(21), LabelValue::Negative);
        QCOMPARE(QFileInfo(window->mapView()->basemap()).canonicalFilePath(),
                 QFileInfo(moved + QStringLiteral("/scene.tif")).canonicalFilePath());
        window->setInteractive(false);
    }

    void missingDatasetAndBasemapAreAskedFor()
    {
        QTemporaryDir root(QStringLiteral(TEST_OUTPUT_DIR "/reviewtools-locate-XXXXXX"));
        QVERIFY(root.isValid());
        const QString projects = root.filePath(QStringLiteral("projects"));
        const QString data = root.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(projects) && QDir().mkpath(data));
        QVERIFY(QFile::copy(m_grid, data + QStringLiteral("/grid.gpkg")));
        QVERIFY(QFile::copy(QString::fromUtf8(DemoRaster), data + QStringLiteral("/scene.tif")));
        const QString project = projects + QStringLiteral("/grid.chipfinder.gpkg");
        {
            auto window = newWindow();
            QVERIFY(window);
            QVERIFY(window->createProject(project, data + QStringLiteral("/grid.gpkg")));
            QVERIFY(waitLoaded(*window));
            window->setBasemap(data + QStringLiteral("/scene.tif"));
            window->session()->clickChip(30, LabelValue::Positive);
            window->close();
        }
        // The data folder moves away; the project stays: neither the relative nor the absolute
        // path leads to the dataset.
        const QString moved = root.filePath(QStringLiteral("archive/2020"));
        QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("archive"))));
        QVERIFY(QDir().rename(data, moved));

        auto window = newWindow();
        QVERIFY(window);
        window->setInteractive(true);
        {
            DialogDriver driver(
                {moved + QStringLiteral("/grid.gpkg"), moved + QStringLiteral("/scene.tif")});
            QVERIFY(window->openProject(project));
            QVERIFY(waitLoaded(*window));
            QVERIFY2(driver.messages.isEmpty(), qPrintable(driver.messages.join('\n')));
            QCOMPARE(driver.asked.size(), 2);
            QVERIFY(driver.asked[0].contains(QStringLiteral("grid.gpkg")));
            QVERIFY(driver.asked[1].contains(QStringLiteral("scene.tif")));
            // The second dialog opens where the user found the first file.
            QCOMPARE(QFileInfo(driver.directories[1]).canonicalFilePath(),
                     QFileInfo(moved).canonicalFilePath());
        }
        QCOMPARE(window->session()->labelOf(30), LabelValue::Positive);
        QCOMPARE(QFileInfo(window->mapView()->basemap()).canonicalFilePath(),
                 QFileInfo(moved + QStringLiteral("/scene.tif")).canonicalFilePath());
        window->close();
        window.reset(); // the project's one writer lets go
        // Remembered relative to the project.
        {
            auto store = ProjectStore::openReadOnly(project.toStdString());
            QCOMPARE(store->dataset().path, std::string("../archive/2020/grid.gpkg"));
            QCOMPARE(store->setting("basemap").value_or(""),
                     std::string("../archive/2020/scene.tif"));
        }
        // Next time nothing is asked.
        auto again = newWindow();
        QVERIFY(again);
        again->setInteractive(true);
        DialogDriver driver({});
        QVERIFY(again->openProject(project));
        QVERIFY(waitLoaded(*again));
        QVERIFY(driver.asked.isEmpty());
        QCOMPARE(again->session()->labelOf(30), LabelValue::Positive);
        again->setInteractive(false);
    }
};

QTEST_MAIN(TestReviewTools)
#include "tst_reviewtools.moc"
