#pragma once
// Writes one PNG per chip of a grid (DIR/<chip id>.png) through GDAL's PNG driver: bands 1-3 as
// RGB (band 1 alone as grey for fewer bands), Byte rasters unscaled, other types scaled from each
// chip's min/max. Returns the number written. Errors: DataError (unreadable raster, unwritable
// directory); CanceledError. Thread safety: reentrant.

#include "embed/chipper.h"

#include <string>

namespace chipfinder {

class Feedback;

size_t writeChipThumbnails(const ChipGrid &grid, const std::string &directory,
                           Feedback *feedback = nullptr);

} // namespace chipfinder
