// Int8Rows (quantised storage for very large sets): per-dimension scales, candidates scanned
// from the codes with masks honoured inside the scan (one mask, one per query), and the top-k
// after exact re-ranking equal to the exact top-k on a generated set; codes kept elsewhere
// (as in a memory-mapped file) give the same candidates.

#include "common/errors.h"
#include "search/flatindex.h"
#include "search/int8rows.h"

#include <QTest>

#include <random>

using namespace chipfinder;

class TestInt8Rows : public QObject
{
    Q_OBJECT
private slots:
    void scalesAndCodes()
    {
        const std::vector<float> rows{0.5f, -2.0f, 0.0f, -0.25f, 1.0f, 0.0f};
        const auto scales = Int8Rows::fitScales(rows.data(), 2, 3);
        QCOMPARE(scales[0], 0.5f / 127.0f);
        QCOMPARE(scales[1], 2.0f / 127.0f);
        QCOMPARE(scales[2], 1.0f); // an all-zero column
        int8_t codes[3];
        Int8Rows::quantize(rows.data(), scales, codes);
        QCOMPARE(int(codes[0]), 127);
        QCOMPARE(int(codes[1]), -127);
        QCOMPARE(int(codes[2]), 0);
        const std::vector<float> beyond{4.0f, 0.01f, 0.0f};
        Int8Rows::quantize(beyond.data(), scales, codes);
        QCOMPARE(int(codes[0]), 127); // clamped
        QCOMPARE(int(codes[1]), 1);
    }

    void rerankedEqualsExact_data()
    {
        QTest::addColumn<int>("queries");
        QTest::addColumn<bool>("perQueryMasks");
        QTest::newRow("one query") << 1 << false;
        QTest::newRow("five queries, one mask each") << 5 << true;
    }
    void rerankedEqualsExact()
    {
        QFETCH(int, queries);
        QFETCH(bool, perQueryMasks);
        const size_t n = 12007, dim = 200;
        std::mt19937_64 rng(4);
        std::normal_distribution<float> gauss;
        EmbeddingMatrix m(n, dim);
        for (size_t i = 0; i < n * dim; ++i)
            m.data()[i] = gauss(rng) + (i % 5 == 0 ? 0.5f : 0.0f);
        m.normalizeRows();
        const FlatIndex exact(m, Metric::Cosine, 2);
        const Int8Rows codes(m.data(), n, dim);
        QCOMPARE(codes.size(), n);
        // The same codes held elsewhere (as a memory-mapped file would).
        const std::vector<int8_t> copy(codes.codes(), codes.codes() + n * dim);
        const Int8Rows mapped(copy.data(), n, dim, codes.scales());

        std::vector<ChipMask> masks;
        std::vector<float> q;
        for (int i = 0; i < queries; ++i) {
            const auto r = m.row(size_t(rng() % n));
            q.insert(q.end(), r.begin(), r.end());
            ChipMask mask(n);
            for (int j = 0; j < 1000; ++j)
                mask.set(int64_t(rng() % n));
            masks.push_back(std::move(mask));
        }
        std::vector<const ChipMask *> maskPtrs{&masks[0]};
        if (perQueryMasks) {
            maskPtrs.clear();
            for (const auto &mask : masks)
                maskPtrs.push_back(&mask);
        }
        const auto candidates = codes.candidates(q, size_t(queries), 100, maskPtrs, 2);
        QCOMPARE(mapped.candidates(q, size_t(queries), 100, maskPtrs, 1), candidates);
        const auto truth = exact.search(q, size_t(queries), 25, maskPtrs);
        for (int i = 0; i < queries; ++i) {
            const ChipMask &mask = *maskPtrs[perQueryMasks ? size_t(i) : 0];
            QCOMPARE(candidates[size_t(i)].size(), size_t(100));
            for (const auto &c : candidates[size_t(i)])
                QVERIFY2(!mask.test(c.chip), "a masked chip is a candidate");
            const std::span<const float> qi(q.data() + size_t(i) * dim, dim);
            const auto top =
                Int8Rows::rerank(qi, candidates[size_t(i)], 25, [&](int64_t chip, float *out) {
                    const auto r = m.row(size_t(chip));
                    std::copy(r.begin(), r.end(), out);
                });
            QCOMPARE(top.size(), size_t(25));
            for (size_t j = 0; j < 25; ++j) {
                QCOMPARE(top[j].chip, truth[size_t(i)][j].chip);
                QVERIFY(std::abs(top[j].score - truth[size_t(i)][j].score) < 1e-5f);
            }
        }
    }

    void badArguments()
    {
        const std::vector<float> rows(30, 0.5f);
        const Int8Rows codes(rows.data(), 10, 3);
        const std::vector<float> wrong(4, 1.0f);
        QVERIFY_THROWS_EXCEPTION(UsageError, codes.candidates(wrong, 1, 5));
        ChipMask small(3);
        const ChipMask *masks[1] = {&small};
        const std::vector<float> q(3, 1.0f);
        QVERIFY_THROWS_EXCEPTION(UsageError, codes.candidates(q, 1, 5, masks));
        const std::vector<int8_t> bytes(30, 1);
        QVERIFY_THROWS_EXCEPTION(UsageError, Int8Rows(bytes.data(), 10, 3, {1.0f}));
    }
};

QTEST_GUILESS_MAIN(TestInt8Rows)
#include "tst_int8rows.moc"
