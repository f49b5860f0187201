#pragma once
// Reads an embedding raster (each pixel a D-band vector, e.g. a 64-band AlphaEarth-style
// GeoTIFF) as chips: the half of openDataset() for rasters (see datasetreader.h). Internal to
// core/dataset; callers use openDataset().
//
// Chips are the full blocks of options.rasterChipSize × rasterChipSize pixels from the top-left
// corner (partial blocks at the right and bottom edges are dropped). A chip's vector is the mean
// over its valid pixels (a pixel is valid when every band is finite and not that band's nodata
// value); blocks with no valid pixel, or whose mean is all zero (undeclared nodata), are skipped.
// Footprint: the block's polygon in the raster CRS (rotation terms honoured); id "r{row}_c{col}"
// (block row and column); attributes block_row, block_col. Errors: DataError for a raster
// without georeferencing or CRS, or smaller than one chip; UsageError for rasterChipSize < 1.

#include "dataset/dataset.h"
#include "dataset/datasetreader.h"

#include <gdal_priv.h>

namespace chipfinder {

class Feedback;

class RasterDatasetReader
{
public:
    static Dataset read(GDALDataset &source, const std::string &path,
                        const DatasetOpenOptions &options, Feedback *feedback);
};

} // namespace chipfinder
