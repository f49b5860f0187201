#include "search/flatindex.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "search/approximateindex.h"
#include "search/scan.h"
#include "search/topk.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <cblas.h>

extern "C" void openblas_set_num_threads(int threads);

namespace chipfinder {

namespace {

// Below this many queries the matrix is streamed once by the vector kernel (all queries per row);
// from here on blocked sgemm is faster (compute bound per block, matrix read once).
constexpr size_t kBlasQueries = 4;
// Each thread gets at least this many floats of the matrix (thread start-up costs ~50 µs).
constexpr size_t kMinFloatsPerThread = size_t(1) << 19;
// Rows scored per step into a small buffer before top-k selection (fits in L1/L2).
constexpr size_t kScanRows = 512;
// neighboursOf(): cached entries (16 bytes each) before the cache is emptied, and the smallest
// list depth kept per chip.
constexpr size_t kNeighbourCacheEntries = size_t(16) << 20;
constexpr size_t kMinNeighbourDepth = 64;

// OpenBLAS runs on one thread inside our row blocks: one threading layer (ours).
void limitBlasThreads()
{
    static std::once_flag once;
    std::call_once(once, [] { openblas_set_num_threads(1); });
}

// The matrix a cosine index searches must have unit rows: shared as it is when it has them (or
// for Euclidean), else a normalised copy.
std::shared_ptr<const EmbeddingMatrix> searchable(std::shared_ptr<const EmbeddingMatrix> matrix,
                                                  Metric metric)
{
    if (!matrix)
        throw UsageError("FlatIndex: no matrix");
    if (metric != Metric::Cosine || matrix->rowsNormalized())
        return matrix;
    auto copy = std::make_shared<EmbeddingMatrix>(*matrix);
    copy->normalizeRows();
    return copy;
}

} // namespace

struct FlatIndex::Impl
{
    std::shared_ptr<const EmbeddingMatrix> vectors;
    Metric metric;
    std::vector<float> squaredNorms;
    unsigned threads;
    Storage storage;
    std::vector<uint16_t> half; // Float16 storage: the vectors as IEEE half
    // neighboursOf(): each stored chip's unmasked top list, best first.
    struct NeighbourCache
    {
        std::mutex mutex;
        std::unordered_map<int64_t, std::vector<ScoredChip>> lists;
        size_t entries = 0;
    };
    std::unique_ptr<NeighbourCache> neighbours = std::make_unique<NeighbourCache>();
    std::shared_ptr<const ApproximateIndex> approximate;
    size_t rerank = 4;
};

FlatIndex::FlatIndex(const EmbeddingMatrix &embeddings, Metric metric, unsigned threads,
                     Storage storage)
    : FlatIndex(EmbeddingMatrix(embeddings), metric, threads, storage)
{
}

FlatIndex::FlatIndex(EmbeddingMatrix &&embeddings, Metric metric, unsigned threads, Storage storage)
    : FlatIndex(
          [&] {
              if (metric == Metric::Cosine && !embeddings.rowsNormalized())
                  embeddings.normalizeRows();
              return std::make_shared<const EmbeddingMatrix>(std::move(embeddings));
          }(),
          metric, threads, storage)
{
}

FlatIndex::FlatIndex(std::shared_ptr<const EmbeddingMatrix> embeddings, Metric metric,
                     unsigned threads, Storage storage)
    : d(std::make_unique<Impl>(Impl{searchable(std::move(embeddings), metric),
                                    metric,
                                    {},
                                    threads,
                                    storage,
                                    {},
                                    std::make_unique<Impl::NeighbourCache>(),
                                    nullptr,
                                    4}))
{
    limitBlasThreads();
    if (d->threads == 0)
        d->threads = std::max(1u, std::thread::hardware_concurrency());
    if (metric != Metric::Cosine) {
        d->squaredNorms.resize(d->vectors->rows());
        for (size_t i = 0; i < d->vectors->rows(); ++i) {
            const auto r = d->vectors->row(i);
            double s = 0;
            for (float v : r)
                s += double(v) * v;
            d->squaredNorms[i] = float(s);
        }
    }
    if (storage == Storage::Float16) {
        d->half.resize(d->vectors->rows() * d->vectors->dim());
        detail::floatToHalf(d->vectors->data(), d->half.data(), d->half.size());
    }
}

FlatIndex::~FlatIndex() = default;
FlatIndex::FlatIndex(FlatIndex &&) noexcept = default;
FlatIndex &FlatIndex::operator=(FlatIndex &&) noexcept = default;

size_t FlatIndex::size() const
{
    return d->vectors->rows();
}
size_t FlatIndex::dim() const
{
    return d->vectors->dim();
}
Metric FlatIndex::metric() const
{
    return d->metric;
}
unsigned FlatIndex::threads() const
{
    return d->threads;
}
FlatIndex::Storage FlatIndex::storage() const
{
    return d->storage;
}
const EmbeddingMatrix &FlatIndex::vectors() const
{
    return *d->vectors;
}

void FlatIndex::setApproximate(std::shared_ptr<const ApproximateIndex> approximate, size_t rerank)
{
    if (approximate && (approximate->size() != size() ||
                        approximate->fingerprint() != ApproximateIndex::fingerprintOf(*this)))
        throw UsageError("FlatIndex::setApproximate: the approximate index was built for other "
                         "vectors");
    d->approximate = std::move(approximate);
    d->rerank = std::max<size_t>(1, rerank);
    std::lock_guard lock(d->neighbours->mutex);
    d->neighbours->lists.clear();
    d->neighbours->entries = 0;
}

const ApproximateIndex *FlatIndex::approximate() const
{
    return d->approximate.get();
}

namespace {

// How many row ranges (threads) a scan of n rows × dim uses.
size_t rangeCount(size_t n, size_t dim, unsigned threads)
{
    const size_t minRows = std::max<size_t>(1, kMinFloatsPerThread / std::max<size_t>(1, dim));
    return std::max<size_t>(1, std::min<size_t>(threads, n / minRows));
}

// Splits [0, n) into `parts` contiguous ranges and runs work(t, begin, end) on each (the first on
// the calling thread). Rethrows the first exception of any part.
template <typename Work> void parallelRanges(size_t n, size_t parts, Work work)
{
    const size_t step = (n + parts - 1) / parts;
    std::vector<std::thread> pool;
    std::exception_ptr error;
    std::mutex errorMutex;
    auto guarded = [&](size_t t, size_t b, size_t e) {
        try {
            work(t, b, e);
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!error)
                error = std::current_exception();
        }
    };
    for (size_t t = 1; t < parts; ++t) {
        const size_t b = std::min(n, t * step), e = std::min(n, b + step);
        pool.emplace_back(guarded, t, b, e);
    }
    guarded(0, 0, std::min(n, step));
    for (auto &thread : pool)
        thread.join();
    if (error)
        std::rethrow_exception(error);
}

} // namespace

std::vector<float> FlatIndex::scores(std::span<const float> query, Scoring scoring) const
{
    const size_t n = size(), dm = dim();
    if (query.size() != dm)
        throw UsageError("FlatIndex: query dimension mismatch");
    std::vector<float> q(query.begin(), query.end());
    double qn = 0;
    for (float v : q)
        qn += double(v) * v;
    if (scoring == Scoring::Metric && d->metric == Metric::Cosine && qn > 0) {
        for (float &v : q)
            v = float(v / std::sqrt(qn));
        qn = 1.0;
    }
    std::vector<float> out(n, 0.0f);
    const float *matrix = d->vectors->data();
    const bool avx2 = detail::cpuHasAvx2();
    parallelRanges(n, rangeCount(n, dm, d->threads), [&](size_t, size_t b, size_t e) {
        if (avx2)
            detail::scanDotsAvx2(matrix, b, e, dm, q.data(), 1, out.data() + b);
        else
            detail::scanDotsPortable(matrix, b, e, dm, q.data(), 1, out.data() + b);
    });
    if (scoring == Scoring::Metric && d->metric == Metric::Euclidean)
        for (size_t i = 0; i < n; ++i)
            out[i] = -(d->squaredNorms[i] - 2.0f * out[i] + float(qn));
    return out;
}

std::vector<float> FlatIndex::scoreAll(std::span<const float> query) const
{
    return scores(query, Scoring::Metric);
}

std::vector<float> FlatIndex::innerProductAll(std::span<const float> query) const
{
    return scores(query, Scoring::InnerProduct);
}

std::vector<std::vector<ScoredChip>> FlatIndex::run(std::span<const float> queries, size_t nq,
                                                    size_t k,
                                                    std::span<const ChipMask *const> excluded,
                                                    Feedback *feedback, Scoring scoring) const
{
    const size_t n = size(), dm = dim();
    if (queries.size() != nq * dm)
        throw UsageError("FlatIndex::search: queries must be nq × dim");
    if (!excluded.empty() && excluded.size() != 1 && excluded.size() != nq)
        throw UsageError("FlatIndex::search: excluded must be empty, one mask, or one per query");
    for (const ChipMask *mask : excluded)
        if (mask && mask->size() != n)
            throw UsageError("FlatIndex::search: mask size differs from the index size");
    if (feedback)
        feedback->throwIfCanceled();
    std::vector<std::vector<ScoredChip>> results(nq);
    if (nq == 0 || k == 0 || n == 0)
        return results;

    // Prepared queries (unit length for cosine) and their squared norms (Euclidean).
    std::vector<float> q(queries.begin(), queries.end());
    std::vector<float> qNorms(nq, 0.0f);
    for (size_t i = 0; i < nq; ++i) {
        float *v = q.data() + i * dm;
        double s = 0;
        for (size_t j = 0; j < dm; ++j)
            s += double(v[j]) * v[j];
        if (scoring == Scoring::Metric && d->metric == Metric::Cosine && s > 0) {
            for (size_t j = 0; j < dm; ++j)
                v[j] = float(v[j] / std::sqrt(s));
            s = 1.0;
        }
        qNorms[i] = float(s);
    }
    const bool euclidean = scoring == Scoring::Metric && d->metric == Metric::Euclidean;
    // Exact scores of candidate chips for query i from the float32 rows: the k best.
    auto rescore = [&](size_t i, auto &&candidateChips) {
        const float *v = q.data() + i * dm;
        TopK exact(k);
        for (const int64_t chip : candidateChips) {
            const float *r = d->vectors->row(size_t(chip)).data();
            double dot = 0;
            for (size_t j = 0; j < dm; ++j)
                dot += double(r[j]) * v[j];
            float s = float(dot);
            if (euclidean)
                s = -(d->squaredNorms[size_t(chip)] - 2.0f * s + qNorms[i]);
            exact.push(chip, s);
        }
        return exact.take();
    };
    const bool half = d->storage == Storage::Float16;
    // Float16 ranks approximately, so it keeps extra candidates and re-scores them exactly.
    const size_t kept = half ? k + std::max<size_t>(k, 32) : k;
    std::vector<const uint8_t *> masks(nq, nullptr);
    for (size_t i = 0; i < nq; ++i) {
        const ChipMask *m = excluded.empty() ? nullptr : excluded[excluded.size() == 1 ? 0 : i];
        masks[i] = m ? m->data() : nullptr;
    }

    const bool viaApproximate =
        d->approximate && (d->metric == Metric::Cosine || scoring == Scoring::Metric);
    if (viaApproximate) {
        // Candidates from the approximate index, re-scored exactly from the float32 rows.
        std::vector<const ChipMask *> maskList;
        for (const ChipMask *m : excluded)
            maskList.push_back(m);
        const size_t count = std::max(d->rerank * k, k + 32);
        const auto candidates = d->approximate->candidates(q, nq, count, maskList);
        for (size_t i = 0; i < nq; ++i)
            results[i] = rescore(i, candidates[i]);
        if (feedback)
            feedback->setProgress(1.0);
        return results;
    }
    const bool blas = !half && nq >= kBlasQueries;
    const bool avx2 = detail::cpuHasAvx2();
    const size_t group = blas ? nq : std::min(nq, detail::kMaxScanQueries);
    // With AVX2 the many-query path is our register-tiled kernel (no packing of the matrix, top-k
    // fused per block of rows); without it, OpenBLAS sgemm per block.
    const bool tiled = blas && avx2;
    const std::vector<float> packed =
        tiled ? detail::packQueries(q.data(), nq, dm) : std::vector<float>();
    const size_t chunk = tiled  ? std::clamp<size_t>(16384 / nq, 48, 480)
                         : blas ? std::clamp<size_t>(65536 / nq, 64, 2048)
                                : kScanRows;
    const size_t parts = rangeCount(n, dm, d->threads);
    std::vector<std::vector<TopK>> heaps(parts, std::vector<TopK>(nq, TopK(kept)));
    std::atomic<bool> canceled{false};
    const float *matrix = d->vectors->data();
    const uint16_t *halfRows = d->half.data();

    parallelRanges(n, parts, [&](size_t t, size_t begin, size_t end) {
        std::vector<float> buffer(chunk * group);
        auto &tops = heaps[t];
        // A score below thresholds[q] cannot enter query q's top (−inf until it is full).
        std::vector<float> thresholds(nq, -std::numeric_limits<float>::infinity());
        for (size_t q0 = 0; q0 < nq; q0 += group) {
            const size_t g = std::min(group, nq - q0);
            const float *qs = q.data() + q0 * dm;
            for (size_t b = begin; b < end; b += chunk) {
                if (feedback &&
                    (canceled.load(std::memory_order_relaxed) || feedback->isCanceled())) {
                    canceled = true;
                    return;
                }
                const size_t e = std::min(end, b + chunk);
                if (tiled)
                    detail::gemmDotsAvx2(matrix, b, e, dm, qs, packed.data(), g, buffer.data());
                else if (blas)
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(e - b), int(g),
                                int(dm), 1.0f, matrix + b * dm, int(dm), qs, int(dm), 0.0f,
                                buffer.data(), int(g));
                else if (half)
                    (avx2 ? detail::scanDotsF16Avx2
                          : detail::scanDotsF16Portable)(halfRows, b, e, dm, qs, g, buffer.data());
                else
                    (avx2 ? detail::scanDotsAvx2 : detail::scanDotsPortable)(matrix, b, e, dm, qs,
                                                                             g, buffer.data());
                // Row by row over the buffer (it is rows × queries): sequential reads, and each
                // query's entry threshold in a small array, so most scores are rejected with
                // one compare. Each query still sees its rows in ascending order.
                for (size_t i = b; i < e; ++i) {
                    const float *line = buffer.data() + (i - b) * g;
                    for (size_t j = 0; j < g; ++j) {
                        float s = line[j];
                        if (euclidean)
                            s = -(d->squaredNorms[i] - 2.0f * s + qNorms[q0 + j]);
                        if (s < thresholds[q0 + j])
                            continue;
                        const uint8_t *mask = masks[q0 + j];
                        if (mask && mask[i])
                            continue;
                        TopK &top = tops[q0 + j];
                        top.push(int64_t(i), s);
                        if (top.full())
                            thresholds[q0 + j] = top.threshold();
                    }
                }
                if (feedback && t == 0)
                    feedback->setProgress(
                        (double(q0) + double(g) * double(e - begin) / double(end - begin)) /
                        double(nq));
            }
        }
    });
    if (canceled)
        throw CanceledError();

    for (size_t i = 0; i < nq; ++i) {
        for (size_t t = 1; t < parts; ++t)
            heaps[0][i].merge(heaps[t][i]);
        auto list = heaps[0][i].take();
        if (half) { // ranked on float16: exact re-scoring from the float32 rows
            std::vector<int64_t> chips;
            for (const auto &c : list)
                chips.push_back(c.chip);
            list = rescore(i, chips);
        }
        results[i] = std::move(list);
    }
    if (feedback)
        feedback->setProgress(1.0);
    return results;
}

std::vector<std::vector<ScoredChip>> FlatIndex::search(std::span<const float> queries, size_t nq,
                                                       size_t k,
                                                       std::span<const ChipMask *const> excluded,
                                                       Feedback *feedback) const
{
    return run(queries, nq, k, excluded, feedback, Scoring::Metric);
}

std::vector<std::vector<ScoredChip>>
FlatIndex::searchInnerProduct(std::span<const float> queries, size_t nq, size_t k,
                              std::span<const ChipMask *const> excluded, Feedback *feedback) const
{
    return run(queries, nq, k, excluded, feedback, Scoring::InnerProduct);
}

std::vector<ScoredChip> FlatIndex::search(std::span<const float> query, size_t k,
                                          const ChipMask *excluded) const
{
    const ChipMask *masks[1] = {excluded};
    return search(query, 1, k,
                  excluded ? std::span<const ChipMask *const>(masks, 1)
                           : std::span<const ChipMask *const>())[0];
}

std::vector<float> FlatIndex::rows(std::span<const int64_t> chips) const
{
    const size_t dm = dim();
    std::vector<float> out(chips.size() * dm);
    for (size_t i = 0; i < chips.size(); ++i) {
        const auto row = d->vectors->row(size_t(chips[i]));
        std::copy(row.begin(), row.end(), out.begin() + ptrdiff_t(i * dm));
    }
    return out;
}

size_t FlatIndex::neighbourDepth(size_t c, size_t excluded) const
{
    const size_t n = size();
    const size_t need = c + excluded;
    if (n == 0 || need > n / 4)
        return 0;
    size_t depth = kMinNeighbourDepth;
    while (depth < need)
        depth *= 2;
    return std::min(depth, n);
}

void FlatIndex::prepareNeighbours(std::span<const int64_t> chips, size_t depth,
                                  Feedback *feedback) const
{
    const size_t n = size();
    depth = std::min(depth, n);
    if (depth == 0)
        return;
    std::vector<int64_t> missing;
    {
        auto &cache = *d->neighbours;
        std::lock_guard lock(cache.mutex);
        for (const int64_t chip : chips) {
            if (chip < 0 || size_t(chip) >= n)
                throw UsageError("FlatIndex::neighboursOf: chip index out of range");
            const auto it = cache.lists.find(chip);
            if (it == cache.lists.end() || it->second.size() < depth)
                missing.push_back(chip);
        }
    }
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    if (missing.empty())
        return;
    // Scanned outside the lock: concurrent callers may repeat a scan, never block on one.
    auto lists = search(rows(missing), missing.size(), depth, {}, feedback);
    auto &cache = *d->neighbours;
    std::lock_guard lock(cache.mutex);
    if (cache.entries + missing.size() * depth > kNeighbourCacheEntries) {
        cache.lists.clear();
        cache.entries = 0;
    }
    for (size_t i = 0; i < missing.size(); ++i) {
        auto &slot = cache.lists[missing[i]];
        if (slot.size() >= lists[i].size())
            continue;
        cache.entries += lists[i].size() - slot.size();
        slot = std::move(lists[i]);
    }
}

std::vector<std::vector<ScoredChip>> FlatIndex::neighboursOf(std::span<const int64_t> chips,
                                                             size_t c, const ChipMask *excluded,
                                                             Feedback *feedback) const
{
    const size_t n = size();
    if (excluded && excluded->size() != n)
        throw UsageError("FlatIndex::neighboursOf: mask size differs from the index size");
    std::vector<std::vector<ScoredChip>> results(chips.size());
    if (chips.empty() || c == 0 || n == 0)
        return results;
    const size_t depth = neighbourDepth(c, excluded ? excluded->count() : 0);
    std::vector<size_t> pending(chips.size());
    for (size_t i = 0; i < chips.size(); ++i)
        pending[i] = i;
    // Filters the cached lists into results; keeps in `pending` the chips whose list is missing
    // or holds fewer than c unexcluded chips (and is not the whole index).
    auto fromCache = [&] {
        auto &cache = *d->neighbours;
        std::lock_guard lock(cache.mutex);
        std::vector<size_t> still;
        for (const size_t i : pending) {
            const auto it = cache.lists.find(chips[i]);
            if (it == cache.lists.end()) {
                still.push_back(i);
                continue;
            }
            auto &out = results[i];
            out.clear();
            for (const auto &candidate : it->second) {
                if (excluded && excluded->test(candidate.chip))
                    continue;
                out.push_back(candidate);
                if (out.size() == c)
                    break;
            }
            if (out.size() < c && it->second.size() < n)
                still.push_back(i);
        }
        pending = std::move(still);
    };
    if (depth > 0) {
        fromCache();
        for (int round = 0; round < 2 && !pending.empty(); ++round) {
            std::vector<int64_t> missing;
            for (const size_t i : pending)
                missing.push_back(chips[i]);
            prepareNeighbours(missing, depth, feedback);
            fromCache();
        }
    }
    if (!pending.empty()) {
        // Bypass (very large masks) or a cache emptied by a concurrent caller: a direct scan.
        std::vector<int64_t> direct;
        for (const size_t i : pending)
            direct.push_back(chips[i]);
        const ChipMask *masks[1] = {excluded};
        auto lists = search(rows(direct), pending.size(), c,
                            excluded ? std::span<const ChipMask *const>(masks, 1)
                                     : std::span<const ChipMask *const>(),
                            feedback);
        for (size_t i = 0; i < pending.size(); ++i)
            results[pending[i]] = std::move(lists[i]);
    }
    return results;
}

float FlatIndex::score(int64_t a, int64_t b) const
{
    const auto ra = d->vectors->row(size_t(a)), rb = d->vectors->row(size_t(b));
    double dot = 0;
    for (size_t j = 0; j < ra.size(); ++j)
        dot += double(ra[j]) * rb[j];
    if (d->metric == Metric::Cosine)
        return float(dot);
    return -(d->squaredNorms[size_t(a)] + d->squaredNorms[size_t(b)] - 2.0f * float(dot));
}

} // namespace chipfinder
