#include "search/approximateindex.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "search/flatindex.h"
#include "search/scan.h"
#include "search/topk.h"

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>
#include <faiss/impl/FaissException.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <thread>

extern "C" void openblas_set_num_threads(int threads);

namespace chipfinder {

namespace {

using idx_t = faiss::Index::idx_t;

constexpr char kMagic[8] = {'C', 'F', 'I', 'V', 'F', '0', '0', '4'}; // 4: kind (sketch, lists)
// Files of the previous format (no kind) are rebuilt, not reported as damaged.
constexpr char kOldMagic[8] = {'C', 'F', 'I', 'V', 'F', '0', '0', '3'};
// Sketch rows compared per Hamming kernel call.
constexpr size_t kSketchRows = 2048;
using Kind = ApproximateOptions::Kind;
// Rows scored per kernel call while scanning a list.
constexpr size_t kScanRows = 256;

uint64_t fnv(uint64_t hash, const void *data, size_t bytes)
{
    const auto *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < bytes; ++i) {
        hash ^= p[i];
        hash *= 0x100000001b3ull;
    }
    return hash;
}

uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
}

// A 64-bit hash of every byte of `bytes` (a multiple of 8): four independent multiply-rotate
// lanes (so that it streams at memory speed) folded with a finaliser. Any changed value changes
// it with probability 1 - 2^-64; it is not cryptographic.
uint64_t hashWords(uint64_t seed, const void *data, size_t bytes)
{
    constexpr uint64_t k1 = 0x9e3779b185ebca87ull, k2 = 0xc2b2ae3d27d4eb4full;
    uint64_t lane[4] = {seed ^ k1, seed ^ k2, seed + k1, seed - k2};
    const auto *p = static_cast<const unsigned char *>(data);
    const size_t words = bytes / 8;
    size_t w = 0;
    for (; w + 4 <= words; w += 4) {
        for (int l = 0; l < 4; ++l) {
            uint64_t v;
            std::memcpy(&v, p + (w + size_t(l)) * 8, 8);
            lane[l] += v * k2;
            lane[l] = (lane[l] << 31) | (lane[l] >> 33);
            lane[l] *= k1;
        }
    }
    uint64_t hash = mix(lane[0]) ^ mix(lane[1] + 1) ^ mix(lane[2] + 2) ^ mix(lane[3] + 3);
    for (; w < words; ++w) {
        uint64_t v;
        std::memcpy(&v, p + w * 8, 8);
        hash = mix(hash ^ (v * k2));
    }
    for (size_t i = words * 8; i < bytes; ++i)
        hash = mix(hash ^ p[i]);
    return mix(hash ^ bytes);
}

// Runs OpenBLAS on every core while FAISS trains and assigns (its k-means and assignment are
// large sgemm calls, not OpenMP loops), then back to one thread (FlatIndex's layer).
struct BlasThreadsForBuild
{
    BlasThreadsForBuild()
    {
        openblas_set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
    }
    ~BlasThreadsForBuild() { openblas_set_num_threads(1); }
};

template <typename T> bool readArray(std::ifstream &file, std::vector<T> &values, size_t count)
{
    values.resize(count);
    file.read(reinterpret_cast<char *>(values.data()), std::streamsize(count * sizeof(T)));
    return bool(file);
}

} // namespace

struct ApproximateIndex::Impl
{
    Kind kind = Kind::Lists;
    Metric metric = Metric::Cosine;
    size_t n = 0, dim = 0, lists = 0, probes = 8;
    uint64_t fingerprint = 0;
    std::vector<float> centroids;     // lists × dim
    std::vector<float> centroidNorms; // |c|² (Euclidean)
    std::vector<uint64_t> offsets; // lists + 1: list l holds positions [offsets[l], offsets[l+1])
    std::vector<int64_t> order;    // position → chip
    std::vector<uint16_t> half;    // position → vector (float16), list by list
    std::vector<float> norms;      // position → |x|² (Euclidean)
    bool avx2 = false;
    // Sketch: column mean, its squared norm, and one bit per dimension per chip (words per row).
    std::vector<float> mean;
    double meanNorm = 0;
    size_t words = 0, oversample = 16;
    std::vector<uint64_t> bits;

    // Bit j of a vector: v_j > 0.
    void sign(const float *v, uint64_t *out) const
    {
        std::fill(out, out + words, 0);
        for (size_t j = 0; j < dim; ++j)
            if (v[j] > 0.0f)
                out[j / 64] |= uint64_t(1) << (j % 64);
    }

    // Sketch of every row: sign(x − mean), two threads.
    void sketchRows(const FlatIndex &exact)
    {
        words = (dim + 63) / 64;
        bits.assign(n * words, 0);
        meanNorm = 0;
        for (const float v : mean)
            meanNorm += double(v) * v;
        auto work = [&](size_t begin, size_t end) {
            std::vector<float> centred(dim);
            for (size_t i = begin; i < end; ++i) {
                const float *r = exact.vectors().row(i).data();
                for (size_t j = 0; j < dim; ++j)
                    centred[j] = r[j] - mean[j];
                sign(centred.data(), bits.data() + i * words);
            }
        };
        std::thread helper(work, n / 2, n);
        work(0, n / 2);
        helper.join();
    }

    // The query's sketch: its component along the mean removed (that component adds the same to
    // every chip's score up to the chip's own offset from the mean), then signs.
    std::vector<uint64_t> querySketch(const float *q) const
    {
        std::vector<float> v(q, q + dim);
        if (meanNorm > 0) {
            double along = 0;
            for (size_t j = 0; j < dim; ++j)
                along += double(q[j]) * mean[j];
            const double f = along / meanNorm;
            for (size_t j = 0; j < dim; ++j)
                v[j] = float(double(q[j]) - f * mean[j]);
        }
        std::vector<uint64_t> out(words);
        sign(v.data(), out.data());
        return out;
    }

    // The `keep` chips of [begin, end) nearest to the query sketch (Hamming distance, then chip
    // index), unordered; masked chips skipped.
    std::vector<std::pair<uint16_t, int64_t>>
    sketchScan(const uint64_t *q, size_t keep, const uint8_t *mask, size_t begin, size_t end) const
    {
        std::vector<std::pair<uint16_t, int64_t>> kept;
        kept.reserve(2 * keep + kSketchRows);
        // A row enters while its distance is below the cutoff (the worst kept once `keep` are
        // held); the list is cut back to `keep` whenever it doubles.
        unsigned cutoff = unsigned(dim) + 1;
        uint16_t distances[kSketchRows];
        auto hamming = avx2 ? detail::hammingAvx2 : detail::hammingPortable;
        auto shrink = [&] {
            std::nth_element(kept.begin(), kept.begin() + ptrdiff_t(keep - 1), kept.end());
            kept.resize(keep);
            cutoff = kept[keep - 1].first;
            for (const auto &c : kept)
                cutoff = std::max<unsigned>(cutoff, c.first);
        };
        for (size_t b = begin; b < end; b += kSketchRows) {
            const size_t e = std::min(end, b + kSketchRows);
            hamming(bits.data(), b, e, words, q, distances);
            for (size_t i = b; i < e; ++i) {
                if (distances[i - b] >= cutoff || (mask && mask[i]))
                    continue;
                kept.emplace_back(distances[i - b], int64_t(i));
            }
            if (kept.size() >= 2 * keep)
                shrink();
        }
        if (kept.size() > keep)
            shrink();
        return kept;
    }

    std::vector<int64_t> sketchQuery(const float *q, size_t count, const uint8_t *mask,
                                     bool split) const
    {
        const size_t keep = std::min(n, count * oversample);
        if (keep == 0)
            return {};
        const auto sketch = querySketch(q);
        std::vector<std::pair<uint16_t, int64_t>> kept;
        if (split && n >= 4 * kSketchRows) {
            std::vector<std::pair<uint16_t, int64_t>> upper;
            std::thread helper([&] { upper = sketchScan(sketch.data(), keep, mask, n / 2, n); });
            kept = sketchScan(sketch.data(), keep, mask, 0, n / 2);
            helper.join();
            kept.insert(kept.end(), upper.begin(), upper.end());
        } else {
            kept = sketchScan(sketch.data(), keep, mask, 0, n);
        }
        std::sort(kept.begin(), kept.end());
        if (kept.size() > keep)
            kept.resize(keep);
        std::vector<int64_t> out;
        out.reserve(kept.size());
        for (const auto &c : kept)
            out.push_back(c.second);
        return out;
    }

    // The list-ordered float16 copy and norms (Lists) or the bit sketches (Sketch), from the
    // exact index's vectors.
    void layOut(const FlatIndex &exact)
    {
        avx2 = detail::cpuHasAvx2();
        if (kind == Kind::Sketch) {
            sketchRows(exact);
            return;
        }
        half.resize(n * dim);
        for (size_t pos = 0; pos < n; ++pos)
            detail::floatToHalf(exact.vectors().row(size_t(order[pos])).data(),
                                half.data() + pos * dim, dim);
        centroidNorms.assign(lists, 0.0f);
        norms.clear();
        if (metric == Metric::Euclidean) {
            norms.resize(n);
            for (size_t pos = 0; pos < n; ++pos) {
                double s = 0;
                for (const float v : exact.vectors().row(size_t(order[pos])))
                    s += double(v) * v;
                norms[pos] = float(s);
            }
            for (size_t l = 0; l < lists; ++l) {
                double s = 0;
                for (size_t j = 0; j < dim; ++j)
                    s += double(centroids[l * dim + j]) * centroids[l * dim + j];
                centroidNorms[l] = float(s);
            }
        }
    }

    std::vector<int64_t> query(const float *q, size_t count, const uint8_t *mask) const
    {
        std::vector<float> scores(lists);
        (avx2 ? detail::scanDotsAvx2 : detail::scanDotsPortable)(centroids.data(), 0, lists, dim, q,
                                                                 1, scores.data());
        if (metric == Metric::Euclidean)
            for (size_t l = 0; l < lists; ++l)
                scores[l] = 2.0f * scores[l] - centroidNorms[l];
        std::vector<uint32_t> best(lists);
        std::iota(best.begin(), best.end(), 0u);
        const size_t probe = std::min(probes, lists);
        std::partial_sort(best.begin(), best.begin() + ptrdiff_t(probe), best.end(),
                          [&](uint32_t a, uint32_t b) {
                              return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
                          });
        TopK top(count);
        float buffer[kScanRows];
        auto scan = avx2 ? detail::scanDotsF16Avx2 : detail::scanDotsF16Portable;
        for (size_t p = 0; p < probe; ++p) {
            const size_t begin = offsets[best[p]], end = offsets[best[p] + 1];
            for (size_t b = begin; b < end; b += kScanRows) {
                const size_t e = std::min(end, b + kScanRows);
                scan(half.data(), b, e, dim, q, 1, buffer);
                for (size_t pos = b; pos < e; ++pos) {
                    const int64_t chip = order[pos];
                    if (mask && mask[chip])
                        continue;
                    float s = buffer[pos - b];
                    if (metric == Metric::Euclidean)
                        s = 2.0f * s - norms[pos];
                    if (!top.full() || s >= top.threshold())
                        top.push(chip, s);
                }
            }
        }
        std::vector<int64_t> out;
        for (const auto &c : top.take())
            out.push_back(c.chip);
        return out;
    }
};

ApproximateIndex::ApproximateIndex() : d(std::make_unique<Impl>()) {}
ApproximateIndex::~ApproximateIndex() = default;

uint64_t ApproximateIndex::fingerprintOf(const FlatIndex &exact)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    const uint64_t header[3] = {exact.size(), exact.dim(), uint64_t(exact.metric())};
    hash = fnv(hash, header, sizeof(header));
    // Every value of every row: a change anywhere in the matrix is another fingerprint.
    return hashWords(hash, exact.vectors().data(), exact.size() * exact.dim() * sizeof(float));
}

std::unique_ptr<ApproximateIndex>
ApproximateIndex::build(const FlatIndex &exact, ApproximateOptions options, Feedback *feedback)
{
    const size_t n = exact.size(), dim = exact.dim();
    if (n == 0 || dim == 0)
        throw UsageError("ApproximateIndex: the index is empty");
    size_t lists = options.lists;
    if (lists == 0)
        lists = std::clamp<size_t>(size_t(std::sqrt(double(n))), 16, 16384);
    lists = std::min(lists, n);
    const bool cosine = exact.metric() == Metric::Cosine;

    std::unique_ptr<ApproximateIndex> out(new ApproximateIndex());
    Impl &x = *out->d;
    x.metric = exact.metric();
    x.n = n;
    x.dim = dim;
    x.lists = lists;
    x.fingerprint = fingerprintOf(exact);
    x.probes = options.probes ? options.probes : std::max<size_t>(16, lists / 8);
    if (options.kind == Kind::Sketch) {
        x.kind = Kind::Sketch;
        x.lists = x.probes = 0;
        x.oversample = std::max<size_t>(1, options.oversample);
        std::vector<double> sum(dim, 0.0);
        for (size_t i = 0; i < n; ++i) {
            if (feedback && i % 65536 == 0) {
                feedback->throwIfCanceled();
                feedback->setProgress(0.5 * double(i) / double(n));
            }
            const float *r = exact.vectors().row(i).data();
            for (size_t j = 0; j < dim; ++j)
                sum[j] += r[j];
        }
        x.mean.resize(dim);
        for (size_t j = 0; j < dim; ++j)
            x.mean[j] = float(sum[j] / double(n));
        x.layOut(exact);
        if (feedback)
            feedback->setProgress(1.0);
        return out;
    }

    const float *rows = exact.vectors().data();
    std::vector<idx_t> assignment(n);
    {
        BlasThreadsForBuild threads;
        try {
            faiss::ClusteringParameters cp;
            cp.niter = std::max(1, options.iterations);
            cp.spherical = cosine;
            cp.seed = 1234;
            cp.min_points_per_centroid = 1;
            cp.max_points_per_centroid = int(std::max<size_t>(1, options.trainingPerList));
            faiss::Clustering clustering(int(dim), int(lists), cp);
            std::unique_ptr<faiss::IndexFlat> quantizer;
            if (cosine)
                quantizer = std::make_unique<faiss::IndexFlatIP>(static_cast<idx_t>(dim));
            else
                quantizer = std::make_unique<faiss::IndexFlatL2>(static_cast<idx_t>(dim));
            // Training sample: evenly spaced rows (deterministic).
            const size_t sample = std::min(n, lists * std::max<size_t>(1, options.trainingPerList));
            std::vector<float> training(sample * dim);
            for (size_t i = 0; i < sample; ++i) {
                const size_t r = size_t(double(i) * double(n) / double(sample));
                std::memcpy(training.data() + i * dim, rows + r * dim, dim * sizeof(float));
            }
            if (feedback) {
                feedback->throwIfCanceled();
                feedback->setProgress(0.02);
            }
            clustering.train(static_cast<idx_t>(sample), training.data(), *quantizer);
            x.centroids = clustering.centroids;
            std::vector<float> distances;
            const size_t chunk = 16384;
            for (size_t b = 0; b < n; b += chunk) {
                if (feedback) {
                    feedback->throwIfCanceled();
                    feedback->setProgress(0.4 + 0.5 * double(b) / double(n));
                }
                const size_t e = std::min(n, b + chunk);
                distances.resize(e - b);
                quantizer->search(static_cast<idx_t>(e - b), rows + b * dim, 1, distances.data(),
                                  assignment.data() + b);
            }
        } catch (const faiss::FaissException &error) {
            throw DataError("approximate index", std::string("FAISS: ") + error.what());
        }
    }
    // Counting sort of the chips by list.
    x.offsets.assign(lists + 1, 0);
    for (const idx_t l : assignment)
        ++x.offsets[size_t(std::clamp<idx_t>(l, 0, idx_t(lists) - 1)) + 1];
    std::partial_sum(x.offsets.begin(), x.offsets.end(), x.offsets.begin());
    std::vector<uint64_t> next(x.offsets.begin(), x.offsets.end() - 1);
    x.order.resize(n);
    for (size_t i = 0; i < n; ++i)
        x.order[next[size_t(std::clamp<idx_t>(assignment[i], 0, idx_t(lists) - 1))]++] = int64_t(i);
    x.layOut(exact);
    if (feedback)
        feedback->setProgress(1.0);
    return out;
}

void ApproximateIndex::save(const std::string &path) const
{
    AtomicFile file(path); // complete or not at all; a full disk is a DataError
    const bool sketch = d->kind == Kind::Sketch;
    const uint64_t header[7] = {d->fingerprint,
                                sketch ? d->oversample : d->probes,
                                d->lists,
                                d->dim,
                                d->n,
                                uint64_t(d->metric),
                                uint64_t(d->kind)};
    file.write(kMagic, sizeof(kMagic));
    file.write(header, sizeof(header));
    if (sketch) {
        file.write(d->mean.data(), d->mean.size() * sizeof(float));
    } else {
        file.write(d->centroids.data(), d->centroids.size() * sizeof(float));
        file.write(d->offsets.data(), d->offsets.size() * sizeof(uint64_t));
        file.write(d->order.data(), d->order.size() * sizeof(int64_t));
    }
    file.commit();
}

std::unique_ptr<ApproximateIndex> ApproximateIndex::load(const std::string &path,
                                                         const FlatIndex &exact)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return nullptr;
    char magic[sizeof(kMagic)] = {};
    uint64_t header[7] = {};
    file.read(magic, sizeof(magic));
    if (file && std::memcmp(magic, kOldMagic, sizeof(kOldMagic)) == 0)
        return nullptr; // the previous format: the caller rebuilds
    file.read(reinterpret_cast<char *>(header), sizeof(header));
    if (!file || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0 ||
        header[6] > uint64_t(Kind::Lists))
        throw DataError(path, "is not a Chipfinder approximate index (bad header); delete it to "
                              "rebuild");
    if (header[0] != fingerprintOf(exact))
        return nullptr; // built for other data: the caller rebuilds
    std::unique_ptr<ApproximateIndex> out(new ApproximateIndex());
    Impl &x = *out->d;
    x.fingerprint = header[0];
    x.probes = std::max<uint64_t>(1, header[1]);
    x.lists = header[2];
    x.dim = header[3];
    x.n = header[4];
    x.metric = header[5] == uint64_t(Metric::Euclidean) ? Metric::Euclidean : Metric::Cosine;
    x.kind = Kind(header[6]);
    const bool sketch = x.kind == Kind::Sketch;
    if (x.n != exact.size() || x.dim != exact.dim() || x.metric != exact.metric() ||
        (sketch ? x.lists != 0 : (x.lists == 0 || x.lists > x.n)) ||
        header[5] > uint64_t(Metric::Euclidean))
        throw DataError(path, "holds an index of another size, dimension or metric than the "
                              "dataset's; delete it to rebuild");
    if (sketch) {
        x.oversample = x.probes;
        x.probes = 0;
        if (!readArray(file, x.mean, x.dim))
            throw DataError(path, "is truncated; delete it to rebuild");
        if (!std::all_of(x.mean.begin(), x.mean.end(), [](float v) { return std::isfinite(v); }))
            throw DataError(path, "holds a mean that is not finite numbers; delete it to rebuild");
        if (file.peek() != std::char_traits<char>::eof())
            throw DataError(path, "has bytes after the index; delete it to rebuild");
        x.layOut(exact);
        return out;
    }
    if (!readArray(file, x.centroids, x.lists * x.dim) ||
        !readArray(file, x.offsets, x.lists + 1) || !readArray(file, x.order, x.n))
        throw DataError(path, "is truncated; delete it to rebuild");
    // Every chip exactly once, lists in order.
    bool valid = x.offsets.front() == 0 && x.offsets.back() == x.n &&
                 std::is_sorted(x.offsets.begin(), x.offsets.end());
    std::vector<uint8_t> seen(x.n, 0);
    for (size_t i = 0; valid && i < x.n; ++i) {
        const int64_t chip = x.order[i];
        valid = chip >= 0 && uint64_t(chip) < x.n && !seen[size_t(chip)];
        if (valid)
            seen[size_t(chip)] = 1;
    }
    if (!valid)
        throw DataError(path, "holds inconsistent lists; delete it to rebuild");
    if (!std::all_of(x.centroids.begin(), x.centroids.end(),
                     [](float v) { return std::isfinite(v); }))
        throw DataError(path, "holds centroids that are not finite numbers; delete it to rebuild");
    if (file.peek() != std::char_traits<char>::eof())
        throw DataError(path, "has bytes after the index; delete it to rebuild");
    x.probes = std::min<size_t>(x.probes, x.lists);
    x.layOut(exact);
    return out;
}

size_t ApproximateIndex::size() const
{
    return d->n;
}
ApproximateOptions::Kind ApproximateIndex::kind() const
{
    return d->kind;
}
size_t ApproximateIndex::oversample() const
{
    return d->oversample;
}
size_t ApproximateIndex::lists() const
{
    return d->lists;
}
size_t ApproximateIndex::probes() const
{
    return d->probes;
}
void ApproximateIndex::setProbes(size_t probes)
{
    if (d->kind == Kind::Lists)
        d->probes = std::max<size_t>(1, probes);
}
uint64_t ApproximateIndex::fingerprint() const
{
    return d->fingerprint;
}

std::vector<std::vector<int64_t>>
ApproximateIndex::candidates(std::span<const float> queries, size_t nq, size_t count,
                             std::span<const ChipMask *const> excluded) const
{
    if (queries.size() != nq * d->dim)
        throw UsageError("ApproximateIndex: queries must be nq × dim");
    if (!excluded.empty() && excluded.size() != 1 && excluded.size() != nq)
        throw UsageError("ApproximateIndex: excluded must be empty, one mask, or one per query");
    std::vector<std::vector<int64_t>> out(nq);
    if (nq == 0 || count == 0)
        return out;
    auto work = [&](size_t begin, size_t end) {
        for (size_t q = begin; q < end; ++q) {
            const ChipMask *mask =
                excluded.empty() ? nullptr : excluded[excluded.size() == 1 ? 0 : q];
            if (mask && mask->size() != d->n)
                throw UsageError("ApproximateIndex: mask size differs from the index size");
            const float *v = queries.data() + q * d->dim;
            const uint8_t *m = mask ? mask->data() : nullptr;
            out[q] = d->kind == Kind::Sketch ? d->sketchQuery(v, count, m, nq == 1)
                                             : d->query(v, count, m);
        }
    };
    if (nq == 1) {
        work(0, 1);
        return out;
    }
    // Queries split over two threads (each query is one short, cache-friendly scan).
    std::exception_ptr error;
    std::thread helper([&] {
        try {
            work(nq / 2, nq);
        } catch (...) {
            error = std::current_exception();
        }
    });
    work(0, nq / 2);
    helper.join();
    if (error)
        std::rethrow_exception(error);
    return out;
}

IndexChoice indexChoiceFromName(const std::string &name)
{
    if (name == "auto")
        return IndexChoice::Automatic;
    if (name == "exact")
        return IndexChoice::Exact;
    if (name == "approximate")
        return IndexChoice::Approximate;
    throw UsageError("index '" + name + "': expected auto, exact or approximate");
}

std::string approximateIndexPath(const std::string &datasetPath, Metric metric)
{
    return datasetPath + "." + metricName(metric) + ".chipfinder-ivf";
}

namespace {

SearchIndexResult withApproximate(std::shared_ptr<FlatIndex> exact, IndexChoice choice,
                                  const std::string &cachePath, size_t approximateFrom,
                                  Feedback *feedback)
{
    SearchIndexResult result;
    result.index = std::move(exact);
    const size_t rows = result.index->size();
    const bool wanted = choice == IndexChoice::Approximate ||
                        (choice == IndexChoice::Automatic && rows >= approximateFrom);
    if (!wanted || rows == 0)
        return result;
    std::shared_ptr<ApproximateIndex> approximate;
    if (!cachePath.empty()) {
        try {
            approximate = ApproximateIndex::load(cachePath, *result.index);
        } catch (const DataError &error) {
            result.warning = error.what(); // damaged: rebuilt and overwritten below
        }
    }
    result.loaded = approximate != nullptr;
    if (!approximate) {
        approximate = ApproximateIndex::build(*result.index, {}, feedback);
        if (!cachePath.empty()) {
            try {
                approximate->save(cachePath);
            } catch (const DataError &error) {
                result.warning = error.what();
            }
        }
    }
    result.index->setApproximate(std::move(approximate));
    result.approximate = true;
    return result;
}

} // namespace

SearchIndexResult makeSearchIndex(const EmbeddingMatrix &embeddings, Metric metric,
                                  IndexChoice choice, const std::string &cachePath,
                                  size_t approximateFrom, Feedback *feedback)
{
    return withApproximate(std::make_shared<FlatIndex>(embeddings, metric), choice, cachePath,
                           approximateFrom, feedback);
}

SearchIndexResult makeSearchIndex(std::shared_ptr<const EmbeddingMatrix> embeddings, Metric metric,
                                  IndexChoice choice, const std::string &cachePath,
                                  size_t approximateFrom, Feedback *feedback)
{
    return withApproximate(std::make_shared<FlatIndex>(std::move(embeddings), metric), choice,
                           cachePath, approximateFrom, feedback);
}

} // namespace chipfinder
