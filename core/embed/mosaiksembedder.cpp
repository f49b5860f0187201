// One threading layer only: our std::thread workers; Eigen's own OpenMP GEMM stays off (core is
// built with EIGEN_DONT_PARALLELIZE; kept here for builds of this file alone).
#ifndef EIGEN_DONT_PARALLELIZE
#define EIGEN_DONT_PARALLELIZE
#endif
#include "embed/mosaiksembedder.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "embed/chipreader.h"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <random>
#include <thread>

namespace chipfinder {

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Standardises pixels in place (band-sequential, plane = w·h); invalid pixels become 0 (the mean).
void standardize(std::vector<float> &pixels, const std::vector<uint8_t> &valid,
                 const BandNormalization &norm, int bands)
{
    const size_t plane = valid.size();
    for (int b = 0; b < bands; ++b) {
        const float mean = norm.empty() ? 0.0f : float(norm.mean[size_t(b)]);
        const float scale = norm.empty() ? 1.0f : float(1.0 / norm.std[size_t(b)]);
        float *p = pixels.data() + size_t(b) * plane;
        for (size_t i = 0; i < plane; ++i)
            p[i] = valid[i] ? (p[i] - mean) * scale : 0.0f;
    }
}

// Per-chip work space of one worker.
struct ChipWorker
{
    std::vector<float> pixels;
    std::vector<uint8_t> valid;
    std::vector<float> values;
    RowMatrix patches; // D × positions
    Eigen::MatrixXf responses;
    Eigen::MatrixXf positive;
    Eigen::MatrixXf negative;
};

} // namespace

FeatureStandardization FeatureStandardization::fit(const EmbeddingMatrix &raw, size_t pooled)
{
    FeatureStandardization result;
    const size_t n = raw.rows(), dim = raw.dim();
    if (pooled > dim)
        throw UsageError("the pooled features cannot outnumber the dimensions");
    result.m_dim = dim;
    result.m_pooled = pooled;
    if (n == 0 || dim == 0)
        return result;
    EmbeddingMatrix m = raw;
    for (size_t i = 0; i < n; ++i) {
        float *row = m.row(i).data();
        for (size_t j = 0; j < pooled; ++j)
            row[j] = std::sqrt(std::max(0.0f, row[j]));
    }
    std::vector<double> sum(dim, 0.0), sumSq(dim, 0.0);
    for (size_t i = 0; i < n; ++i) {
        const auto row = m.row(i);
        for (size_t j = 0; j < dim; ++j) {
            sum[j] += row[j];
            sumSq[j] += double(row[j]) * row[j];
        }
    }
    result.m_mean.resize(dim);
    result.m_scale.resize(dim);
    for (size_t j = 0; j < dim; ++j) {
        const double mu = sum[j] / double(n);
        const double sd = std::sqrt(std::max(0.0, sumSq[j] / double(n) - mu * mu));
        result.m_mean[j] = float(mu);
        // Below float resolution of the mean: a constant column (rounding noise only).
        result.m_scale[j] = sd > 1e-6 * std::max(1.0, std::abs(mu)) ? float(1.0 / sd) : 0.0f;
    }
    for (size_t i = 0; i < n; ++i) {
        float *row = m.row(i).data();
        for (size_t j = 0; j < dim; ++j)
            row[j] = (row[j] - result.m_mean[j]) * result.m_scale[j];
    }
    // Covariance in double over row blocks, then its eigen-decomposition.
    const auto d = Eigen::Index(dim);
    Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(d, d);
    constexpr size_t kBlock = 4096;
    for (size_t first = 0; first < n; first += kBlock) {
        const auto rows = Eigen::Index(std::min(kBlock, n - first));
        const Eigen::MatrixXd block =
            Eigen::Map<const RowMatrix>(m.row(first).data(), rows, d).cast<double>();
        covariance.noalias() += block.transpose() * block;
    }
    covariance /= double(n);
    const double epsilon = covariance.trace() / double(dim);
    if (!(epsilon > 0.0))
        return result; // every column constant: the z-scores are all zeros already
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(covariance);
    const Eigen::VectorXd inverseRoot =
        (eigen.eigenvalues().array().max(0.0) + epsilon).rsqrt().matrix();
    const Eigen::MatrixXf whitening =
        (eigen.eigenvectors() * inverseRoot.asDiagonal() * eigen.eigenvectors().transpose())
            .cast<float>();
    result.m_whitening.assign(whitening.data(), whitening.data() + whitening.size());
    return result;
}

void FeatureStandardization::apply(EmbeddingMatrix &m) const
{
    if (m.dim() != m_dim)
        throw UsageError("the rows have " + std::to_string(m.dim()) +
                         " dimensions, the standardisation " + std::to_string(m_dim));
    const size_t n = m.rows(), dim = m_dim;
    if (n == 0 || dim == 0 || m_mean.empty())
        return;
    for (size_t i = 0; i < n; ++i) {
        float *row = m.row(i).data();
        for (size_t j = 0; j < m_pooled; ++j)
            row[j] = std::sqrt(std::max(0.0f, row[j]));
        for (size_t j = 0; j < dim; ++j)
            row[j] = (row[j] - m_mean[j]) * m_scale[j];
    }
    if (m_whitening.empty())
        return;
    const auto d = Eigen::Index(dim);
    const Eigen::Map<const Eigen::MatrixXf> whitening(m_whitening.data(), d, d);
    constexpr size_t kBlock = 4096;
    RowMatrix out;
    for (size_t first = 0; first < n; first += kBlock) {
        const auto rows = Eigen::Index(std::min(kBlock, n - first));
        Eigen::Map<RowMatrix> block(m.row(first).data(), rows, d);
        out.noalias() = block * whitening;
        block = out;
    }
}

MosaiksEmbedder::MosaiksEmbedder(MosaiksOptions options) : m_options(options)
{
    if (m_options.features < 1)
        throw UsageError("the number of random features must be at least 1");
    if (m_options.poolingGrid < 1)
        throw UsageError("the pooling grid must be at least 1 × 1");
    if (m_options.kernelSize < 1)
        throw UsageError("the kernel size must be at least 1 pixel");
    if (!std::isfinite(m_options.bias))
        throw UsageError("the bias must be a finite number");
}

void MosaiksEmbedder::setNormalization(BandNormalization normalization)
{
    if (normalization.mean.size() != normalization.std.size())
        throw UsageError("band normalisation needs one mean and one std per band");
    if (m_bands && !normalization.empty() && int(normalization.bandCount()) != m_bands)
        throw UsageError("band normalisation has " + std::to_string(normalization.bandCount()) +
                         " bands, the filters " + std::to_string(m_bands));
    m_normalization = std::move(normalization);
}

size_t MosaiksEmbedder::dim() const
{
    return size_t(2 * m_options.features) * size_t(m_options.poolingGrid * m_options.poolingGrid) +
           size_t(4 * m_bands);
}

void MosaiksEmbedder::fit(const ChipGrid &grid, Feedback *feedback)
{
    const int k = m_options.kernelSize;
    if (grid.chips.empty())
        throw DataError(grid.rasterPath, "has no chip to sample filters from", std::nullopt, {},
                        "at least one chip with data");
    if (k > grid.chipSize)
        throw UsageError("the kernel (" + std::to_string(k) + " px) is larger than the chips (" +
                         std::to_string(grid.chipSize) + " px)");
    SubFeedback normFeedback(feedback, 0.0, 0.6);
    if (m_options.normalize && m_normalization.empty()) {
        // Relays progress up and the parent's cancel down (the callback runs on this thread).
        Feedback inner;
        inner.setCallback([&](double f) {
            normFeedback.setProgress(f);
            if (normFeedback.isCanceled())
                inner.cancel();
        });
        m_normalization = computeBandNormalization(grid.rasterPath, &inner);
    }
    ChipReader reader(grid.rasterPath);
    const int bands = reader.bandCount();
    if (!m_normalization.empty() && int(m_normalization.bandCount()) != bands)
        throw DataError(grid.rasterPath, "has " + std::to_string(bands) +
                                             " bands but the normalisation " +
                                             std::to_string(m_normalization.bandCount()));
    const BandNormalization norm = m_options.normalize ? m_normalization : BandNormalization{};

    const int s = grid.chipSize;
    const size_t plane = size_t(s) * size_t(s);
    const size_t d = size_t(bands) * size_t(k) * size_t(k);
    const int K = m_options.features;
    std::vector<float> filters;
    filters.reserve(size_t(K) * d);
    std::mt19937_64 rng(m_options.seed);
    std::uniform_int_distribution<size_t> pickChip(0, grid.chips.size() - 1);
    std::uniform_int_distribution<int> pickOffset(0, s - k);
    std::vector<float> pixels, patch(d);
    std::vector<uint8_t> valid;
    const int patchesPerChip = 4;
    const int maxDraws = 200 * K;
    int draws = 0;
    while (int(filters.size() / d) < K) {
        if (++draws > maxDraws)
            throw DataError(grid.rasterPath, "has too few fully valid, non-constant patches",
                            std::nullopt, {},
                            std::to_string(K) + " random " + std::to_string(k) + "×" +
                                std::to_string(k) + " patches");
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(0.6 + 0.4 * double(filters.size() / d) / K);
        }
        const ChipWindow &w = grid.chips[pickChip(rng)];
        reader.read(w.x, w.y, s, s, pixels, valid);
        standardize(pixels, valid, norm, bands);
        for (int p = 0; p < patchesPerChip && int(filters.size() / d) < K; ++p) {
            const int ox = pickOffset(rng);
            const int oy = pickOffset(rng);
            bool allValid = true;
            for (int dy = 0; dy < k && allValid; ++dy)
                for (int dx = 0; dx < k; ++dx)
                    allValid = allValid && valid[size_t(oy + dy) * size_t(s) + size_t(ox + dx)];
            if (!allValid)
                continue;
            double norm2 = 0.0;
            for (int b = 0; b < bands; ++b)
                for (int dy = 0; dy < k; ++dy)
                    for (int dx = 0; dx < k; ++dx) {
                        const float v = pixels[size_t(b) * plane + size_t(oy + dy) * size_t(s) +
                                               size_t(ox + dx)];
                        patch[(size_t(b) * size_t(k) + size_t(dy)) * size_t(k) + size_t(dx)] = v;
                        norm2 += double(v) * v;
                    }
            if (norm2 < 1e-8)
                continue;
            const float inv = float(1.0 / std::sqrt(norm2));
            for (float v : patch)
                filters.push_back(v * inv);
        }
    }
    m_filters = std::move(filters);
    m_bands = bands;
    if (feedback)
        feedback->setProgress(1.0);
}

EmbeddingMatrix MosaiksEmbedder::embed(const ChipGrid &grid, Feedback *feedback) const
{
    return embed(grid.rasterPath, grid, feedback);
}

EmbeddingMatrix MosaiksEmbedder::embed(const std::string &rasterPath, const ChipGrid &grid,
                                       Feedback *feedback) const
{
    EmbeddingMatrix result = embedFeatures(rasterPath, grid, feedback);
    if (m_options.standardize)
        FeatureStandardization::fit(result, pooledDim()).apply(result);
    if (feedback)
        feedback->setProgress(1.0);
    return result;
}

size_t MosaiksEmbedder::pooledDim() const
{
    return size_t(2 * m_options.features) * size_t(m_options.poolingGrid * m_options.poolingGrid);
}

EmbeddingMatrix MosaiksEmbedder::embedFeatures(const std::string &rasterPath, const ChipGrid &grid,
                                               Feedback *feedback) const
{
    if (!isFitted())
        throw UsageError("the embedder must be fitted before embedding");
    const int k = m_options.kernelSize;
    const int s = grid.chipSize;
    if (k > s)
        throw UsageError("the kernel is larger than the chips");
    {
        ChipReader probe(rasterPath);
        if (probe.bandCount() != m_bands)
            throw DataError(rasterPath,
                            "has " + std::to_string(probe.bandCount()) +
                                " bands but the filters were sampled from " +
                                std::to_string(m_bands),
                            std::nullopt, {}, "the same band layout as the fitted raster");
        for (const ChipWindow &w : grid.chips)
            if (w.x + s > probe.width() || w.y + s > probe.height())
                throw DataError(rasterPath,
                                "is smaller than the chip grid (" + std::to_string(probe.width()) +
                                    "×" + std::to_string(probe.height()) + " px)",
                                std::nullopt, {}, "every chip window inside the raster");
    }

    const size_t n = grid.chips.size();
    const int K = m_options.features;
    const int bands = m_bands;
    const size_t d = size_t(bands) * size_t(k) * size_t(k);
    const int out = s - k + 1;
    const size_t positions = size_t(out) * size_t(out);
    const size_t plane = size_t(s) * size_t(s);
    const BandNormalization norm = m_options.normalize ? m_normalization : BandNormalization{};
    const Eigen::Map<const RowMatrix> filters(m_filters.data(), K, Eigen::Index(d));
    const float bias = m_options.bias;
    const int cells = m_options.poolingGrid;

    EmbeddingMatrix result(n, dim());
    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex failureMutex;

    auto work = [&](bool reports) {
        try {
            ChipReader reader(rasterPath);
            ChipWorker cw;
            cw.patches.resize(Eigen::Index(d), Eigen::Index(positions));
            for (;;) {
                if (stop.load(std::memory_order_relaxed))
                    return;
                if (feedback && feedback->isCanceled()) {
                    stop = true;
                    return;
                }
                const size_t i = next.fetch_add(1);
                if (i >= n)
                    return;
                const ChipWindow &w = grid.chips[i];
                reader.read(w.x, w.y, s, s, cw.pixels, cw.valid);
                standardize(cw.pixels, cw.valid, norm, bands);
                // im2col: row (b·k + dy)·k + dx holds, for every output position, that input pixel.
                for (int b = 0; b < bands; ++b)
                    for (int dy = 0; dy < k; ++dy)
                        for (int dx = 0; dx < k; ++dx) {
                            float *row = cw.patches.row((b * k + dy) * k + dx).data();
                            const float *src = cw.pixels.data() + size_t(b) * plane;
                            for (int oy = 0; oy < out; ++oy) {
                                const float *line = src + size_t(oy + dy) * size_t(s) + size_t(dx);
                                std::copy(line, line + out, row + size_t(oy) * size_t(out));
                            }
                        }
                cw.responses.noalias() = filters * cw.patches;
                float *vec = result.row(i).data();
                if (cells == 1) {
                    Eigen::Map<Eigen::VectorXf> positive(vec, K);
                    Eigen::Map<Eigen::VectorXf> negative(vec + K, K);
                    positive = (cw.responses.array() - bias).max(0.0f).rowwise().mean();
                    negative = (-cw.responses.array() - bias).max(0.0f).rowwise().mean();
                } else {
                    cw.positive = (cw.responses.array() - bias).max(0.0f);
                    cw.negative = (-cw.responses.array() - bias).max(0.0f);
                    for (int gy = 0; gy < cells; ++gy)
                        for (int gx = 0; gx < cells; ++gx) {
                            const int y0 = gy * out / cells, y1 = (gy + 1) * out / cells;
                            const int x0 = gx * out / cells, x1 = (gx + 1) * out / cells;
                            float *cell = vec + size_t(gy * cells + gx) * 2 * size_t(K);
                            Eigen::Map<Eigen::VectorXf> positive(cell, K);
                            Eigen::Map<Eigen::VectorXf> negative(cell + K, K);
                            positive.setZero();
                            negative.setZero();
                            for (int oy = y0; oy < y1; ++oy) {
                                const Eigen::Index first = Eigen::Index(oy) * out + x0;
                                positive += cw.positive.middleCols(first, x1 - x0).rowwise().sum();
                                negative += cw.negative.middleCols(first, x1 - x0).rowwise().sum();
                            }
                            const float inv = 1.0f / float((y1 - y0) * (x1 - x0));
                            positive *= inv;
                            negative *= inv;
                        }
                }
                // Per-band statistics of the valid standardised pixels.
                float *stats = vec + 2 * size_t(K) * size_t(cells * cells);
                for (int b = 0; b < bands; ++b) {
                    cw.values.clear();
                    const float *src = cw.pixels.data() + size_t(b) * plane;
                    for (size_t p = 0; p < plane; ++p)
                        if (cw.valid[p])
                            cw.values.push_back(src[p]);
                    float *st = stats + 4 * size_t(b);
                    if (cw.values.empty()) {
                        std::fill(st, st + 4, 0.0f);
                        continue;
                    }
                    double sum = 0.0, sumSq = 0.0;
                    for (float v : cw.values) {
                        sum += v;
                        sumSq += double(v) * v;
                    }
                    const double m = sum / double(cw.values.size());
                    st[0] = float(m);
                    st[1] =
                        float(std::sqrt(std::max(0.0, sumSq / double(cw.values.size()) - m * m)));
                    const auto quantile = [&](double q) {
                        const size_t at = size_t(q * double(cw.values.size() - 1) + 0.5);
                        std::nth_element(cw.values.begin(), cw.values.begin() + long(at),
                                         cw.values.end());
                        return cw.values[at];
                    };
                    st[2] = quantile(0.1);
                    st[3] = quantile(0.9);
                }
                const size_t finished = done.fetch_add(1) + 1;
                if (reports && feedback)
                    feedback->setProgress(double(finished) / double(n));
            }
        } catch (...) {
            std::lock_guard lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
            stop = true;
        }
    };

    unsigned threads = m_options.threads ? m_options.threads : std::thread::hardware_concurrency();
    threads = std::max(1u, std::min<unsigned>(threads, unsigned(std::max<size_t>(n, 1))));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(work, false);
    work(true); // the calling thread is worker 0 and the only one that reports progress
    for (auto &thread : pool)
        thread.join();
    if (failure)
        std::rethrow_exception(failure);
    if (feedback)
        feedback->throwIfCanceled();
    return result;
}

} // namespace chipfinder
