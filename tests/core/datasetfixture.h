#pragma once
// Test fixtures for the dataset readers/writers, built from the real NAIP scene: chips are
// blocks of `block` pixels, footprints in the raster's CRS (NAD83 / UTM 14N), the embedding is
// per-band mean and standard deviation of the block (8 values), plus attribute columns
// `water` (1 when the block's NDWI is positive, else 0), `name` (text, null on every 7th chip).

#include "dataset/dataset.h"
#include "dataset/datasetbuilder.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <QString>
#include <QTest>

#include <array>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace chipfinder::test {

inline std::string wktOf(const OGRSpatialReference &srs)
{
    char *text = nullptr;
    srs.exportToWkt(&text);
    std::string wkt = text ? text : "";
    CPLFree(text);
    return wkt;
}

inline const char *naipPath()
{
    return SHARED_DATA_DIR "/naip/m_4709963_se_14_1_20200831.tif";
}

// A fresh, empty scratch directory under TEST_OUTPUT_DIR.
inline std::string scratchDir(const std::string &name)
{
    const auto dir = std::filesystem::path(TEST_OUTPUT_DIR) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

struct NaipBlocks
{
    int block = 32;
    int cols = 0, rows = 0;
    std::array<double, 6> transform{};
    std::string crsWkt;
    // Source-CRS corner (x, y) of pixel (px, py).
    std::array<double, 2> corner(double px, double py) const
    {
        return {transform[0] + px * transform[1] + py * transform[2],
                transform[3] + px * transform[4] + py * transform[5]};
    }
    // The block's ring in the source CRS: top-left, top-right, bottom-right, bottom-left.
    std::vector<std::array<double, 2>> ring(int row, int col) const
    {
        const double x0 = col * block, y0 = row * block;
        return {corner(x0, y0), corner(x0 + block, y0), corner(x0 + block, y0 + block),
                corner(x0, y0 + block)};
    }
};

// Reads the NAIP scene and builds one chip per full block (ids "r{row}_c{col}").
inline Dataset naipDataset(int block = 32, NaipBlocks *layout = nullptr)
{
    GDALAllRegister();
    GDALDatasetUniquePtr raster(GDALDataset::Open(naipPath(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!raster)
        throw std::runtime_error("cannot open the NAIP fixture");
    NaipBlocks blocks;
    blocks.block = block;
    raster->GetGeoTransform(blocks.transform.data());
    blocks.crsWkt = wktOf(*raster->GetSpatialRef());
    const int width = raster->GetRasterXSize(), height = raster->GetRasterYSize();
    const int bands = raster->GetRasterCount();
    blocks.cols = width / block;
    blocks.rows = height / block;
    std::vector<float> pixels(size_t(width) * height * bands);
    if (raster->RasterIO(GF_Read, 0, 0, width, height, pixels.data(), width, height, GDT_Float32,
                         bands, nullptr, 0, 0, 0, nullptr) != CE_None)
        throw std::runtime_error("cannot read the NAIP fixture");

    DatasetBuilder builder(naipPath(), blocks.crsWkt);
    builder.setDriver("GTiff");
    builder.setFieldNames("id", "geometry", "embedding");
    AttributeColumn water{"water", {}}, name{"name", {}};
    std::vector<float> vector(size_t(bands) * 2);
    int64_t chip = 0;
    for (int r = 0; r < blocks.rows; ++r) {
        for (int c = 0; c < blocks.cols; ++c, ++chip) {
            for (int b = 0; b < bands; ++b) {
                double sum = 0.0, sum2 = 0.0;
                for (int y = r * block; y < (r + 1) * block; ++y)
                    for (int x = c * block; x < (c + 1) * block; ++x) {
                        const double v = pixels[(size_t(b) * height + y) * width + x];
                        sum += v;
                        sum2 += v * v;
                    }
                const double n = double(block) * block;
                const double mean = sum / n;
                vector[b] = float(mean);
                vector[bands + b] = float(std::sqrt(std::max(0.0, sum2 / n - mean * mean)));
            }
            const bool isWater = vector[1] - vector[3] > 0; // NDWI = (G - NIR) / (G + NIR)
            water.values.emplace_back(isWater ? "1" : "0");
            if (chip % 7 == 3)
                name.values.emplace_back(std::nullopt);
            else
                name.values.emplace_back("block " + std::to_string(chip) + " é");
            const auto ring = blocks.ring(r, c);
            builder.addChip("r" + std::to_string(r) + "_c" + std::to_string(c), ring, vector, chip);
        }
    }
    builder.attributes().push_back(std::move(water));
    builder.attributes().push_back(std::move(name));
    if (layout)
        *layout = blocks;
    return builder.finish();
}

// (lon, lat) of a source-CRS point, by GDAL/PROJ directly (traditional GIS order).
class ToLonLat
{
public:
    explicit ToLonLat(const std::string &sourceWkt)
    {
        m_source.importFromWkt(sourceWkt.c_str());
        m_source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        m_wgs84.importFromEPSG(4326);
        m_wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        m_transform.reset(OGRCreateCoordinateTransformation(&m_source, &m_wgs84));
    }
    std::array<double, 2> operator()(std::array<double, 2> p) const
    {
        double x = p[0], y = p[1];
        m_transform->Transform(1, &x, &y);
        return {x, y};
    }

private:
    OGRSpatialReference m_source, m_wgs84;
    std::unique_ptr<OGRCoordinateTransformation> m_transform;
};

// True when every corner appears among the ring's vertices within tol degrees (any start vertex,
// any orientation: Shapefile rewinds rings).
inline bool ringHasCorners(const Dataset &dataset, size_t chip,
                           const std::vector<std::array<double, 2>> &corners, double tol)
{
    for (const auto &corner : corners) {
        bool found = false;
        for (uint32_t k = dataset.ringOffsets[chip]; k < dataset.ringOffsets[chip + 1]; ++k)
            found = found || (std::abs(dataset.ringCoords[k].lon - corner[0]) <= tol &&
                              std::abs(dataset.ringCoords[k].lat - corner[1]) <= tol);
        if (!found)
            return false;
    }
    return true;
}

} // namespace chipfinder::test
