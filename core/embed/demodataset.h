#pragma once
// The bundled demo: NAIP 2020 over a North Dakota prairie (resources/demo/) turned into a chip
// dataset with embeddings and pond ground truth, plus a Web Mercator basemap, cached on disk.
// ensureDemoDataset() builds into cacheDir on first call (24 px chips, MOSAIKS defaults, NDWI
// water truth; see resources/demo/README.md) and afterwards returns the cached files as long as
// they are newer than the source raster and carry the same version stamp (builder version and
// parameters). Files in cacheDir: naip-demo-chips.gpkg (footprints in the raster CRS, id,
// embedding blob, water_fraction, pond_fraction, water, pond), naip-demo-basemap.tif (RGB +
// alpha, EPSG:3857, tiled, overviews), naip-demo-water.gpkg (all water bodies),
// naip-demo-ponds.gpkg (ponds only), naip-demo.stamp. A build writes to temporary names and renames
// at the end, so a cancelled or failed build never leaves a cache that looks valid. Errors:
// DataError (missing source, unwritable cache); CanceledError. Thread safety: do not run two calls
// on the same cacheDir at once.

#include <string>

namespace chipfinder {

class Feedback;

struct DemoDataset
{
    std::string datasetPath;    // chips + embeddings + truth columns (GeoPackage)
    std::string basemapPath;    // RGB GeoTIFF in EPSG:3857 with overviews
    std::string truthColumn;    // "pond" (1 = chip holds ≥ 5 % pond water)
    std::string waterLayerPath; // every open-water body (polygons, raster CRS, kind pond|lake)
    std::string pondLayerPath;  // pond polygons only (for polygon ground truth with coverage)
    std::string imageryPath;    // the source raster the chips tile
    bool rebuilt = false;       // true when this call built the cache
};

DemoDataset ensureDemoDataset(const std::string &sourceRaster, const std::string &cacheDir,
                              Feedback *feedback = nullptr);

// Parameters of the demo build as one line (part of the version stamp).
std::string demoDatasetStamp();

} // namespace chipfinder
