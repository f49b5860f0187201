#pragma once
// Exact nearest-neighbour search over an embedding matrix, at memory bandwidth.
// Debian 12's FAISS flat scan runs scalar (no AVX2) and single queries take a non-BLAS path, so
// the exact scan here is our own: for fewer than 4 queries an AVX2/FMA kernel (portable fallback
// chosen at run time) streams the matrix once for all queries; from 4 queries on, a blocked,
// register-tiled kernel (rows read in place, each value broadcast against 8–24 queries; OpenBLAS
// sgemm per row block on CPUs without AVX2). Either feeds a bounded per-query top-k
// that skips excluded chips inside the scan (never by over-fetching). One threading layer: our
// std::threads over contiguous row ranges (small matrices stay on the calling thread), per-thread
// heaps merged at the end. Ties are broken by chip index, so results are deterministic.
// Thread safety: const methods may be called concurrently.

#include "dataset/embeddingmatrix.h"
#include "search/searchtypes.h"

#include <memory>
#include <span>
#include <vector>

namespace chipfinder {

class Feedback;
class ApproximateIndex;

class FlatIndex
{
public:
    // How the scan reads the vectors. Float16 keeps an extra IEEE-half copy (half the bytes to
    // stream), ranks candidates with it and re-scores the best k + max(k, 32) exactly from float32:
    // scores are exact, the ranking is approximate (a true top-k chip can be missed when half
    // precision misorders it beyond that margin).
    enum class Storage
    {
        Float32,
        Float16
    };

    // Copies the matrix. Cosine: rows are L2-normalised. Euclidean: squared norms are cached.
    // threads = 0 means std::thread::hardware_concurrency(). Sets OpenBLAS to one thread per
    // caller (once per process): the index parallelises over row blocks itself.
    FlatIndex(const EmbeddingMatrix &embeddings, Metric metric, unsigned threads = 0,
              Storage storage = Storage::Float32);
    // Takes the matrix over instead of copying it (e.g. a temporary subspace).
    FlatIndex(EmbeddingMatrix &&embeddings, Metric metric, unsigned threads = 0,
              Storage storage = Storage::Float32);
    // Searches the given matrix itself, no copy, when the metric is Euclidean or its rows are
    // already normalised (EmbeddingMatrix::rowsNormalized(), e.g. a dataset's matrix normalised in
    // place once); otherwise a normalised copy. The matrix must not change while the index lives.
    FlatIndex(std::shared_ptr<const EmbeddingMatrix> embeddings, Metric metric,
              unsigned threads = 0, Storage storage = Storage::Float32);
    ~FlatIndex();
    FlatIndex(FlatIndex &&) noexcept;
    FlatIndex &operator=(FlatIndex &&) noexcept;

    size_t size() const;
    size_t dim() const;
    Metric metric() const;
    // The vectors searched (normalised for cosine), N × D row-major.
    const EmbeddingMatrix &vectors() const;
    // Those vectors' rows for chips, row-major (chips.size() × D).
    std::vector<float> rows(std::span<const int64_t> chips) const;

    // Exact top-k for nq queries (queries: nq × dim, row-major; normalised internally for cosine).
    // excluded: empty, one mask for all queries, or one mask per query (nullptr = none).
    // Each result list is sorted best first; shorter than k only if too few chips remain.
    std::vector<std::vector<ScoredChip>> search(std::span<const float> queries, size_t nq, size_t k,
                                                std::span<const ChipMask *const> excluded = {},
                                                Feedback *feedback = nullptr) const;

    // Convenience for one query.
    std::vector<ScoredChip> search(std::span<const float> query, size_t k,
                                   const ChipMask *excluded = nullptr) const;

    // Nearest neighbours of stored chips (each chip's own stored row is the query), exact and
    // equal to search() over those rows with the same mask; memoised across calls: the index
    // keeps each chip's unmasked top-M list (M ≥ c + excluded->count()) and filters it by
    // `excluded` later, scanning a chip again only when fewer than c unexcluded chips remain in
    // its list. Made for strategies that query from every labeled chip (knn-union, common-*),
    // whose positives recur from one iteration to the next. Very large masks (c + excluded over
    // a quarter of N) bypass the cache. The cache is bounded (~256 MB) and thread safe.
    std::vector<std::vector<ScoredChip>> neighboursOf(std::span<const int64_t> chips, size_t c,
                                                      const ChipMask *excluded = nullptr,
                                                      Feedback *feedback = nullptr) const;
    // Makes sure the cached lists of these chips hold their top `depth` chips (misses scanned in
    // one batch), so a caller can batch the misses of many neighboursOf() calls.
    void prepareNeighbours(std::span<const int64_t> chips, size_t depth,
                           Feedback *feedback = nullptr) const;
    // The list depth neighboursOf() caches for c neighbours under a mask of `excluded` chips
    // (0 when it would bypass the cache).
    size_t neighbourDepth(size_t c, size_t excluded) const;

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

    // Very large sets: with an approximate index attached, search(), searchInnerProduct() (cosine
    // only) and neighboursOf() take their candidates from it (rerank × k of them, at least
    // k + 32) and re-score them exactly here; scoreAll() and innerProductAll() stay exact.
    // Attach before sharing the index between threads; nullptr detaches.
    void setApproximate(std::shared_ptr<const ApproximateIndex> approximate, size_t rerank = 4);
    const ApproximateIndex *approximate() const;

    // Worker threads used by search() (≥ 1).
    unsigned threads() const;
    Storage storage() const;

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
