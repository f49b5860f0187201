// The embedding report (core/metrics/embeddingreport.h) on the real NAIP fixture (1140 chips of
// 74 features, NDWI water truth): every diversity and coverage distance against a brute-force
// double-precision nearest-neighbour scan, the shared histogram ranges and counts, retrieval
// quality against precision/recall/MAP@R counted by hand, and the JSON: it parses, holds every
// field of schema 1 and equals the structure.

#include "common/analyticsteststrategies.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "common/realfixture.h"
#include "metrics/embeddingreport.h"
#include "search/flatindex.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <functional>
#include <numeric>
#include <random>

using namespace chipfinder;

namespace {

// Exact distances between rows of one matrix in double precision: between the rows divided by
// their norms for cosine (all-zero rows stay zero), between the raw rows for Euclidean.
class BruteForce
{
public:
    BruteForce(const EmbeddingMatrix &m, Metric metric) : m_matrix(m), m_scale(m.rows(), 1.0)
    {
        if (metric != Metric::Cosine)
            return;
        for (size_t i = 0; i < m.rows(); ++i) {
            const auto row = m.row(i);
            const double norm = std::sqrt(
                std::inner_product(row.begin(), row.end(), row.begin(), 0.0, std::plus<>(),
                                   [](float a, float b) { return double(a) * double(b); }));
            m_scale[i] = norm > 0.0 ? 1.0 / norm : 1.0;
        }
    }

    double operator()(int64_t a, int64_t b) const
    {
        const auto x = m_matrix.row(size_t(a)), y = m_matrix.row(size_t(b));
        const double sa = m_scale[size_t(a)], sb = m_scale[size_t(b)];
        double sum = 0.0;
        for (size_t c = 0; c < x.size(); ++c) {
            const double d = double(x[c]) * sa - double(y[c]) * sb;
            sum += d * d;
        }
        return std::sqrt(sum);
    }

private:
    const EmbeddingMatrix &m_matrix;
    std::vector<double> m_scale;
};

// For each chip of `from`, the distance to its nearest chip of `to` other than itself.
std::vector<double> nearest(const BruteForce &distance, const std::vector<int64_t> &from,
                            const std::vector<int64_t> &to, bool skipSelf)
{
    std::vector<double> out;
    for (const int64_t a : from) {
        double best = INFINITY;
        for (const int64_t b : to)
            if (!(skipSelf && a == b))
                best = std::min(best, distance(a, b));
        out.push_back(best);
    }
    return out;
}

// The largest gap allowed between FAISS' float distances and the double brute force (measured:
// at most 7e-5 on this fixture; float rounding of the expanded form |a|²+|b|²−2ab).
constexpr double kTolerance = 5e-4;

void compareDistances(const SetDistances &set, const std::vector<double> &expected)
{
    QVERIFY2(set.summary, set.key.c_str());
    const DistanceSummary &s = *set.summary;
    QCOMPARE(s.distances.size(), expected.size());
    QCOMPARE(s.count, expected.size());
    double sum = 0.0, worst = 0.0;
    for (size_t i = 0; i < expected.size(); ++i) {
        worst = std::max(worst, std::abs(double(s.distances[i]) - expected[i]));
        sum += expected[i];
    }
    QVERIFY2(worst < kTolerance, qPrintable(QString::fromStdString(set.key) +
                                            QStringLiteral(": worst gap %1").arg(worst)));
    QVERIFY(std::abs(s.mean - sum / double(expected.size())) < kTolerance);
    QVERIFY(std::abs(s.min - *std::min_element(expected.begin(), expected.end())) < kTolerance);
    QVERIFY(std::abs(s.max - *std::max_element(expected.begin(), expected.end())) < kTolerance);
}

// The histogram of `set` has `bins` bins over [0, upper] and counts its distances by hand.
void compareHistogram(const SetDistances &set, size_t bins, double upper)
{
    const Histogram &h = set.histogram;
    QCOMPARE(h.lower, 0.0);
    QCOMPARE(h.upper, upper);
    QCOMPARE(h.counts.size(), bins);
    std::vector<size_t> counts(bins, 0);
    for (const float d : set.summary->distances) {
        const double at = double(d) / (upper / double(bins));
        ++counts[std::min(bins - 1, size_t(std::max(0.0, at)))];
    }
    QCOMPARE(h.counts, counts);
}

double largestMax(const std::vector<SetDistances> &sets)
{
    double upper = 0.0;
    for (const SetDistances &s : sets)
        if (s.summary)
            upper = std::max(upper, s.summary->max);
    return upper;
}

void compareSetJson(const QJsonObject &json, const SetDistances &set)
{
    for (const char *key : {"set", "members", "sampled", "summary", "histogram"})
        QVERIFY2(json.contains(QLatin1String(key)), key);
    QCOMPARE(json["set"].toString().toStdString(), set.key);
    QCOMPARE(size_t(json["members"].toInteger()), set.members);
    QCOMPARE(json["sampled"].toBool(), set.sampled);
    if (!set.summary) {
        QVERIFY(json["summary"].isNull());
        QVERIFY(json["histogram"].isNull());
        return;
    }
    const QJsonObject summary = json["summary"].toObject();
    for (const char *key : {"count", "mean", "min", "max", "distances"})
        QVERIFY2(summary.contains(QLatin1String(key)), key);
    QCOMPARE(size_t(summary["count"].toInteger()), set.summary->count);
    QCOMPARE(summary["mean"].toDouble(), set.summary->mean);
    QCOMPARE(summary["min"].toDouble(), set.summary->min);
    QCOMPARE(summary["max"].toDouble(), set.summary->max);
    const QJsonArray distances = summary["distances"].toArray();
    QCOMPARE(size_t(distances.size()), set.summary->distances.size());
    for (qsizetype i = 0; i < distances.size(); ++i)
        QCOMPARE(float(distances[i].toDouble()), set.summary->distances[size_t(i)]);
    const QJsonObject histogram = json["histogram"].toObject();
    QCOMPARE(histogram["lower"].toDouble(), set.histogram.lower);
    QCOMPARE(histogram["upper"].toDouble(), set.histogram.upper);
    const QJsonArray counts = histogram["counts"].toArray();
    QCOMPARE(size_t(counts.size()), set.histogram.counts.size());
    for (qsizetype i = 0; i < counts.size(); ++i)
        QCOMPARE(size_t(counts[i].toInteger()), set.histogram.counts[size_t(i)]);
}

} // namespace

class TestEmbeddingReport : public QObject
{
    Q_OBJECT

    EmbeddingMatrix m_embeddings;
    std::vector<uint8_t> m_truth;
    std::vector<int64_t> m_labeled;
    std::vector<int64_t> m_positives;
    std::unique_ptr<FlatIndex> m_index;

    EmbeddingReportInput input() const
    {
        EmbeddingReportInput in;
        in.embeddings = &m_embeddings;
        in.dataset = "naip-2020";
        in.sets = {{"labeled", m_labeled}, {"positives", m_positives}};
        in.index = m_index.get();
        in.truth = m_truth;
        in.truthName = "water (NDWI)";
        in.strategies = {"test-centroid", "test-random"};
        in.factory = testing::testFactory();
        in.k = 20;
        in.bins = 12;
        return in;
    }

private slots:
    void initTestCase()
    {
        // The chips with data (nodata chips have all-zero features).
        const test::RealFixture fixture = test::makeNaipFixture();
        std::vector<float> values;
        for (size_t i = 0; i < fixture.size(); ++i) {
            const auto row = fixture.embeddings.row(i);
            if (std::all_of(row.begin(), row.end(), [](float v) { return v == 0.0f; }))
                continue;
            values.insert(values.end(), row.begin(), row.end());
            m_truth.push_back(fixture.waterTruth[i]);
        }
        m_embeddings = EmbeddingMatrix(m_truth.size(), test::kFixtureDim, std::move(values));
        m_index = std::make_unique<FlatIndex>(m_embeddings, Metric::Cosine, 1);
        // An analyst's labels: every 9th water chip positive, every 23rd other chip negative.
        size_t water = 0, other = 0;
        for (size_t i = 0; i < m_truth.size(); ++i) {
            if (m_truth[i] && water++ % 9 == 0) {
                m_labeled.push_back(int64_t(i));
                m_positives.push_back(int64_t(i));
            } else if (!m_truth[i] && other++ % 23 == 0) {
                m_labeled.push_back(int64_t(i));
            }
        }
        QVERIFY(m_truth.size() > 1000);
        QVERIFY(m_positives.size() >= 5 && m_labeled.size() > 50);
    }

    void figuresMatchBruteForce_data()
    {
        QTest::addColumn<QString>("metricName");
        QTest::newRow("cosine") << QStringLiteral("cosine");
        QTest::newRow("euclidean") << QStringLiteral("euclidean");
    }

    void figuresMatchBruteForce()
    {
        QFETCH(QString, metricName);
        const Metric metric = metricFromName(metricName.toStdString());
        EmbeddingReportInput in = input();
        in.metric = metric;
        Feedback feedback;
        const EmbeddingReport report = computeEmbeddingReport(in, feedback);
        QCOMPARE(feedback.progress(), 1.0);
        QCOMPARE(report.chips, m_embeddings.rows());
        QCOMPARE(report.dim, test::kFixtureDim);
        QCOMPARE(report.selected, std::string("labeled"));

        QCOMPARE(report.diversity.size(), size_t(4));
        const char *keys[] = {"all", "labeled", "positives", "random"};
        for (size_t i = 0; i < 4; ++i)
            QCOMPARE(report.diversity[i].key, std::string(keys[i]));
        std::vector<int64_t> all(m_embeddings.rows());
        std::iota(all.begin(), all.end(), 0);
        const SetDistances &random = report.diversity[3];
        QCOMPARE(random.members, m_labeled.size());
        QVERIFY(std::is_sorted(random.measured.begin(), random.measured.end()));
        QVERIFY(std::adjacent_find(random.measured.begin(), random.measured.end()) ==
                random.measured.end());
        QVERIFY(random.measured != m_labeled);
        const std::vector<std::vector<int64_t>> members{all, m_labeled, m_positives,
                                                        random.measured};

        const BruteForce exact(m_embeddings, metric);
        for (size_t i = 0; i < 4; ++i) {
            QCOMPARE(report.diversity[i].members, members[i].size());
            QVERIFY(!report.diversity[i].sampled);
            QCOMPARE(report.diversity[i].measured, members[i]);
            compareDistances(report.diversity[i], nearest(exact, members[i], members[i], true));
        }
        const double diversityUpper = largestMax(report.diversity);
        for (const SetDistances &set : report.diversity)
            compareHistogram(set, 12, diversityUpper);

        QCOMPARE(report.coverage.size(), size_t(2));
        QCOMPARE(report.coverage[0].key, std::string("labeled"));
        QCOMPARE(report.coverage[1].key, std::string("random"));
        const double coverageUpper = largestMax(report.coverage);
        for (size_t c = 0; c < 2; ++c) {
            const std::vector<int64_t> &by = members[c == 0 ? 1 : 3];
            QCOMPARE(report.coverage[c].members, by.size());
            compareDistances(report.coverage[c], nearest(exact, all, by, false));
            for (const int64_t chip : by)
                QCOMPARE(report.coverage[c].summary->distances[size_t(chip)], 0.0f);
            compareHistogram(report.coverage[c], 12, coverageUpper);
        }
        // The labeled set is spread over the scene: more varied than the whole set.
        QVERIFY(report.diversity[1].summary->mean > report.diversity[0].summary->mean);

        QCOMPARE(report.retrieval.status, RetrievalStatus::Computed);
        QCOMPARE(report.retrieval.strategies.size(), size_t(2));
        QCOMPARE(*report.retrieval.truePositives,
                 size_t(std::count(m_truth.begin(), m_truth.end(), 1)));
        for (const RetrievalQuality &r : report.retrieval.strategies) {
            QCOMPARE(r.queries, size_t(5));
            for (const double x : {r.precisionAtK, r.recallAtK, r.mapAtR})
                QVERIFY(x >= 0.0 && x <= 1.0);
        }
    }

    void retrievalCountedByHand()
    {
        // Query q of the documented protocol for the centroid strategy, counted by hand.
        EmbeddingReportInput in = input();
        in.strategies = {"test-centroid"};
        in.queries = 3;
        in.k = 15;
        Feedback feedback;
        const EmbeddingReport report = computeEmbeddingReport(in, feedback);
        double precision = 0.0, recall = 0.0, map = 0.0;
        for (size_t q = 0; q < in.queries; ++q) {
            std::vector<int64_t> p, n;
            for (size_t i = 0; i < m_truth.size(); ++i)
                (m_truth[i] ? p : n).push_back(int64_t(i));
            const size_t relevant = p.size() - 3;
            std::mt19937_64 rng(in.seed * 1000003ull + q);
            std::shuffle(p.begin(), p.end(), rng);
            std::shuffle(n.begin(), n.end(), rng);
            p.resize(3);
            n.resize(3);
            std::vector<int64_t> query = p;
            query.insert(query.end(), n.begin(), n.end());
            const ChipMask mask = ChipMask::fromIndices(m_truth.size(), query);
            StrategyInput si;
            si.index = m_index.get();
            si.positives = p;
            si.negatives = n;
            si.labeled = &mask;
            si.k = std::max<size_t>(15, relevant);
            si.rng = &rng;
            const auto ranked = testing::testFactory()("test-centroid", {})->propose(si);
            size_t hitsAtK = 0, hits = 0;
            double ap = 0.0;
            for (size_t r = 0; r < ranked.size(); ++r) {
                const bool hit = m_truth[size_t(ranked[r].chip)] != 0;
                hits += hit;
                if (r < 15)
                    hitsAtK += hit;
                if (r < relevant && hit)
                    ap += double(hits) / double(r + 1);
            }
            precision += double(hitsAtK) / 15.0;
            recall += double(hitsAtK) / double(relevant);
            map += ap / double(relevant);
        }
        const RetrievalQuality &r = report.retrieval.strategies.at(0);
        QCOMPARE(r.queries, size_t(3));
        QVERIFY(std::abs(r.precisionAtK - precision / 3.0) < 1e-12);
        QVERIFY(std::abs(r.recallAtK - recall / 3.0) < 1e-12);
        QVERIFY(std::abs(r.mapAtR - map / 3.0) < 1e-12);
        QVERIFY(precision > 0.0 && map > 0.0); // the comparison is not 0 against 0
    }

    void jsonHoldsEveryField()
    {
        Feedback feedback;
        const EmbeddingReport report = computeEmbeddingReport(input(), feedback);
        QJsonParseError error;
        const QJsonDocument document =
            QJsonDocument::fromJson(QByteArray::fromStdString(report.toJson()), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject root = document.object();
        const QStringList keys{"schema",   "dataset",   "chips",        "dimensions",
                               "metric",   "seed",      "sample_limit", "bins",
                               "selected", "diversity", "coverage",     "retrieval"};
        QStringList sorted = keys;
        sorted.sort();
        QCOMPARE(root.keys(), sorted); // every field, and nothing else
        QCOMPARE(root["schema"].toInt(), 1);
        QCOMPARE(root["dataset"].toString(), QStringLiteral("naip-2020"));
        QCOMPARE(size_t(root["chips"].toInteger()), m_embeddings.rows());
        QCOMPARE(size_t(root["dimensions"].toInteger()), test::kFixtureDim);
        QCOMPARE(root["metric"].toString(), QStringLiteral("cosine"));
        QCOMPARE(root["seed"].toInteger(), 7);
        QCOMPARE(root["sample_limit"].toInteger(), 20000);
        QCOMPARE(root["bins"].toInteger(), 12);
        QCOMPARE(root["selected"].toString(), QStringLiteral("labeled"));
        const QJsonArray diversity = root["diversity"].toArray();
        QCOMPARE(size_t(diversity.size()), report.diversity.size());
        for (qsizetype i = 0; i < diversity.size(); ++i)
            compareSetJson(diversity[i].toObject(), report.diversity[size_t(i)]);
        const QJsonArray coverage = root["coverage"].toArray();
        QCOMPARE(size_t(coverage.size()), report.coverage.size());
        for (qsizetype i = 0; i < coverage.size(); ++i)
            compareSetJson(coverage[i].toObject(), report.coverage[size_t(i)]);

        const QJsonObject retrieval = root["retrieval"].toObject();
        for (const char *key : {"status", "truth", "true_positives", "k", "queries",
                                "start_positives", "start_negatives", "strategies"})
            QVERIFY2(retrieval.contains(QLatin1String(key)), key);
        QCOMPARE(retrieval["status"].toString(), QStringLiteral("computed"));
        QCOMPARE(retrieval["truth"].toString(), QStringLiteral("water (NDWI)"));
        QCOMPARE(size_t(retrieval["true_positives"].toInteger()), *report.retrieval.truePositives);
        QCOMPARE(retrieval["k"].toInteger(), 20);
        QCOMPARE(retrieval["queries"].toInteger(), 5);
        QCOMPARE(retrieval["start_positives"].toInteger(), 3);
        QCOMPARE(retrieval["start_negatives"].toInteger(), 3);
        const QJsonArray strategies = retrieval["strategies"].toArray();
        QCOMPARE(strategies.size(), 2);
        for (qsizetype i = 0; i < strategies.size(); ++i) {
            const QJsonObject s = strategies[i].toObject();
            const RetrievalQuality &r = report.retrieval.strategies[size_t(i)];
            QCOMPARE(s["strategy"].toString().toStdString(), r.strategy);
            QCOMPARE(s["precision_at_k"].toDouble(), r.precisionAtK);
            QCOMPARE(s["recall_at_k"].toDouble(), r.recallAtK);
            QCOMPARE(s["map_at_r"].toDouble(), r.mapAtR);
            QCOMPARE(size_t(s["queries"].toInteger()), r.queries);
        }
    }

    void sampledSetsAndSeeds()
    {
        EmbeddingReportInput in = input();
        in.sampleLimit = 200;
        in.strategies.clear();
        Feedback feedback;
        const EmbeddingReport report = computeEmbeddingReport(in, feedback);
        const SetDistances &all = *report.diversityOf("all");
        QVERIFY(all.sampled);
        QCOMPARE(all.members, m_embeddings.rows());
        QCOMPARE(all.measured.size(), size_t(200));
        QVERIFY(!report.diversityOf("positives")->sampled);
        compareDistances(all, nearest(BruteForce(m_embeddings, Metric::Cosine), all.measured,
                                      all.measured, true));
        QCOMPARE(report.retrieval.status, RetrievalStatus::NoStrategies);

        // Same seed, same sets; another seed, another random set and sample.
        Feedback again;
        QCOMPARE(computeEmbeddingReport(in, again).diversityOf("random")->measured,
                 report.diversityOf("random")->measured);
        in.seed = 8;
        Feedback other;
        const EmbeddingReport reseeded = computeEmbeddingReport(in, other);
        QVERIFY(reseeded.diversityOf("random")->measured != report.diversityOf("random")->measured);
        QVERIFY(reseeded.diversityOf("all")->measured != all.measured);
    }

    void smallSetsStatusesAndErrors()
    {
        EmbeddingReportInput in;
        in.embeddings = &m_embeddings;
        Feedback feedback;
        // No sets: the whole set only, no coverage, no selected set, no retrieval.
        const EmbeddingReport bare = computeEmbeddingReport(in, feedback);
        QCOMPARE(bare.diversity.size(), size_t(1));
        QVERIFY(bare.coverage.empty());
        QVERIFY(bare.selected.empty());
        QCOMPARE(bare.retrieval.status, RetrievalStatus::NoTruth);
        const QJsonObject json =
            QJsonDocument::fromJson(QByteArray::fromStdString(bare.toJson())).object();
        QVERIFY(json["dataset"].isNull());
        QVERIFY(json["selected"].isNull());
        QVERIFY(json["retrieval"].toObject()["truth"].isNull());
        QVERIFY(json["retrieval"].toObject()["true_positives"].isNull());

        // One labeled chip: no diversity for it or its random set, coverage for both.
        in.sets = {{"labeled", {5, 5}}, {"positives", {}}};
        const EmbeddingReport one = computeEmbeddingReport(in, feedback);
        QCOMPARE(one.diversityOf("labeled")->members, size_t(1));
        QVERIFY(!one.diversityOf("labeled")->summary);
        QVERIFY(one.diversityOf("labeled")->histogram.counts.empty());
        QVERIFY(!one.diversityOf("random")->summary);
        QVERIFY(one.coverageOf("labeled")->summary);
        QVERIFY(one.coverageOf("random")->summary);

        // A truth with 2 positives: too few for 3 start positives.
        std::vector<uint8_t> truth(m_embeddings.rows(), 0);
        truth[1] = truth[2] = 1;
        in.index = m_index.get();
        in.truth = truth;
        in.strategies = {"test-centroid"};
        in.factory = testing::testFactory();
        const EmbeddingReport few = computeEmbeddingReport(in, feedback);
        QCOMPARE(few.retrieval.status, RetrievalStatus::TooFewExamples);
        QCOMPARE(*few.retrieval.truePositives, size_t(2));
        QVERIFY(few.retrieval.strategies.empty());

        Feedback canceled;
        canceled.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, computeEmbeddingReport(in, canceled));
        EmbeddingReportInput bad = in;
        bad.sets = {{"labeled", {int64_t(m_embeddings.rows())}}};
        QVERIFY_THROWS_EXCEPTION(UsageError, computeEmbeddingReport(bad, feedback));
        bad.sets = {{"random", {1, 2}}};
        QVERIFY_THROWS_EXCEPTION(UsageError, computeEmbeddingReport(bad, feedback));
        bad = in;
        truth.pop_back();
        bad.truth = truth;
        QVERIFY_THROWS_EXCEPTION(UsageError, computeEmbeddingReport(bad, feedback));
    }
};

QTEST_GUILESS_MAIN(TestEmbeddingReport)
#include "tst_embeddingreport.moc"
