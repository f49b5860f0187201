#include "search/int8rows.h"

#include "common/errors.h"
#include "search/scan.h"
#include "search/topk.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

namespace chipfinder {

namespace {

// Rows scored per kernel call before top-k selection.
constexpr size_t kBlockRows = 1024;
// Query weights are quantised to ±kWeightRange so that 127 · kWeightRange · dim stays within int32
// for dim ≤ 2048.
constexpr float kWeightRange = 8191.0f;

} // namespace

std::vector<float> Int8Rows::fitScales(const float *rows, size_t n, size_t dim)
{
    std::vector<float> scales(dim, 0.0f);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < dim; ++j)
            scales[j] = std::max(scales[j], std::abs(rows[i * dim + j]));
    for (float &s : scales)
        s = s > 0.0f && std::isfinite(s) ? s / 127.0f : 1.0f;
    return scales;
}

void Int8Rows::quantize(const float *row, const std::vector<float> &scales, int8_t *codes)
{
    for (size_t j = 0; j < scales.size(); ++j) {
        const float v = std::nearbyint(row[j] / scales[j]);
        codes[j] = int8_t(std::clamp(std::isfinite(v) ? v : 0.0f, -127.0f, 127.0f));
    }
}

Int8Rows::Int8Rows(const float *rows, size_t n, size_t dim)
    : m_n(n), m_dim(dim), m_scales(fitScales(rows, n, dim)), m_own(n * dim)
{
    for (size_t i = 0; i < n; ++i)
        quantize(rows + i * dim, m_scales, m_own.data() + i * dim);
    m_codes = m_own.data();
}

Int8Rows::Int8Rows(const int8_t *codes, size_t n, size_t dim, std::vector<float> scales)
    : m_n(n), m_dim(dim), m_scales(std::move(scales)), m_codes(codes)
{
    if (m_scales.size() != dim)
        throw UsageError("Int8Rows: one scale per dimension expected");
}

std::vector<std::vector<ScoredChip>> Int8Rows::candidates(std::span<const float> queries, size_t nq,
                                                          size_t count,
                                                          std::span<const ChipMask *const> excluded,
                                                          unsigned threads) const
{
    const size_t n = m_n, dim = m_dim;
    if (queries.size() != nq * dim)
        throw UsageError("Int8Rows: queries must be nq × dim");
    if (dim > 2048)
        throw UsageError("Int8Rows: at most 2048 dimensions");
    if (!excluded.empty() && excluded.size() != 1 && excluded.size() != nq)
        throw UsageError("Int8Rows: excluded must be empty, one mask, or one per query");
    for (const ChipMask *mask : excluded)
        if (mask && mask->size() != n)
            throw UsageError("Int8Rows: mask size differs from the number of rows");
    std::vector<std::vector<ScoredChip>> out(nq);
    if (nq == 0 || count == 0 || n == 0)
        return out;
    // Query q's weights w_j = q_j · scale_j as integers (common factor back in `unit`): int8 for
    // the VNNI kernel (32 products per instruction), int16 otherwise.
    const bool vnni = detail::cpuHasVnni();
    const float range = vnni ? 127.0f : kWeightRange;
    std::vector<int16_t> weights(nq * dim);
    std::vector<int8_t> weights8(vnni ? nq * dim : 0);
    std::vector<float> unit(nq);
    for (size_t q = 0; q < nq; ++q) {
        float top = 0.0f;
        for (size_t j = 0; j < dim; ++j)
            top = std::max(top, std::abs(queries[q * dim + j] * m_scales[j]));
        unit[q] = top > 0.0f ? top / range : 1.0f;
        for (size_t j = 0; j < dim; ++j) {
            weights[q * dim + j] =
                int16_t(std::nearbyint(queries[q * dim + j] * m_scales[j] / unit[q]));
            if (vnni)
                weights8[q * dim + j] = int8_t(weights[q * dim + j]);
        }
    }
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    const size_t parts = std::max<size_t>(1, std::min<size_t>(threads, n / kBlockRows));
    std::vector<std::vector<TopK>> heaps(parts, std::vector<TopK>(nq, TopK(count)));
    const bool avx2 = detail::cpuHasAvx2();
    auto work = [&](size_t t, size_t begin, size_t end) {
        std::vector<int32_t> dots(kBlockRows);
        auto &tops = heaps[t];
        for (size_t q = 0; q < nq; ++q) {
            const ChipMask *m = excluded.empty() ? nullptr : excluded[excluded.size() == 1 ? 0 : q];
            const uint8_t *mask = m ? m->data() : nullptr;
            TopK &top = tops[q];
            for (size_t b = begin; b < end; b += kBlockRows) {
                const size_t e = std::min(end, b + kBlockRows);
                if (vnni)
                    detail::int8DotsVnni(m_codes, b, e, dim, weights8.data() + q * dim,
                                         dots.data());
                else
                    (avx2 ? detail::int8DotsAvx2 : detail::int8DotsPortable)(
                        m_codes, b, e, dim, weights.data() + q * dim, dots.data());
                // Integer threshold: most rows are rejected with one compare.
                int32_t threshold = INT32_MIN;
                if (top.full())
                    threshold = int32_t(std::floor(top.threshold() / unit[q]));
                for (size_t i = b; i < e; ++i) {
                    const int32_t s = dots[i - b];
                    if (s < threshold || (mask && mask[i]))
                        continue;
                    top.push(int64_t(i), float(s) * unit[q]);
                    if (top.full())
                        threshold = int32_t(std::floor(top.threshold() / unit[q]));
                }
            }
        }
    };
    const size_t step = (n + parts - 1) / parts;
    std::vector<std::thread> pool;
    std::exception_ptr error;
    std::mutex errorMutex;
    auto guarded = [&](size_t t) {
        try {
            work(t, std::min(n, t * step), std::min(n, (t + 1) * step));
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!error)
                error = std::current_exception();
        }
    };
    for (size_t t = 1; t < parts; ++t)
        pool.emplace_back(guarded, t);
    guarded(0);
    for (auto &thread : pool)
        thread.join();
    if (error)
        std::rethrow_exception(error);
    for (size_t q = 0; q < nq; ++q) {
        for (size_t t = 1; t < parts; ++t)
            heaps[0][q].merge(heaps[t][q]);
        out[q] = heaps[0][q].take();
    }
    return out;
}

std::vector<ScoredChip> Int8Rows::rerank(std::span<const float> query,
                                         std::span<const ScoredChip> candidates, size_t k,
                                         const std::function<void(int64_t, float *)> &row)
{
    TopK top(k);
    std::vector<float> values(query.size());
    for (const ScoredChip &c : candidates) {
        row(c.chip, values.data());
        double dot = 0;
        for (size_t j = 0; j < query.size(); ++j)
            dot += double(values[j]) * query[j];
        top.push(c.chip, float(dot));
    }
    return top.take();
}

} // namespace chipfinder
