// NDWI water / pond ground truth on the real NAIP scene (SHARED_DATA_DIR).

#include "common/errors.h"
#include "common/feedback.h"
#include "embed/chipper.h"
#include "embed/watertruth.h"

#include <QDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <numeric>

using namespace chipfinder;

namespace {

const std::string kNaip2020 = SHARED_DATA_DIR "/naip/m_4709963_se_14_1_20200831.tif";

} // namespace

class TestEmbedWater : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QFile::exists(QString::fromStdString(kNaip2020)))
            QSKIP("shared NAIP data not found");
        QDir().mkpath(QStringLiteral(TEST_OUTPUT_DIR "/embedwater"));
    }

    void masksAndPolygonsAgree()
    {
        WaterTruth truth;
        truth.compute(kNaip2020);
        QCOMPARE(truth.width(), 934);
        QCOMPARE(truth.height(), 723);
        const auto &water = truth.waterMask();
        const auto &pond = truth.pondMask();
        const size_t waterPixels = size_t(std::accumulate(water.begin(), water.end(), 0));
        const size_t pondPixels = size_t(std::accumulate(pond.begin(), pond.end(), 0));
        // Known places (pixel x, y, seen on the image): the large central lake, the large dark
        // lake in the north-east (> 5 ha), a small dark pond in the centre, a bare and a green
        // field.
        QVERIFY(water[size_t(450) * 934 + 470]);
        QVERIFY(!pond[size_t(450) * 934 + 470]);
        QVERIFY(water[size_t(60) * 934 + 855]);
        QVERIFY(!pond[size_t(60) * 934 + 855]);
        QVERIFY(pond[size_t(330) * 934 + 548]);
        QVERIFY(!water[size_t(470) * 934 + 700]);
        QVERIFY(!water[size_t(100) * 934 + 600]);
        QVERIFY(!water[size_t(600) * 934 + 880]); // wet bare soil, NDWI 0.05
        // A pond pixel is a water pixel.
        for (size_t i = 0; i < pond.size(); ++i)
            QVERIFY(!pond[i] || water[i]);
        // Polygons follow pixel edges: their areas add up to the masks (5 m pixels = 25 m²).
        double waterArea = 0.0, pondArea = 0.0;
        size_t ponds = 0;
        for (const WaterBody &body : truth.waterBodies()) {
            QVERIFY(body.areaM2 >= 4 * 25.0 - 1e-6); // sieved: at least 4 pixels
            QCOMPARE(body.pond, body.areaM2 <= truth.options().maxPondAreaM2);
            waterArea += body.areaM2;
            if (body.pond) {
                pondArea += body.areaM2;
                ++ponds;
            }
        }
        qInfo("%zu water bodies (%zu ponds); water %.1f %% of the scene, ponds %.1f %%",
              truth.waterBodies().size(), ponds, 100.0 * waterPixels / water.size(),
              100.0 * pondPixels / pond.size());
        QCOMPARE(waterArea, waterPixels * 25.0);
        QCOMPARE(pondArea, pondPixels * 25.0);
        QVERIFY(ponds > 50 && ponds < truth.waterBodies().size());
    }

    void chipTruthHasBothClasses_data()
    {
        QTest::addColumn<int>("chipSize");
        QTest::newRow("24 px") << 24;
        QTest::newRow("32 px") << 32;
    }
    void chipTruthHasBothClasses()
    {
        QFETCH(int, chipSize);
        const ChipGrid grid = Chipper({chipSize, chipSize, 0.5}).tile(kNaip2020);
        WaterTruth truth;
        truth.compute(kNaip2020);
        const ChipWaterTruth chips = truth.chipTruth(grid);
        QCOMPARE(chips.pond.size(), grid.size());
        size_t ponds = 0, waters = 0;
        for (size_t i = 0; i < grid.size(); ++i) {
            QVERIFY(chips.pondFraction[i] <= chips.waterFraction[i]);
            QVERIFY(chips.waterFraction[i] >= 0.0 && chips.waterFraction[i] <= 1.0);
            QCOMPARE(bool(chips.pond[i]), chips.pondFraction[i] >= 0.05);
            ponds += chips.pond[i];
            waters += chips.water[i];
        }
        qInfo("%d px chips: %zu chips, %zu with water, %zu ponds", chipSize, grid.size(), waters,
              ponds);
        // Ponds are a minority class; open water of any size is common in this scene.
        QVERIFY(ponds > grid.size() / 20);
        QVERIFY(ponds < grid.size() / 3);
        QVERIFY(waters > ponds);
    }

    void polygonsAreWritten_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("pondsOnly");
        QTest::newRow("gpkg all") << "water.gpkg" << false;
        QTest::newRow("gpkg ponds") << "ponds.gpkg" << true;
        QTest::newRow("geojson ponds") << "ponds.geojson" << true;
    }
    void polygonsAreWritten()
    {
        QFETCH(QString, file);
        QFETCH(bool, pondsOnly);
        WaterTruth truth;
        truth.compute(kNaip2020);
        const std::string path =
            (QStringLiteral(TEST_OUTPUT_DIR "/embedwater/") + file).toStdString();
        truth.writePolygons(path, pondsOnly ? "ponds" : "water", pondsOnly);
        truth.writePolygons(path, pondsOnly ? "ponds" : "water", pondsOnly); // replaces
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
        QVERIFY(ds);
        QCOMPARE(ds->GetLayerCount(), 1);
        OGRLayer *layer = ds->GetLayer(0);
        size_t expected = 0;
        for (const auto &body : truth.waterBodies())
            expected += !pondsOnly || body.pond;
        QCOMPARE(size_t(layer->GetFeatureCount()), expected);
        QVERIFY(layer->GetSpatialRef());
        QCOMPARE(QString(layer->GetSpatialRef()->GetAuthorityCode(nullptr)),
                 QStringLiteral("26914"));
        for (auto &feature : *layer) {
            if (pondsOnly)
                QCOMPARE(QString(feature->GetFieldAsString("kind")), QStringLiteral("pond"));
            QVERIFY(feature->GetFieldAsDouble("area_m2") > 0.0);
        }
    }

    void badInput()
    {
        WaterTruthOptions options;
        options.nirBand = 5;
        QVERIFY_THROWS_EXCEPTION(DataError, WaterTruth(options).compute(kNaip2020));
        Feedback canceled;
        canceled.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, WaterTruth().compute(kNaip2020, &canceled));
    }
};

QTEST_GUILESS_MAIN(TestEmbedWater)
#include "tst_embedwater.moc"
