#pragma once
// Exact nearest-neighbour search over an embedding matrix, at memory bandwidth.
// Debian 12's FAISS flat scan runs scalar (no AVX2) and single queries take a non-BLAS path, so
// the exact scan here is our own: blocked BLAS sgemv/sgemm (OpenBLAS, one thread per block) or an
// AVX2 kernel, fused with a per-query top-k that skips excluded chips inside the scan (never by
// over-fetching). One threading layer: our own std::thread pool over row blocks.
// Thread safety: const methods may be called concurrently.

#include "dataset/embeddingmatrix.h"
#include "search/searchtypes.h"

#include <memory>
#include <span>
#include <vector>

namespace chipfinder {

class Feedback;

class FlatIndex
{
public:
    // Copies the matrix. Cosine: rows are L2-normalised. Euclidean: squared norms are cached.
    // threads = 0 means std::thread::hardware_concurrency().
    FlatIndex(const EmbeddingMatrix &embeddings, Metric metric, unsigned threads = 0);
    ~FlatIndex();
    FlatIndex(FlatIndex &&) noexcept;
    FlatIndex &operator=(FlatIndex &&) noexcept;

    size_t size() const;
    size_t dim() const;
    Metric metric() const;
    // The vectors searched (normalised for cosine), N × D row-major.
    const EmbeddingMatrix &vectors() const;

    // Exact top-k for nq queries (queries: nq × dim, row-major; normalised internally for cosine).
    // excluded: empty, one mask for all queries, or one mask per query (nullptr = none).
    // Each result list is sorted best first; shorter than k only if too few chips remain.
    std::vector<std::vector<ScoredChip>> search(std::span<const float> queries, size_t nq, size_t k,
                                                std::span<const ChipMask *const> excluded = {},
                                                Feedback *feedback = nullptr) const;

    // Convenience for one query.
    std::vector<ScoredChip> search(std::span<const float> query, size_t k,
                                   const ChipMask *excluded = nullptr) const;

    // Score of every chip for one query (N values, same scale as search()).
    std::vector<float> scoreAll(std::span<const float> query) const;

    // Like search(), but the score is the plain inner product of the query (used as given, not
    // normalised) with the stored vectors (normalised rows for cosine), whatever the metric.
    // For linear models (w·x) over the searched space.
    std::vector<std::vector<ScoredChip>>
    searchInnerProduct(std::span<const float> queries, size_t nq, size_t k,
                       std::span<const ChipMask *const> excluded = {},
                       Feedback *feedback = nullptr) const;
    // Inner product of the query (as given) with every stored vector (N values).
    std::vector<float> innerProductAll(std::span<const float> query) const;

    // Worker threads used by search() (≥ 1).
    unsigned threads() const;

    // Score between two stored chips.
    float score(int64_t a, int64_t b) const;

private:
    enum class Scoring
    {
        Metric,
        InnerProduct
    };
    std::vector<std::vector<ScoredChip>> run(std::span<const float> queries, size_t nq, size_t k,
                                             std::span<const ChipMask *const> excluded,
                                             Feedback *feedback, Scoring scoring) const;
    std::vector<float> scores(std::span<const float> query, Scoring scoring) const;

    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace chipfinder
