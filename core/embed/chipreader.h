#pragma once
// Reads pixel windows of one GDAL raster as float32 with a validity mask (the chipper's and the
// embedder's view of the imagery).
// Layout: pixels are band-sequential, bandCount() × height × width, float32, row-major per band;
// valid is height × width, 1 = the pixel holds data. A pixel is invalid when
//   - the raster has a per-dataset mask (alpha band, .msk) and the mask is 0 there, or
//   - some band has a nodata value and every band that has one is at it (or NaN), or
//   - no band has a nodata value, every band is Byte, and every band is 0 (NAIP's fill), or
//   - a floating-point value is NaN.
// Alpha bands are used as the mask and are not counted in bandCount().
// Ownership and thread safety: each ChipReader owns its own GDAL dataset handle; use one reader per
// thread (GDAL handles are re-entrant, not thread-safe). Errors: DataError naming the file.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class GDALDataset;
class OGRSpatialReference;

namespace chipfinder {

class ChipReader
{
public:
    explicit ChipReader(const std::string &path);
    ~ChipReader();
    ChipReader(const ChipReader &) = delete;
    ChipReader &operator=(const ChipReader &) = delete;

    const std::string &path() const { return m_path; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    // Bands read into pixels (alpha bands excluded), in raster order.
    int bandCount() const { return int(m_bands.size()); }
    // GDAL affine geotransform (x = gt0 + col·gt1 + row·gt2, y = gt3 + col·gt4 + row·gt5); the
    // identity-like default (0,1,0,0,0,1) when the raster has none (hasGeoTransform() false).
    const std::array<double, 6> &geoTransform() const { return m_geoTransform; }
    bool hasGeoTransform() const { return m_hasGeoTransform; }
    // The raster's CRS, or nullptr when it has none. Owned by the reader.
    const OGRSpatialReference *crs() const;
    std::string driverName() const;
    // True when every read band is Byte.
    bool isByte() const { return m_allByte; }

    // Reads the window [x, x+w) × [y, y+h) (must lie inside the raster). Resizes the vectors.
    void read(int x, int y, int w, int h, std::vector<float> &pixels, std::vector<uint8_t> &valid);

private:
    std::string m_path;
    GDALDataset *m_dataset = nullptr;
    int m_width = 0;
    int m_height = 0;
    std::vector<int> m_bands;         // 1-based GDAL band numbers read as pixels
    std::vector<double> m_nodata;     // per read band
    std::vector<uint8_t> m_hasNodata; // per read band
    int m_maskBand = 0;               // band whose (per-dataset) mask to read, 0 = none
    bool m_allByte = true;
    bool m_hasGeoTransform = false;
    std::array<double, 6> m_geoTransform{0, 1, 0, 0, 0, 1};
    std::vector<uint8_t> m_maskBuffer;
};

} // namespace chipfinder
