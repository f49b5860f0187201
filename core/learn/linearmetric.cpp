#include "learn/linearmetric.h"

#include "common/errors.h"

#include <Eigen/Dense>
#include <faiss/Index.h>
#include <faiss/VectorTransform.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace chipfinder {

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Eigen::Map<const RowMatrix> rowsOf(std::span<const float> x, size_t n, size_t d)
{
    return {x.data(), Eigen::Index(n), Eigen::Index(d)};
}

} // namespace

LinearMetric::LinearMetric(LinearMetricOptions options) : m_options(options)
{
    if (!(m_options.margin > 0) || m_options.epochs < 0 || m_options.batch == 0 ||
        !(m_options.learningRate > 0))
        throw UsageError("LinearMetric: invalid options");
}

LinearMetric::Map LinearMetric::pcaMap(std::span<const float> rows, size_t n, size_t d, size_t m)
{
    m = std::max<size_t>(1, m);
    if (m >= d || n < 2) {
        Map w = Map::Zero(Eigen::Index(d), Eigen::Index(std::min(m, d)));
        for (Eigen::Index j = 0; j < w.cols(); ++j)
            w(j, j) = 1.0f;
        return w;
    }
    faiss::PCAMatrix pca(static_cast<int>(d), static_cast<int>(m));
    pca.train(static_cast<faiss::Index::idx_t>(n), rows.data());
    // pca.A is m × d row-major; W = Aᵀ.
    Map w(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(m));
    for (size_t i = 0; i < m; ++i)
        for (size_t j = 0; j < d; ++j)
            w(Eigen::Index(j), Eigen::Index(i)) = pca.A[i * d + j];
    return w;
}

void LinearMetric::fit(std::span<const float> x, size_t n, size_t d,
                       std::span<const uint8_t> labels, const Map &initial)
{
    if (x.size() != n * d || labels.size() != n)
        throw UsageError("LinearMetric::fit: x must be n × d and labels n values");
    if (initial.rows() != Eigen::Index(d) || initial.cols() < 1)
        throw UsageError("LinearMetric::fit: the initial map must have d rows");
    std::vector<size_t> pos, neg;
    for (size_t i = 0; i < n; ++i)
        (labels[i] ? pos : neg).push_back(i);
    if (pos.size() < 2 || neg.empty())
        throw UsageError("LinearMetric::fit: needs two positives and one negative");

    const auto xs = rowsOf(x, n, d);
    m_map = initial;
    const Map w0 = initial;
    const Eigen::Index m = initial.cols();

    // Relative margin: fraction of the mean squared mapped distance between labeled chips.
    RowMatrix y = xs * m_map;
    double meanSq = 0;
    size_t pairs = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j, ++pairs)
            meanSq += (y.row(Eigen::Index(i)) - y.row(Eigen::Index(j))).squaredNorm();
    meanSq = pairs ? meanSq / double(pairs) : 1.0;
    const float margin = float(m_options.margin * std::max(meanSq, 1e-12));

    std::mt19937_64 rng(m_options.seed);
    std::vector<std::pair<size_t, size_t>> anchorPairs;
    for (size_t a : pos)
        for (size_t p : pos)
            if (a != p)
                anchorPairs.emplace_back(a, p);

    Map adamM = Map::Zero(Eigen::Index(d), m), adamV = Map::Zero(Eigen::Index(d), m);
    const float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
    long step = 0;
    struct Triplet
    {
        size_t a, p, n;
    };
    std::vector<Triplet> triplets;
    for (int epoch = 0; epoch < m_options.epochs; ++epoch) {
        y = xs * m_map;
        std::shuffle(anchorPairs.begin(), anchorPairs.end(), rng);
        triplets.clear();
        for (const auto &[a, p] : anchorPairs) {
            if (triplets.size() >= m_options.tripletsPerEpoch)
                break;
            const float dap = (y.row(Eigen::Index(a)) - y.row(Eigen::Index(p))).squaredNorm();
            size_t semiHard = n, hardest = n;
            float semiHardD = 0, hardestD = 0;
            for (size_t q : neg) {
                const float dan = (y.row(Eigen::Index(a)) - y.row(Eigen::Index(q))).squaredNorm();
                if (dan > dap && dan < dap + margin && (semiHard == n || dan < semiHardD)) {
                    semiHard = q;
                    semiHardD = dan;
                }
                if (hardest == n || dan < hardestD) {
                    hardest = q;
                    hardestD = dan;
                }
            }
            if (semiHard != n)
                triplets.push_back({a, p, semiHard});
            else if (hardest != n && hardestD < dap + margin)
                triplets.push_back({a, p, hardest});
        }
        if (triplets.empty())
            break;
        for (size_t start = 0; start < triplets.size(); start += m_options.batch) {
            const size_t end = std::min(triplets.size(), start + m_options.batch);
            Map grad = 2.0f * float(m_options.pull) * (m_map - w0);
            for (size_t t = start; t < end; ++t) {
                const auto &tr = triplets[t];
                const Eigen::VectorXf u =
                    (xs.row(Eigen::Index(tr.a)) - xs.row(Eigen::Index(tr.p))).transpose();
                const Eigen::VectorXf v =
                    (xs.row(Eigen::Index(tr.a)) - xs.row(Eigen::Index(tr.n))).transpose();
                const Eigen::RowVectorXf uw = u.transpose() * m_map, vw = v.transpose() * m_map;
                const float loss = uw.squaredNorm() - vw.squaredNorm() + margin;
                if (loss <= 0)
                    continue;
                const float scale = 2.0f / float(end - start);
                grad.noalias() += scale * (u * uw - v * vw);
            }
            ++step;
            adamM = beta1 * adamM + (1 - beta1) * grad;
            adamV = beta2 * adamV + (1 - beta2) * grad.cwiseProduct(grad);
            const float c1 = 1 - std::pow(beta1, float(step)),
                        c2 = 1 - std::pow(beta2, float(step));
            m_map.array() -= float(m_options.learningRate) * (adamM.array() / c1) /
                             ((adamV.array() / c2).sqrt() + eps);
        }
    }
}

EmbeddingMatrix LinearMetric::transform(const EmbeddingMatrix &embeddings) const
{
    if (Eigen::Index(embeddings.dim()) != m_map.rows())
        throw UsageError("LinearMetric::transform: dimension mismatch");
    EmbeddingMatrix out(embeddings.rows(), size_t(m_map.cols()));
    if (embeddings.rows() == 0)
        return out;
    Eigen::Map<const RowMatrix> in(embeddings.data(), Eigen::Index(embeddings.rows()),
                                   Eigen::Index(embeddings.dim()));
    Eigen::Map<RowMatrix> result(out.data(), Eigen::Index(out.rows()), m_map.cols());
    result.noalias() = in * m_map;
    return out;
}

size_t LinearMetric::tripletViolations(const Map &map, std::span<const float> x, size_t n, size_t d,
                                       std::span<const uint8_t> labels)
{
    const RowMatrix y = rowsOf(x, n, d) * map;
    size_t violations = 0;
    for (size_t a = 0; a < n; ++a) {
        if (!labels[a])
            continue;
        for (size_t p = 0; p < n; ++p) {
            if (p == a || !labels[p])
                continue;
            const float dap = (y.row(Eigen::Index(a)) - y.row(Eigen::Index(p))).squaredNorm();
            for (size_t q = 0; q < n; ++q)
                if (!labels[q] &&
                    dap >= (y.row(Eigen::Index(a)) - y.row(Eigen::Index(q))).squaredNorm())
                    ++violations;
        }
    }
    return violations;
}

} // namespace chipfinder
