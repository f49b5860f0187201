#pragma once
// Per-band mean and standard deviation of a raster's valid pixels (ChipReader's validity rule),
// used to standardise pixels before the embedder sees them: z = (value − mean) / std.
// Bands are the ChipReader's bands (alpha excluded), in raster order. A band with no spread gets
// std = 1. Errors: DataError (unreadable raster, no valid pixel); CanceledError.
// Thread safety: reentrant (opens its own GDAL handle).

#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

struct BandNormalization
{
    std::vector<double> mean;
    std::vector<double> std;

    bool empty() const { return mean.empty(); }
    size_t bandCount() const { return mean.size(); }
};

BandNormalization computeBandNormalization(const std::string &rasterPath,
                                           Feedback *feedback = nullptr);

} // namespace chipfinder
