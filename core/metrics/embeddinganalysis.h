#pragma once
// Embedding diversity and coverage (the LightlyOne report, DESIGN §5), computed with FAISS.
// Distances are Euclidean in the full embedding space (on L2-normalised rows when
// metric == Cosine, so distances lie in [0, 2]). FAISS runs with its OpenMP threads bounded to
// the cores for the call. Progress and cancel (CanceledError) per block of 4096 queries.
// Cost: diversity is O(m²·D) for m members, coverage O(N·|selected|·D); sample huge sets first.

#include "dataset/embeddingmatrix.h"
#include "search/searchtypes.h"

#include <cstdint>
#include <span>
#include <vector>

namespace chipfinder {

class Feedback;

struct Histogram
{
    double lower = 0.0;
    double upper = 0.0;
    std::vector<size_t> counts; // equal-width bins over [lower, upper]; values outside the
                                // range are counted in the first / last bin
};

struct DistanceSummary
{
    size_t count = 0; // number of distances
    double mean = 0.0;
    double min = 0.0;
    double max = 0.0;
    std::vector<float> distances; // one per member (diversity) or per chip (coverage)
    Histogram histogram(size_t bins, double lower, double upper) const;
    Histogram histogram(size_t bins) const; // over [min, max]
};

// Diversity: for each member of `set`, the distance to its nearest other member of `set`.
// set must hold ≥ 2 distinct chips (UsageError otherwise); a chip listed twice counts once, and
// distances follow the order of first occurrence.
DistanceSummary diversity(const EmbeddingMatrix &embeddings, std::span<const int64_t> set,
                          Metric metric, Feedback *feedback = nullptr);

// Coverage: for each chip of the whole matrix, the distance to its nearest chip of `selected`
// (0 for the selected chips themselves). selected must be non-empty.
DistanceSummary coverage(const EmbeddingMatrix &embeddings, std::span<const int64_t> selected,
                         Metric metric, Feedback *feedback = nullptr);

} // namespace chipfinder
