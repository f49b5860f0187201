#pragma once
// Quality of a low-dimensional layout: trustworthiness (Venna & Kaski 2001), the share of a
// point's k nearest neighbours in the layout that are also close in the original space:
//   T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k)
// where U_k(i) are the layout's k-NN of i that are not among its k-NN in the original space and
// r(i, j) the rank of j by original distance from i. 1 = perfect, ≈ 0.5 for a random layout.
// Original distances are Euclidean on the rows as given (Cosine: on L2-normalised rows).
// `sample` > 0 evaluates the sum on that many random points (seeded) instead of all n, so large
// sets cost O(sample · n · D); the normalisation then uses the sample size in place of n in front.
// Errors: UsageError if sizes disagree or k ≥ n/2.

#include "dataset/embeddingmatrix.h"
#include "search/searchtypes.h"

#include <cstddef>
#include <cstdint>

namespace chipfinder {

// layout: N × d (usually d = 2), row i = chip i of `original`.
double trustworthiness(const EmbeddingMatrix &original, const EmbeddingMatrix &layout, size_t k,
                       Metric metric = Metric::Euclidean, size_t sample = 0, uint64_t seed = 0);

} // namespace chipfinder
