#pragma once
// A small real fixture for search/strategy/learner tests, built from one NAIP scene (North
// Dakota prairie: ponds, wetlands, fields, roads; 4 bands R,G,B,NIR, uint8, nodata 0, UTM 14N).
// The scene is tiled into chipPx × chipPx pixel blocks (full blocks only, row-major from the top
// left); chip i's embedding is a cheap real feature vector of its pixels (74 values):
//   [0..8)    per band mean and standard deviation (R,G,B,NIR; reflectance / 255)
//   [8..72)   a 4 × 4 grid of per-band means (cell-major: cell (gy,gx), then band)
//   72        mean NDVI  = (NIR − R) / (NIR + R)
//   73        mean NDWI  = (G − NIR) / (G + NIR)
// Ground truth (derived, documented): a pixel is open water when NDWI > kWaterNdwi; a chip is
// "water" when at least kWaterFraction (5 %) of its valid pixels are water. The scene is lake
// country (about 40 % of its chips hold some water at NDWI > 0.1), and its 8-bit DNs are not
// calibrated reflectance, so the threshold is set to kWaterNdwi = 0.7 ("deep open water"), which
// gives 70 water chips of 1140 in the 2020 scene at 24 px (36 in 2009): a minority class, as in
// the seed's use case. Checked by tst_strategies::fixtureHasWater. Nodata pixels (all bands 0) are
// left out of every statistic. Header-only; needs GDAL (tests link GDAL::GDAL). Throws
// std::runtime_error if the file is missing.

#include "dataset/embeddingmatrix.h"

#include <gdal_priv.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace chipfinder::test {

inline constexpr double kWaterNdwi = 0.7;
inline constexpr double kWaterFraction = 0.05;
inline constexpr size_t kFixtureDim = 74;
inline constexpr size_t kNdviFeature = 72;
inline constexpr size_t kNdwiFeature = 73;

struct RealFixture
{
    std::string path;
    std::string crsWkt; // the scene's CRS (NAD83 / UTM 14N)
    int chipPx = 0;
    int columns = 0;                          // chips per row
    int rows = 0;                             // chip rows
    EmbeddingMatrix embeddings;               // N × 74, see above
    std::vector<uint8_t> waterTruth;          // 1 = water chip
    std::vector<double> waterFraction;        // fraction of valid pixels with NDWI > kWaterNdwi
    std::vector<std::array<double, 4>> boxes; // minX, minY, maxX, maxY in the scene CRS (m)

    size_t size() const { return waterTruth.size(); }
    std::vector<int64_t> chipsWhere(bool water) const
    {
        std::vector<int64_t> out;
        for (size_t i = 0; i < waterTruth.size(); ++i)
            if (bool(waterTruth[i]) == water)
                out.push_back(int64_t(i));
        return out;
    }
};

inline RealFixture makeNaipFixture(int chipPx = 24, const char *date = "20200831",
                                   double waterNdwi = kWaterNdwi)
{
    GDALAllRegister();
    RealFixture f;
    f.path = std::string(SHARED_DATA_DIR) + "/naip/m_4709963_se_14_1_" + date + ".tif";
    f.chipPx = chipPx;
    GDALDatasetUniquePtr ds(GDALDataset::Open(f.path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds || ds->GetRasterCount() < 4)
        throw std::runtime_error("realfixture: cannot open 4-band NAIP scene " + f.path);
    const int width = ds->GetRasterXSize(), height = ds->GetRasterYSize();
    std::vector<uint8_t> pixels(size_t(width) * height * 4);
    int bands[4] = {1, 2, 3, 4};
    // Pixel-interleaved: pixels[(y * width + x) * 4 + band].
    if (ds->RasterIO(GF_Read, 0, 0, width, height, pixels.data(), width, height, GDT_Byte, 4, bands,
                     4, size_t(width) * 4, 1, nullptr) != CE_None)
        throw std::runtime_error("realfixture: cannot read " + f.path);
    double gt[6] = {0, 1, 0, 0, 0, 1};
    ds->GetGeoTransform(gt);
    if (const OGRSpatialReference *srs = ds->GetSpatialRef()) {
        char *wkt = nullptr;
        srs->exportToWkt(&wkt);
        f.crsWkt = wkt ? wkt : "";
        CPLFree(wkt);
    }

    f.columns = width / chipPx;
    f.rows = height / chipPx;
    const size_t n = size_t(f.columns) * f.rows;
    f.embeddings = EmbeddingMatrix(n, kFixtureDim);
    f.waterTruth.assign(n, 0);
    f.waterFraction.assign(n, 0.0);
    f.boxes.resize(n);
    const int cell = chipPx / 4;
    for (int cy = 0; cy < f.rows; ++cy) {
        for (int cx = 0; cx < f.columns; ++cx) {
            const size_t chip = size_t(cy) * f.columns + cx;
            double sum[4] = {}, sumSq[4] = {}, grid[16][4] = {}, gridCount[16] = {};
            double ndvi = 0, ndwi = 0, water = 0, valid = 0;
            for (int y = 0; y < chipPx; ++y) {
                for (int x = 0; x < chipPx; ++x) {
                    const uint8_t *p =
                        &pixels[(size_t(cy * chipPx + y) * width + size_t(cx * chipPx + x)) * 4];
                    if (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0)
                        continue;
                    valid += 1;
                    const int g = std::min(y / cell, 3) * 4 + std::min(x / cell, 3);
                    gridCount[g] += 1;
                    for (int b = 0; b < 4; ++b) {
                        const double v = p[b] / 255.0;
                        sum[b] += v;
                        sumSq[b] += v * v;
                        grid[g][b] += v;
                    }
                    const double r = p[0], gr = p[1], nir = p[3];
                    const double vi = nir + r > 0 ? (nir - r) / (nir + r) : 0.0;
                    const double wi = gr + nir > 0 ? (gr - nir) / (gr + nir) : 0.0;
                    ndvi += vi;
                    ndwi += wi;
                    water += wi > waterNdwi ? 1.0 : 0.0;
                }
            }
            auto row = f.embeddings.row(chip);
            if (valid > 0) {
                for (int b = 0; b < 4; ++b) {
                    const double mean = sum[b] / valid;
                    row[size_t(2 * b)] = float(mean);
                    row[size_t(2 * b + 1)] =
                        float(std::sqrt(std::max(0.0, sumSq[b] / valid - mean * mean)));
                }
                for (int g = 0; g < 16; ++g)
                    for (int b = 0; b < 4; ++b)
                        row[size_t(8 + g * 4 + b)] =
                            gridCount[g] > 0 ? float(grid[g][b] / gridCount[g]) : 0.0f;
                row[kNdviFeature] = float(ndvi / valid);
                row[kNdwiFeature] = float(ndwi / valid);
                f.waterFraction[chip] = water / valid;
                f.waterTruth[chip] = f.waterFraction[chip] >= kWaterFraction ? 1 : 0;
            }
            const double x0 = gt[0] + cx * chipPx * gt[1], x1 = gt[0] + (cx + 1) * chipPx * gt[1];
            const double y0 = gt[3] + cy * chipPx * gt[5], y1 = gt[3] + (cy + 1) * chipPx * gt[5];
            f.boxes[chip] = {std::min(x0, x1), std::min(y0, y1), std::max(x0, x1),
                             std::max(y0, y1)};
        }
    }
    return f;
}

} // namespace chipfinder::test
