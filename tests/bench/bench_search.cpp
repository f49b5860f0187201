// Exact search benchmark (not a test): on a generated N × 768 matrix (10^5 and 10^6 rows by
// default; --rows N for one size), prints the memory-bandwidth floor (streaming the matrix once),
// our exact top-100 for 1 and 25 queries, FAISS IndexFlatIP::search for the same, the ratios,
// our single-query top-25 with 1000 labeled chips excluded (fp32 and fp16 storage), the
// approximate index on clustered data (build time, query time and recall@25 against exact),
// the random-forest importance time on 300 labels × 768.
// Usage: chipfinder-bench_search [--rows N] [--dim D] [--threads T]
//        [--exact-only | --approximate-only] [--no-faiss-approximate]

#include "learn/randomforestimportance.h"
#include "search/approximateindex.h"
#include "search/flatindex.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexRefine.h>
#include <omp.h>

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

extern "C" void openblas_set_num_threads(int threads);

using namespace chipfinder;

namespace {

double bestOf(int repeats, const std::function<void()> &work)
{
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        work();
        const auto end = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::milli>(end - start).count());
    }
    return best;
}

// Deterministic uniform values in [-1, 1) with a little shared structure (xorshift64*).
EmbeddingMatrix generate(size_t rows, size_t dim)
{
    EmbeddingMatrix m(rows, dim);
    const unsigned threads = 2;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            uint64_t s = 0x9E3779B97F4A7C15ull * (t + 1);
            for (size_t i = t; i < rows; i += threads) {
                float *r = m.row(i).data();
                for (size_t j = 0; j < dim; ++j) {
                    s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
                    const uint64_t v = s * 0x2545F4914F6CDD1Dull;
                    r[j] = float(double(v >> 40) / double(1ull << 23) - 1.0) +
                           (j % 7 == 0 ? 0.3f : 0.0f);
                }
            }
        });
    for (auto &t : pool)
        t.join();
    return m;
}

void benchSize(size_t rows, size_t dim, unsigned threads)
{
    std::printf("\n== %zu rows × %zu dims (%.2f GB fp32), %u threads ==\n", rows, dim,
                double(rows) * dim * 4 / 1e9, threads);
    std::vector<float> queries;
    FlatIndex index = [&] {
        const EmbeddingMatrix m = generate(rows, dim);
        for (size_t q = 0; q < 25; ++q) {
            const auto r = m.row((q * 7919) % rows);
            queries.insert(queries.end(), r.begin(), r.end());
        }
        return FlatIndex(m, Metric::Cosine, threads);
    }();
    const float *data = index.vectors().data();

    // The floor: stream the matrix once (sum of all floats via per-thread sgemv with a ones
    // vector, OpenBLAS on one thread per range).
    std::vector<float> ones(dim, 1.0f), rowSums(rows);
    double total = 0;
    const double floor = bestOf(5, [&] {
        std::vector<std::thread> pool;
        const size_t step = (rows + threads - 1) / threads;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                const size_t b = std::min(rows, t * step), e = std::min(rows, b + step);
                if (e > b)
                    cblas_sgemv(CblasRowMajor, CblasNoTrans, int(e - b), int(dim), 1.0f,
                                data + b * dim, int(dim), ones.data(), 1, 0.0f, rowSums.data() + b,
                                1);
            });
        for (auto &t : pool)
            t.join();
        total = 0;
        for (float s : rowSums)
            total += s;
    });
    std::printf("stream matrix once (floor)      %9.1f ms   (%.1f GB/s, sum %.3g)\n", floor,
                double(rows) * dim * 4 / floor / 1e6, total);

    double ours[2] = {}, faissTime[2] = {};
    const size_t nqs[2] = {1, 25};
    for (int i = 0; i < 2; ++i) {
        ours[i] = bestOf(5, [&] {
            index.search(std::span<const float>(queries.data(), nqs[i] * dim), nqs[i], 100);
        });
        std::printf("ours     top-100, %2zu quer%s     %9.1f ms   (ours/floor %.2f)\n", nqs[i],
                    nqs[i] == 1 ? "y  " : "ies", ours[i], ours[i] / floor);
    }
    ChipMask labeled(rows);
    for (size_t i = 0; i < 1000; ++i)
        labeled.set(int64_t((i * 104729 + 13) % rows));
    const std::span<const float> one(queries.data(), dim);
    const double excluded = bestOf(7, [&] { index.search(one, 25, &labeled); });
    std::printf("ours     top-25, 1 query, 1000 labeled excluded  %7.1f ms\n", excluded);
    {
        const FlatIndex half(index.vectors(), Metric::Cosine, threads, FlatIndex::Storage::Float16);
        const auto exact = index.search(one, 25, &labeled);
        const auto approx = half.search(one, 25, &labeled);
        size_t same = 0;
        for (const auto &a : approx)
            for (const auto &e : exact)
                same += a.chip == e.chip ? 1 : 0;
        const double t = bestOf(7, [&] { half.search(one, 25, &labeled); });
        std::printf("ours fp16 top-25, 1 query, 1000 labeled excluded %7.1f ms   (recall@25 vs "
                    "fp32 %.2f)\n",
                    t, double(same) / 25.0);
    }
    // FAISS last: its OpenMP threads keep spinning for a while after each call and would slow
    // whatever runs next on the two cores.
    {
        faiss::IndexFlatIP flat(static_cast<faiss::Index::idx_t>(dim));
        flat.add(faiss::Index::idx_t(rows), data);
        std::vector<float> distances(25 * 100);
        std::vector<faiss::Index::idx_t> labels(25 * 100);
        // FAISS with its own OpenMP threads (OpenBLAS single-threaded: one layer at a time).
        omp_set_num_threads(int(threads));
        for (int i = 0; i < 2; ++i) {
            faissTime[i] = bestOf(i == 0 ? 2 : 3, [&] {
                flat.search(faiss::Index::idx_t(nqs[i]), queries.data(), 100, distances.data(),
                            labels.data());
            });
            std::printf("faiss    top-100, %2zu quer%s     %9.1f ms   (faiss/ours %.2f)\n", nqs[i],
                        nqs[i] == 1 ? "y  " : "ies", faissTime[i], faissTime[i] / ours[i]);
        }
        // The other layer: FAISS single-threaded, OpenBLAS threads (its BLAS path, ≥ 20 queries).
        omp_set_num_threads(1);
        openblas_set_num_threads(int(threads));
        const double blas = bestOf(
            3, [&] { flat.search(25, queries.data(), 100, distances.data(), labels.data()); });
        openblas_set_num_threads(1);
        std::printf(
            "faiss    top-100, 25 queries     %9.1f ms   (OpenBLAS threads; faiss/ours %.2f)\n",
            blas, blas / ours[1]);
    }
}

// The approximate index on clustered data of the same size: uniform random vectors have no
// neighbourhoods to find, so `rows` chips are drawn around rows/200 Gaussian centres (spread 1,
// noise 1.3 per dimension: strongly overlapping clusters). Both kinds (bit sketch; IVF lists over
// FAISS k-means with an fp16 list scan), exact re-scoring, 1000 labeled chips excluded; then
// FAISS IVF-PQ with exact refinement and (up to 2·10^5 rows) FAISS HNSW, unmasked, against the
// unmasked exact top-25. Recall@25 over 25 queries (stored rows); times per query.
void benchApproximate(size_t rows, size_t dim, unsigned threads, bool withFaiss)
{
    const size_t centres = std::max<size_t>(16, rows / 200);
    FlatIndex index = [&] {
        EmbeddingMatrix m(rows, dim);
        std::vector<float> c(centres * dim);
        uint64_t s = 0x2545F4914F6CDD1Dull;
        auto gauss = [&s] { // Box-Muller over xorshift64*
            s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
            const double u = (double((s * 0x2545F4914F6CDD1Dull) >> 11) + 0.5) / 9007199254740992.0;
            s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
            const double v = double((s * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0;
            return float(std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v));
        };
        for (float &v : c)
            v = gauss();
        for (size_t i = 0; i < rows; ++i) {
            const size_t k = (i * 2654435761u) % centres;
            float *r = m.row(i).data();
            for (size_t j = 0; j < dim; ++j)
                r[j] = c[k * dim + j] + 1.3f * gauss();
        }
        return FlatIndex(std::move(m), Metric::Cosine, threads);
    }();
    ChipMask labeled(rows);
    for (size_t i = 0; i < 1000; ++i)
        labeled.set(int64_t((i * 104729 + 13) % rows));
    std::vector<int64_t> probes;
    for (size_t q = 0; q < 25; ++q)
        probes.push_back(int64_t((q * 7919 + 5) % rows));
    const std::vector<float> queries = index.rows(probes);
    auto query = [&](size_t q) { return std::span<const float>(queries.data() + q * dim, dim); };
    std::vector<std::vector<ScoredChip>> exact, exactUnmasked;
    for (size_t q = 0; q < probes.size(); ++q) {
        exact.push_back(index.search(query(q), 25, &labeled));
        exactUnmasked.push_back(index.search(query(q), 25));
    }
    auto recallOf = [&](const std::vector<std::vector<int64_t>> &got,
                        const std::vector<std::vector<ScoredChip>> &truth) {
        size_t same = 0;
        for (size_t q = 0; q < truth.size(); ++q)
            for (const int64_t a : got[q])
                for (const auto &e : truth[q])
                    same += a == e.chip ? 1 : 0;
        return double(same) / (25.0 * double(truth.size()));
    };
    // Per query, over the 25 queries one at a time.
    auto perQuery = [&](int repeats, const std::function<void(size_t)> &one) {
        return bestOf(repeats,
                      [&] {
                          for (size_t q = 0; q < probes.size(); ++q)
                              one(q);
                      }) /
               double(probes.size());
    };
    const double exactTime = bestOf(5, [&] { index.search(query(0), 25, &labeled); });
    std::printf("\n== approximate search, %zu clustered rows × %zu dims (%zu centres) ==\n", rows,
                dim, centres);
    std::printf("exact  top-25, 1 query, 1000 labeled excluded     %8.2f ms\n", exactTime);

    for (const auto kind : {ApproximateOptions::Kind::Sketch, ApproximateOptions::Kind::Lists}) {
        ApproximateOptions options;
        options.kind = kind;
        const auto start = std::chrono::steady_clock::now();
        std::shared_ptr<const ApproximateIndex> approximate =
            ApproximateIndex::build(index, options);
        const double buildSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        FlatIndex &fast = index;
        fast.setApproximate(approximate);
        std::vector<std::vector<int64_t>> got;
        for (size_t q = 0; q < probes.size(); ++q) {
            got.emplace_back();
            for (const auto &c : fast.search(query(q), 25, &labeled))
                got.back().push_back(c.chip);
        }
        const double t = perQuery(3, [&](size_t q) { fast.search(query(q), 25, &labeled); });
        if (kind == ApproximateOptions::Kind::Sketch)
            std::printf(
                "ours sketch (1 bit/dim, %2zux re-ranked)           %8.2f ms   (exact/approx "
                "%.1f, recall@25 %.3f; built in %.1f s)\n",
                approximate->oversample() * 4, t, exactTime / t, recallOf(got, exact),
                buildSeconds);
        else
            std::printf("ours IVF lists (fp16, %zu lists, %zu probed)     %8.2f ms   (exact/approx "
                        "%.1f, recall@25 %.3f; built in %.1f s)\n",
                        approximate->lists(), approximate->probes(), t, exactTime / t,
                        recallOf(got, exact), buildSeconds);
        fast.setApproximate(nullptr);
    }
    if (!withFaiss)
        return;
    // FAISS last (its OpenMP threads keep spinning after each call).
    const float *data = index.vectors().data();
    auto faissRecall = [&](faiss::Index &f) {
        std::vector<std::vector<int64_t>> got;
        std::vector<float> distances(25);
        std::vector<faiss::Index::idx_t> labels(25);
        for (size_t q = 0; q < probes.size(); ++q) {
            f.search(1, query(q).data(), 25, distances.data(), labels.data());
            got.emplace_back(labels.begin(), labels.end());
        }
        const double t = perQuery(3, [&](size_t q) {
            f.search(1, query(q).data(), 25, distances.data(), labels.data());
        });
        return std::pair<double, double>(t, recallOf(got, exactUnmasked));
    };
    omp_set_num_threads(int(threads));
    {
        const size_t lists = std::clamp<size_t>(size_t(std::sqrt(double(rows))), 16, 16384);
        faiss::IndexFlatIP coarse(static_cast<faiss::Index::idx_t>(dim));
        faiss::IndexIVFPQ ivfpq(&coarse, dim, lists, dim / 8, 8, faiss::METRIC_INNER_PRODUCT);
        ivfpq.cp.max_points_per_centroid = 64;
        faiss::IndexRefineFlat refine(&ivfpq);
        refine.k_factor = 64; // 1600 re-ranked for top-25, as ours
        const auto start = std::chrono::steady_clock::now();
        const size_t sample = std::min(rows, size_t(65536));
        refine.train(faiss::Index::idx_t(sample), data);
        refine.add(faiss::Index::idx_t(rows), data);
        const double buildSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (const size_t nprobe : {lists / 8, lists / 2}) {
            ivfpq.nprobe = nprobe;
            const auto [t, recall] = faissRecall(refine);
            std::printf("faiss IVF-PQ %zux8 + refine, %zu/%zu probed %8.2f ms   (exact/faiss %.1f, "
                        "recall@25 %.3f unmasked; built in %.1f s)\n",
                        dim / 8, nprobe, lists, t, exactTime / t, recall, buildSeconds);
        }
    }
    if (rows <= 200000) {
        faiss::IndexHNSWFlat hnsw(int(dim), 32, faiss::METRIC_INNER_PRODUCT);
        hnsw.hnsw.efConstruction = 40;
        const auto start = std::chrono::steady_clock::now();
        hnsw.add(faiss::Index::idx_t(rows), data);
        const double buildSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (const int ef : {64, 256}) {
            hnsw.hnsw.efSearch = ef;
            const auto [t, recall] = faissRecall(hnsw);
            std::printf("faiss HNSW32, efSearch %3d                  %8.2f ms   (exact/faiss %.1f, "
                        "recall@25 %.3f unmasked; built in %.1f s)\n",
                        ef, t, exactTime / t, recall, buildSeconds);
        }
    }
    omp_set_num_threads(1);
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<size_t> sizes{100000, 1000000};
    size_t dim = 768;
    unsigned threads = 2;
    bool withFaiss = true, approximateOnly = false, exactOnly = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--rows" && i + 1 < argc)
            sizes = {size_t(std::strtoull(argv[++i], nullptr, 10))};
        else if (a == "--dim" && i + 1 < argc)
            dim = size_t(std::strtoull(argv[++i], nullptr, 10));
        else if (a == "--no-faiss-approximate")
            withFaiss = false;
        else if (a == "--approximate-only")
            approximateOnly = true;
        else if (a == "--exact-only")
            exactOnly = true;
        else if (a == "--threads" && i + 1 < argc)
            threads = unsigned(std::strtoul(argv[++i], nullptr, 10));
        else {
            std::fprintf(stderr,
                         "usage: %s [--rows N] [--dim D] [--threads T] [--exact-only | "
                         "--approximate-only] [--no-faiss-approximate]\n",
                         argv[0]);
            return 2;
        }
    }
    openblas_set_num_threads(1);
    if (!approximateOnly)
        for (size_t rows : sizes)
            benchSize(rows, dim, threads);
    if (exactOnly)
        return 0;
    for (size_t rows : sizes)
        benchApproximate(rows, dim, threads, withFaiss);

    // Random-forest importances on 300 labels × dim (labels from a few informative dims).
    {
        const EmbeddingMatrix m = generate(300, dim);
        std::vector<uint8_t> labels(300);
        for (size_t i = 0; i < 300; ++i)
            labels[i] = m.row(i)[3] + m.row(i)[10] > 0.3f ? 1 : 0;
        RandomForestOptions options;
        options.seed = 1;
        const std::span<const float> x(m.data(), 300 * dim);
        std::vector<double> importance;
        const double t = bestOf(
            3, [&] { importance = RandomForestImportance(options).compute(x, 300, dim, labels); });
        const auto order = RandomForestImportance::ranking(importance);
        std::printf("\nrandom-forest importances, 300 labels × %zu, %d trees, 1 thread: %.0f ms "
                    "(top dims %d, %d)\n",
                    dim, options.trees, t, order[0], order[1]);
    }
    return 0;
}
