// FlatIndex against brute force (plain double loops): both metrics, one and many queries (the
// scan and the blocked register-tiled paths, with every tile shape: 24, 16, 8 queries and a
// remainder), batched results equal to one query at a time, one mask for all or one mask per query,
// k larger than what remains, thread counts, the inner-product mode; on the real NAIP fixture and
// on a generated matrix with an awkward dimension (tails of the vector kernels).

#include "common/errors.h"
#include "common/feedback.h"
#include "common/realfixture.h"
#include "search/flatindex.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace chipfinder;

namespace {

EmbeddingMatrix generated(size_t rows, size_t dim, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> gauss;
    EmbeddingMatrix m(rows, dim);
    for (size_t i = 0; i < rows * dim; ++i)
        m.data()[i] = gauss(rng) + (i % dim == 0 ? 1.0f : 0.0f);
    return m;
}

// Brute-force scores of one query against every row (double precision).
std::vector<double> brute(const EmbeddingMatrix &m, std::span<const float> q, Metric metric,
                          bool innerProduct)
{
    double qn = 0;
    for (float v : q)
        qn += double(v) * v;
    std::vector<double> s(m.rows());
    for (size_t i = 0; i < m.rows(); ++i) {
        double dot = 0, xn = 0, dist = 0;
        for (size_t j = 0; j < m.dim(); ++j) {
            dot += double(q[j]) * m.row(i)[j];
            xn += double(m.row(i)[j]) * m.row(i)[j];
            dist += std::pow(double(q[j]) - m.row(i)[j], 2);
        }
        if (metric == Metric::Cosine)
            s[i] = innerProduct ? dot / std::sqrt(xn) : dot / std::sqrt(xn * qn);
        else
            s[i] = innerProduct ? dot : -dist;
    }
    return s;
}

void verifyAgainstBrute(const std::vector<ScoredChip> &actual, const std::vector<double> &scores,
                        const ChipMask *mask, size_t k, double tolerance)
{
    std::vector<int64_t> order;
    for (size_t i = 0; i < scores.size(); ++i)
        if (!mask || !mask->test(int64_t(i)))
            order.push_back(int64_t(i));
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return scores[size_t(a)] > scores[size_t(b)]; });
    QCOMPARE(actual.size(), std::min(k, order.size()));
    for (size_t i = 0; i < actual.size(); ++i) {
        QVERIFY(!mask || !mask->test(actual[i].chip));
        QVERIFY2(std::abs(actual[i].score - scores[size_t(actual[i].chip)]) <= tolerance,
                 qPrintable(QStringLiteral("rank %1 chip %2: %3 vs %4")
                                .arg(i)
                                .arg(actual[i].chip)
                                .arg(actual[i].score)
                                .arg(scores[size_t(actual[i].chip)])));
        QVERIFY(std::abs(actual[i].score - scores[size_t(order[i])]) <= tolerance);
        if (i > 0) {
            QVERIFY(actual[i].score <= actual[i - 1].score);
            if (actual[i].score == actual[i - 1].score)
                QVERIFY(actual[i].chip > actual[i - 1].chip);
        }
    }
}

} // namespace

class TestFlatIndex : public QObject
{
    Q_OBJECT
private:
    test::RealFixture m_fixture;

private slots:
    void initTestCase() { m_fixture = test::makeNaipFixture(); }

    void matchesBruteForce_data()
    {
        QTest::addColumn<QString>("data");
        QTest::addColumn<QString>("metric");
        QTest::addColumn<int>("queries");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("threads");
        QTest::addColumn<bool>("perQueryMasks");
        QTest::addColumn<bool>("innerProduct");
        for (const char *data : {"naip", "generated"})
            for (const char *metric : {"cosine", "euclidean"})
                for (int queries : {1, 3, 9})
                    for (int threads : {1, 2, 3}) {
                        const QString name = QStringLiteral("%1/%2/nq%3/t%4")
                                                 .arg(data, metric)
                                                 .arg(queries)
                                                 .arg(threads);
                        QTest::newRow(qPrintable(name))
                            << data << metric << queries << 25 << threads << (queries > 1) << false;
                    }
        QTest::newRow("naip/cosine/k>N") << "naip"
                                         << "cosine" << 2 << 5000 << 2 << true << false;
        QTest::newRow("generated/euclidean/k>N") << "generated"
                                                 << "euclidean" << 1 << 9000 << 2 << false << false;
        QTest::newRow("naip/ip/nq1") << "naip"
                                     << "cosine" << 1 << 30 << 2 << false << true;
        QTest::newRow("generated/ip/nq6") << "generated"
                                          << "euclidean" << 6 << 30 << 2 << true << true;
        QTest::newRow("generated/k1/nq5") << "generated"
                                          << "cosine" << 5 << 1 << 2 << true << false;
        // Tile shapes of the many-query kernel: 24 + 1, 24 + 16 + 7 (padded tile of 8),
        // 16 + 3 (remainder through the per-row kernel); nq9 above is 8 + 1.
        QTest::newRow("generated/cosine/nq25") << "generated"
                                               << "cosine" << 25 << 25 << 2 << false << false;
        QTest::newRow("naip/euclidean/nq47") << "naip"
                                             << "euclidean" << 47 << 25 << 2 << true << false;
        QTest::newRow("generated/ip/nq19") << "generated"
                                           << "cosine" << 19 << 30 << 3 << true << true;
    }
    void matchesBruteForce()
    {
        QFETCH(QString, data);
        QFETCH(QString, metric);
        QFETCH(int, queries);
        QFETCH(int, k);
        QFETCH(int, threads);
        QFETCH(bool, perQueryMasks);
        QFETCH(bool, innerProduct);
        const EmbeddingMatrix m = data == "naip" ? m_fixture.embeddings : generated(6007, 77, 1);
        const Metric mt = metricFromName(metric.toStdString());
        const FlatIndex index(m, mt, unsigned(threads));
        QCOMPARE(index.size(), m.rows());
        QCOMPARE(index.threads(), unsigned(threads));

        std::mt19937_64 rng(queries * 31 + threads);
        std::vector<float> q;
        std::vector<ChipMask> masks;
        for (int i = 0; i < queries; ++i) {
            // Queries: a stored row plus noise (so near-duplicates exist), unnormalised.
            const auto r = m.row(size_t(rng() % m.rows()));
            std::normal_distribution<float> noise(0.0f, 0.05f);
            for (float v : r)
                q.push_back(2.0f * v + noise(rng));
            ChipMask mask(m.rows());
            for (size_t j = 0; j < m.rows(); ++j)
                if (rng() % 5 == 0) // a fifth of the chips are excluded
                    mask.set(int64_t(j));
            masks.push_back(std::move(mask));
        }
        std::vector<const ChipMask *> maskPtrs;
        if (perQueryMasks)
            for (auto &mask : masks)
                maskPtrs.push_back(&mask);
        else
            maskPtrs.push_back(&masks[0]);
        const auto results = innerProduct
                                 ? index.searchInnerProduct(q, size_t(queries), size_t(k), maskPtrs)
                                 : index.search(q, size_t(queries), size_t(k), maskPtrs);
        QCOMPARE(results.size(), size_t(queries));
        for (int i = 0; i < queries; ++i) {
            const std::span<const float> qi(q.data() + size_t(i) * m.dim(), m.dim());
            const auto scores = brute(m, qi, mt, innerProduct);
            const double scale = mt == Metric::Cosine && !innerProduct ? 1.0 : 4.0 * m.dim();
            verifyAgainstBrute(results[size_t(i)], scores, maskPtrs[perQueryMasks ? size_t(i) : 0],
                               size_t(k), 2e-5 * scale);
        }
    }

    void float16Storage_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::newRow("cosine") << "cosine";
        QTest::newRow("euclidean") << "euclidean";
    }
    void float16Storage()
    {
        // Half-precision scan, exact re-scoring: same chips (up to near-ties) and exact scores.
        QFETCH(QString, metric);
        const Metric mt = metricFromName(metric.toStdString());
        const EmbeddingMatrix m = generated(5003, 96, 3);
        const FlatIndex exact(m, mt, 2), half(m, mt, 2, FlatIndex::Storage::Float16);
        QCOMPARE(half.storage(), FlatIndex::Storage::Float16);
        ChipMask mask(m.rows());
        for (size_t i = 0; i < m.rows(); i += 4)
            mask.set(int64_t(i));
        for (size_t q = 1; q < 40; q += 7) {
            const auto a = exact.search(m.row(q), 25, &mask);
            const auto b = half.search(m.row(q), 25, &mask);
            QCOMPARE(b.size(), a.size());
            size_t same = 0;
            for (size_t i = 0; i < a.size(); ++i) {
                QVERIFY(!mask.test(b[i].chip));
                same += a[i].chip == b[i].chip ? 1 : 0;
                // Exact scores: each reported score is the float32 score of that chip.
                QVERIFY(std::abs(b[i].score - exact.score(int64_t(q), b[i].chip)) < 1e-3);
            }
            QVERIFY2(same >= 24, qPrintable(QString::number(same)));
        }
    }

    // The strategies send all their queries at once: each batched list must be the list of that
    // query searched alone (same chips in the same order, scores equal up to summation order).
    void batchedEqualsSingle()
    {
        const EmbeddingMatrix m = generated(9001, 768, 5);
        const FlatIndex index(m, Metric::Cosine, 2);
        std::vector<float> q;
        for (size_t i = 0; i < 25; ++i) {
            const auto r = m.row(i * 331 % m.rows());
            q.insert(q.end(), r.begin(), r.end());
        }
        ChipMask labeled(m.rows());
        for (size_t i = 0; i < 1000; ++i)
            labeled.set(int64_t(i * 7919 % m.rows()));
        const ChipMask *masks[1] = {&labeled};
        const auto batched = index.search(q, 25, 40, masks);
        for (size_t i = 0; i < 25; ++i) {
            const auto single =
                index.search(std::span<const float>(q.data() + i * 768, 768), 40, &labeled);
            QCOMPARE(batched[i].size(), single.size());
            for (size_t j = 0; j < single.size(); ++j) {
                QCOMPARE(batched[i][j].chip, single[j].chip);
                QVERIFY(std::abs(batched[i][j].score - single[j].score) < 1e-5f);
                QVERIFY(!labeled.test(single[j].chip));
            }
        }
    }

    void noMaskAndScoreAll()
    {
        const FlatIndex index(m_fixture.embeddings, Metric::Euclidean, 2);
        const auto q = m_fixture.embeddings.row(17);
        const auto result = index.search(q, 10);
        QCOMPARE(result.size(), size_t(10));
        QCOMPARE(result[0].chip, int64_t(17)); // itself, distance 0
        QVERIFY(std::abs(result[0].score) < 1e-5);
        const auto all = index.scoreAll(q);
        QCOMPARE(all.size(), index.size());
        for (const auto &c : result)
            QVERIFY(std::abs(all[size_t(c.chip)] - c.score) < 1e-4);
        QVERIFY(std::abs(index.score(17, result[1].chip) - result[1].score) < 1e-4);
        const auto ip = index.innerProductAll(q);
        double dot = 0;
        for (float v : q)
            dot += double(v) * v;
        QVERIFY(std::abs(ip[17] - dot) < 1e-3);
    }

    // neighboursOf() memoises unmasked lists and filters them: as the mask grows round by round
    // (like labels in a session), every answer must still equal brute force under that mask,
    // including lists that run short (rescans), the bypass for masks over N/4, and the path
    // where many calls are batched first through prepareNeighbours().
    void neighboursOfMatchesBrute_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<bool>("prepared");
        QTest::newRow("cosine") << "cosine" << false;
        QTest::newRow("euclidean") << "euclidean" << false;
        QTest::newRow("cosine/prepared") << "cosine" << true;
    }
    void neighboursOfMatchesBrute()
    {
        QFETCH(QString, metric);
        QFETCH(bool, prepared);
        const Metric m = metricFromName(metric.toStdString());
        const FlatIndex index(m_fixture.embeddings, m, 2);
        const size_t n = index.size();
        const std::vector<int64_t> chips{3, 17, 17, 250, 611, int64_t(n) - 1};
        ChipMask mask(n);
        for (const int64_t chip : chips)
            mask.set(chip);
        std::mt19937_64 rng(7);
        const size_t c = 20;
        int rounds = 0;
        while (mask.count() + c <= n / 2) {
            if (prepared)
                index.prepareNeighbours(chips, index.neighbourDepth(c, mask.count()));
            const auto lists = index.neighboursOf(chips, c, &mask);
            QCOMPARE(lists.size(), chips.size());
            for (size_t i = 0; i < chips.size(); ++i) {
                const auto scores = brute(m_fixture.embeddings,
                                          m_fixture.embeddings.row(size_t(chips[i])), m, false);
                verifyAgainstBrute(lists[i], scores, &mask, c, 1e-4);
                if (QTest::currentTestFailed())
                    return;
            }
            // Label the best few found (what a session labels next), plus random chips.
            for (const auto &list : lists)
                for (size_t j = 0; j < std::min<size_t>(5, list.size()); ++j)
                    mask.set(list[j].chip);
            for (int j = 0; j < 40; ++j)
                mask.set(int64_t(rng() % n));
            ++rounds;
        }
        QVERIFY(rounds >= 5);
        // Without a mask a chip's own row is its nearest neighbour.
        const auto own = index.neighboursOf(chips, 3);
        QCOMPARE(own[0][0].chip, chips[0]);
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 index.neighboursOf(std::vector<int64_t>{int64_t(n)}, 3));
    }

    void everythingExcluded()
    {
        const FlatIndex index(m_fixture.embeddings, Metric::Cosine, 2);
        ChipMask all(index.size());
        for (size_t i = 0; i < index.size(); ++i)
            all.set(int64_t(i));
        QVERIFY(index.search(m_fixture.embeddings.row(0), 5, &all).empty());
    }

    void badArguments()
    {
        const FlatIndex index(m_fixture.embeddings, Metric::Cosine, 2);
        const std::vector<float> wrong(index.dim() + 1, 1.0f);
        QVERIFY_THROWS_EXCEPTION(UsageError, index.search(wrong, 1, 5));
        ChipMask small(3);
        const ChipMask *masks[1] = {&small};
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 index.search(m_fixture.embeddings.row(0), 1, 5, masks));
    }

    void cancels()
    {
        const FlatIndex index(m_fixture.embeddings, Metric::Cosine, 2);
        Feedback feedback;
        feedback.cancel();
        std::vector<float> q;
        for (int i = 0; i < 4; ++i) {
            const auto r = m_fixture.embeddings.row(size_t(i));
            q.insert(q.end(), r.begin(), r.end());
        }
        QVERIFY_THROWS_EXCEPTION(CanceledError, index.search(q, 4, 5, {}, &feedback));
    }
};

QTEST_GUILESS_MAIN(TestFlatIndex)
#include "tst_flatindex.moc"
