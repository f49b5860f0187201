#include "search/searchtypes.h"

#include "common/errors.h"

namespace chipfinder {

std::string metricName(Metric metric)
{
    return metric == Metric::Cosine ? "cosine" : "euclidean";
}

Metric metricFromName(const std::string &name)
{
    if (name == "cosine")
        return Metric::Cosine;
    if (name == "euclidean" || name == "l2")
        return Metric::Euclidean;
    throw UsageError("unknown metric '" + name + "' (expected cosine or euclidean)");
}

ChipMask ChipMask::fromIndices(size_t size, std::span<const int64_t> chips)
{
    ChipMask mask(size);
    for (const int64_t chip : chips)
        mask.set(chip);
    return mask;
}

void ChipMask::set(int64_t chip, bool value)
{
    uint8_t &flag = m_flags.at(size_t(chip));
    if (bool(flag) != value) {
        m_count += value ? 1 : size_t(-1);
        flag = value ? 1 : 0;
    }
}

} // namespace chipfinder
