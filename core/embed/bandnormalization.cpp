#include "embed/bandnormalization.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "embed/chipreader.h"

#include <algorithm>
#include <cmath>

namespace chipfinder {

BandNormalization computeBandNormalization(const std::string &rasterPath, Feedback *feedback)
{
    ChipReader reader(rasterPath);
    const int bands = reader.bandCount();
    const int width = reader.width();
    const int strip = 256;
    std::vector<double> sum(size_t(bands), 0.0), sumSq(size_t(bands), 0.0);
    size_t count = 0;
    std::vector<float> pixels;
    std::vector<uint8_t> valid;
    for (int y = 0; y < reader.height(); y += strip) {
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(y) / reader.height());
        }
        const int h = std::min(strip, reader.height() - y);
        reader.read(0, y, width, h, pixels, valid);
        const size_t plane = size_t(width) * size_t(h);
        for (size_t i = 0; i < plane; ++i) {
            if (!valid[i])
                continue;
            ++count;
            for (int b = 0; b < bands; ++b) {
                const double v = pixels[size_t(b) * plane + i];
                sum[size_t(b)] += v;
                sumSq[size_t(b)] += v * v;
            }
        }
    }
    if (count == 0)
        throw DataError(rasterPath, "has no valid pixel", std::nullopt, {},
                        "pixels that are not nodata");
    BandNormalization result;
    for (int b = 0; b < bands; ++b) {
        const double mean = sum[size_t(b)] / double(count);
        const double variance = std::max(0.0, sumSq[size_t(b)] / double(count) - mean * mean);
        const double sd = std::sqrt(variance);
        result.mean.push_back(mean);
        result.std.push_back(sd > 1e-12 ? sd : 1.0);
    }
    if (feedback)
        feedback->setProgress(1.0);
    return result;
}

} // namespace chipfinder
