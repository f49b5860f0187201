#pragma once
// A small real fixture for the projection and analytics tests: one NAIP scene (North Dakota,
// 4 bands R,G,B,NIR, uint8) read with GDAL and cut into square chips; each chip's embedding is the
// chip average-pooled to pool × pool cells per band (pool²·4 values, scaled to [0, 1]), and its
// ground truth is "open water": more than `waterFraction` of its pixels have NDWI =
// (G − NIR)/(G + NIR) > 0.1. Chips touching nodata (0 in every band) are skipped.
// Header-only so that core and widget tests can share it without a library.

#include "dataset/embeddingmatrix.h"

#include <gdal_priv.h>

#include <QtGlobal>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace chipfinder::testing {

struct RasterChipFixture
{
    EmbeddingMatrix embeddings;
    std::vector<uint8_t> truth; // 1 = water chip
    std::vector<int> columns;   // chip grid column of each chip
    std::vector<int> rows;      // chip grid row of each chip
};

inline RasterChipFixture makeRasterChipFixture(int chipSize = 16, int pool = 4,
                                               double waterFraction = 0.05,
                                               const std::string &date = "20090818")
{
    GDALAllRegister();
    const std::string path =
        std::string(SHARED_DATA_DIR) + "/naip/m_4709963_se_14_1_" + date + ".tif";
    std::unique_ptr<GDALDataset> dataset(
        GDALDataset::FromHandle(GDALOpen(path.c_str(), GA_ReadOnly)));
    if (!dataset || dataset->GetRasterCount() < 4)
        throw std::runtime_error("cannot open " + path);
    const int width = dataset->GetRasterXSize(), height = dataset->GetRasterYSize();
    std::vector<uint8_t> pixels(size_t(width) * size_t(height) * 4);
    int bands[4] = {1, 2, 3, 4};
    // Band-interleaved by pixel: pixels[(y * width + x) * 4 + band].
    if (dataset->RasterIO(GF_Read, 0, 0, width, height, pixels.data(), width, height, GDT_Byte, 4,
                          bands, 4, 4 * width, 1, nullptr) != CE_None)
        throw std::runtime_error("cannot read " + path);

    RasterChipFixture fixture;
    const int cell = chipSize / pool;
    const size_t dim = size_t(pool * pool * 4);
    std::vector<float> data;
    for (int cy = 0; cy + chipSize <= height; cy += chipSize) {
        for (int cx = 0; cx + chipSize <= width; cx += chipSize) {
            std::vector<float> embedding(dim, 0.0f);
            bool nodata = false;
            int water = 0;
            for (int y = 0; y < chipSize && !nodata; ++y) {
                for (int x = 0; x < chipSize; ++x) {
                    const uint8_t *p =
                        &pixels[(size_t(cy + y) * size_t(width) + size_t(cx + x)) * 4];
                    if (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0) {
                        nodata = true;
                        break;
                    }
                    const double ndwi = (double(p[1]) - p[3]) / std::max(1.0, double(p[1]) + p[3]);
                    water += ndwi > 0.1;
                    const size_t c = size_t((y / cell) * pool + x / cell);
                    for (size_t b = 0; b < 4; ++b)
                        embedding[c * 4 + b] += float(p[b]) / (255.0f * float(cell * cell));
                }
            }
            if (nodata)
                continue;
            data.insert(data.end(), embedding.begin(), embedding.end());
            fixture.truth.push_back(water > waterFraction * chipSize * chipSize ? 1 : 0);
            fixture.columns.push_back(cx / chipSize);
            fixture.rows.push_back(cy / chipSize);
        }
    }
    fixture.embeddings = EmbeddingMatrix(fixture.truth.size(), dim, std::move(data));
    return fixture;
}

} // namespace chipfinder::testing
