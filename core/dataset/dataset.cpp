#include "dataset/dataset.h"

#include "common/errors.h"

#include <algorithm>
#include <limits>

namespace chipfinder {

void SkipReport::add(const std::string &kind, SkippedRow row)
{
    ++count;
    ++byKind[kind];
    if (first.size() < kListed)
        first.push_back(std::move(row));
}

std::string SkipReport::summary() const
{
    if (count == 0)
        return {};
    std::string text = std::to_string(count) + (count == 1 ? " row" : " rows") + " skipped (";
    bool firstKind = true;
    for (const auto &[kind, n] : byKind) {
        text += (firstKind ? "" : ", ") + std::to_string(n) + " " + kind;
        firstKind = false;
    }
    text += "); first: ";
    for (size_t i = 0; i < first.size(); ++i) {
        text += (i ? "; " : "") + std::string("row ") + std::to_string(first[i].row);
        if (!first[i].id.empty())
            text += " (id '" + first[i].id + "')";
        text += ": " + first[i].reason;
    }
    return text;
}

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
    const auto it =
        std::lower_bound(m_idOrder.begin(), m_idOrder.end(), id,
                         [this](uint32_t chip, const std::string &key) { return ids[chip] < key; });
    return it != m_idOrder.end() && ids[*it] == id ? int64_t(*it) : -1;
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
    if (ids.size() > std::numeric_limits<uint32_t>::max())
        throw UsageError("Dataset: more than 2^32 chips");
    m_idOrder.resize(ids.size());
    for (size_t i = 0; i < ids.size(); ++i)
        m_idOrder[i] = uint32_t(i);
    std::sort(m_idOrder.begin(), m_idOrder.end(),
              [this](uint32_t a, uint32_t b) { return ids[a] < ids[b]; });
}

void Dataset::setIdOrder(std::vector<uint32_t> order)
{
    if (order.size() != ids.size())
        throw UsageError("Dataset: the id index does not match the ids");
    m_idOrder = std::move(order);
}

} // namespace chipfinder
