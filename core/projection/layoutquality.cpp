#include "projection/layoutquality.h"

#include "common/errors.h"

#include <faiss/IndexFlat.h>
#include <faiss/utils/distances.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <unordered_set>

namespace chipfinder {

namespace {

// k nearest other rows of each query row (self excluded), exact.
std::vector<int64_t> exactNeighbors(const EmbeddingMatrix &rows, std::span<const int64_t> queries,
                                    size_t k)
{
    faiss::IndexFlatL2 index(int(rows.dim()));
    index.add(faiss::Index::idx_t(rows.rows()), rows.data());
    const EmbeddingMatrix queryRows = rows.selectRows(queries);
    std::vector<float> distances(queries.size() * (k + 1));
    std::vector<faiss::Index::idx_t> labels(queries.size() * (k + 1));
    index.search(faiss::Index::idx_t(queries.size()), queryRows.data(), faiss::Index::idx_t(k + 1),
                 distances.data(), labels.data());
    std::vector<int64_t> out(queries.size() * k);
    for (size_t q = 0; q < queries.size(); ++q) {
        size_t filled = 0;
        for (size_t j = 0; j <= k && filled < k; ++j)
            if (labels[q * (k + 1) + j] != queries[q] && labels[q * (k + 1) + j] >= 0)
                out[q * k + filled++] = labels[q * (k + 1) + j];
    }
    return out;
}

} // namespace

double trustworthiness(const EmbeddingMatrix &original, const EmbeddingMatrix &layout, size_t k,
                       Metric metric, size_t sample, uint64_t seed)
{
    const size_t n = original.rows();
    if (layout.rows() != n)
        throw UsageError("trustworthiness: the layout has " + std::to_string(layout.rows()) +
                         " rows, the original " + std::to_string(n));
    if (k < 1 || 2 * k >= n)
        throw UsageError("trustworthiness: k must be in 1.." + std::to_string((n - 1) / 2));

    EmbeddingMatrix normalised;
    const EmbeddingMatrix *high = &original;
    if (metric == Metric::Cosine) {
        normalised = original;
        normalised.normalizeRows();
        high = &normalised;
    }

    std::vector<int64_t> points(n);
    std::iota(points.begin(), points.end(), 0);
    if (sample > 0 && sample < n) {
        std::mt19937_64 rng(seed);
        std::shuffle(points.begin(), points.end(), rng);
        points.resize(sample);
        std::sort(points.begin(), points.end());
    }
    const size_t m = points.size();
    const std::vector<int64_t> highNn = exactNeighbors(*high, points, k);
    const std::vector<int64_t> lowNn = exactNeighbors(layout, points, k);

    const size_t dim = high->dim();
    std::vector<float> distances(n);
    double penalty = 0.0;
    for (size_t q = 0; q < m; ++q) {
        const int64_t i = points[q];
        const std::unordered_set<int64_t> highSet(highNn.begin() + long(q * k),
                                                  highNn.begin() + long((q + 1) * k));
        bool needRanks = false;
        for (size_t j = 0; j < k; ++j)
            needRanks |= highSet.count(lowNn[q * k + j]) == 0;
        if (!needRanks)
            continue;
        faiss::fvec_L2sqr_ny(distances.data(), high->data() + size_t(i) * dim, high->data(), dim,
                             n);
        for (size_t j = 0; j < k; ++j) {
            const int64_t other = lowNn[q * k + j];
            if (highSet.count(other))
                continue;
            // Rank (1-based) of `other` among all points other than i by original distance;
            // ties are broken by index so that ranks are a permutation.
            const float d = distances[size_t(other)];
            size_t rank = 1;
            for (size_t t = 0; t < n; ++t) {
                if (int64_t(t) == i || int64_t(t) == other)
                    continue;
                if (distances[t] < d || (distances[t] == d && int64_t(t) < other))
                    ++rank;
            }
            penalty += double(rank) - double(k);
        }
    }
    const double nd = double(n), kd = double(k);
    return 1.0 - 2.0 / (double(m) * kd * (2.0 * nd - 3.0 * kd - 1.0)) * penalty;
}

} // namespace chipfinder
