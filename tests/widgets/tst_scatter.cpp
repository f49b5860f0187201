// ScatterView and ScatterPanel, offscreen: box and lasso selection from synthesised mouse events
// (compared with the points inside the polygon computed here), highlight, zoom about the cursor,
// the point/density renderings (paint times printed, not asserted), the layout cache blob and
// k-means colouring on the real NAIP fixture.

#include "analytics/scatterpanel.h"
#include "analytics/scatterview.h"
#include "common/rasterchipfixture.h"
#include "palette.h"
#include "projection/pca.h"

#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <random>
#include <set>

using namespace chipfinder;

namespace {

std::vector<int64_t> insideWidgetPolygon(const ScatterView &view, const QPolygonF &polygon)
{
    std::vector<int64_t> inside;
    const auto &xy = view.points();
    for (size_t i = 0; i < view.pointCount(); ++i)
        if (polygon.containsPoint(view.mapToWidget({xy[2 * i], xy[2 * i + 1]}), Qt::OddEvenFill))
            inside.push_back(int64_t(i));
    return inside;
}

// The fixture's PCA layout repeated `copies` times with a small deterministic jitter.
std::vector<float> manyPoints(const EmbeddingMatrix &layout, size_t total)
{
    std::mt19937 rng(3);
    std::normal_distribution<float> jitter(0.0f, 0.01f);
    std::vector<float> xy(total * 2);
    for (size_t i = 0; i < total; ++i) {
        const size_t source = i % layout.rows();
        xy[2 * i] = layout.row(source)[0] + jitter(rng);
        xy[2 * i + 1] = layout.row(source)[1] + jitter(rng);
    }
    return xy;
}

} // namespace

class TestScatter : public QObject
{
    Q_OBJECT
private:
    testing::RasterChipFixture m_fixture;
    EmbeddingMatrix m_layout;

private slots:
    void initTestCase()
    {
        m_fixture = testing::makeRasterChipFixture();
        m_layout = pca(m_fixture.embeddings, 2).projected;
    }

    void boxSelectionEmitsPointsInside()
    {
        ScatterView view;
        view.resize(500, 400);
        view.setPoints(m_layout);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &ScatterView::selectionChanged);

        const QPoint from(150, 120), to(330, 260);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(&view, QPoint(240, 200));
        QTest::mouseMove(&view, to);
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, to);
        QCOMPARE(spy.count(), 1);
        const auto chips = spy.at(0).at(0).value<std::vector<int64_t>>();
        const auto expected = insideWidgetPolygon(view, QPolygonF(QRectF(from, to)));
        QVERIFY(expected.size() > 50);
        QVERIFY(expected.size() < m_layout.rows());
        QCOMPARE(chips, expected);
        QCOMPARE(view.highlighted(), expected);

        // Shift adds a second box to the selection.
        const QPoint from2(20, 20), to2(120, 110);
        QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, from2);
        QTest::mouseMove(&view, to2);
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, to2);
        QCOMPARE(spy.count(), 2);
        std::set<int64_t> both(expected.begin(), expected.end());
        for (int64_t c : insideWidgetPolygon(view, QPolygonF(QRectF(from2, to2))))
            both.insert(c);
        QCOMPARE(spy.at(1).at(0).value<std::vector<int64_t>>(),
                 std::vector<int64_t>(both.begin(), both.end()));

        // A click clears it.
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(5, 390));
        QCOMPARE(spy.count(), 3);
        QVERIFY(spy.at(2).at(0).value<std::vector<int64_t>>().empty());
    }

    void lassoSelectionEmitsPointsInside()
    {
        ScatterView view;
        view.resize(500, 400);
        view.setPoints(m_layout);
        view.setTool(ScatterView::Tool::Lasso);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &ScatterView::selectionChanged);

        // A concave outline (an arrow head) around the middle of the cloud.
        const QPolygonF outline{{250, 80}, {400, 300}, {250, 220}, {100, 300}};
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, outline[0].toPoint());
        for (int i = 1; i <= outline.size(); ++i) {
            const QPointF a = outline[i - 1], b = outline[i % outline.size()];
            for (int step = 1; step <= 10; ++step)
                QTest::mouseMove(&view, (a + (b - a) * step / 10.0).toPoint());
        }
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, outline[0].toPoint());
        QCOMPARE(spy.count(), 1);
        const auto chips = spy.at(0).at(0).value<std::vector<int64_t>>();
        const auto expected = insideWidgetPolygon(view, outline);
        QVERIFY(expected.size() > 50);
        // The lasso follows the mouse in whole pixels: allow the few points on its rim to differ.
        std::vector<int64_t> diff;
        std::set_symmetric_difference(chips.begin(), chips.end(), expected.begin(), expected.end(),
                                      std::back_inserter(diff));
        QVERIFY2(
            diff.size() <= expected.size() / 50,
            qPrintable(QStringLiteral("%1 of %2 differ").arg(diff.size()).arg(expected.size())));
        QCOMPARE(view.pointsInPolygon(outline), expected);
    }

    void highlightFromOutsideDoesNotEmit()
    {
        ScatterView view;
        view.resize(300, 300);
        view.setPoints(m_layout);
        QSignalSpy spy(&view, &ScatterView::selectionChanged);
        view.setHighlighted({5, 3, 3, -1, 999999});
        QCOMPARE(view.highlighted(), (std::vector<int64_t>{3, 5}));
        QCOMPARE(spy.count(), 0);
        // Drawn on top: the highlight colour appears at chip 3's position.
        const QImage image = view.grab().toImage();
        const QPoint at = view.mapToWidget({m_layout.row(3)[0], m_layout.row(3)[1]}).toPoint();
        QCOMPARE(QColor(image.pixel(at)), Palette::color(Palette::Role::Selection));
    }

    void wheelZoomKeepsCursorPoint()
    {
        ScatterView view;
        view.resize(400, 300);
        view.setPoints(m_layout);
        const QPointF cursor(120, 90);
        const QPointF before = view.mapToData(cursor);
        const double scale = view.pixelsPerUnit();
        QWheelEvent wheel(cursor, view.mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(std::abs(view.pixelsPerUnit() / scale - 1.5625) < 1e-9);
        const QPointF after = view.mapToData(cursor);
        QVERIFY(std::abs(after.x() - before.x()) < 1e-9 && std::abs(after.y() - before.y()) < 1e-9);
    }

    void rendersOnlyOnViewChange()
    {
        ScatterView view;
        view.resize(300, 200);
        view.setPoints(m_layout);
        view.show(); // delivers the pending resize
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.renderImage();
        const int renders = view.renderCount();
        view.renderImage();
        view.setHighlighted({1, 2});
        view.grab();
        QCOMPARE(view.renderCount(), renders);
        view.setView(view.viewCenter() + QPointF(0.01, 0), view.pixelsPerUnit());
        view.renderImage();
        QCOMPARE(view.renderCount(), renders + 1);
    }

    void pointsAndDensity_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<bool>("colored");
        QTest::addColumn<int>("expected");
        QTest::newRow("fixture, sprites") << 0 << true << int(ScatterView::RenderMode::Points);
        QTest::newRow("1e5, density") << 100000 << true << int(ScatterView::RenderMode::Density);
        QTest::newRow("1e5, plain density")
            << 100000 << false << int(ScatterView::RenderMode::Density);
        QTest::newRow("1e6, density") << 1000000 << true << int(ScatterView::RenderMode::Density);
    }

    void pointsAndDensity()
    {
        QFETCH(int, points);
        QFETCH(bool, colored);
        QFETCH(int, expected);
        ScatterView view;
        view.resize(800, 600);
        std::vector<float> xy = points == 0 ? manyPoints(m_layout, m_layout.rows())
                                            : manyPoints(m_layout, size_t(points));
        const size_t n = xy.size() / 2;
        view.setPoints(std::move(xy));
        if (colored) {
            std::vector<uint8_t> index(n);
            for (size_t i = 0; i < n; ++i)
                index[i] = m_fixture.truth[i % m_fixture.truth.size()];
            view.setColors(std::move(index), {0xffc8c8c8, 0xffd62728}, {"other", "water"});
        }
        const QImage image = view.renderImage();
        const double first = view.lastRenderMilliseconds();
        QCOMPARE(int(view.effectiveRenderMode()), expected);
        // Something was drawn: many non-white pixels.
        int painted = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                painted += image.pixel(x, y) != 0xffffffff;
        QVERIFY(painted > 2000);
        // Interactive pan: time a few re-renders after view changes (printed, not asserted).
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 5; ++i) {
            view.setView(view.viewCenter() + QPointF(0.001, 0), view.pixelsPerUnit() * 1.01);
            view.renderImage();
        }
        qInfo("%zu points (%s): first render %.1f ms, mean re-render %.1f ms", n,
              expected == int(ScatterView::RenderMode::Points) ? "sprites" : "density", first,
              double(timer.nsecsElapsed()) / 5e6);
        if (points == 0) {
            const QString path = QStringLiteral(TEST_OUTPUT_DIR "/scatter_points.png");
            QVERIFY(view.grab().save(path));
        } else if (points == 1000000) {
            QVERIFY(view.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/scatter_density.png")));
        }
    }

    void panelComputesCachesAndRestores()
    {
        auto embeddings = std::make_shared<EmbeddingMatrix>(m_fixture.embeddings);
        ScatterPanel panel;
        panel.resize(700, 560);
        QSignalSpy computed(&panel, &ScatterPanel::layoutComputed);
        panel.setEmbeddings(embeddings, Metric::Euclidean);
        QVERIFY(computed.wait(20000));
        QVERIFY(panel.hasLayout(ScatterPanel::Method::Pca));
        QCOMPARE(panel.view()->pointCount(), embeddings->rows());
        QVERIFY(panel.layoutBlob().isEmpty());

        panel.setTruth(m_fixture.truth);
        panel.setColorBy(ScatterPanel::ColorBy::Truth);
        panel.setMethod(ScatterPanel::Method::Umap);
        QVERIFY(computed.wait(60000));
        QCOMPARE(computed.last().at(0).value<ScatterPanel::Method>(), ScatterPanel::Method::Umap);
        QVERIFY(panel.hasLayout(ScatterPanel::Method::Umap));
        QVERIFY(panel.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/scatter_panel_umap.png")));
        const QByteArray blob = panel.layoutBlob();
        QVERIFY(!blob.isEmpty());

        // A new panel on the same embeddings takes the stored layout without recomputing it.
        ScatterPanel restored;
        restored.resize(700, 560);
        restored.setEmbeddings(embeddings, Metric::Euclidean);
        QVERIFY(restored.setLayoutBlob(blob));
        QVERIFY(restored.setLayoutBlob(blob));
        const EmbeddingMatrix *a = panel.layout(ScatterPanel::Method::Umap);
        const EmbeddingMatrix *b = restored.layout(ScatterPanel::Method::Umap);
        QVERIFY(std::equal(a->data(), a->data() + 2 * a->rows(), b->data()));
        // ... but not a layout of other embeddings, nor a damaged blob.
        auto other = std::make_shared<EmbeddingMatrix>(m_fixture.embeddings);
        other->data()[0] += 1.0f;
        ScatterPanel wrong;
        wrong.setEmbeddings(other, Metric::Euclidean);
        QVERIFY(!wrong.setLayoutBlob(blob));
        QVERIFY(!restored.setLayoutBlob(blob.left(blob.size() / 2)));

        // Colour by k-means cluster: computed in the background, k colours shown.
        QSignalSpy clusters(&panel, &ScatterPanel::clustersComputed);
        panel.setClusterCount(6);
        panel.setColorBy(ScatterPanel::ColorBy::Cluster);
        QVERIFY(clusters.wait(20000));
        QVERIFY(panel.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/scatter_panel_clusters.png")));

        // Selection made in the panel's view is re-emitted by the panel.
        QSignalSpy selected(&panel, &ScatterPanel::selectionChanged);
        ScatterView *view = panel.view();
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, QPoint(10, 10));
        QTest::mouseMove(view, QPoint(400, 300));
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, QPoint(400, 300));
        QCOMPARE(selected.count(), 1);
        QVERIFY(!selected.at(0).at(0).value<std::vector<int64_t>>().empty());
    }
};

QTEST_MAIN(TestScatter)
#include "tst_scatter.moc"
