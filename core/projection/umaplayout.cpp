#include "projection/umaplayout.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "projection/pca.h"
#include "search/flatindex.h"

#include <Eigen/Dense>
#include <faiss/IndexHNSW.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <thread>

namespace chipfinder {

namespace {

constexpr size_t kQueryBlock = 2048;

// splitmix64: small, fast and identical on every platform (std distributions are not).
struct SplitMix
{
    uint64_t state;
    uint64_t next()
    {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
};

void setProgress(Feedback *feedback, double fraction)
{
    if (feedback) {
        feedback->throwIfCanceled();
        feedback->setProgress(fraction);
    }
}

float clip(float value)
{
    return std::clamp(value, -4.0f, 4.0f);
}

} // namespace

UmapCurve fitUmapCurve(double minDist, double spread)
{
    if (!(spread > 0) || minDist < 0)
        throw UsageError("UMAP curve: spread must be > 0 and min_dist ≥ 0");
    constexpr int samples = 300;
    std::vector<double> xs(samples), ys(samples);
    for (int i = 0; i < samples; ++i) {
        xs[size_t(i)] = 3.0 * spread * double(i) / double(samples - 1);
        ys[size_t(i)] =
            xs[size_t(i)] < minDist ? 1.0 : std::exp(-(xs[size_t(i)] - minDist) / spread);
    }
    auto residuals = [&](double a, double b, Eigen::VectorXd &r, Eigen::MatrixXd *jacobian) {
        for (int i = 0; i < samples; ++i) {
            const double x = xs[size_t(i)];
            const double x2b = x > 0 ? std::pow(x, 2.0 * b) : 0.0;
            const double g = 1.0 / (1.0 + a * x2b);
            r(i) = g - ys[size_t(i)];
            if (jacobian) {
                (*jacobian)(i, 0) = -x2b * g * g;
                (*jacobian)(i, 1) = x > 0 ? -a * x2b * 2.0 * std::log(x) * g * g : 0.0;
            }
        }
    };
    double a = 1.0, b = 1.0, lambda = 1e-3;
    Eigen::VectorXd r(samples), trial(samples);
    Eigen::MatrixXd jacobian(samples, 2);
    residuals(a, b, r, &jacobian);
    double cost = r.squaredNorm();
    for (int iteration = 0; iteration < 200; ++iteration) {
        const Eigen::Matrix2d jtj = jacobian.transpose() * jacobian;
        const Eigen::Vector2d jtr = jacobian.transpose() * r;
        Eigen::Matrix2d damped = jtj;
        damped.diagonal() *= (1.0 + lambda);
        const Eigen::Vector2d step = damped.ldlt().solve(-jtr);
        const double na = a + step(0), nb = b + step(1);
        if (na > 0 && nb > 0) {
            residuals(na, nb, trial, nullptr);
            const double trialCost = trial.squaredNorm();
            if (trialCost < cost) {
                const bool converged = cost - trialCost < 1e-14 * std::max(1.0, cost);
                a = na;
                b = nb;
                cost = trialCost;
                residuals(a, b, r, &jacobian);
                lambda = std::max(lambda / 10.0, 1e-12);
                if (converged)
                    break;
                continue;
            }
        }
        lambda *= 10.0;
        if (lambda > 1e12)
            break;
    }
    return {a, b};
}

KnnGraph buildKnnGraph(const EmbeddingMatrix &embeddings, size_t k, Metric metric,
                       size_t exactLimit, Feedback *feedback)
{
    const size_t n = embeddings.rows();
    const size_t dim = embeddings.dim();
    if (k < 1 || k >= n)
        throw UsageError("k-NN graph: k must be in 1.." + std::to_string(n - 1));
    EmbeddingMatrix normalised;
    const EmbeddingMatrix *rows = &embeddings;
    if (metric == Metric::Cosine && !embeddings.rowsNormalized()) {
        normalised = embeddings;
        normalised.normalizeRows();
        rows = &normalised;
    }

    // Exact: our FlatIndex (blocked sgemm on our threads, OpenBLAS on one: FAISS's OpenMP
    // threads spinning beside OpenBLAS's threads made the FAISS flat search several times
    // slower). Larger sets: FAISS HNSW.
    std::unique_ptr<FlatIndex> exact;
    std::unique_ptr<faiss::Index> index;
    if (n <= exactLimit) {
        exact = std::make_unique<FlatIndex>(*rows, Metric::Euclidean);
    } else {
        auto hnsw = std::make_unique<faiss::IndexHNSWFlat>(int(dim), 32);
        hnsw->hnsw.efConstruction = 64;
        hnsw->hnsw.efSearch = int(std::max<size_t>(64, 2 * (k + 1)));
        // Added in blocks so that progress and cancel stay responsive (first half of the k-NN).
        for (size_t start = 0; start < n; start += 16 * kQueryBlock) {
            const size_t count = std::min(16 * kQueryBlock, n - start);
            hnsw->add(faiss::Index::idx_t(count), rows->data() + start * dim);
            setProgress(feedback, 0.2 * double(start + count) / double(n));
        }
        index = std::move(hnsw);
    }

    KnnGraph graph;
    graph.k = k;
    graph.neighbors.resize(n * k);
    graph.distances.resize(n * k);
    const double begin = n <= exactLimit ? 0.0 : 0.2;
    std::vector<float> distances(kQueryBlock * (k + 1));
    std::vector<faiss::Index::idx_t> labels(kQueryBlock * (k + 1));
    for (size_t start = 0; start < n; start += kQueryBlock) {
        const size_t count = std::min(kQueryBlock, n - start);
        if (exact) {
            if (feedback)
                feedback->throwIfCanceled();
            const auto lists =
                exact->search({rows->data() + start * dim, count * dim}, count, k + 1);
            for (size_t q = 0; q < count; ++q)
                for (size_t j = 0; j <= k; ++j) {
                    const bool found = j < lists[q].size();
                    labels[q * (k + 1) + j] = found ? lists[q][j].chip : -1;
                    distances[q * (k + 1) + j] = found ? -lists[q][j].score : 0.0f; // d²
                }
        } else {
            index->search(faiss::Index::idx_t(count), rows->data() + start * dim,
                          faiss::Index::idx_t(k + 1), distances.data(), labels.data());
        }
        for (size_t q = 0; q < count; ++q) {
            const int64_t self = int64_t(start + q);
            size_t out = 0;
            for (size_t j = 0; j <= k && out < k; ++j) {
                const faiss::Index::idx_t label = labels[q * (k + 1) + j];
                if (label == self || label < 0)
                    continue;
                graph.neighbors[(start + q) * k + out] = label;
                graph.distances[(start + q) * k + out] =
                    std::sqrt(std::max(0.0f, distances[q * (k + 1) + j]));
                ++out;
            }
            // HNSW may return fewer than k: repeat the farthest found (keeps the graph regular).
            for (; out < k; ++out) {
                const size_t from = out > 0 ? out - 1 : 0;
                graph.neighbors[(start + q) * k + out] =
                    out > 0 ? graph.neighbors[(start + q) * k + from] : (self + 1) % int64_t(n);
                graph.distances[(start + q) * k + out] =
                    out > 0 ? graph.distances[(start + q) * k + from] : 0.0f;
            }
        }
        setProgress(feedback, 0.4 * (begin + (1.0 - begin) * double(start + count) / double(n)));
    }
    return graph;
}

FuzzyGraph fuzzySimplicialSet(const KnnGraph &graph, size_t rows)
{
    const size_t k = graph.k;
    const double target = std::log2(double(k));
    double meanAll = 0.0;
    for (float d : graph.distances)
        meanAll += d;
    meanAll /= double(std::max<size_t>(1, graph.distances.size()));

    // Directed memberships μ(i→j).
    struct Edge
    {
        int64_t low, high;
        float weight;
    };
    std::vector<Edge> directed;
    directed.reserve(rows * k);
    for (size_t i = 0; i < rows; ++i) {
        const float *d = graph.distances.data() + i * k;
        double rho = 0.0;
        for (size_t j = 0; j < k; ++j)
            if (d[j] > 0) {
                rho = d[j];
                break;
            }
        double lo = 0.0, hi = std::numeric_limits<double>::infinity(), sigma = 1.0;
        for (int iteration = 0; iteration < 64; ++iteration) {
            double sum = 0.0;
            for (size_t j = 0; j < k; ++j)
                sum += std::exp(-std::max(0.0, double(d[j]) - rho) / sigma);
            if (std::abs(sum - target) < 1e-5)
                break;
            if (sum > target) {
                hi = sigma;
                sigma = (lo + hi) / 2.0;
            } else {
                lo = sigma;
                sigma = std::isinf(hi) ? sigma * 2.0 : (lo + hi) / 2.0;
            }
        }
        double meanI = 0.0;
        for (size_t j = 0; j < k; ++j)
            meanI += d[j];
        meanI /= double(k);
        sigma = std::max(sigma, 1e-3 * (rho > 0 ? meanI : meanAll));
        for (size_t j = 0; j < k; ++j) {
            const int64_t other = graph.neighbors[i * k + j];
            if (other == int64_t(i))
                continue;
            const float weight =
                float(std::exp(-std::max(0.0, double(d[j]) - rho) / std::max(sigma, 1e-12)));
            directed.push_back({std::min<int64_t>(int64_t(i), other),
                                std::max<int64_t>(int64_t(i), other), weight});
        }
    }
    // Fuzzy union: pairs seen twice (i→j and j→i) combine as a + b − a·b.
    std::sort(directed.begin(), directed.end(), [](const Edge &x, const Edge &y) {
        return x.low != y.low ? x.low < y.low : x.high < y.high;
    });
    FuzzyGraph fuzzy;
    for (size_t e = 0; e < directed.size();) {
        float weight = directed[e].weight;
        size_t next = e + 1;
        while (next < directed.size() && directed[next].low == directed[e].low &&
               directed[next].high == directed[e].high) {
            weight = weight + directed[next].weight - weight * directed[next].weight;
            ++next;
        }
        if (weight > 0) {
            fuzzy.heads.push_back(directed[e].low);
            fuzzy.tails.push_back(directed[e].high);
            fuzzy.weights.push_back(weight);
            fuzzy.heads.push_back(directed[e].high);
            fuzzy.tails.push_back(directed[e].low);
            fuzzy.weights.push_back(weight);
        }
        e = next;
    }
    return fuzzy;
}

EmbeddingMatrix umapLayout(const EmbeddingMatrix &embeddings, const UmapOptions &options,
                           Feedback *feedback)
{
    const size_t n = embeddings.rows();
    if (n < 3)
        throw UsageError("UMAP layout needs at least 3 rows");
    if (options.neighbors < 2)
        throw UsageError("UMAP layout needs at least 2 neighbours");
    const size_t k = std::min(options.neighbors, n - 1);

    // Optional PCA pre-reduction for the k-NN graph (and always the 2D initialisation).
    EmbeddingMatrix searchRows;
    const EmbeddingMatrix *source = &embeddings;
    if (options.metric == Metric::Cosine && !embeddings.rowsNormalized()) {
        searchRows = embeddings;
        searchRows.normalizeRows();
        source = &searchRows;
    }
    EmbeddingMatrix reduced;
    if (options.preReduceDimensions > 0 && options.preReduceDimensions < source->dim()) {
        reduced = pca(*source, options.preReduceDimensions).projected;
        source = &reduced;
    }
    const KnnGraph graph =
        buildKnnGraph(*source, k, Metric::Euclidean, options.exactLimit, feedback);
    FuzzyGraph fuzzy = fuzzySimplicialSet(graph, n);
    setProgress(feedback, 0.42);

    // Initialisation: first two principal components, scaled into a 10 × 10 box, tiny jitter.
    const size_t dims = 2;
    EmbeddingMatrix layout = pca(*source, std::min<size_t>(2, source->dim())).projected;
    if (layout.dim() < 2) {
        EmbeddingMatrix wide(n, 2);
        for (size_t i = 0; i < n; ++i)
            wide.data()[i * 2] = layout.data()[i];
        layout = std::move(wide);
    }
    SplitMix rng{options.seed ^ 0x5DEECE66Dull};
    for (size_t d = 0; d < dims; ++d) {
        float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
        for (size_t i = 0; i < n; ++i) {
            lo = std::min(lo, layout.data()[i * dims + d]);
            hi = std::max(hi, layout.data()[i * dims + d]);
        }
        const float range = hi > lo ? hi - lo : 1.0f;
        for (size_t i = 0; i < n; ++i) {
            float &value = layout.data()[i * dims + d];
            value = 10.0f * (value - lo) / range + float(1e-4 * (rng.uniform() - 0.5));
        }
    }
    setProgress(feedback, 0.45);

    const size_t epochs = options.epochs > 0 ? options.epochs : (n <= 10000 ? 500 : 200);
    const UmapCurve curve = fitUmapCurve(options.minDist, options.spread);
    const float a = float(curve.a), b = float(curve.b);

    // Edge sampling by weight: edge e is due every max(w)/w_e epochs; edges below max/epochs
    // would never be sampled and are dropped (umap-learn's make_epochs_per_sample).
    float maxWeight = 0.0f;
    for (float w : fuzzy.weights)
        maxWeight = std::max(maxWeight, w);
    std::vector<int64_t> heads, tails;
    std::vector<float> epochsPerSample;
    for (size_t e = 0; e < fuzzy.weights.size(); ++e) {
        if (fuzzy.weights[e] < maxWeight / float(epochs))
            continue;
        heads.push_back(fuzzy.heads[e]);
        tails.push_back(fuzzy.tails[e]);
        epochsPerSample.push_back(maxWeight / fuzzy.weights[e]);
    }
    fuzzy = {};
    const size_t edges = heads.size();
    const float negativeRate = float(std::max<size_t>(1, options.negativeSampleRate));
    std::vector<float> nextSample(epochsPerSample);
    std::vector<float> epochsPerNegative(edges), nextNegative(edges);
    for (size_t e = 0; e < edges; ++e) {
        epochsPerNegative[e] = epochsPerSample[e] / negativeRate;
        nextNegative[e] = epochsPerNegative[e];
    }

    unsigned threads =
        options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
    threads = unsigned(std::min<size_t>(threads, std::max<size_t>(1, edges / 4096)));
    float *xy = layout.data();

    auto runEdges = [&](size_t first, size_t last, size_t epoch, float alpha, uint64_t seed) {
        SplitMix local{seed};
        const float now = float(epoch);
        auto load = [&](size_t index) {
            return std::atomic_ref<float>(xy[index]).load(std::memory_order_relaxed);
        };
        auto add = [&](size_t index, float delta) {
            std::atomic_ref<float> ref(xy[index]);
            ref.store(ref.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
        };
        for (size_t e = first; e < last; ++e) {
            if (nextSample[e] > now)
                continue;
            const size_t j = size_t(heads[e]), t = size_t(tails[e]);
            float cx = load(j * 2), cy = load(j * 2 + 1);
            float dx = cx - load(t * 2), dy = cy - load(t * 2 + 1);
            float dist2 = dx * dx + dy * dy;
            if (dist2 > 0) {
                // d^(2b) once (exp2/log2 are several times cheaper than powf); d^(2b−2) from it.
                const float d2b = std::exp2(b * std::log2(dist2));
                const float coeff = -2.0f * a * b * (d2b / dist2) / (a * d2b + 1.0f);
                const float gx = clip(coeff * dx) * alpha, gy = clip(coeff * dy) * alpha;
                add(j * 2, gx);
                add(j * 2 + 1, gy);
                add(t * 2, -gx);
                add(t * 2 + 1, -gy);
                cx += gx;
                cy += gy;
            }
            nextSample[e] += epochsPerSample[e];

            const int negatives = int((now - nextNegative[e]) / epochsPerNegative[e]);
            for (int p = 0; p < negatives; ++p) {
                const size_t other = size_t(local.next() % n);
                if (other == j)
                    continue;
                dx = cx - load(other * 2);
                dy = cy - load(other * 2 + 1);
                dist2 = dx * dx + dy * dy;
                if (dist2 <= 0)
                    continue;
                const float coeff =
                    2.0f * b / ((0.001f + dist2) * (a * std::exp2(b * std::log2(dist2)) + 1.0f));
                const float gx = clip(coeff * dx) * alpha, gy = clip(coeff * dy) * alpha;
                add(j * 2, gx);
                add(j * 2 + 1, gy);
                cx += gx;
                cy += gy;
            }
            nextNegative[e] += float(std::max(0, negatives)) * epochsPerNegative[e];
        }
    };

    for (size_t epoch = 0; epoch < epochs; ++epoch) {
        const float alpha = float(options.learningRate * (1.0 - double(epoch) / double(epochs)));
        const uint64_t epochSeed = options.seed * 0x100000001B3ull + epoch;
        if (threads <= 1) {
            runEdges(0, edges, epoch, alpha, epochSeed);
        } else {
            std::vector<std::thread> pool;
            const size_t chunk = (edges + threads - 1) / threads;
            for (unsigned t = 0; t < threads; ++t)
                pool.emplace_back(runEdges, std::min(edges, t * chunk),
                                  std::min(edges, (t + 1) * chunk), epoch, alpha,
                                  epochSeed * 31 + t);
            for (auto &thread : pool)
                thread.join();
        }
        setProgress(feedback, 0.45 + 0.55 * double(epoch + 1) / double(epochs));
    }
    return layout;
}

} // namespace chipfinder
