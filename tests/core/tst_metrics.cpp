// Retrieval metrics (precision@k, recall@k, MAP@R) against hand-computed answers and a
// brute-force reference; diversity and coverage (FAISS) against brute-force distances.

#include "common/errors.h"
#include "common/feedback.h"
#include "metrics/embeddinganalysis.h"
#include "metrics/retrievalmetrics.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace chipfinder;

namespace {

std::vector<ScoredChip> rankedOf(const std::vector<int64_t> &chips)
{
    std::vector<ScoredChip> out;
    for (size_t i = 0; i < chips.size(); ++i)
        out.push_back({chips[i], float(chips.size() - i)});
    return out;
}

EmbeddingMatrix randomMatrix(size_t n, size_t d, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    EmbeddingMatrix m(n, d);
    for (size_t i = 0; i < n * d; ++i)
        m.data()[i] = normal(rng) + (i % d == 0 ? 3.0f : 0.0f);
    return m;
}

double distance(const EmbeddingMatrix &m, size_t a, size_t b, bool cosine)
{
    const auto ra = m.row(a), rb = m.row(b);
    double na = 1.0, nb = 1.0;
    if (cosine) {
        na = nb = 0.0;
        for (size_t j = 0; j < ra.size(); ++j) {
            na += double(ra[j]) * ra[j];
            nb += double(rb[j]) * rb[j];
        }
        na = std::sqrt(na);
        nb = std::sqrt(nb);
    }
    double s = 0.0;
    for (size_t j = 0; j < ra.size(); ++j) {
        const double diff = ra[j] / na - rb[j] / nb;
        s += diff * diff;
    }
    return std::sqrt(s);
}

// Brute-force MAP@R straight from the definition.
double bruteMapAtR(const std::vector<int64_t> &ranked, const std::vector<uint8_t> &truth)
{
    const size_t r = size_t(std::count(truth.begin(), truth.end(), uint8_t(1)));
    double sum = 0.0;
    for (size_t i = 1; i <= std::min(r, ranked.size()); ++i) {
        if (!truth[size_t(ranked[i - 1])])
            continue;
        size_t hits = 0;
        for (size_t j = 0; j < i; ++j)
            hits += truth[size_t(ranked[j])];
        sum += double(hits) / double(i);
    }
    return r ? sum / double(r) : 0.0;
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private slots:
    void handComputed()
    {
        // Ten chips, relevant: 0, 2, 5, 7 (R = 4). Ranking: 0, 1, 2, 3, 5, 4, 7, ...
        const std::vector<uint8_t> truth{1, 0, 1, 0, 0, 1, 0, 1, 0, 0};
        const auto ranked = rankedOf({0, 1, 2, 3, 5, 4, 7, 6});
        QCOMPARE(precisionAtK(ranked, truth, 1), 1.0);
        QCOMPARE(precisionAtK(ranked, truth, 4), 0.5);
        QCOMPARE(precisionAtK(ranked, truth, 10), 0.4); // missing positions count as misses
        QCOMPARE(recallAtK(ranked, truth, 3), 0.5);
        QCOMPARE(recallAtK(ranked, truth, 7), 1.0);
        // MAP@R (Musgrave et al. 2020, eq. 1): only the first R = 4 positions count:
        // rel = 1, 0, 1, 0 → (1/4)(1/1 + 0 + 2/3 + 0) = 5/12.
        QCOMPARE(mapAtR(ranked, truth), 5.0 / 12.0);
        // The paper's point: MAP@R rewards ranking the relevant ones first; perfect = 1.
        QCOMPARE(mapAtR(rankedOf({7, 5, 2, 0, 1}), truth), 1.0);
        // Relevant at positions 1, 2 of R = 4: (1/4)(1 + 1) = 0.5, the same as R-precision here.
        QCOMPARE(mapAtR(rankedOf({0, 2, 1, 3, 5, 7}), truth), 0.5);
        // Relevant at positions 2, 3, 4: (1/4)(1/2 + 2/3 + 3/4) = 23/48.
        QCOMPARE(mapAtR(rankedOf({1, 0, 2, 5, 7}), truth), 23.0 / 48.0);
    }

    void excludedChipsTakeNoPosition()
    {
        const std::vector<uint8_t> truth{1, 0, 1, 0, 0, 1, 0, 1, 0, 0};
        const std::vector<int64_t> query{0};
        const ChipMask excluded = ChipMask::fromIndices(10, query);
        // R = 3 (chip 0 excluded); ranking 0 (skipped), 2, 5, 1 → (1/3)(1 + 1) = 2/3.
        const auto ranked = rankedOf({0, 2, 5, 1, 7});
        QCOMPARE(mapAtR(ranked, truth, &excluded), 2.0 / 3.0);
        QCOMPARE(recallAtK(ranked, truth, 2, &excluded), 2.0 / 3.0);
        QCOMPARE(recallAtK(ranked, truth, 4, &excluded), 1.0);
    }

    void edgeCases()
    {
        const std::vector<uint8_t> none(5, 0);
        const auto ranked = rankedOf({0, 1});
        QCOMPARE(recallAtK(ranked, none, 2), 0.0);
        QCOMPARE(mapAtR(ranked, none), 0.0);
        QVERIFY_THROWS_EXCEPTION(UsageError, precisionAtK(ranked, none, 0));
        QVERIFY_THROWS_EXCEPTION(UsageError, precisionAtK(rankedOf({9}), none, 1));
    }

    void againstBruteForce_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("seed");
        QTest::newRow("small") << 20 << 1;
        QTest::newRow("medium") << 300 << 2;
        QTest::newRow("sparse") << 1000 << 3;
    }

    void againstBruteForce()
    {
        QFETCH(int, n);
        QFETCH(int, seed);
        std::mt19937_64 rng(static_cast<uint64_t>(seed));
        std::vector<uint8_t> truth(static_cast<size_t>(n));
        for (auto &t : truth)
            t = std::bernoulli_distribution(seed == 3 ? 0.05 : 0.3)(rng) ? 1 : 0;
        truth[0] = 1;
        std::vector<int64_t> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        const auto ranked = rankedOf(order);
        const size_t relevant = size_t(std::count(truth.begin(), truth.end(), uint8_t(1)));
        QVERIFY(std::abs(mapAtR(ranked, truth) - bruteMapAtR(order, truth)) < 1e-12);
        for (size_t k : {size_t(1), size_t(5), size_t(n / 2), size_t(n)}) {
            size_t hits = 0;
            for (size_t i = 0; i < k; ++i)
                hits += truth[size_t(order[i])];
            QCOMPARE(precisionAtK(ranked, truth, k), double(hits) / double(k));
            QCOMPARE(recallAtK(ranked, truth, k), double(hits) / double(relevant));
        }
    }

    void diversityAndCoverageMatchBruteForce_data()
    {
        QTest::addColumn<bool>("cosine");
        QTest::newRow("euclidean") << false;
        QTest::newRow("cosine") << true;
    }

    void diversityAndCoverageMatchBruteForce()
    {
        QFETCH(bool, cosine);
        const Metric metric = cosine ? Metric::Cosine : Metric::Euclidean;
        const EmbeddingMatrix m = randomMatrix(600, 16, 5);
        std::vector<int64_t> set;
        for (int64_t i = 0; i < 600; i += 7)
            set.push_back(i);

        const DistanceSummary div = diversity(m, set, metric);
        QCOMPARE(div.count, set.size());
        double sum = 0.0, lo = 1e9, hi = 0.0;
        for (size_t a = 0; a < set.size(); ++a) {
            double best = std::numeric_limits<double>::max();
            for (size_t b = 0; b < set.size(); ++b)
                if (a != b)
                    best = std::min(best, distance(m, size_t(set[a]), size_t(set[b]), cosine));
            QVERIFY2(
                std::abs(div.distances[a] - best) < 1e-3,
                qPrintable(QStringLiteral("%1: %2 vs %3").arg(a).arg(div.distances[a]).arg(best)));
            sum += best;
            lo = std::min(lo, best);
            hi = std::max(hi, best);
        }
        QVERIFY(std::abs(div.mean - sum / double(set.size())) < 1e-4);
        QVERIFY(std::abs(div.min - lo) < 1e-3);
        QVERIFY(std::abs(div.max - hi) < 1e-3);
        if (cosine)
            QVERIFY(div.max <= 2.0);

        const DistanceSummary cov = coverage(m, set, metric);
        QCOMPARE(cov.count, size_t(600));
        for (size_t i = 0; i < 600; ++i) {
            double best = std::numeric_limits<double>::max();
            for (const int64_t s : set)
                best = std::min(best, distance(m, i, size_t(s), cosine));
            QVERIFY(std::abs(cov.distances[i] - best) < 1e-3);
        }
        for (const int64_t s : set)
            QCOMPARE(cov.distances[size_t(s)], 0.0f);
        QCOMPARE(cov.min, 0.0);
        // A selection covers the whole set no better than the whole set itself.
        std::vector<int64_t> all(600);
        std::iota(all.begin(), all.end(), 0);
        QCOMPARE(coverage(m, all, metric).max, 0.0);
    }

    void duplicatesAndErrors()
    {
        EmbeddingMatrix m(4, 3);
        const float values[] = {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 2, 0};
        std::copy(std::begin(values), std::end(values), m.data());
        // Chips 0 and 1 are identical vectors: each has a neighbour at distance 0.
        const std::vector<int64_t> set{0, 1, 2, 2};
        const auto div = diversity(m, set, Metric::Euclidean);
        QCOMPARE(div.count, size_t(3)); // chip 2 listed twice counts once
        QCOMPARE(div.distances[0], 0.0f);
        QCOMPARE(div.distances[1], 0.0f);
        QVERIFY(std::abs(div.distances[2] - std::sqrt(2.0f)) < 1e-5f);
        const std::vector<int64_t> one{3, 3};
        QVERIFY_THROWS_EXCEPTION(UsageError, diversity(m, one, Metric::Euclidean));
        QVERIFY_THROWS_EXCEPTION(UsageError, coverage(m, {}, Metric::Euclidean));
        const std::vector<int64_t> outside{0, 9};
        QVERIFY_THROWS_EXCEPTION(UsageError, diversity(m, outside, Metric::Euclidean));
        // Cosine: chip 3 is chip 2 scaled; distance 0 after normalisation.
        const std::vector<int64_t> pair{2, 3};
        QVERIFY(diversity(m, pair, Metric::Cosine).max < 1e-6);
        QVERIFY(std::abs(diversity(m, pair, Metric::Euclidean).max - 1.0) < 1e-6);
    }

    void histogramBins()
    {
        DistanceSummary s;
        s.distances = {0.0f, 0.1f, 0.5f, 0.99f, 1.0f, 2.5f};
        s.min = 0.0;
        s.max = 2.5;
        const Histogram h = s.histogram(4, 0.0, 1.0);
        QCOMPARE(h.counts, (std::vector<size_t>{2, 0, 1, 3})); // 1.0 and 2.5 go to the last bin
        const Histogram full = s.histogram(5);
        QCOMPARE(full.lower, 0.0);
        QCOMPARE(full.upper, 2.5);
        size_t total = 0;
        for (size_t c : full.counts)
            total += c;
        QCOMPARE(total, size_t(6));
        QVERIFY_THROWS_EXCEPTION(UsageError, s.histogram(0));
    }

    void cancel()
    {
        const EmbeddingMatrix m = randomMatrix(9000, 8, 9);
        const std::vector<int64_t> selected{1, 2, 3};
        Feedback feedback;
        feedback.setCallback([&](double f) {
            if (f > 0.0)
                feedback.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(CanceledError, coverage(m, selected, Metric::Cosine, &feedback));
        QVERIFY(feedback.progress() < 1.0);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
