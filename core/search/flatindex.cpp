#include "search/flatindex.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "search/topk.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include <cblas.h>

namespace chipfinder {

// Reference implementation (sgemv per query + bounded top-k). The bandwidth-bound scan replaces
// the inner loop; behaviour (scores, exclusion, ordering) is the contract.
struct FlatIndex::Impl
{
    EmbeddingMatrix vectors;
    Metric metric;
    std::vector<float> squaredNorms;
    unsigned threads;
};

FlatIndex::FlatIndex(const EmbeddingMatrix &embeddings, Metric metric, unsigned threads)
    : d(std::make_unique<Impl>(Impl{embeddings, metric, {}, threads}))
{
    if (d->threads == 0)
        d->threads = std::max(1u, std::thread::hardware_concurrency());
    if (metric == Metric::Cosine) {
        d->vectors.normalizeRows();
    } else {
        d->squaredNorms.resize(d->vectors.rows());
        for (size_t i = 0; i < d->vectors.rows(); ++i) {
            const auto r = d->vectors.row(i);
            double s = 0;
            for (float v : r)
                s += double(v) * v;
            d->squaredNorms[i] = float(s);
        }
    }
}

FlatIndex::~FlatIndex() = default;
FlatIndex::FlatIndex(FlatIndex &&) noexcept = default;
FlatIndex &FlatIndex::operator=(FlatIndex &&) noexcept = default;

size_t FlatIndex::size() const
{
    return d->vectors.rows();
}
size_t FlatIndex::dim() const
{
    return d->vectors.dim();
}
Metric FlatIndex::metric() const
{
    return d->metric;
}
unsigned FlatIndex::threads() const
{
    return d->threads;
}
const EmbeddingMatrix &FlatIndex::vectors() const
{
    return d->vectors;
}

std::vector<float> FlatIndex::scores(std::span<const float> query, Scoring scoring) const
{
    const size_t n = size(), dm = dim();
    if (query.size() != dm)
        throw UsageError("FlatIndex: query dimension mismatch");
    std::vector<float> q(query.begin(), query.end());
    std::vector<float> out(n, 0.0f);
    if (scoring == Scoring::Metric && d->metric == Metric::Cosine) {
        double s = 0;
        for (float v : q)
            s += double(v) * v;
        if (s > 0)
            for (float &v : q)
                v = float(v / std::sqrt(s));
    }
    if (n == 0)
        return out;
    cblas_sgemv(CblasRowMajor, CblasNoTrans, int(n), int(dm), 1.0f, d->vectors.data(), int(dm),
                q.data(), 1, 0.0f, out.data(), 1);
    if (scoring == Scoring::Metric && d->metric == Metric::Euclidean) {
        double qn = 0;
        for (float v : q)
            qn += double(v) * v;
        for (size_t i = 0; i < n; ++i)
            out[i] = -(d->squaredNorms[i] - 2.0f * out[i] + float(qn));
    }
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
    if (queries.size() != nq * dim())
        throw UsageError("FlatIndex::search: queries must be nq × dim");
    if (!excluded.empty() && excluded.size() != 1 && excluded.size() != nq)
        throw UsageError("FlatIndex::search: excluded must be empty, one mask, or one per query");
    for (const ChipMask *mask : excluded)
        if (mask && mask->size() != size())
            throw UsageError("FlatIndex::search: mask size differs from the index size");
    std::vector<std::vector<ScoredChip>> results(nq);
    for (size_t q = 0; q < nq; ++q) {
        if (feedback)
            feedback->throwIfCanceled();
        const ChipMask *mask =
            excluded.empty() ? nullptr : (excluded.size() == 1 ? excluded[0] : excluded[q]);
        const auto all = scores(queries.subspan(q * dim(), dim()), scoring);
        TopK top(k);
        for (size_t i = 0; i < all.size(); ++i)
            if (!mask || !mask->test(int64_t(i)))
                top.push(int64_t(i), all[i]);
        results[q] = top.take();
        if (feedback)
            feedback->setProgress(double(q + 1) / double(nq));
    }
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

float FlatIndex::score(int64_t a, int64_t b) const
{
    const auto ra = d->vectors.row(size_t(a)), rb = d->vectors.row(size_t(b));
    double dot = 0;
    for (size_t j = 0; j < ra.size(); ++j)
        dot += double(ra[j]) * rb[j];
    if (d->metric == Metric::Cosine)
        return float(dot);
    return -(d->squaredNorms[size_t(a)] + d->squaredNorms[size_t(b)] - 2.0f * float(dot));
}

} // namespace chipfinder
