// The approximate index for very large sets (bit sketches, and IVF over FAISS k-means): recall
// against the exact index on clustered data (also strongly overlapping clusters in 256
// dimensions) and on the real NAIP fixture, exact re-scored scores, masked chips never
// returned (one mask and one per query), save/load with fingerprints, damaged files, the
// automatic choice with its cache file beside the data, and cancel.

#include "common/errors.h"
#include "common/feedback.h"
#include "common/realfixture.h"
#include "search/approximateindex.h"
#include "search/flatindex.h"

#include <QDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <set>

using namespace chipfinder;

namespace {

// n chips around `centres` Gaussian centres in `dim` dimensions.
EmbeddingMatrix clustered(size_t n, size_t dim, size_t centres, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> gauss;
    std::vector<float> c(centres * dim);
    for (float &v : c)
        v = gauss(rng);
    EmbeddingMatrix m(n, dim);
    for (size_t i = 0; i < n; ++i) {
        const size_t k = size_t(rng() % centres);
        for (size_t j = 0; j < dim; ++j)
            m.row(i)[j] = c[k * dim + j] + 1.3f * gauss(rng);
    }
    return m;
}

ApproximateOptions ofKind(const QString &kind)
{
    ApproximateOptions options;
    options.kind = kind == QLatin1String("lists") ? ApproximateOptions::Kind::Lists
                                                  : ApproximateOptions::Kind::Sketch;
    return options;
}

std::string outputPath(const char *name)
{
    const QString dir = QStringLiteral(TEST_OUTPUT_DIR) + QStringLiteral("/tst_approximateindex");
    QDir().mkpath(dir);
    return (dir + QLatin1Char('/') + QLatin1String(name)).toStdString();
}

} // namespace

class TestApproximateIndex : public QObject
{
    Q_OBJECT
private slots:
    // Recall@25 of the attached approximate index against the exact scan, with 300 labeled
    // chips excluded; every score must be the exact score of that chip.
    void recallAndExactScores_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("dim");
        QTest::addColumn<double>("bound");
        // 64 dimensions are 64 sketch bits, a coarse ranking (and Euclidean ranks also by norms,
        // which the signs do not see): a lower bound there.
        for (const char *kind : {"sketch", "lists"})
            for (const char *metric : {"cosine", "euclidean"})
                QTest::newRow(qPrintable(QStringLiteral("%1/%2").arg(kind, metric)))
                    << metric << kind << 64 << (kind == QLatin1String("sketch") ? 0.85 : 0.9);
        // Strongly overlapping clusters (noise 1.3 per dimension around unit-variance centres,
        // as in bench_search): the sketch keeps its recall where the lists lose it.
        QTest::newRow("sketch/cosine/overlapping") << "cosine"
                                                   << "sketch" << 256 << 0.95;
    }
    void recallAndExactScores()
    {
        QFETCH(QString, metric);
        QFETCH(QString, kind);
        QFETCH(int, dim);
        QFETCH(double, bound);
        const Metric m = metricFromName(metric.toStdString());
        const EmbeddingMatrix data = clustered(20000, size_t(dim), dim == 64 ? 150 : 100, 3);
        const FlatIndex exact(data, m, 2);
        auto approximate =
            std::shared_ptr<const ApproximateIndex>(ApproximateIndex::build(exact, ofKind(kind)));
        QCOMPARE(approximate->size(), size_t(20000));
        if (kind == QLatin1String("lists")) {
            QCOMPARE(approximate->kind(), ApproximateOptions::Kind::Lists);
            QCOMPARE(approximate->lists(), size_t(141)); // √N
            QCOMPARE(approximate->probes(), size_t(17)); // max(16, lists / 8)
        } else {
            QCOMPARE(approximate->kind(), ApproximateOptions::Kind::Sketch);
            QCOMPARE(approximate->lists(), size_t(0));
            QCOMPARE(approximate->oversample(), size_t(16));
        }
        FlatIndex fast(data, m, 2);
        fast.setApproximate(approximate);
        QVERIFY(fast.approximate() != nullptr);

        std::mt19937_64 rng(11);
        ChipMask labeled(exact.size());
        for (int i = 0; i < 300; ++i)
            labeled.set(int64_t(rng() % exact.size()));
        double found = 0, wanted = 0;
        for (int t = 0; t < 30; ++t) {
            const auto q = data.row(size_t(rng() % exact.size()));
            const auto truth = exact.search(q, 25, &labeled);
            const auto got = fast.search(q, 25, &labeled);
            QCOMPARE(got.size(), size_t(25));
            const auto all = exact.scoreAll(q);
            std::set<int64_t> truthSet;
            for (const auto &c : truth)
                truthSet.insert(c.chip);
            for (size_t i = 0; i < got.size(); ++i) {
                QVERIFY2(!labeled.test(got[i].chip), "a labeled chip was returned");
                QVERIFY(std::abs(got[i].score - all[size_t(got[i].chip)]) <= 1e-4f);
                if (i > 0)
                    QVERIFY(got[i].score <= got[i - 1].score);
                found += truthSet.count(got[i].chip);
            }
            wanted += 25;
        }
        const double recall = found / wanted;
        qInfo("recall@25 of the approximate index (%s, %s, %d dims): %.3f", qPrintable(kind),
              qPrintable(metric), dim, recall);
        QVERIFY2(recall >= bound, qPrintable(QString::number(recall)));
    }

    // Per-query masks reach the scan: each query's own labeled chips are skipped.
    void perQueryMasksOnRealData_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sketch") << "sketch";
        QTest::newRow("lists") << "lists";
    }
    void perQueryMasksOnRealData()
    {
        QFETCH(QString, kind);
        const auto fixture = test::makeNaipFixture();
        const FlatIndex exact(fixture.embeddings, Metric::Cosine, 2);
        FlatIndex fast(fixture.embeddings, Metric::Cosine, 2);
        ApproximateOptions options = ofKind(kind);
        options.probes = 4;
        fast.setApproximate(ApproximateIndex::build(exact, options));
        const std::vector<int64_t> chips{5, 400, 901};
        std::vector<ChipMask> masks;
        for (const int64_t chip : chips) {
            // Each query's own 10 nearest neighbours are masked.
            ChipMask mask(exact.size());
            for (const auto &c : exact.search(exact.vectors().row(size_t(chip)), 10))
                mask.set(c.chip);
            masks.push_back(std::move(mask));
        }
        const ChipMask *maskPointers[3] = {&masks[0], &masks[1], &masks[2]};
        const auto q = exact.rows(chips);
        const auto got = fast.search(q, 3, 20, maskPointers);
        const auto truth = exact.search(q, 3, 20, maskPointers);
        double same = 0;
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(got[i].size(), size_t(20));
            std::set<int64_t> t;
            for (const auto &c : truth[i])
                t.insert(c.chip);
            for (const auto &c : got[i]) {
                QVERIFY(!masks[i].test(c.chip));
                same += t.count(c.chip);
            }
        }
        QVERIFY2(same / 60.0 >= 0.8, qPrintable(QString::number(same / 60.0)));
        // neighboursOf() goes through the approximate index too and still honours the mask.
        const auto lists = fast.neighboursOf(chips, 15, &masks[0]);
        for (const auto &list : lists)
            for (const auto &c : list)
                QVERIFY(!masks[0].test(c.chip));
    }

    void saveLoadAndFingerprint_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sketch") << "sketch";
        QTest::newRow("lists") << "lists";
    }
    void saveLoadAndFingerprint()
    {
        QFETCH(QString, kind);
        const EmbeddingMatrix data = clustered(5000, 32, 40, 5);
        const FlatIndex exact(data, Metric::Cosine, 2);
        const auto built = ApproximateIndex::build(exact, ofKind(kind));
        const std::string path = outputPath("saved.chipfinder-ivf");
        std::filesystem::remove(path);
        QVERIFY(ApproximateIndex::load(path, exact) == nullptr); // missing: build instead
        built->save(path);
        QVERIFY(!std::filesystem::exists(path + ".partial"));
        const auto loaded = ApproximateIndex::load(path, exact);
        QVERIFY(loaded != nullptr);
        QCOMPARE(loaded->kind(), built->kind());
        QCOMPARE(loaded->lists(), built->lists());
        QCOMPARE(loaded->probes(), built->probes());
        QCOMPARE(loaded->oversample(), built->oversample());
        const auto q = exact.rows(std::vector<int64_t>{1, 2, 3});
        QCOMPARE(loaded->candidates(q, 3, 30, {}), built->candidates(q, 3, 30, {}));

        // Other vectors (one row changed): the saved index is not used.
        EmbeddingMatrix changed = data;
        changed.row(4999)[0] += 1.0f;
        const FlatIndex other(changed, Metric::Cosine, 2);
        QVERIFY(ApproximateIndex::load(path, other) == nullptr);
        // One value of a row in the middle (the old fingerprint sampled every fourth row of
        // these 5000 and the last): the whole matrix is hashed, so this is other data too.
        EmbeddingMatrix middle = data;
        middle.row(1233)[5] += 0.25f;
        QVERIFY(ApproximateIndex::fingerprintOf(FlatIndex(middle, Metric::Cosine, 2)) !=
                ApproximateIndex::fingerprintOf(exact));
        QVERIFY(ApproximateIndex::load(path, FlatIndex(middle, Metric::Cosine, 2)) == nullptr);
        FlatIndex target(changed, Metric::Cosine, 2);
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 target.setApproximate(std::shared_ptr<const ApproximateIndex>(
                                     ApproximateIndex::load(path, exact))));

        // Damaged files: a clear error naming the file.
        const std::string truncated = outputPath("truncated.chipfinder-ivf");
        std::filesystem::copy_file(path, truncated,
                                   std::filesystem::copy_options::overwrite_existing);
        std::filesystem::resize_file(truncated, std::filesystem::file_size(path) / 2);
        try {
            ApproximateIndex::load(truncated, exact);
            QFAIL("a truncated file was accepted");
        } catch (const DataError &error) {
            QVERIFY2(QString::fromUtf8(error.what())
                         .contains(QStringLiteral("truncated.chipfinder-ivf")),
                     error.what());
        }
        // A NaN centroid (lists) or mean value (sketch), and bytes after the index: refused, not
        // searched.
        const std::string nan = outputPath("nan.chipfinder-ivf");
        std::filesystem::copy_file(path, nan, std::filesystem::copy_options::overwrite_existing);
        {
            std::fstream file(nan, std::ios::in | std::ios::out | std::ios::binary);
            const float value = std::numeric_limits<float>::quiet_NaN();
            file.seekp(8 + 7 * 8 + 3 * sizeof(float));
            file.write(reinterpret_cast<const char *>(&value), sizeof(value));
        }
        try {
            ApproximateIndex::load(nan, exact);
            QFAIL("a NaN centroid was accepted");
        } catch (const DataError &error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("not finite")),
                     error.what());
        }
        const std::string longer = outputPath("longer.chipfinder-ivf");
        std::filesystem::copy_file(path, longer, std::filesystem::copy_options::overwrite_existing);
        std::ofstream(longer, std::ios::app | std::ios::binary) << "tail";
        QVERIFY_THROWS_EXCEPTION(DataError, ApproximateIndex::load(longer, exact));
        const std::string garbage = outputPath("garbage.chipfinder-ivf");
        std::ofstream(garbage) << "not an index at all, just text";
        QVERIFY_THROWS_EXCEPTION(DataError, ApproximateIndex::load(garbage, exact));
        // A file of the previous format (no kind): rebuilt, not an error.
        const std::string old = outputPath("old.chipfinder-ivf");
        std::ofstream(old, std::ios::binary) << "CFIVF003" << std::string(64, '\0');
        QVERIFY(ApproximateIndex::load(old, exact) == nullptr);
    }

    // The automatic choice: exact below the threshold; above it built, saved beside the data,
    // and loaded (not rebuilt) the next time; a damaged cache is rebuilt with a warning.
    void automaticChoiceAndCache()
    {
        const EmbeddingMatrix data = clustered(6000, 32, 40, 9);
        const std::string path = approximateIndexPath(outputPath("chips.gpkg"), Metric::Cosine);
        QVERIFY(QString::fromStdString(path).endsWith(
            QStringLiteral("chips.gpkg.cosine.chipfinder-ivf")));
        std::filesystem::remove(path);

        auto small = makeSearchIndex(data, Metric::Cosine, IndexChoice::Automatic, path, 10000);
        QVERIFY(!small.approximate && !small.index->approximate());
        QVERIFY(!std::filesystem::exists(path));

        auto first = makeSearchIndex(data, Metric::Cosine, IndexChoice::Automatic, path, 5000);
        QVERIFY(first.approximate && !first.loaded && first.warning.empty());
        QVERIFY(first.index->approximate() != nullptr);
        QVERIFY(std::filesystem::exists(path));
        auto second = makeSearchIndex(data, Metric::Cosine, IndexChoice::Automatic, path, 5000);
        QVERIFY(second.approximate && second.loaded);
        QCOMPARE(second.index->search(data.row(7), 10), first.index->search(data.row(7), 10));

        auto exactOnly = makeSearchIndex(data, Metric::Cosine, IndexChoice::Exact, path, 10);
        QVERIFY(!exactOnly.approximate);
        auto forced = makeSearchIndex(data, Metric::Cosine, IndexChoice::Approximate, path);
        QVERIFY(forced.approximate && forced.loaded);

        std::ofstream(path, std::ios::trunc) << "damaged";
        auto rebuilt = makeSearchIndex(data, Metric::Cosine, IndexChoice::Automatic, path, 5000);
        QVERIFY(rebuilt.approximate && !rebuilt.loaded);
        QVERIFY(!rebuilt.warning.empty());
        QVERIFY(ApproximateIndex::load(path, *rebuilt.index) != nullptr); // overwritten

        QCOMPARE(indexChoiceFromName("auto"), IndexChoice::Automatic);
        QVERIFY_THROWS_EXCEPTION(UsageError, indexChoiceFromName("fast"));
    }

    void cancels()
    {
        const EmbeddingMatrix data = clustered(3000, 16, 20, 1);
        const FlatIndex exact(data, Metric::Cosine, 1);
        Feedback feedback;
        feedback.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, ApproximateIndex::build(exact, {}, &feedback));
    }
};

QTEST_GUILESS_MAIN(TestApproximateIndex)
#include "tst_approximateindex.moc"
