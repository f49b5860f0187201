// Embedding rasters: chips are pixel blocks, their vector the mean over valid pixels.

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "dataset/datasetreader.h"

#include <QTest>

using namespace chipfinder;
using namespace chipfinder::test;

namespace {

constexpr double kNodata = -9999.0;

// A 3-band float GeoTIFF cut from the NAIP scene (bands R, G, NIR), width × height px, in the
// NAIP's CRS and georeferencing, with the pixels where nodataMask says so set to nodata.
std::vector<float> writeEmbeddingRaster(const std::string &path, int width, int height,
                                        const std::function<bool(int, int)> &nodataMask)
{
    GDALDatasetUniquePtr naip(GDALDataset::Open(naipPath(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    std::vector<float> pixels(size_t(width) * height * 3);
    int bandMap[3] = {1, 2, 4};
    if (naip->RasterIO(GF_Read, 100, 100, width, height, pixels.data(), width, height, GDT_Float32,
                       3, bandMap, 0, 0, 0, nullptr) != CE_None)
        throw std::runtime_error("NAIP read failed");
    for (int b = 0; b < 3; ++b)
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                if (nodataMask(x, y))
                    pixels[(size_t(b) * height + y) * width + x] = float(kNodata);
    std::array<double, 6> transform{};
    naip->GetGeoTransform(transform.data());
    transform[0] += 100 * transform[1];
    transform[3] += 100 * transform[5];
    GDALDriver *gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr out(gtiff->Create(path.c_str(), width, height, 3, GDT_Float32, nullptr));
    out->SetGeoTransform(transform.data());
    out->SetSpatialRef(naip->GetSpatialRef());
    for (int b = 1; b <= 3; ++b)
        out->GetRasterBand(b)->SetNoDataValue(kNodata);
    if (out->RasterIO(GF_Write, 0, 0, width, height, pixels.data(), width, height, GDT_Float32, 3,
                      nullptr, 0, 0, 0, nullptr) != CE_None)
        throw std::runtime_error("GeoTIFF write failed");
    return pixels;
}

} // namespace

class TestDatasetRaster : public QObject
{
    Q_OBJECT

    std::string m_dir;

private slots:
    void initTestCase()
    {
        GDALAllRegister();
        m_dir = scratchDir("tst_datasetraster");
    }

    // The NAIP scene read as a 4-band "embedding raster" gives the fixture's block means.
    void naipBlocksMatchFixture()
    {
        NaipBlocks blocks;
        const Dataset fixture = naipDataset(32, &blocks);
        DatasetOpenOptions options;
        options.rasterChipSize = 32;
        const Dataset raster = openDataset(naipPath(), options);
        QCOMPARE(raster.driver, std::string("GTiff"));
        QCOMPARE(raster.dim(), size_t(4));
        QVERIFY(raster.size() > fixture.size() * 9 / 10);
        const ToLonLat toLonLat(blocks.crsWkt);
        size_t compared = 0;
        for (size_t i = 0; i < raster.size(); ++i) {
            const int64_t j = fixture.indexOf(raster.ids[i]);
            QVERIFY(j >= 0);
            const int r = int(j) / blocks.cols, c = int(j) % blocks.cols;
            std::vector<std::array<double, 2>> corners;
            for (const auto &p : blocks.ring(r, c))
                corners.push_back(toLonLat(p));
            QVERIFY(ringHasCorners(raster, i, corners, 1e-7));
            // Blocks without nodata pixels: the plain mean.
            {
                bool plain = true;
                for (int b = 0; b < 4; ++b)
                    plain = plain && std::abs(raster.embeddings.row(i)[b] -
                                              fixture.embeddings.row(j)[b]) < 1e-3f;
                compared += plain;
            }
        }
        QVERIFY2(compared > raster.size() * 9 / 10, qPrintable(QString::number(compared)));
        QCOMPARE(raster.attribute("block_row")->values[0], std::optional<std::string>("0"));
    }

    // 70 × 50 px with 16 px chips: 4 × 3 full blocks (edges dropped); block r0_c0 all nodata
    // (skipped); block r0_c1 half nodata (mean of the valid half).
    void nodataAndEdges()
    {
        const std::string path = m_dir + "/embedding.tif";
        const auto nodata = [](int x, int y) {
            return (x < 16 && y < 16) || (x >= 16 && x < 24 && y < 16);
        };
        const auto pixels = writeEmbeddingRaster(path, 70, 50, nodata);
        DatasetOpenOptions options;
        options.rasterChipSize = 16;
        const Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.size(), size_t(11));
        QCOMPARE(dataset.indexOf("r0_c0"), int64_t(-1));
        QCOMPARE(dataset.indexOf("r2_c3"), int64_t(10));
        QCOMPARE(dataset.indexOf("r3_c0"), int64_t(-1));
        QCOMPARE(dataset.indexOf("r0_c4"), int64_t(-1));
        const int64_t half = dataset.indexOf("r0_c1");
        QVERIFY(half >= 0);
        for (int b = 0; b < 3; ++b) {
            double sum = 0.0;
            for (int y = 0; y < 16; ++y)
                for (int x = 24; x < 32; ++x)
                    sum += pixels[(size_t(b) * 50 + y) * 70 + x];
            QVERIFY(std::abs(dataset.embeddings.row(size_t(half))[b] - sum / 128.0) < 1e-3);
        }
    }

    void badRasters_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("problem");
        QTest::newRow("smaller than a chip") << "small"
                                             << "smaller than one chip";
        QTest::newRow("no georeferencing") << "nogeo"
                                           << "no georeferencing";
        QTest::newRow("all nodata") << "allnodata"
                                    << "no chips";
    }
    void badRasters()
    {
        QFETCH(QString, kind);
        QFETCH(QString, problem);
        const std::string path = m_dir + "/bad-" + kind.toStdString() + ".tif";
        DatasetOpenOptions options;
        options.rasterChipSize = 16;
        if (kind == "small") {
            writeEmbeddingRaster(path, 12, 40, [](int, int) { return false; });
        } else if (kind == "allnodata") {
            writeEmbeddingRaster(path, 32, 32, [](int, int) { return true; });
        } else {
            GDALDriver *gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
            GDALDatasetUniquePtr out(gtiff->Create(path.c_str(), 32, 32, 2, GDT_Float32, nullptr));
            out->GetRasterBand(1)->Fill(1.0);
        }
        try {
            openDataset(path, options);
            QFAIL("bad raster accepted");
        } catch (const DataError &error) {
            QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(path));
            QVERIFY2(QString::fromStdString(error.what()).contains(problem), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestDatasetRaster)
#include "tst_datasetraster.moc"
