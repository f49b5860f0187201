#pragma once
// Ground truth derived from the bands: open water by NDWI (McFeeters 1996), water bodies as
// polygons, ponds (small water bodies) vs lakes, and per-chip water/pond fractions.
// Derivation (documented in resources/demo/README.md):
//   1. NDWI = (Green − NIR) / (Green + NIR) per valid pixel; water where NDWI > ndwiThreshold.
//   2. GDALSieveFilter (8-connected) merges patches smaller than minWaterPixels into their
//      surroundings (speckle in either class).
//   3. GDALPolygonize (8-connected) turns the water mask into one polygon per water body; its
//      area in m² is pixel count × pixel area (projected CRS: exact; geographic CRS: pixel area
//      at the raster centre).
//   4. Water bodies of at most maxPondAreaM2 are ponds, larger ones lakes; pond polygons are
//      rasterised back (GDALRasterizeGeometries) into a pond mask.
//   5. Per chip: waterFraction / pondFraction = water / pond pixels ÷ valid pixels of the chip;
//      water / pond = fraction ≥ minChipFraction.
// Band numbers are 1-based among the ChipReader's bands (NAIP R,G,B,NIR: green 2, NIR 4).
// Memory: three byte masks of the whole raster. Errors: DataError (unreadable raster, missing
// bands, no georeferencing, unwritable output); CanceledError. Thread safety: reentrant per object.

#include "embed/chipper.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

struct WaterTruthOptions
{
    int greenBand = 2;              // 1-based
    int nirBand = 4;                // 1-based
    double ndwiThreshold = 0.2;     // water where NDWI > this (bare soil reaches ~0.1 in NAIP)
    int minWaterPixels = 4;         // sieve threshold in pixels
    double maxPondAreaM2 = 50000.0; // water bodies up to 5 ha are ponds
    double minChipFraction = 0.05;  // a chip is water/pond when its fraction is at least this
};

struct ChipWaterTruth
{
    std::vector<double> waterFraction; // per grid chip, [0, 1]
    std::vector<double> pondFraction;  // per grid chip, [0, 1]
    std::vector<uint8_t> water;        // waterFraction ≥ minChipFraction
    std::vector<uint8_t> pond;         // pondFraction ≥ minChipFraction
};

// One water body polygon in the raster CRS (ISO WKB).
struct WaterBody
{
    std::vector<uint8_t> wkb;
    double areaM2 = 0.0;
    bool pond = false;
};

class WaterTruth
{
public:
    explicit WaterTruth(WaterTruthOptions options = {});
    const WaterTruthOptions &options() const { return m_options; }

    // Builds the masks and water bodies of the whole raster.
    void compute(const std::string &rasterPath, Feedback *feedback = nullptr);
    // The checks compute() starts with (DataError: too few bands for the green and NIR bands,
    // not georeferenced), from the raster's header alone: callers run them before long work.
    void checkRaster(const std::string &rasterPath) const;

    // Fractions for the grid's chips (grid of the same raster size).
    ChipWaterTruth chipTruth(const ChipGrid &grid) const;

    const std::vector<WaterBody> &waterBodies() const { return m_bodies; }
    const std::string &crsWkt() const { return m_crsWkt; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    // Row-major width × height masks, 1 = set.
    const std::vector<uint8_t> &waterMask() const { return m_water; }
    const std::vector<uint8_t> &pondMask() const { return m_pond; }

    // Writes water bodies (all, or only ponds) as a polygon layer in the raster CRS with fields
    // area_m2 and kind (pond | lake). Driver from the extension (.gpkg, .geojson, .fgb, .shp);
    // replaces an existing file.
    void writePolygons(const std::string &path, const std::string &layerName, bool pondsOnly) const;

private:
    WaterTruthOptions m_options;
    std::string m_rasterPath;
    std::string m_crsWkt;
    int m_width = 0;
    int m_height = 0;
    std::vector<uint8_t> m_valid;
    std::vector<uint8_t> m_water;
    std::vector<uint8_t> m_pond;
    std::vector<WaterBody> m_bodies;
};

} // namespace chipfinder
