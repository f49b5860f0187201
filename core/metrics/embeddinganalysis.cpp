#include "metrics/embeddinganalysis.h"

#include "common/errors.h"
#include "common/feedback.h"

#include <faiss/IndexFlat.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

namespace chipfinder {

namespace {

// FAISS runs OpenMP; bound its threads to the cores for the duration of one call (another
// threading layer, e.g. OpenBLAS or our scan pool, may be busy elsewhere) and restore after.
class OmpThreadLimit
{
public:
    OmpThreadLimit() : m_previous(omp_get_max_threads())
    {
        const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
        omp_set_num_threads(std::min(m_previous, cores));
    }
    ~OmpThreadLimit() { omp_set_num_threads(m_previous); }
    OmpThreadLimit(const OmpThreadLimit &) = delete;
    OmpThreadLimit &operator=(const OmpThreadLimit &) = delete;

private:
    int m_previous;
};

constexpr size_t queryBlock = 4096;

// Rows of `embeddings`, L2-normalised for cosine.
std::vector<float> gatherRows(const EmbeddingMatrix &embeddings, std::span<const int64_t> rows,
                              Metric metric)
{
    const size_t d = embeddings.dim();
    std::vector<float> out(rows.size() * d);
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i] < 0 || size_t(rows[i]) >= embeddings.rows())
            throw UsageError("embedding analysis: chip " + std::to_string(rows[i]) +
                             " is out of range");
        const auto src = embeddings.row(size_t(rows[i]));
        std::copy(src.begin(), src.end(), out.begin() + ptrdiff_t(i * d));
    }
    if (metric == Metric::Cosine) {
        EmbeddingMatrix m(rows.size(), d, std::move(out));
        m.normalizeRows();
        out.assign(m.data(), m.data() + m.rows() * d);
    }
    return out;
}

DistanceSummary summarize(std::vector<float> distances)
{
    DistanceSummary summary;
    summary.count = distances.size();
    if (!distances.empty()) {
        const auto [lo, hi] = std::minmax_element(distances.begin(), distances.end());
        summary.min = *lo;
        summary.max = *hi;
        double sum = 0.0;
        for (const float v : distances)
            sum += v;
        summary.mean = sum / double(distances.size());
    }
    summary.distances = std::move(distances);
    return summary;
}

} // namespace

Histogram DistanceSummary::histogram(size_t bins, double lower, double upper) const
{
    if (bins == 0)
        throw UsageError("histogram: bins must be at least 1");
    if (!(upper >= lower))
        throw UsageError("histogram: upper bound below lower bound");
    Histogram h;
    h.lower = lower;
    h.upper = upper;
    h.counts.assign(bins, 0);
    const double width = (upper - lower) / double(bins);
    for (const float v : distances) {
        size_t bin = 0;
        if (width > 0.0 && v > lower)
            bin = std::min(bins - 1, size_t((double(v) - lower) / width));
        ++h.counts[bin];
    }
    return h;
}

Histogram DistanceSummary::histogram(size_t bins) const
{
    return histogram(bins, min, max);
}

DistanceSummary diversity(const EmbeddingMatrix &embeddings, std::span<const int64_t> set,
                          Metric metric, Feedback *feedback)
{
    std::vector<int64_t> members(set.begin(), set.end());
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    if (members.size() < 2)
        throw UsageError("diversity: the set must hold at least 2 distinct chips");
    // Keep the caller's order for the per-member distances (first occurrence of each chip).
    std::vector<int64_t> ordered;
    ordered.reserve(members.size());
    {
        std::vector<uint8_t> seen(members.size(), 0);
        for (const int64_t chip : set) {
            const size_t at =
                size_t(std::lower_bound(members.begin(), members.end(), chip) - members.begin());
            if (!seen[at]) {
                seen[at] = 1;
                ordered.push_back(chip);
            }
        }
    }

    const size_t d = embeddings.dim();
    const std::vector<float> vectors = gatherRows(embeddings, ordered, metric);
    OmpThreadLimit limit;
    faiss::IndexFlatL2 index{faiss::Index::idx_t(d)};
    index.add(faiss::Index::idx_t(ordered.size()), vectors.data());

    const size_t m = ordered.size();
    std::vector<float> distances(m);
    std::vector<float> d2(queryBlock * 2);
    std::vector<faiss::Index::idx_t> labels(queryBlock * 2);
    for (size_t begin = 0; begin < m; begin += queryBlock) {
        if (feedback)
            feedback->throwIfCanceled();
        const size_t count = std::min(queryBlock, m - begin);
        index.search(faiss::Index::idx_t(count), vectors.data() + begin * d, 2, d2.data(),
                     labels.data());
        for (size_t i = 0; i < count; ++i) {
            // The nearest hit that is not the member itself (an exact duplicate may come first).
            const size_t self = begin + i;
            const size_t pick = labels[2 * i] == faiss::Index::idx_t(self) ? 1 : 0;
            distances[self] = std::sqrt(std::max(0.0f, d2[2 * i + pick]));
        }
        if (feedback)
            feedback->setProgress(double(begin + count) / double(m));
    }
    return summarize(std::move(distances));
}

DistanceSummary coverage(const EmbeddingMatrix &embeddings, std::span<const int64_t> selected,
                         Metric metric, Feedback *feedback)
{
    if (selected.empty())
        throw UsageError("coverage: the selected set is empty");
    const size_t d = embeddings.dim();
    const size_t n = embeddings.rows();
    const std::vector<float> vectors = gatherRows(embeddings, selected, metric);
    OmpThreadLimit limit;
    faiss::IndexFlatL2 index{faiss::Index::idx_t(d)};
    index.add(faiss::Index::idx_t(selected.size()), vectors.data());

    std::vector<float> distances(n);
    std::vector<float> block;
    std::vector<faiss::Index::idx_t> labels(queryBlock);
    std::vector<float> d2(queryBlock);
    for (size_t begin = 0; begin < n; begin += queryBlock) {
        if (feedback)
            feedback->throwIfCanceled();
        const size_t count = std::min(queryBlock, n - begin);
        const float *queries = embeddings.data() + begin * d;
        if (metric == Metric::Cosine) {
            EmbeddingMatrix normalized(count, d, std::vector<float>(queries, queries + count * d));
            normalized.normalizeRows();
            block.assign(normalized.data(), normalized.data() + count * d);
            queries = block.data();
        }
        index.search(faiss::Index::idx_t(count), queries, 1, d2.data(), labels.data());
        for (size_t i = 0; i < count; ++i)
            distances[begin + i] = std::sqrt(std::max(0.0f, d2[i]));
        if (feedback)
            feedback->setProgress(double(begin + count) / double(n));
    }
    // A selected chip covers itself exactly (FAISS' expanded form leaves rounding residue).
    for (const int64_t chip : selected)
        distances[size_t(chip)] = 0.0f;
    return summarize(std::move(distances));
}

} // namespace chipfinder
