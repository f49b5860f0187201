// The bundled demo (DEMO_DATA_DIR): ensureDemoDataset builds chips, embeddings, pond truth, water
// polygons and a Web Mercator basemap once, and reuses the cache afterwards.

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetreader.h"
#include "embed/demodataset.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>

using namespace chipfinder;

namespace {

const std::string kDemoRaster = DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif";

QDateTime modified(const std::string &path)
{
    return QFileInfo(QString::fromStdString(path)).lastModified();
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT
private slots:
    void shippedFilesArePresent()
    {
        QVERIFY(QFileInfo::exists(QStringLiteral(DEMO_DATA_DIR "/README.md")));
        QVERIFY(QFileInfo::exists(QStringLiteral(DEMO_DATA_DIR "/LICENSE-opengeos-data")));
        GDALAllRegister();
        GDALDatasetUniquePtr raster(GDALDataset::Open(kDemoRaster.c_str(), GDAL_OF_RASTER));
        QVERIFY(raster);
        QCOMPARE(raster->GetRasterXSize(), 934);
        QCOMPARE(raster->GetRasterYSize(), 723);
        QCOMPARE(raster->GetRasterCount(), 4);
    }

    void buildsOnceThenReusesTheCache()
    {
        QTemporaryDir cache;
        QVERIFY(cache.isValid());
        std::vector<double> progress;
        Feedback feedback([&](double f) { progress.push_back(f); });
        const DemoDataset demo =
            ensureDemoDataset(kDemoRaster, cache.path().toStdString(), &feedback);
        QVERIFY(demo.rebuilt);
        QCOMPARE(demo.truthColumn, std::string("pond"));
        QVERIFY(!progress.empty());
        QCOMPARE(progress.back(), 1.0);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));

        // The chip dataset opens and has both classes of pond truth.
        const Dataset dataset = openDataset(demo.datasetPath);
        QCOMPARE(int(dataset.size()), 38 * 30); // 24 px chips of the 934 × 723 scene
        QCOMPARE(dataset.dim(), size_t(2 * 256 + 4 * 4));
        const AttributeColumn *pond = dataset.attribute(demo.truthColumn);
        QVERIFY(pond);
        size_t positives = 0, negatives = 0;
        for (const auto &value : pond->values) {
            QVERIFY(value.has_value());
            if (*value == "1")
                ++positives;
            else if (*value == "0")
                ++negatives;
        }
        QCOMPARE(positives + negatives, dataset.size());
        qInfo("demo: %zu chips, %zu pond chips", dataset.size(), positives);
        QVERIFY(positives > 50);
        QVERIFY(positives < negatives); // ponds are the minority class
        QVERIFY(dataset.attribute("water_fraction"));
        QVERIFY(dataset.indexOf("r0_c0") >= 0);

        // Basemap: RGB + alpha in Web Mercator with overviews.
        GDALDatasetUniquePtr basemap(GDALDataset::Open(demo.basemapPath.c_str(), GDAL_OF_RASTER));
        QVERIFY(basemap);
        QCOMPARE(basemap->GetRasterCount(), 4);
        QVERIFY(basemap->GetSpatialRef());
        QCOMPARE(QString(basemap->GetSpatialRef()->GetAuthorityCode(nullptr)),
                 QStringLiteral("3857"));
        QVERIFY(basemap->GetRasterBand(1)->GetOverviewCount() >= 2);
        QCOMPARE(basemap->GetRasterBand(4)->GetColorInterpretation(), GCI_AlphaBand);

        // Polygon truth layers.
        for (const std::string &path : {demo.waterLayerPath, demo.pondLayerPath}) {
            GDALDatasetUniquePtr layer(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
            QVERIFY(layer);
            QVERIFY(layer->GetLayer(0)->GetFeatureCount() > 50);
        }

        // Second call: nothing is rebuilt, the files stay as they are.
        const QDateTime before = modified(demo.datasetPath);
        const DemoDataset again = ensureDemoDataset(kDemoRaster, cache.path().toStdString());
        QVERIFY(!again.rebuilt);
        QCOMPARE(again.datasetPath, demo.datasetPath);
        QCOMPARE(modified(again.datasetPath), before);

        // A different version stamp (other parameters) forces a rebuild.
        const std::string stamp = (cache.path() + QStringLiteral("/naip-demo.stamp")).toStdString();
        QVERIFY(QFileInfo::exists(QString::fromStdString(stamp)));
        std::ofstream(stamp) << "chipfinder-demo v0 chip=32\n";
        const DemoDataset rebuilt = ensureDemoDataset(kDemoRaster, cache.path().toStdString());
        QVERIFY(rebuilt.rebuilt);
        QCOMPARE(int(openDataset(rebuilt.datasetPath).size()), 38 * 30);
    }

    void cancelLeavesNoValidCache()
    {
        QTemporaryDir cache;
        Feedback feedback;
        feedback.setCallback([&](double f) {
            if (f > 0.3)
                feedback.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(
            CanceledError, ensureDemoDataset(kDemoRaster, cache.path().toStdString(), &feedback));
        QVERIFY(!QFileInfo::exists(cache.path() + QStringLiteral("/naip-demo.stamp")));
        QVERIFY_THROWS_EXCEPTION(
            DataError, ensureDemoDataset(kDemoRaster + ".missing", cache.path().toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
