// The analytics docks inside the main window, offscreen, on a project over a NAIP grid dataset:
// the Analysis menu offers the three docks (each comes to the front when turned on), the
// scatter fills when the dataset loads, a box selection in the scatter reaches the map (its
// highlighted chips are exactly those), and a chip selected on the map is highlighted in the
// scatter.

#include "analytics/analyticswindow.h"
#include "analytics/scatterpanel.h"
#include "dataset/datasetwriter.h"
#include "gui/analyticsdocks.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "mapview.h"
#include "widgets/griddataset.h"

#include <QDockWidget>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace chipfinder;
using namespace chipfinder::testing;

class TestAnalyticsDocks : public QObject
{
    Q_OBJECT
private slots:
    void scatterSelectionReachesTheMap()
    {
        QTemporaryDir dir(QStringLiteral(TEST_OUTPUT_DIR "/analyticsdocks-XXXXXX"));
        QVERIFY(dir.isValid());
        auto grid = gridDataset(naipBox(), 16, 12, 8);
        const QString datasetPath = dir.filePath(QStringLiteral("grid.gpkg"));
        DatasetWriteOptions options;
        options.wgs84 = true;
        writeDataset(*grid, datasetPath.toStdString(), options);

        MainWindow window;
        window.setInteractive(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.analysisMenu()->actions().size(), 3);
        auto *analytics = window.findChild<AnalyticsWindow *>();
        QVERIFY(analytics);

        QSignalSpy loaded(window.session(), &ProjectSession::loaded);
        QVERIFY(
            window.createProject(dir.filePath(QStringLiteral("p.chipfinder.gpkg")), datasetPath));
        QVERIFY(window.session()->isLoaded() || loaded.wait(30000));
        ScatterPanel *scatter = analytics->scatterPanel();
        QTRY_VERIFY_WITH_TIMEOUT(scatter->hasLayout(ScatterPanel::Method::Pca), 20000);
        QCOMPARE(scatter->view()->pointCount(), window.session()->dataset()->size());

        // Turning a dock on from the menu brings it to the front of its tab group (it is not
        // left hidden behind Review candidates).
        for (QAction *action : window.analysisMenu()->actions()) {
            if (!action->isChecked())
                action->trigger();
            auto *shown = qobject_cast<QDockWidget *>(action->parent());
            QVERIFY(shown);
            QTRY_VERIFY2(shown->widget()->isVisible(), qPrintable(shown->windowTitle()));
        }
        // Show the scatter dock and select with a box in it.
        auto *dock = qobject_cast<QDockWidget *>(scatter->parentWidget());
        QVERIFY(dock);
        dock->raise();
        ScatterView *view = scatter->view();
        QTRY_VERIFY(view->isVisible() && view->width() > 100);
        const QRect box(view->width() / 5, view->height() / 5, view->width() * 3 / 5,
                        view->height() * 3 / 5);
        QSignalSpy selected(analytics, &AnalyticsWindow::chipsSelected);
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, box.topLeft());
        QTest::mouseMove(view, box.bottomRight());
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, box.bottomRight());
        QCOMPARE(selected.count(), 1);
        const auto chips = selected.at(0).at(0).value<std::vector<int64_t>>();
        QVERIFY(!chips.empty());
        QCOMPARE(chips, view->pointsInPolygon(QPolygonF(QRectF(box.topLeft(), box.bottomRight()))));
        QCOMPARE(window.mapView()->highlightedChips(), chips);
        QCOMPARE(window.mapView()->selectedChip(), chips.front());
        QVERIFY(window.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/analytics_docks.png")));

        // The other way: a chip selected on the map is highlighted in the scatter.
        emit window.mapView()->chipSelected(7);
        QCOMPARE(view->highlighted(), std::vector<int64_t>{7});
    }
};

QTEST_MAIN(TestAnalyticsDocks)
#include "tst_analyticsdocks.moc"
