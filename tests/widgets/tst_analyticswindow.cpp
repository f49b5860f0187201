// AnalyticsWindow, offscreen: a Dataset built from the real NAIP fixture with a "water" column;
// the column is offered as ground truth, a box selection in the scatter comes out as
// chipsSelected(), chips highlighted from outside show in the scatter, and a registry strategy
// simulation runs from the window's panel.

#include "analytics/analyticswindow.h"
#include "analytics/recallchartwidget.h"
#include "analytics/scatterpanel.h"
#include "analytics/simulationpanel.h"
#include "common/rasterchipfixture.h"
#include "dataset/dataset.h"
#include "strategies/strategyregistry.h"

#include <QChart>
#include <QSignalSpy>
#include <QTest>

using namespace chipfinder;

class TestAnalyticsWindow : public QObject
{
    Q_OBJECT
private slots:
    void linksSelectionAndRuns()
    {
        const auto fixture = testing::makeRasterChipFixture();
        auto dataset = std::make_shared<Dataset>();
        dataset->embeddings = fixture.embeddings;
        AttributeColumn water{"water", {}};
        for (size_t i = 0; i < fixture.truth.size(); ++i) {
            dataset->ids.push_back("naip-" + std::to_string(fixture.rows[i]) + "-" +
                                   std::to_string(fixture.columns[i]));
            water.values.push_back(fixture.truth[i] ? "1" : "0");
        }
        dataset->attributes.push_back(water);
        dataset->buildIdIndex();

        AnalyticsWindow window;
        QSignalSpy layout(window.scatterPanel(), &ScatterPanel::layoutComputed);
        window.setDataset(dataset, Metric::Cosine);
        QCOMPARE(window.truthNames(), QStringList{"water"});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.scatterPanel()->hasLayout(ScatterPanel::Method::Pca),
                                 20000);
        QCOMPARE(layout.count(), 1);
        window.reviewTable()->setLabel(3, LabelValue::Positive);
        window.reviewTable()->setLabel(4, LabelValue::Negative);

        // Scatter selection → chipsSelected.
        QSignalSpy selected(&window, &AnalyticsWindow::chipsSelected);
        ScatterView *view = window.scatterPanel()->view();
        const QRect box(view->width() / 4, view->height() / 4, view->width() / 2,
                        view->height() / 2);
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, box.topLeft());
        QTest::mouseMove(view, box.bottomRight());
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, box.bottomRight());
        QCOMPARE(selected.count(), 1);
        const auto chips = selected.at(0).at(0).value<std::vector<int64_t>>();
        QVERIFY(!chips.empty());
        QCOMPARE(chips, view->pointsInPolygon(QPolygonF(QRectF(box.topLeft(), box.bottomRight()))));

        // Chips selected elsewhere → highlighted in the scatter.
        window.setHighlightedChips({10, 20, 30});
        QCOMPARE(view->highlighted(), (std::vector<int64_t>{10, 20, 30}));
        QVERIFY(window.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/analytics_window.png")));

        // A simulation with a registry strategy on the dataset's own truth column.
        const auto names = StrategyRegistry::instance().names();
        if (std::find(names.begin(), names.end(), "centroid") == names.end())
            QSKIP("no centroid strategy registered");
        SimulationConfig config;
        config.strategies = {"centroid"};
        config.runs = 2;
        config.batch = 20;
        config.maxIterations = 10;
        window.simulationPanel()->setConfig(config);
        QSignalSpy finished(window.simulationPanel(), &SimulationPanel::simulationFinished);
        window.simulationPanel()->run();
        QVERIFY(finished.wait(60000));
        QCOMPARE(window.simulationPanel()->chart()->chart()->series().size(), 2 + 1 + 1);
    }
};

QTEST_MAIN(TestAnalyticsWindow)
#include "tst_analyticswindow.moc"
