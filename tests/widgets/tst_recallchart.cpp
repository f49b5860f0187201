// RecallChartWidget and SimulationPanel, offscreen, on a real simulation: NAIP chips with NDWI
// water as ground truth, two real strategies made through the simulation's factory (nearest to
// the positives' centroid with FlatIndex, and a random pick). Checks the series (one mean and one
// line per run for each strategy, names, the last mean value), the table, the exports, and the
// panel running simulate() in the background with progress and cancel.

#include "analytics/recallchartwidget.h"
#include "analytics/simulationpanel.h"
#include "common/analyticsteststrategies.h"
#include "common/rasterchipfixture.h"
#include "search/flatindex.h"
#include "strategies/strategy.h"

#include <QChart>
#include <QChartView>
#include <QFile>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using namespace chipfinder;
using chipfinder::testing::testFactory;

namespace {

SimulationConfig smallConfig()
{
    SimulationConfig config;
    config.strategies = {"test-centroid", "test-random"};
    config.runs = 4;
    config.batch = 20;
    config.threshold = 0.5;
    config.maxIterations = 25;
    config.seed = 9;
    return config;
}

} // namespace

class TestRecallChart : public QObject
{
    Q_OBJECT
private:
    testing::RasterChipFixture m_fixture;
    std::shared_ptr<FlatIndex> m_index;
    std::shared_ptr<std::vector<uint8_t>> m_truth;
    std::shared_ptr<const SimulationResult> m_result;

private slots:
    void initTestCase()
    {
        m_fixture = testing::makeRasterChipFixture();
        m_index = std::make_shared<FlatIndex>(m_fixture.embeddings, Metric::Cosine, 1);
        m_truth = std::make_shared<std::vector<uint8_t>>(m_fixture.truth);
        const auto positives = std::count(m_truth->begin(), m_truth->end(), 1);
        qInfo("%zu chips, %ld water chips", m_truth->size(), long(positives));
        QVERIFY(positives > 50);
        m_result = std::make_shared<SimulationResult>(
            simulate(*m_index, *m_truth, smallConfig(), testFactory()));
    }

    void chartShowsMeanAndRunLines()
    {
        RecallChartWidget widget;
        widget.resize(800, 600);
        widget.setResult(m_result);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        const QList<QAbstractSeries *> series = widget.chart()->series();
        // Per strategy: one line per run and one mean line; plus the threshold line.
        QCOMPARE(series.size(), 2 * (4 + 1) + 1);
        for (const StrategyResult &strategy : m_result->strategies) {
            const QString name = QString::fromStdString(strategy.strategy);
            int runs = 0;
            QLineSeries *mean = nullptr;
            for (QAbstractSeries *s : series) {
                if (s->name() == name)
                    mean = static_cast<QLineSeries *>(s);
                else if (s->name().startsWith(name + QStringLiteral(", run ")))
                    ++runs;
            }
            QCOMPARE(runs, 4);
            QVERIFY(mean);
            const std::vector<double> curve = strategy.meanRecall();
            QCOMPARE(mean->count(), int(curve.size()));
            QCOMPARE(mean->at(mean->count() - 1).y(), curve.back());
            QVERIFY(mean->pen().widthF() > 2.0);
            // The legend shows the mean line only.
            for (QLegendMarker *marker : widget.chart()->legend()->markers(mean))
                QVERIFY(marker->isVisible());
        }
        int visibleMarkers = 0;
        for (QLegendMarker *marker : widget.chart()->legend()->markers())
            visibleMarkers += marker->isVisible();
        QCOMPARE(visibleMarkers, 2);
        // The centroid search finds water faster than random picks.
        const auto centroid = m_result->strategies[0].meanRecall();
        const auto random = m_result->strategies[1].meanRecall();
        qInfo("mean recall after 5 iterations: centroid %.3f, random %.3f", centroid[5], random[5]);
        QVERIFY(centroid[5] > random[5]);

        // Table: one row per strategy with its figures.
        QStandardItemModel *model = widget.summaryModel();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->item(0, 0)->text(), QStringLiteral("test-centroid"));
        QCOMPARE(model->item(0, 1)->text(),
                 QStringLiteral("%1 / 4").arg(m_result->strategies[0].runsReachingThreshold()));
        const auto quartiles = m_result->strategies[0].iterationsQuartiles();
        if (quartiles)
            QCOMPARE(model->item(0, 3)->data(Qt::UserRole).toDouble(), (*quartiles)[1]);
        QCOMPARE(model->item(1, 5)->data(Qt::UserRole).toDouble(),
                 m_result->strategies[1].meanLabelsSpent());
        QVERIFY(widget.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/recall_chart.png")));

        // The table names each line's colour (it is the legend when the chart is narrow).
        for (int row = 0; row < model->rowCount(); ++row) {
            const QColor swatch = model->item(row, 0)->data(Qt::DecorationRole).value<QColor>();
            QVERIFY(swatch.isValid());
            QLineSeries *mean = nullptr;
            for (QAbstractSeries *s : series)
                if (s->name() == model->item(row, 0)->text())
                    mean = static_cast<QLineSeries *>(s);
            QVERIFY(mean);
            QCOMPARE(swatch, mean->pen().color());
        }
        // Legend: a column on the right in a wide chart; hidden where the names would not fit
        // (Qt Charts elides every name of a crowded one-row legend).
        QCOMPARE(widget.chart()->legend()->alignment(), Qt::AlignRight);
        QVERIFY(widget.chart()->legend()->isVisible());
        widget.resize(360, 600);
        QTRY_VERIFY(widget.chartView()->width() < RecallChartWidget::LegendMinChartWidth);
        QTRY_VERIFY(!widget.chart()->legend()->isVisible());
        widget.resize(800, 600);
        QTRY_VERIFY(widget.chart()->legend()->isVisible());
    }

    void exportsPngSvgCsv()
    {
        RecallChartWidget widget;
        widget.resize(700, 500);
        widget.setResult(m_result);
        const QString base = QStringLiteral(TEST_OUTPUT_DIR "/recall_export");
        QVERIFY2(widget.exportPng(base + ".png"), qPrintable(widget.errorString()));
        QVERIFY2(widget.exportSvg(base + ".svg"), qPrintable(widget.errorString()));
        QVERIFY2(widget.exportCsv(base + ".csv"), qPrintable(widget.errorString()));
        QImage png(base + ".png");
        QVERIFY(!png.isNull() && png.width() > 100);
        QFile svg(base + ".svg");
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY(svgText.contains("<svg") && svgText.contains("<path"));
        QFile csv(base + ".csv");
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        size_t rows = 0;
        for (const auto &strategy : m_result->strategies)
            for (const auto &run : strategy.runs)
                rows += run.recall.size();
        QCOMPARE(size_t(lines.size()), rows + 1);
        QVERIFY(!widget.exportCsv(QStringLiteral("/nonexistent-dir/x.csv")));
        QVERIFY(!widget.errorString().isEmpty());
    }

    void panelRunsInBackground()
    {
        SimulationPanel panel;
        panel.resize(1000, 600);
        panel.setStrategies({"test-centroid", "test-random"}, testFactory());
        panel.setData(m_index, {{QStringLiteral("water (NDWI)"), m_truth}});
        panel.setConfig(smallConfig());
        QCOMPARE(panel.config().strategies, smallConfig().strategies);
        QCOMPARE(panel.config().batch, size_t(20));
        QSignalSpy finished(&panel, &SimulationPanel::simulationFinished);
        panel.run();
        QVERIFY(panel.isRunning());
        QVERIFY(finished.wait(60000));
        QVERIFY(!panel.isRunning());
        // Same config and seed as the direct run: the same curves.
        QVERIFY(panel.result());
        QCOMPARE(panel.result()->strategies[0].meanRecall(), m_result->strategies[0].meanRecall());
        QCOMPARE(panel.chart()->chart()->series().size(), 11);
        QVERIFY(panel.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/simulation_panel.png")));
    }

    void panelCancels()
    {
        SimulationPanel panel;
        panel.setStrategies({"test-centroid", "test-random"}, testFactory());
        panel.setData(m_index, {{QStringLiteral("water"), m_truth}});
        SimulationConfig config = smallConfig();
        config.runs = 200;
        config.threshold = 1.0;
        config.maxIterations = 120;
        panel.setConfig(config);
        QSignalSpy finished(&panel, &SimulationPanel::simulationFinished);
        panel.run();
        QVERIFY(panel.isRunning());
        panel.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isRunning(), 30000);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!panel.result());
    }
};

QTEST_MAIN(TestRecallChart)
#include "tst_recallchart.moc"
