// MapView: chips drawn from a spatial index, clicks and box selection emit the right chips,
// zoom/pan, view persistence, the basemap rendered from a real GeoTIFF, aggregation when a
// million chips are in view, and highlighted/selected chips visible at every zoom.

#include "chipgeometryindex.h"
#include "common/errors.h"
#include "mapview.h"
#include "palette.h"
#include "rasterlayer.h"
#include "webmercator.h"
#include "widgets/griddataset.h"

#include <QSignalSpy>
#include <QTest>

#include <random>

using namespace chipfinder;
using namespace chipfinder::testing;

namespace {
const QString NaipPath = QStringLiteral(SHARED_DATA_DIR "/naip/m_4709963_se_14_1_20200831.tif");

// Pixels of exactly the highlight colour (the palette's selection colour) in an image.
int highlightPixels(const QImage &image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += image.pixel(x, y) == Palette::rgb(Palette::Role::Selection);
    return count;
}
} // namespace

class TestMapView : public QObject
{
    Q_OBJECT
private slots:
    void indexQueryMatchesBruteForce_data()
    {
        QTest::addColumn<double>("fx");
        QTest::addColumn<double>("fy");
        QTest::addColumn<double>("fw");
        QTest::addColumn<double>("fh");
        QTest::newRow("everything") << -0.1 << -0.1 << 1.2 << 1.2;
        QTest::newRow("corner") << 0.0 << 0.0 << 0.1 << 0.1;
        QTest::newRow("middle strip") << 0.3 << 0.0 << 0.05 << 1.0;
        QTest::newRow("point") << 0.5 << 0.5 << 0.0 << 0.0;
        QTest::newRow("outside") << 2.0 << 2.0 << 0.5 << 0.5;
    }

    void indexQueryMatchesBruteForce()
    {
        QFETCH(double, fx);
        QFETCH(double, fy);
        QFETCH(double, fw);
        QFETCH(double, fh);
        // Irregular chips of varying size, some overlapping.
        auto dataset = std::make_shared<Dataset>();
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        const BoundingBox box = naipBox();
        dataset->ringOffsets.push_back(0);
        for (int i = 0; i < 3000; ++i) {
            const double x = box.minLon + u(rng) * (box.maxLon - box.minLon);
            const double y = box.minLat + u(rng) * (box.maxLat - box.minLat);
            const double s = 0.0002 + 0.002 * u(rng);
            dataset->ids.push_back(std::to_string(i));
            dataset->ringCoords.insert(dataset->ringCoords.end(),
                                       {{x, y}, {x + s, y}, {x + s, y + s}, {x, y}});
            dataset->ringOffsets.push_back(uint32_t(dataset->ringCoords.size()));
            dataset->bounds.push_back({x, y, x + s, y + s});
        }
        const ChipGeometryIndex index = ChipGeometryIndex::build(*dataset);
        const QRectF e = index.extent();
        const QRectF query(e.left() + fx * e.width(), e.top() + fy * e.height(), fw * e.width(),
                           fh * e.height());
        std::vector<int64_t> found;
        index.query(query, found);
        std::sort(found.begin(), found.end());
        std::vector<int64_t> expected;
        for (size_t c = 0; c < index.size(); ++c) {
            const QRectF b = index.bounds(int64_t(c));
            if (!(b.left() > query.right() || b.right() < query.left() ||
                  b.top() > query.bottom() || b.bottom() < query.top()))
                expected.push_back(int64_t(c));
        }
        QCOMPARE(found, expected);
    }

    // Overlapping tiles of one size (stride half the chip): a point picks the chip whose centre
    // is nearest, whatever the order of the chips; a smaller chip under the point still wins.
    void overlappingChipsPickTheNearestCentre()
    {
        auto dataset = std::make_shared<Dataset>();
        const BoundingBox box = naipBox();
        const double s = (box.maxLon - box.minLon) / 10;
        dataset->ringOffsets.push_back(0);
        auto add = [&](double x, double y, double size) {
            dataset->ids.push_back(std::to_string(dataset->ids.size()));
            dataset->ringCoords.insert(
                dataset->ringCoords.end(),
                {{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}});
            dataset->ringOffsets.push_back(uint32_t(dataset->ringCoords.size()));
            dataset->bounds.push_back({x, y, x + size, y + size});
        };
        const double x0 = box.minLon, y0 = box.minLat;
        for (int i = 3; i >= 0; --i) // descending: the first chip found is not the answer
            add(x0 + i * s / 2, y0, s);
        add(x0 + 0.9 * s, y0 + 0.1 * s, s / 10); // a small chip inside chips 2 and 3
        const ChipGeometryIndex index = ChipGeometryIndex::build(*dataset);
        auto at = [&](double fx, double fy) {
            return index.chipAt(index.center(0) + QPointF((fx - 2.0) * (index.bounds(0).width()),
                                                          (fy - 0.5) * index.bounds(0).height()));
        };
        // Chip k (k = 0..3 in index order 3 - k) spans [k/2, k/2 + 1] chip widths from x0.
        QCOMPARE(at(0.3, 0.5), 3);   // only chip 0 (index 3) covers it
        QCOMPARE(at(0.55, 0.5), 3);  // chips 0 and 1: nearer chip 0's centre (0.5)
        QCOMPARE(at(0.95, 0.5), 2);  // chips 0 and 1: nearer chip 1's centre (1.0)
        QCOMPARE(at(1.45, 0.5), 1);  // chips 1 and 2: nearer chip 2's centre (1.5)
        QCOMPARE(at(0.95, 0.15), 4); // the small chip
    }

    void clicksReportTheChipUnderTheCursor()
    {
        MapView view;
        view.resize(640, 480);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDataset(gridDataset(naipBox(), 12, 8));
        QSignalSpy clicked(&view, &MapView::chipClicked);
        QSignalSpy selected(&view, &MapView::chipSelected);

        QTest::mouseClick(&view, Qt::LeftButton, {}, view.screenPosition(17));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toLongLong(), 17);
        QCOMPARE(clicked.at(0).at(1).value<Qt::MouseButton>(), Qt::LeftButton);

        QTest::mouseClick(&view, Qt::RightButton, {}, view.screenPosition(42));
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(clicked.at(1).at(0).toLongLong(), 42);
        QCOMPARE(clicked.at(1).at(1).value<Qt::MouseButton>(), Qt::RightButton);

        QTest::mouseClick(&view, Qt::LeftButton, Qt::ControlModifier, view.screenPosition(5));
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(view.selectedChip(), 5);

        // Outside every chip: nothing.
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(clicked.count(), 2);
    }

    void shiftDragSelectsABox()
    {
        MapView view;
        view.resize(640, 480);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDataset(gridDataset(naipBox(), 12, 8));
        QSignalSpy boxed(&view, &MapView::chipsBoxSelected);
        const QPoint from = (view.screenPosition(13) + view.screenPosition(12)) / 2 - QPoint(0, 5);
        const QPoint to = (view.screenPosition(39) + view.screenPosition(40)) / 2 + QPoint(0, 5);
        QTest::mousePress(&view, Qt::RightButton, Qt::ShiftModifier, from);
        QTest::mouseMove(&view, (from + to) / 2);
        QTest::mouseMove(&view, to);
        QTest::mouseRelease(&view, Qt::RightButton, Qt::ShiftModifier, to);
        QCOMPARE(boxed.count(), 1);
        const auto chips = boxed.at(0).at(0).value<QList<qint64>>();
        // Columns 1..3 of rows 1..3 (12 columns per row).
        QCOMPARE(chips, (QList<qint64>{13, 14, 15, 25, 26, 27, 37, 38, 39}));
        QCOMPARE(boxed.at(0).at(1).value<Qt::MouseButton>(), Qt::RightButton);
    }

    void dragPansAndKeysZoom()
    {
        MapView view;
        view.resize(640, 480);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDataset(gridDataset(naipBox(), 12, 8));
        const QPointF center = view.center();
        const double resolution = view.resolution();
        QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(300, 200));
        QTest::mouseMove(&view, QPoint(340, 200));
        QTest::mouseMove(&view, QPoint(400, 250));
        QSignalSpy clicked(&view, &MapView::chipClicked);
        QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(400, 250));
        QCOMPARE(clicked.count(), 0); // a drag is not a click
        QCOMPARE(view.center().x(), center.x() - 100 * resolution);
        QCOMPARE(view.center().y(), center.y() + 50 * resolution);

        QTest::keyClick(&view, Qt::Key_Plus);
        QCOMPARE(view.resolution(), resolution / 2);
        QTest::keyClick(&view, Qt::Key_Minus);
        QTest::keyClick(&view, Qt::Key_Minus);
        QCOMPARE(view.resolution(), resolution * 2);

        // Wheel zoom keeps the point under the cursor in place.
        const QPoint anchor(100, 120);
        const QPointF before = view.toMap(anchor);
        QWheelEvent wheel(anchor, view.mapToGlobal(anchor), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QCOMPARE(view.resolution(), resolution);
        const QPointF after = view.toMap(anchor);
        QVERIFY(std::abs(after.x() - before.x()) < 1e-6 * std::abs(before.x()));
        QVERIFY(std::abs(after.y() - before.y()) < 1e-6 * std::abs(before.y()));
    }

    void viewStringRoundTrips()
    {
        MapView a;
        a.resize(500, 400);
        a.setDataset(gridDataset(naipBox(), 4, 4));
        a.setView(QPointF(-11040000.5, 5940000.25), 1.7);
        MapView b;
        b.resize(500, 400);
        QVERIFY(b.setViewString(a.viewString()));
        QCOMPARE(b.center(), a.center());
        QCOMPARE(b.resolution(), a.resolution());
        QVERIFY(!b.setViewString(QStringLiteral("1 2")));
        QVERIFY(!b.setViewString(QStringLiteral("a b c")));
    }

    void basemapIsRenderedFromAGeoTiff()
    {
        MapView view;
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setBasemap(NaipPath);
        view.setDataset(gridDataset(naipBox(), 3, 3));
        const RasterLayer *layer = view.basemapLayer();
        QVERIFY(layer);
        QVERIFY(layer->renderer().extent().contains(view.center()));
        view.grab(); // paints and requests the visible tiles
        QTRY_COMPARE_WITH_TIMEOUT(layer->pendingCount(), 0, 20000);
        ReviewTable review;
        view.setReviewDocument(&review);
        review.setLabel(4, LabelValue::Positive);
        review.setLabel(0, LabelValue::Negative);
        review.setCandidates({{8, 0.9f}, {7, 0.2f}});
        QCOMPARE(view.chipState(4), ChipState::Positive);
        QCOMPARE(view.chipState(0), ChipState::Negative);
        QVERIFY(view.isCandidate(7));
        const QImage image = view.grab().toImage();
        image.save(QStringLiteral(TEST_OUTPUT_DIR "/mapview-basemap.png"));
        // The centre shows imagery, not the empty background; chip outlines cross elsewhere.
        int imagery = 0;
        const QColor background(226, 228, 224);
        for (int y = 100; y < 200; y += 7)
            for (int x = 150; x < 250; x += 7)
                imagery += image.pixelColor(x, y) != background;
        QVERIFY2(imagery > 150, qPrintable(QString::number(imagery)));
    }

    void unreadableBasemapThrows()
    {
        MapView view;
        QVERIFY_THROWS_EXCEPTION(DataError,
                                 view.setBasemap(QStringLiteral(TEST_OUTPUT_DIR "/missing.tif")));
        QVERIFY(view.basemap().isEmpty());
    }

    // Centring on a chip at the edge of the scene keeps the view inside the chips' extent (no
    // half-empty map) and the chip in view.
    void centringOnAnEdgeChipStaysInsideTheScene()
    {
        auto dataset = gridDataset(naipBox(), 20, 20);
        MapView view;
        view.resize(400, 300);
        view.setDataset(dataset);
        const QRectF extent = view.geometry()->extent().normalized();
        for (int64_t chip : {int64_t(0), int64_t(19), int64_t(380), int64_t(399), int64_t(210)}) {
            view.centerOnChip(chip);
            const QPointF topLeft = view.toMap(QPointF(0, 0));
            const QPointF bottomRight = view.toMap(QPointF(view.width(), view.height()));
            const QRectF shown = QRectF(topLeft, bottomRight).normalized();
            const double slack = view.resolution();
            QVERIFY2(shown.left() >= extent.left() - slack &&
                         shown.right() <= extent.right() + slack &&
                         shown.top() >= extent.top() - slack &&
                         shown.bottom() <= extent.bottom() + slack,
                     qPrintable(QString::number(chip)));
            QVERIFY(view.rect().contains(view.screenPosition(chip)));
            QCOMPARE(view.chipAt(view.screenPosition(chip)), chip);
        }
    }

    void aMillionChipsAreAggregatedWhenZoomedOut()
    {
        auto dataset = gridDataset(naipBox(), 1000, 1000, 1);
        MapView view;
        view.resize(800, 600);
        view.setDataset(dataset);
        ReviewTable review;
        view.setReviewDocument(&review);
        review.setLabel(5, LabelValue::Positive);
        review.setCandidates({{100, 0.9f}, {200, 0.5f}});
        view.grab();
        QCOMPARE(view.lastVisibleChips(), size_t(1000000));
        QVERIFY(view.lastPaintAggregated());

        view.centerOnChip(500500);
        view.grab();
        QVERIFY(view.lastVisibleChips() > 0);
        QVERIFY(view.lastVisibleChips() < 2000);
        QVERIFY(!view.lastPaintAggregated());
        QCOMPARE(view.chipAt(view.screenPosition(500500)), 500500);
    }

    // A scatter selection highlighted on the map must be visible whatever the zoom: as outlines
    // when footprints are large, as markers when they are a few pixels wide or aggregated into
    // the density raster (where the footprints themselves are not drawn at all).
    void highlightedChipsAreVisibleAtEveryZoom_data()
    {
        QTest::addColumn<double>("chipPixels");
        QTest::addColumn<bool>("aggregated");
        QTest::newRow("aggregated (1.2 px chips)") << 1.2 << true;
        QTest::newRow("tiny footprints (4 px)") << 4.0 << false;
        QTest::newRow("large footprints (30 px)") << 30.0 << false;
    }
    void highlightedChipsAreVisibleAtEveryZoom()
    {
        QFETCH(double, chipPixels);
        QFETCH(bool, aggregated);
        auto dataset = gridDataset(naipBox(), 300, 300, 1);
        MapView view;
        view.resize(640, 480);
        view.setDataset(dataset);
        const int64_t middle = 150 * 300 + 150;
        const double chipWidth = view.geometry()->bounds(middle).width();
        view.setView(view.geometry()->center(middle), chipWidth / chipPixels);
        const QImage before = view.grab().toImage();
        QCOMPARE(view.lastPaintAggregated(), aggregated);
        QCOMPARE(highlightPixels(before), 0);

        // About 30 px apart on screen (at least 5 chips), so the markers do not overlap.
        const int64_t apart = std::max<int64_t>(5, int64_t(std::ceil(30.0 / chipPixels)));
        const std::vector<int64_t> chips{middle, middle + apart, middle + apart * 300};
        view.setHighlightedChips(chips);
        const QImage after = view.grab().toImage();
        QCOMPARE(view.lastPaintAggregated(), aggregated);
        for (int64_t chip : chips) {
            const QPoint p = view.screenPosition(chip);
            QVERIFY2(view.rect().contains(p), qPrintable(QString::number(chip)));
            // The chip's own position or a pixel right next to it is the highlight colour (outlines
            // of large footprints run along the border, so look along the row to the edge).
            bool found = false;
            const int reach = int(std::ceil(chipPixels / 2.0)) + 2;
            for (int dx = -reach; dx <= reach && !found; ++dx) {
                const QColor colour(after.pixel(p.x() + dx, p.y()));
                const QColor selection = Palette::color(Palette::Role::Selection);
                found = colour.rgb() == selection.rgb() ||
                        (std::abs(colour.red() - selection.red()) < 40 &&
                         std::abs(colour.green() - selection.green()) < 40 &&
                         std::abs(colour.blue() - selection.blue()) < 40);
            }
            QVERIFY2(found, qPrintable(QStringLiteral("chip %1 not highlighted at %2 px/chip")
                                           .arg(chip)
                                           .arg(chipPixels)));
        }
        if (chipPixels < 8.0) {
            // Markers of a minimum size: every highlighted chip makes a square in the selection
            // colour of at least 6 × 6 px (in a dark rim), and no more than that is coloured.
            const int pixels = highlightPixels(after);
            QVERIFY2(pixels >= 3 * 36, qPrintable(QString::number(pixels)));
            QVERIFY2(pixels <= 3 * 64, qPrintable(QString::number(pixels)));
        }
        // Cleared again: no trace left.
        view.setHighlightedChips({});
        QCOMPARE(highlightPixels(view.grab().toImage()), 0);

        // The selected chip is marked too (a ring in the palette's current-chip colour when
        // footprints are small).
        view.setSelectedChip(middle);
        const QImage selected = view.grab().toImage();
        const QColor current = Palette::color(Palette::Role::Current);
        int ring = 0;
        for (int y = 0; y < selected.height(); ++y)
            for (int x = 0; x < selected.width(); ++x) {
                const QColor c = selected.pixelColor(x, y);
                ring += std::abs(c.red() - current.red()) < 30 &&
                        std::abs(c.green() - current.green()) < 30 &&
                        std::abs(c.blue() - current.blue()) < 30;
            }
        QVERIFY2(ring >= 20, qPrintable(QString::number(ring)));
    }
};

QTEST_MAIN(TestMapView)
#include "tst_mapview.moc"
