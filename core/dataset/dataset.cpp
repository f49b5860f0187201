#include "dataset/dataset.h"

#include <algorithm>
#include <limits>

namespace chipfinder {

BoundingBox Dataset::extent() const
{
    if (bounds.empty())
        return {};
    BoundingBox box{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                    std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    for (const auto &b : bounds) {
        box.minLon = std::min(box.minLon, b.minLon);
        box.minLat = std::min(box.minLat, b.minLat);
        box.maxLon = std::max(box.maxLon, b.maxLon);
        box.maxLat = std::max(box.maxLat, b.maxLat);
    }
    return box;
}

LonLat Dataset::centroid(size_t chip) const
{
    const auto &b = bounds.at(chip);
    return {(b.minLon + b.maxLon) / 2.0, (b.minLat + b.maxLat) / 2.0};
}

int64_t Dataset::indexOf(const std::string &id) const
{
    const auto it = m_idIndex.find(id);
    return it == m_idIndex.end() ? -1 : it->second;
}

const AttributeColumn *Dataset::attribute(const std::string &name) const
{
    for (const auto &column : attributes)
        if (column.name == name)
            return &column;
    return nullptr;
}

void Dataset::buildIdIndex()
{
    m_idIndex.clear();
    for (size_t i = 0; i < ids.size(); ++i)
        m_idIndex.emplace(ids[i], int64_t(i));
}

} // namespace chipfinder
