#pragma once
// Approximate search for very large sets (DESIGN §2). Two kinds, chosen at build time:
//  - Sketch (the default): one bit per dimension, the sign of the row minus the column mean
//    (96 bytes per 768-dimensional row). A query (its component along the mean removed) scans
//    every sketch by Hamming distance (popcount), masked chips skipped inside the scan, and keeps
//    the `oversample` × count nearest as candidates. A full scan of 1/32 of the float32 bytes:
//    recall does not depend on how well the data clusters.
//  - Lists: an inverted file (IVF). FAISS does k-means (spherical for cosine) on a sample and
//    assigns every chip to its nearest centroid; the lists are scanned by our AVX2 kernel over a
//    list-ordered float16 copy of the vectors; a query scans its `probes` best lists. Fast on well
//    separated clusters, poor recall where they overlap (bench_search).
// Either way the exact index re-scores the candidates from float32, so scores are exact and only
// the ranking is approximate. The index (kind, centroids and lists, or the column mean) is saved
// in one file beside the data with a fingerprint of the vectors and loaded instead of recomputed;
// the bit sketches or float16 lists are rebuilt from the vectors on load.
// Attach it with FlatIndex::setApproximate(); makeSearchIndex() chooses automatically.
// Thread safety: const methods may be called concurrently.

#include "search/searchtypes.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

class EmbeddingMatrix;
class FlatIndex;
class Feedback;

struct ApproximateOptions
{
    enum class Kind
    {
        Sketch,
        Lists
    };
    Kind kind = Kind::Sketch;
    size_t oversample = 16;      // Sketch: candidates kept per candidate asked for
    size_t lists = 0;            // inverted lists; 0 = √N (16 … 16384)
    size_t probes = 0;           // lists scanned per query; 0 = max(16, lists / 8)
    size_t trainingPerList = 64; // k-means sample: this many chips per list (at most N)
    int iterations = 12;         // k-means iterations
};

class ApproximateIndex
{
public:
    ~ApproximateIndex();

    // Builds from the exact index's stored vectors (normalised rows for cosine): spherical
    // k-means and inner product for cosine, k-means and L2 for Euclidean. Progress: training,
    // then assigning; cancelable. The index reads the exact index's vectors only while building
    // (and loading); it keeps its own list-ordered float16 copy (N × D × 2 bytes).
    static std::unique_ptr<ApproximateIndex>
    build(const FlatIndex &exact, ApproximateOptions options = {}, Feedback *feedback = nullptr);
    // The index saved at path if it was built from these vectors (same fingerprint); nullptr if
    // the file does not exist or belongs to other data. A damaged file (bad header, truncated,
    // trailing bytes, lists that do not hold every chip once, centroids not finite) throws
    // DataError naming it.
    static std::unique_ptr<ApproximateIndex> load(const std::string &path, const FlatIndex &exact);
    // Writes the index to path atomically (a temporary file renamed into place); DataError on
    // failure.
    void save(const std::string &path) const;

    size_t size() const;
    ApproximateOptions::Kind kind() const;
    // Sketch: candidates kept per candidate asked for (≥ 1).
    size_t oversample() const;
    // Lists: number of lists and lists probed per query (0 for a sketch).
    size_t lists() const;
    size_t probes() const;
    void setProbes(size_t probes);
    uint64_t fingerprint() const;
    // The fingerprint of an exact index's vectors: size, dimension, metric and a 64-bit hash of
    // every value (streams the matrix once, at memory speed).
    static uint64_t fingerprintOf(const FlatIndex &exact);

    // Up to `count` candidate chips per query (queries: nq × dim, as given), best first by the
    // approximate score; excluded as in FlatIndex::search(). With metric Cosine (inner-product
    // lists) the queries may have any length (linear models w·x).
    std::vector<std::vector<int64_t>> candidates(std::span<const float> queries, size_t nq,
                                                 size_t count,
                                                 std::span<const ChipMask *const> excluded) const;

private:
    ApproximateIndex();
    struct Impl;
    std::unique_ptr<Impl> d;
};

// How the search index of a dataset is chosen.
enum class IndexChoice
{
    Automatic,  // exact below approximateFrom chips, exact + approximate from there on
    Exact,      // exact only
    Approximate // exact + approximate whatever the size
};
// Default size from which Automatic adds the approximate index (a sketch). bench_search, 768
// dimensions, two cores: exact search costs ~0.1 s per query per 10^6 chips, past an interactive
// click from 10^6 on; there the sketch measured recall@25 1.000 on strongly overlapping clusters
// (where the IVF lists reach 0.58) at 11x the exact speed, and 4.7x at 10^5, where exact is still
// ~10 ms and not worth an approximation.
constexpr size_t kApproximateFrom = 1'000'000;

// "auto" | "exact" | "approximate"; throws UsageError otherwise.
IndexChoice indexChoiceFromName(const std::string &name);

// Where the approximate index of a dataset file is kept: beside it, as
// "<dataset>.<metric>.chipfinder-ivf".
std::string approximateIndexPath(const std::string &datasetPath, Metric metric);

// The exact index of the embeddings, plus (per choice) the approximate index loaded from
// cachePath or built and saved there (a failed save is reported through `warning`, not
// thrown). cachePath empty = build without saving.
struct SearchIndexResult
{
    std::shared_ptr<FlatIndex> index;
    bool approximate = false; // an approximate index is attached
    bool loaded = false;      // it came from cachePath
    std::string warning;      // e.g. the cache file could not be written
};
SearchIndexResult makeSearchIndex(const EmbeddingMatrix &embeddings, Metric metric,
                                  IndexChoice choice, const std::string &cachePath,
                                  size_t approximateFrom = kApproximateFrom,
                                  Feedback *feedback = nullptr);
// The same over a shared matrix, which the exact index then searches without a copy when it can
// (see FlatIndex's shared-matrix constructor: Euclidean, or rows already normalised for cosine).
SearchIndexResult makeSearchIndex(std::shared_ptr<const EmbeddingMatrix> embeddings, Metric metric,
                                  IndexChoice choice, const std::string &cachePath,
                                  size_t approximateFrom = kApproximateFrom,
                                  Feedback *feedback = nullptr);

} // namespace chipfinder
