// Locate-in-chip heatmaps and tight footprints on the bundled demo (NAIP 2020, 24 px chips):
// for the pond chips, the heat maximum lies on NDWI water and the tight footprints overlap the
// water polygons better than the whole chips do.

#include "common/errors.h"
#include "dataset/datasetreader.h"
#include "embed/chipdatasetbuilder.h"
#include "embed/demodataset.h"
#include "embed/locate.h"
#include "embed/watertruth.h"
#include "project/projectstore.h"

#include <QElapsedTimer>
#include <QTest>

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <memory>

using namespace chipfinder;

namespace {

const std::string kDemoRaster = DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif";

std::unique_ptr<OGRGeometry> geometryOf(const std::vector<uint8_t> &wkb)
{
    OGRGeometry *raw = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE)
        return nullptr;
    return std::unique_ptr<OGRGeometry>(raw);
}

double areaOf(const OGRGeometry *g)
{
    if (!g || g->IsEmpty())
        return 0.0;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon)
        return g->toPolygon()->get_Area();
    if (type == wkbMultiPolygon)
        return g->toMultiPolygon()->get_Area();
    if (type == wkbGeometryCollection)
        return g->toGeometryCollection()->get_Area();
    return 0.0;
}

// Area of a ∩ b and of a ∪ b.
std::pair<double, double> overlap(const OGRGeometry *a, const OGRGeometry *b)
{
    const double areaA = areaOf(a), areaB = areaOf(b);
    if (!a || !b || areaA == 0.0 || areaB == 0.0)
        return {0.0, areaA + areaB};
    std::unique_ptr<OGRGeometry> both(a->Intersection(b));
    const double inter = areaOf(both.get());
    return {inter, areaA + areaB - inter};
}

} // namespace

class TestLocate : public QObject
{
    Q_OBJECT

    DemoDataset m_demo;
    std::shared_ptr<const Dataset> m_dataset;
    std::vector<int64_t> m_ponds, m_dry;

private slots:
    void initTestCase()
    {
        GDALAllRegister();
        m_demo = ensureDemoDataset(kDemoRaster, TEST_OUTPUT_DIR "/locate-demo");
        m_dataset = std::make_shared<const Dataset>(openDataset(m_demo.datasetPath));
        const AttributeColumn *pond = m_dataset->attribute("pond");
        const AttributeColumn *water = m_dataset->attribute("water");
        QVERIFY(pond && water);
        for (size_t i = 0; i < m_dataset->size(); ++i) {
            if (pond->values[i] == "1")
                m_ponds.push_back(int64_t(i));
            else if (water->values[i] == "0")
                m_dry.push_back(int64_t(i));
        }
        QVERIFY(m_ponds.size() > 100);
    }

    // fit() + apply() on the embedded rows is exactly what embed() with standardize returns.
    void standardizationIsReusable()
    {
        ChipperOptions chipper;
        chipper.chipSize = 24;
        const ChipGrid full = Chipper(chipper).tile(kDemoRaster);
        ChipGrid grid = full;
        grid.chips.resize(200);
        MosaiksEmbedder embedder;
        embedder.fit(grid);
        const EmbeddingMatrix standardized = embedder.embed(grid);
        EmbeddingMatrix raw = embedder.embedFeatures(grid.rasterPath, grid);
        const FeatureStandardization standardization =
            FeatureStandardization::fit(raw, embedder.pooledDim());
        standardization.apply(raw);
        QCOMPARE(raw.rows(), standardized.rows());
        QVERIFY(std::equal(raw.data(), raw.data() + raw.rows() * raw.dim(), standardized.data()));
        EmbeddingMatrix wrong(1, raw.dim() + 1);
        QVERIFY_THROWS_EXCEPTION(UsageError, standardization.apply(wrong));
    }

    void pondHeatFallsOnWater_data()
    {
        QTest::addColumn<bool>("withNegatives");
        QTest::newRow("positives and negatives") << true;
        QTest::newRow("positives only") << false;
    }

    void pondHeatFallsOnWater()
    {
        LocateOptions options;
        options.rasterPath = m_demo.imageryPath;
        const LocatorChoice choice = makeChipLocator(m_dataset, options);
        QCOMPARE(choice.mode, LocateMode::SubWindows);
        QVERIFY(choice.locator);

        // An analyst's query: five pond chips positive, five dry chips negative; every other pond
        // chip is located.
        std::vector<int64_t> positives, negatives, targets;
        for (size_t i = 0; i < m_ponds.size(); ++i)
            (i % 24 == 0 && positives.size() < 5 ? positives : targets).push_back(m_ponds[i]);
        for (size_t i = 0; i < 5; ++i)
            negatives.push_back(m_dry[i * m_dry.size() / 5]);
        QFETCH(bool, withNegatives);
        if (!withNegatives)
            negatives.clear(); // scored against background chips instead
        const LocateQuery query{positives, negatives};

        QElapsedTimer timer;
        timer.start();
        const std::vector<ChipHeatmap> maps = choice.locator->heatmaps(targets, query);
        const double msPerChip = double(timer.elapsed()) / double(targets.size());
        QCOMPARE(maps.size(), targets.size());

        WaterTruth truth;
        truth.compute(kDemoRaster);
        const auto &water = truth.waterMask();
        GDALDatasetUniquePtr waterLayer(
            GDALDataset::Open(m_demo.waterLayerPath.c_str(), GDAL_OF_VECTOR));
        QVERIFY(waterLayer);
        OGRMultiPolygon allWater;
        for (auto &feature : *waterLayer->GetLayer(0))
            if (const OGRGeometry *g = feature->GetGeometryRef()) {
                if (wkbFlatten(g->getGeometryType()) == wkbPolygon)
                    allWater.addGeometry(g);
                else if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon)
                    for (const OGRPolygon *p : *g->toMultiPolygon())
                        allWater.addGeometry(p);
            }

        const double thresholds[] = {0.5, 0.7, 0.9};
        size_t onWater = 0;
        double wholeIou = 0.0;
        double wholeInter = 0.0, wholeUnion = 0.0;
        double tightIou[3] = {0, 0, 0}, tightInter[3] = {0, 0, 0}, tightUnion[3] = {0, 0, 0};
        for (const ChipHeatmap &map : maps) {
            const size_t chip = size_t(map.chip);
            QCOMPARE(map.width, 24);
            QCOMPARE(map.height, 24);
            QVERIFY(map.maximum >= map.minimum);
            const int x =
                int(std::lround(std::stod(*m_dataset->attribute("pixel_x")->values[chip])));
            const int y =
                int(std::lround(std::stod(*m_dataset->attribute("pixel_y")->values[chip])));
            onWater +=
                water[size_t(y + map.peakRow) * size_t(truth.width()) + size_t(x + map.peakColumn)];

            auto footprint = geometryOf(m_dataset->sourceWkb[chip]);
            QVERIFY(footprint);
            std::unique_ptr<OGRGeometry> waterInChip(footprint->Intersection(&allWater));
            const auto [wi, wu] = overlap(footprint.get(), waterInChip.get());
            wholeIou += wi / wu;
            wholeInter += wi;
            wholeUnion += wu;
            for (int t = 0; t < 3; ++t) {
                const std::vector<uint8_t> wkb = tightFootprint(map, thresholds[t]);
                auto tight = geometryOf(wkb);
                QVERIFY(tight);
                // The polygons are the mask's cells (5 m pixels).
                const std::vector<uint8_t> mask = tightMask(map, thresholds[t]);
                const double cells = double(std::count(mask.begin(), mask.end(), 1));
                QVERIFY(cells >= 1);
                QVERIFY(std::abs(areaOf(tight.get()) - cells * 25.0) < 1e-3);
                const auto [ti, tu] = overlap(tight.get(), waterInChip.get());
                tightIou[t] += ti / tu;
                tightInter[t] += ti;
                tightUnion[t] += tu;
            }
        }
        const double n = double(maps.size());
        const double share = double(onWater) / n;
        qInfo("%zu pond chips located (%zu positives, %zu negatives), %.1f ms per chip",
              maps.size(), positives.size(), negatives.size(), msPerChip);
        qInfo("heat maximum on NDWI water: %zu of %zu = %.1f %%", onWater, maps.size(),
              100.0 * share);
        qInfo("IoU with the water polygons, whole chips: mean %.3f, pooled %.3f", wholeIou / n,
              wholeInter / wholeUnion);
        for (int t = 0; t < 3; ++t)
            qInfo("IoU, tight footprints (threshold %.1f): mean %.3f, pooled %.3f", thresholds[t],
                  tightIou[t] / n, tightInter[t] / tightUnion[t]);
        // The target (issue 14) for the analyst's query; without negatives the chips least like
        // the positives stand in for them, which localises less well.
        const double target = withNegatives ? 0.9 : 0.8;
        QVERIFY2(share >= target, qPrintable(QString::number(100.0 * share) + " % on water"));
        // At the default threshold the tight footprints overlap the water better than the chips.
        QCOMPARE(thresholds[1], LocateOptions{}.tightThreshold);
        QVERIFY(tightIou[1] / n > 1.5 * wholeIou / n);
        QVERIFY(tightInter[1] / tightUnion[1] > 1.5 * wholeInter / wholeUnion);
    }

    // Without the imagery and with side-by-side chips the demo cannot localise; with other
    // embedder options the stored embeddings are not reproduced and sub-windows are refused.
    void unavailableIsReported()
    {
        LocateOptions options;
        options.rasterPath = TEST_OUTPUT_DIR "/no-such-raster.tif";
        LocatorChoice choice = makeChipLocator(m_dataset, options);
        QCOMPARE(choice.mode, LocateMode::Unavailable);
        QVERIFY(!choice.locator);
        QVERIFY(choice.reason.find("does not exist") != std::string::npos);
        QVERIFY(choice.reason.find("no two chips overlap") != std::string::npos);

        options.rasterPath = m_demo.imageryPath;
        options.embedder.seed = 7;
        choice = makeChipLocator(m_dataset, options);
        QCOMPARE(choice.mode, LocateMode::Unavailable);
        QVERIFY2(choice.reason.find("not the built-in embedder's") != std::string::npos,
                 choice.reason.c_str());
        QCOMPARE(std::string(locateModeName(choice.mode)), std::string("unavailable"));

        QVERIFY_THROWS_EXCEPTION(UsageError, locateQuery(m_dataset->embeddings, {}, {}));
        options.embedder.seed = 0;
        choice = makeChipLocator(m_dataset, options);
        QVERIFY(choice.locator);
        const int64_t chips[] = {0};
        QVERIFY_THROWS_EXCEPTION(UsageError, choice.locator->heatmaps(chips, LocateQuery{}));
        const int64_t outside[] = {int64_t(m_dataset->size())};
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 choice.locator->heatmaps(outside, LocateQuery{{1}, {}}));
    }

    // Heatmaps round-trip through bytes and the project's cache; a project without the cache
    // table reads as empty and gains it on the first write, which drops other queries' entries.
    void heatmapCache()
    {
        ChipHeatmap map;
        map.chip = 7;
        map.width = 3;
        map.height = 2;
        map.geoTransform = {500000.0, 5.0, 0.0, 5200000.0, 0.0, -5.0};
        map.heat = {0.1f, 0.5f, 0.2f, std::nanf(""), 0.9f, -0.3f};
        const std::vector<uint8_t> bytes = encodeHeatmap(map);
        const std::optional<ChipHeatmap> back = decodeHeatmap(bytes);
        QVERIFY(back);
        QCOMPARE(back->chip, map.chip);
        QCOMPARE(back->width, 3);
        QCOMPARE(back->geoTransform, map.geoTransform);
        QCOMPARE(back->maximum, 0.9f);
        QCOMPARE(back->minimum, -0.3f);
        QCOMPARE(back->peakColumn, 1);
        QCOMPARE(back->peakRow, 1);
        QVERIFY(std::isnan(back->heat[3]));
        QVERIFY(!decodeHeatmap(std::span(bytes).first(bytes.size() - 1)));
        std::vector<uint8_t> other = bytes;
        other[0] = 'X';
        QVERIFY(!decodeHeatmap(other));

        const std::string path = TEST_OUTPUT_DIR "/locate-cache.chipfinder.gpkg";
        std::filesystem::remove(path);
        {
            auto store = ProjectStore::create(path, {"data.gpkg", {}});
            QVERIFY(!store->heatmap("r0_c0", "q1"));
            store->setHeatmap("r0_c0", "q1", bytes);
            store->setHeatmap("r0_c1", "q1", bytes);
            QVERIFY(store->heatmap("r0_c0", "q1") == bytes);
        }
        {
            auto store = ProjectStore::openReadOnly(path);
            QVERIFY(store->heatmap("r0_c1", "q1") == bytes);
        }
        auto store = ProjectStore::open(path);
        store->setHeatmap("r0_c0", "q2", bytes);
        QVERIFY(!store->heatmap("r0_c1", "q1"));
        QVERIFY(store->heatmap("r0_c0", "q2"));
    }

    // External embeddings on a half-overlapping tiling: the overlapping chips' scores are
    // accumulated; the heat maximum is measured on water like above.
    void overlappingChipsLocalise()
    {
        ChipDatasetOptions build;
        build.chipper.chipSize = 24;
        build.chipper.stride = 12;
        ChipDatasetBuilder builder(build);
        auto dataset = std::make_shared<Dataset>(builder.build(kDemoRaster));
        dataset->imageryPath.clear(); // as if the embeddings came from elsewhere
        dataset->attributes.clear();
        const std::shared_ptr<const Dataset> shared = dataset;
        const LocatorChoice choice = makeChipLocator(shared, {});
        QCOMPARE(choice.mode, LocateMode::OverlappingChips);
        QVERIFY(choice.locator);

        WaterTruth truth;
        truth.compute(kDemoRaster);
        const ChipWaterTruth chipTruth = truth.chipTruth(builder.grid());
        std::vector<int64_t> ponds;
        for (size_t i = 0; i < chipTruth.pond.size(); ++i)
            if (chipTruth.pond[i] && builder.grid().chips[i].row % 2 == 0 &&
                builder.grid().chips[i].col % 2 == 0)
                ponds.push_back(int64_t(i));
        std::vector<int64_t> positives(ponds.begin(), ponds.begin() + 5);
        const LocateQuery query{positives, {}};
        const std::vector<int64_t> targets(ponds.begin() + 5, ponds.end());
        const std::vector<ChipHeatmap> maps = choice.locator->heatmaps(targets, query);
        size_t onWater = 0;
        double tightWater = 0, tightCells = 0, chipWater = 0, chipCells = 0;
        for (const ChipHeatmap &map : maps) {
            QVERIFY(map.width >= 30 && map.height >= 30);
            const std::vector<uint8_t> tight = tightMask(map, 0.5);
            for (int r = 0; r < map.height; ++r)
                for (int c = 0; c < map.width; ++c) {
                    const size_t i = size_t(r) * size_t(map.width) + size_t(c);
                    if (!std::isfinite(map.heat[i]))
                        continue;
                    const auto &g = builder.grid().geoTransform;
                    const double x = map.geoTransform[0] + (c + 0.5) * map.geoTransform[1];
                    const double y = map.geoTransform[3] + (r + 0.5) * map.geoTransform[5];
                    const size_t pixel = size_t((y - g[3]) / g[5]) * size_t(truth.width()) +
                                         size_t((x - g[0]) / g[1]);
                    const double wet = truth.waterMask()[pixel];
                    chipWater += wet;
                    chipCells += 1;
                    tightWater += tight[i] * wet;
                    tightCells += tight[i];
                }
            // Cell centre → raster pixel through the inverse of the raster's north-up geotransform.
            const auto &gt = builder.grid().geoTransform;
            const double cx = map.geoTransform[0] + (map.peakColumn + 0.5) * map.geoTransform[1];
            const double cy = map.geoTransform[3] + (map.peakRow + 0.5) * map.geoTransform[5];
            const int px = int((cx - gt[0]) / gt[1]), py = int((cy - gt[3]) / gt[5]);
            onWater += truth.waterMask()[size_t(py) * size_t(truth.width()) + size_t(px)];
            QVERIFY(!tightFootprint(map, 0.5).empty());
        }
        const double share = double(onWater) / double(maps.size());
        qInfo("overlapping chips (stride 12 px): heat maximum on water for %zu of %zu pond chips "
              "(%.1f %%); water in the tight footprints %.1f %%, in the whole chips %.1f %%",
              onWater, maps.size(), 100.0 * share, 100.0 * tightWater / tightCells,
              100.0 * chipWater / chipCells);
        QVERIFY(tightWater / tightCells > chipWater / chipCells);
    }
};

QTEST_GUILESS_MAIN(TestLocate)
#include "tst_locate.moc"
