#include "metrics/retrievalmetrics.h"

#include "common/errors.h"

#include <algorithm>

namespace chipfinder {

namespace {

bool isRelevant(std::span<const uint8_t> truth, int64_t chip)
{
    if (chip < 0 || size_t(chip) >= truth.size())
        throw UsageError("retrieval metrics: chip " + std::to_string(chip) +
                         " is outside the truth (" + std::to_string(truth.size()) + " chips)");
    return truth[size_t(chip)] != 0;
}

bool isExcluded(const ChipMask *excluded, int64_t chip)
{
    return excluded && size_t(chip) < excluded->size() && excluded->test(chip);
}

size_t relevantCount(std::span<const uint8_t> truth, const ChipMask *excluded)
{
    if (excluded && excluded->size() != truth.size())
        throw UsageError("retrieval metrics: the excluded mask and the truth differ in size");
    size_t count = 0;
    for (size_t i = 0; i < truth.size(); ++i)
        if (truth[i] && !isExcluded(excluded, int64_t(i)))
            ++count;
    return count;
}

} // namespace

double precisionAtK(std::span<const ScoredChip> ranked, std::span<const uint8_t> truth, size_t k)
{
    if (k == 0)
        throw UsageError("precision@k: k must be at least 1");
    size_t hits = 0;
    const size_t end = std::min(k, ranked.size());
    for (size_t i = 0; i < end; ++i)
        hits += isRelevant(truth, ranked[i].chip) ? 1 : 0;
    return double(hits) / double(k);
}

double recallAtK(std::span<const ScoredChip> ranked, std::span<const uint8_t> truth, size_t k,
                 const ChipMask *excluded)
{
    const size_t relevant = relevantCount(truth, excluded);
    if (relevant == 0)
        return 0.0;
    size_t hits = 0, position = 0;
    for (const ScoredChip &candidate : ranked) {
        if (isExcluded(excluded, candidate.chip))
            continue; // an excluded chip takes no position
        if (++position > k)
            break;
        hits += isRelevant(truth, candidate.chip) ? 1 : 0;
    }
    return double(hits) / double(relevant);
}

double mapAtR(std::span<const ScoredChip> ranked, std::span<const uint8_t> truth,
              const ChipMask *excluded)
{
    const size_t r = relevantCount(truth, excluded);
    if (r == 0)
        return 0.0;
    double sum = 0.0;
    size_t hits = 0, position = 0;
    for (const ScoredChip &candidate : ranked) {
        if (isExcluded(excluded, candidate.chip))
            continue; // an excluded chip takes no position
        if (++position > r)
            break;
        if (isRelevant(truth, candidate.chip)) {
            ++hits;
            sum += double(hits) / double(position);
        }
    }
    return sum / double(r);
}

} // namespace chipfinder
