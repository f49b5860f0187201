#pragma once
// A UMAP-like 2D layout of an embedding matrix (McInnes, Healy & Melville 2018), in four steps:
//  1. k-NN graph: exact (our FlatIndex scan) up to `exactLimit` rows, FAISS HNSW (M = 32) above;
//  2. fuzzy membership weights: per point ρ = distance to the nearest neighbour and σ found by
//     binary search so that Σ_j exp(−(d_ij − ρ)/σ) = log2 k; symmetrised by fuzzy union
//     w = a + b − a·b;
//  3. initialisation from the first two principal components (scaled to a 10 × 10 box);
//  4. SGD on the UMAP cross-entropy: edges sampled in proportion to their weight, attraction
//     along edges, `negativeSampleRate` random repulsions per attraction, gradient clipped to ±4,
//     learning rate decaying linearly to 0; the curve 1/(1 + a·d^(2b)) is fitted to min_dist.
// Input rows are chips (N × D row-major float32); the output is N × 2 float32, row i = chip i.
// Cosine metric: rows are L2-normalised first (Euclidean on the sphere is monotone in cosine).
// Determinism: with threads == 1 the result depends only on the input and the seed. With more
// threads the SGD runs Hogwild-style (lock-free relaxed atomics) and is not bit-reproducible.
// Progress: k-NN 0–40 %, weights 40–45 %, SGD 45–100 %; cancel throws CanceledError.
// Errors: UsageError if N < 3 or neighbors < 2.

#include "dataset/embeddingmatrix.h"
#include "search/searchtypes.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chipfinder {

class Feedback;

struct UmapOptions
{
    size_t neighbors = 15;
    double minDist = 0.1;
    double spread = 1.0;
    size_t epochs = 0; // 0 = 500 for N ≤ 10 000, else 200 (as umap-learn)
    size_t negativeSampleRate = 5;
    double learningRate = 1.0;
    Metric metric = Metric::Cosine;
    size_t exactLimit = 200000;     // exact k-NN up to this many rows, else HNSW
    size_t preReduceDimensions = 0; // > 0: PCA to this many dimensions before the k-NN graph
    uint64_t seed = 42;
    unsigned threads = 1; // 1 = deterministic; 0 = hardware concurrency
};

// Parameters of the low-dimensional similarity curve 1/(1 + a·d^(2b)), least-squares fitted
// (Levenberg–Marquardt) to 1 for d < minDist and exp(−(d − minDist)/spread) beyond, on
// d ∈ [0, 3·spread] — umap-learn's find_ab_params (minDist 0.1, spread 1 → a ≈ 1.577, b ≈ 0.895).
struct UmapCurve
{
    double a = 0.0;
    double b = 0.0;
};
UmapCurve fitUmapCurve(double minDist, double spread);

// k nearest other rows of each row (self excluded), N × k row-major, nearest first; distances are
// Euclidean (not squared) in the space searched (normalised rows for Cosine).
struct KnnGraph
{
    size_t k = 0;
    std::vector<int64_t> neighbors;
    std::vector<float> distances;
};
KnnGraph buildKnnGraph(const EmbeddingMatrix &embeddings, size_t k, Metric metric,
                       size_t exactLimit = 200000, Feedback *feedback = nullptr);

// Symmetric fuzzy graph as directed edges (both (i,j) and (j,i) present), weights in (0, 1].
struct FuzzyGraph
{
    std::vector<int64_t> heads;
    std::vector<int64_t> tails;
    std::vector<float> weights;
};
FuzzyGraph fuzzySimplicialSet(const KnnGraph &graph, size_t rows);

// The whole pipeline: N × 2 layout.
EmbeddingMatrix umapLayout(const EmbeddingMatrix &embeddings, const UmapOptions &options = {},
                           Feedback *feedback = nullptr);

} // namespace chipfinder
