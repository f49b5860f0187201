#pragma once
// Small value types shared by search, strategies and the simulation.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

// Similarity measure. Cosine works on L2-normalised rows (score = cosine similarity, higher is
// better); Euclidean scores are negative squared L2 distances (higher is better).
enum class Metric
{
    Cosine,
    Euclidean
};

std::string metricName(Metric metric);
// "cosine" | "euclidean"; throws UsageError otherwise.
Metric metricFromName(const std::string &name);

// A chip index (row of the dataset) with a score; higher score = better candidate.
struct ScoredChip
{
    int64_t chip = -1;
    float score = 0.0f;
    bool operator==(const ScoredChip &) const = default;
};

// One flag per chip (N bytes): set = excluded from search results (labeled, skipped, ...).
class ChipMask
{
public:
    ChipMask() = default;
    explicit ChipMask(size_t size) : m_flags(size, 0) {}
    static ChipMask fromIndices(size_t size, std::span<const int64_t> chips);

    size_t size() const { return m_flags.size(); }
    bool test(int64_t chip) const { return m_flags[size_t(chip)] != 0; }
    void set(int64_t chip, bool value = true);
    size_t count() const { return m_count; }
    const uint8_t *data() const { return m_flags.data(); }

private:
    std::vector<uint8_t> m_flags;
    size_t m_count = 0;
};

} // namespace chipfinder
