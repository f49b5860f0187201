#pragma once
// Every chip's score for the current labels, for a score layer over the map and a threshold
// ("accept every chip scoring at least t"). One scale for the whole layer:
//   - the strategy's own scores when it ranks every unlabeled chip by one per-chip score on a
//     fixed scale: centroid, rocchio, classifier (logit w·x + b; not with uncertainty = true,
//     whose score is the closeness to the boundary), learned-metric, and pruned with base
//     centroid; they are asked for every chip (propose() with k = the unlabeled count);
//   - otherwise (auto scores by rank, knn-union and common-* score only neighbours, diverse
//     re-ranks, random-positive queries from one random positive), the cosine similarity of each
//     chip to the mean of the positives' unit vectors (whatever the index's metric).
// Chips in `excluded` (labeled, skipped) get NaN. Throws UsageError without positives or for an
// unknown strategy, CanceledError on cancel. Cost: one scan of the index (plus the strategy's
// fit); the result is N floats.

#include "search/searchtypes.h"
#include "strategies/strategy.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

class FlatIndex;
class Feedback;

struct ChipScores
{
    std::vector<float> scores; // one per chip of the index; NaN for excluded chips
    // The registry name of the strategy whose scores these are, or centroidSource.
    std::string source;
    static constexpr const char *centroidSource = "centroid-cosine";
};

// True when scoreEveryChip() uses this strategy's own scores (parameters as given to the
// registry; UsageError if it rejects them).
bool strategyScoresEveryChip(const std::string &strategy, const StrategyParameters &parameters);

ChipScores scoreEveryChip(const FlatIndex &index, const std::string &strategy,
                          const StrategyParameters &parameters, std::span<const int64_t> positives,
                          std::span<const int64_t> negatives, const ChipMask &excluded,
                          uint64_t seed = 0, Feedback *feedback = nullptr);

// Cosine similarity of every chip to the mean of the positives' unit vectors (N values; every
// chip, excluded or not). Zeros without positives.
std::vector<float> centroidCosines(const FlatIndex &index, std::span<const int64_t> positives);

} // namespace chipfinder
