#pragma once
// Tiles a GDAL raster (any band count, data type and CRS) into a grid of square chips and turns
// the grid into chip footprints (a Dataset without embeddings).
// Grid: chip (row, col) covers pixels [col·stride, col·stride + chipSize) ×
// [row·stride, row·stride + chipSize); only whole chips inside the raster are kept, and chips
// whose nodata fraction (ChipReader's validity rule) exceeds maxNodataFraction are skipped.
// Chip ids are "r{row}_c{col}". Footprints: the chip's pixel square through the geotransform, in
// the raster CRS (sourceWkb, ISO WKB) and in WGS 84 lon/lat (ringCoords, bounds), rings closed and
// counter-clockwise. Errors: DataError (unreadable raster, no geotransform or CRS for
// footprints), UsageError (chipSize/stride < 1, fraction outside [0, 1]); CanceledError.
// Thread safety: reentrant (every call opens its own GDAL handle).

#include "dataset/dataset.h"

#include <array>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

struct ChipperOptions
{
    int chipSize = 32;              // pixels per chip side
    int stride = 32;                // pixels between chip origins (= chipSize: no overlap)
    double maxNodataFraction = 0.5; // skip chips with more invalid pixels than this, [0, 1]
};

// One kept chip: grid position and pixel window (top-left offset; size is the grid's chipSize).
struct ChipWindow
{
    int row = 0;
    int col = 0;
    int x = 0;                   // pixel column of the chip's left edge
    int y = 0;                   // pixel row of the chip's top edge
    double nodataFraction = 0.0; // invalid pixels / chipSize²
};

// The chips of one raster. Windows may be applied to another raster of the same grid (another
// date of the same scene) as long as they lie inside it.
struct ChipGrid
{
    std::string rasterPath;
    int rasterWidth = 0;
    int rasterHeight = 0;
    int bandCount = 0;
    int chipSize = 0;
    int stride = 0;
    std::array<double, 6> geoTransform{0, 1, 0, 0, 0, 1};
    std::string crsWkt; // WKT2 of the raster CRS (empty if none)
    std::vector<ChipWindow> chips;

    size_t size() const { return chips.size(); }
    std::string id(size_t chip) const;
};

class Chipper
{
public:
    explicit Chipper(ChipperOptions options = {});
    const ChipperOptions &options() const { return m_options; }

    // Reads the raster once (strip by strip) to find the chips to keep.
    ChipGrid tile(const std::string &rasterPath, Feedback *feedback = nullptr) const;

    // Footprints of the grid's chips: ids, sourceWkb, sourceCrsWkt, ringCoords/ringOffsets and
    // bounds in WGS 84, imageryPath = sourcePath = the raster, driver = its GDAL driver; attribute
    // columns pixel_x, pixel_y, chip_size, nodata_fraction. Embeddings are left empty.
    static Dataset footprints(const ChipGrid &grid);

    // Corner (px, py) in pixel coordinates → CRS coordinates through the geotransform.
    static std::array<double, 2> pixelToCrs(const std::array<double, 6> &geoTransform, double px,
                                            double py);

private:
    ChipperOptions m_options;
};

} // namespace chipfinder
