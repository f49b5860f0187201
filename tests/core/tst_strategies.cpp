// Every strategy against a brute-force computation written independently here (plain loops over
// the real NAIP fixture matrix, in double precision), for both metrics.

#include "common/errors.h"
#include "common/realfixture.h"
#include "learn/logisticregression.h"
#include "learn/randomforestimportance.h"
#include "search/flatindex.h"
#include "strategies/classifierstrategy.h"
#include "strategies/learnedmetricstrategy.h"
#include "strategies/prunedstrategy.h"
#include "strategies/strategyregistry.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

using namespace chipfinder;

namespace {

using Rows = std::vector<std::vector<double>>;

// The rows as searched: L2-normalised for cosine, raw for Euclidean.
Rows searchedRows(const EmbeddingMatrix &m, Metric metric)
{
    Rows rows(m.rows(), std::vector<double>(m.dim()));
    for (size_t i = 0; i < m.rows(); ++i) {
        double norm = 0;
        for (size_t j = 0; j < m.dim(); ++j) {
            rows[i][j] = m.row(i)[j];
            norm += rows[i][j] * rows[i][j];
        }
        if (metric == Metric::Cosine && norm > 0)
            for (double &v : rows[i])
                v /= std::sqrt(norm);
    }
    return rows;
}

double dot(const std::vector<double> &a, const std::vector<double> &b)
{
    double s = 0;
    for (size_t j = 0; j < a.size(); ++j)
        s += a[j] * b[j];
    return s;
}

// Similarity of a query (not normalised) to a searched row.
double similarity(Metric metric, const std::vector<double> &q, const std::vector<double> &x)
{
    if (metric == Metric::Cosine) {
        const double n = std::sqrt(dot(q, q));
        return n > 0 ? dot(q, x) / n : 0.0;
    }
    double s = 0;
    for (size_t j = 0; j < q.size(); ++j)
        s += (q[j] - x[j]) * (q[j] - x[j]);
    return -s;
}

std::vector<double> meanRows(const Rows &rows, const std::vector<int64_t> &chips)
{
    std::vector<double> m(rows[0].size(), 0.0);
    for (int64_t c : chips)
        for (size_t j = 0; j < m.size(); ++j)
            m[j] += rows[size_t(c)][j] / double(chips.size());
    return m;
}

// All unlabeled chips sorted by score (desc), then chip index.
std::vector<int64_t> ranking(const std::vector<double> &score, const ChipMask &labeled)
{
    std::vector<int64_t> order;
    for (size_t i = 0; i < score.size(); ++i)
        if (!labeled.test(int64_t(i)))
            order.push_back(int64_t(i));
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return score[size_t(a)] > score[size_t(b)]; });
    return order;
}

double tie(Metric metric, double s)
{
    return metric == Metric::Cosine ? 0.99 * (std::clamp(s, -1.0, 1.0) + 1) / 2
                                    : 0.99 / (1 + std::max(0.0, -s));
}

} // namespace

class TestStrategies : public QObject
{
    Q_OBJECT
private:
    test::RealFixture m_fixture;
    std::vector<int64_t> m_positives, m_negatives;
    ChipMask m_labeled;
    static constexpr size_t kK = 25;
    static constexpr uint64_t kSeed = 11;

    std::vector<ScoredChip> propose(const std::string &name, const FlatIndex &index,
                                    const std::string &parameters = {}, Strategy **keep = nullptr)
    {
        static std::unique_ptr<Strategy> kept;
        kept = StrategyRegistry::instance().create(name, StrategyParameters::parse(parameters));
        std::mt19937_64 rng(kSeed);
        StrategyInput input;
        input.index = &index;
        input.positives = m_positives;
        input.negatives = m_negatives;
        input.labeled = &m_labeled;
        input.k = kK;
        input.rng = &rng;
        auto result = kept->propose(input);
        if (keep)
            *keep = kept.get();
        return result;
    }

    // The strategy's chips carry the brute-force scores, and its score list equals the k best
    // brute-force scores (so the set is optimal up to exact ties).
    void compare(const std::vector<ScoredChip> &actual, const std::vector<double> &expected,
                 double tolerance = 2e-4)
    {
        const auto order = ranking(expected, m_labeled);
        QCOMPARE(actual.size(), std::min(kK, order.size()));
        for (size_t i = 0; i < actual.size(); ++i) {
            QVERIFY(!m_labeled.test(actual[i].chip));
            const double own = expected[size_t(actual[i].chip)];
            const double best = expected[size_t(order[i])];
            const double scale = std::max(1.0, std::abs(best)); // relative for large scores
            if (std::abs(actual[i].score - own) > tolerance * scale ||
                std::abs(actual[i].score - best) > tolerance * scale)
                QFAIL(qPrintable(QStringLiteral("rank %1: chip %2 score %3, brute force %4, "
                                                "brute-force rank score %5")
                                     .arg(i)
                                     .arg(actual[i].chip)
                                     .arg(actual[i].score)
                                     .arg(own)
                                     .arg(best)));
        }
    }

    static Metric metricOf(const QString &name) { return metricFromName(name.toStdString()); }

    static void metrics()
    {
        QTest::addColumn<QString>("metric");
        QTest::newRow("cosine") << "cosine";
        QTest::newRow("euclidean") << "euclidean";
    }

private slots:
    void initTestCase()
    {
        m_fixture = test::makeNaipFixture();
        const auto water = m_fixture.chipsWhere(true), dry = m_fixture.chipsWhere(false);
        for (size_t i = 0; i < water.size(); i += 6)
            m_positives.push_back(water[i]);
        for (size_t i = 3; i < dry.size(); i += 45)
            m_negatives.push_back(dry[i]);
        std::vector<int64_t> all = m_positives;
        all.insert(all.end(), m_negatives.begin(), m_negatives.end());
        m_labeled = ChipMask::fromIndices(m_fixture.size(), all);
        QVERIFY(m_positives.size() >= 5 && m_negatives.size() >= 10);
    }

    void centroid_data() { metrics(); }
    void centroid()
    {
        QFETCH(QString, metric);
        const FlatIndex index(m_fixture.embeddings, metricOf(metric), 2);
        const Rows rows = searchedRows(m_fixture.embeddings, metricOf(metric));
        const auto q = meanRows(rows, m_positives);
        std::vector<double> expected(rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            expected[i] = similarity(metricOf(metric), q, rows[i]);
        compare(propose("centroid", index), expected);
    }

    void randomPositive_data() { metrics(); }
    void randomPositive()
    {
        QFETCH(QString, metric);
        const FlatIndex index(m_fixture.embeddings, metricOf(metric), 2);
        const Rows rows = searchedRows(m_fixture.embeddings, metricOf(metric));
        std::mt19937_64 rng(kSeed);
        const size_t pick = std::uniform_int_distribution<size_t>(0, m_positives.size() - 1)(rng);
        const auto &q = rows[size_t(m_positives[pick])];
        std::vector<double> expected(rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            expected[i] = similarity(metricOf(metric), q, rows[i]);
        compare(propose("random-positive", index), expected);
    }

    void rocchio_data() { metrics(); }
    void rocchio()
    {
        QFETCH(QString, metric);
        const FlatIndex index(m_fixture.embeddings, metricOf(metric), 2);
        const Rows rows = searchedRows(m_fixture.embeddings, metricOf(metric));
        const auto p = meanRows(rows, m_positives), n = meanRows(rows, m_negatives);
        std::vector<double> q(p.size());
        for (size_t j = 0; j < q.size(); ++j)
            q[j] = 1.0 * p[j] - 0.7 * n[j];
        std::vector<double> expected(rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            expected[i] = similarity(metricOf(metric), q, rows[i]);
        compare(propose("rocchio", index, "beta=0.7"), expected);
    }

    void knnUnion_data() { metrics(); }
    void knnUnion()
    {
        QFETCH(QString, metric);
        const FlatIndex index(m_fixture.embeddings, metricOf(metric), 2);
        const Rows rows = searchedRows(m_fixture.embeddings, metricOf(metric));
        std::vector<double> expected(rows.size(), -1e300);
        for (size_t i = 0; i < rows.size(); ++i)
            for (int64_t p : m_positives)
                expected[i] =
                    std::max(expected[i], similarity(metricOf(metric), rows[size_t(p)], rows[i]));
        compare(propose("knn-union", index), expected);
    }

private:
    // common-similar's variants: rows of metric × (neighbours, include-labeled, tie-break).
    static void commonVariants()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<int>("c");
        QTest::addColumn<bool>("includeLabeled");
        QTest::addColumn<QString>("tieBreak");
        for (const char *metric : {"cosine", "euclidean"}) {
            const QString m = QString::fromLatin1(metric);
            QTest::newRow(qPrintable(m + "-unlabeled-best")) << m << 40 << false << "best";
            QTest::newRow(qPrintable(m + "-unlabeled-sum")) << m << 40 << false << "sum";
            QTest::newRow(qPrintable(m + "-all-best")) << m << 40 << true << "best";
            QTest::newRow(qPrintable(m + "-all-sum")) << m << 100 << true << "sum";
            // 3 nearest chips, labeled included: fewer than k candidates, so C doubles.
            QTest::newRow(qPrintable(m + "-all-sum-deepens")) << m << 3 << true << "sum";
        }
    }

    // Brute-force votes of the positives' (or negatives') lists: count, best and summed score of
    // every unlabeled chip; lists of the c nearest unlabeled chips (c = max(c, minCandidates)),
    // or with includeLabeled of the c nearest chips of all, c doubled while fewer than
    // minCandidates chips got a vote.
    struct Votes
    {
        std::vector<int> count;
        std::vector<double> best, sum;
        size_t candidates = 0;
    };
    Votes bruteVotes(const Rows &rows, Metric m, const std::vector<int64_t> &voters, size_t c,
                     bool includeLabeled, size_t minCandidates)
    {
        const ChipMask none(rows.size());
        if (!includeLabeled)
            c = std::max(c, minCandidates);
        for (;;) {
            Votes v{std::vector<int>(rows.size(), 0), std::vector<double>(rows.size(), -1e300),
                    std::vector<double>(rows.size(), 0.0), 0};
            for (int64_t q : voters) {
                std::vector<double> s(rows.size());
                for (size_t i = 0; i < rows.size(); ++i)
                    s[i] = similarity(m, rows[size_t(q)], rows[i]);
                auto order = ranking(s, includeLabeled ? none : m_labeled);
                order.resize(std::min(order.size(), c));
                for (int64_t chip : order) {
                    if (m_labeled.test(chip))
                        continue;
                    v.count[size_t(chip)] += 1;
                    v.best[size_t(chip)] = std::max(v.best[size_t(chip)], s[size_t(chip)]);
                    v.sum[size_t(chip)] += s[size_t(chip)];
                }
            }
            for (int n : v.count)
                v.candidates += n > 0;
            if (!includeLabeled || v.candidates >= minCandidates || c >= rows.size())
                return v;
            c = std::min(2 * c, rows.size());
        }
    }

    static double tieTerm(Metric m, const Votes &v, size_t i, const QString &tieBreak)
    {
        return tie(m, tieBreak == "sum" ? v.sum[i] / v.count[i] : v.best[i]);
    }

private slots:
    void commonSimilar_data() { commonVariants(); }
    void commonSimilar()
    {
        QFETCH(QString, metric);
        QFETCH(int, c);
        QFETCH(bool, includeLabeled);
        QFETCH(QString, tieBreak);
        const Metric m = metricOf(metric);
        const FlatIndex index(m_fixture.embeddings, m, 2);
        const Rows rows = searchedRows(m_fixture.embeddings, m);
        const Votes v = bruteVotes(rows, m, m_positives, size_t(c), includeLabeled, kK);
        if (c == 3)
            QVERIFY(bruteVotes(rows, m, m_positives, 3, true, 0).candidates < kK);
        std::vector<double> expected(rows.size(), -1e300);
        for (size_t i = 0; i < rows.size(); ++i)
            if (v.count[i] > 0)
                expected[i] = v.count[i] + tieTerm(m, v, i, tieBreak);
        const std::string parameters = "neighbours=" + std::to_string(c) +
                                       ",include-labeled=" + (includeLabeled ? "true" : "false") +
                                       ",tie-break=" + tieBreak.toStdString();
        compare(propose("common-similar", index, parameters), expected);
    }

    void commonSimilarVariantsDiffer()
    {
        // Counting labeled neighbours changes the batch (else the parameter would be moot).
        const FlatIndex index(m_fixture.embeddings, Metric::Cosine, 2);
        QVERIFY(propose("common-similar", index, "neighbours=40,include-labeled=false") !=
                propose("common-similar", index, "neighbours=40,include-labeled=true"));
        QVERIFY_THROWS_EXCEPTION(UsageError, propose("common-similar", index, "tie-break=median"));
    }

    void commonContrastive_data() { commonVariants(); }
    void commonContrastive()
    {
        QFETCH(QString, metric);
        QFETCH(int, c);
        QFETCH(bool, includeLabeled);
        QFETCH(QString, tieBreak);
        const Metric m = metricOf(metric);
        const FlatIndex index(m_fixture.embeddings, m, 2);
        const Rows rows = searchedRows(m_fixture.embeddings, m);
        const Votes p = bruteVotes(rows, m, m_positives, size_t(c), includeLabeled, kK);
        const Votes n = bruteVotes(rows, m, m_negatives, 30, includeLabeled, 0);
        std::vector<double> expected(rows.size(), -1e300);
        for (size_t i = 0; i < rows.size(); ++i)
            if (p.count[i] > 0)
                expected[i] = p.count[i] - 0.5 * n.count[i] + tieTerm(m, p, i, tieBreak);
        const std::string variant =
            ",include-labeled=" + std::string(includeLabeled ? "true" : "false") +
            ",tie-break=" + tieBreak.toStdString();
        const auto actual = propose("common-contrastive", index,
                                    "neighbours=" + std::to_string(c) +
                                        ",negative-neighbours=30,negative-weight=0.5" + variant);
        compare(actual, expected);
        // The negatives matter: some candidate of common-similar is demoted.
        QVERIFY(actual !=
                propose("common-similar", index, "neighbours=" + std::to_string(c) + variant));
    }

    void pruned_data() { metrics(); }
    void pruned()
    {
        QFETCH(QString, metric);
        const Metric m = metricOf(metric);
        const FlatIndex index(m_fixture.embeddings, m, 2);
        // The forest as the strategy documents it: seed = first draw of the rng.
        std::mt19937_64 rng(kSeed);
        RandomForestOptions options;
        options.trees = 30;
        options.seed = rng();
        std::vector<int64_t> chips = m_positives;
        chips.insert(chips.end(), m_negatives.begin(), m_negatives.end());
        std::vector<uint8_t> labels(chips.size(), 0);
        std::fill(labels.begin(), labels.begin() + ptrdiff_t(m_positives.size()), 1);
        std::vector<float> x;
        for (int64_t c : chips) {
            const auto r = index.vectors().row(size_t(c));
            x.insert(x.end(), r.begin(), r.end());
        }
        const auto importance =
            RandomForestImportance(options).compute(x, chips.size(), index.dim(), labels);
        std::vector<int> dims(index.dim());
        std::iota(dims.begin(), dims.end(), 0);
        std::stable_sort(dims.begin(), dims.end(), [&](int a, int b) {
            return importance[size_t(a)] > importance[size_t(b)];
        });
        dims.resize(size_t(std::lround(0.3 * double(index.dim()))));
        std::sort(dims.begin(), dims.end());

        Strategy *strategy = nullptr;
        const auto actual = propose("pruned", index, "keep=0.3,trees=30", &strategy);
        QCOMPARE(static_cast<PrunedStrategy *>(strategy)->lastDimensions(), dims);

        // Brute-force centroid in the subspace of the searched rows (re-normalised for cosine).
        const Rows full = searchedRows(m_fixture.embeddings, m);
        Rows sub(full.size(), std::vector<double>(dims.size()));
        for (size_t i = 0; i < full.size(); ++i) {
            double norm = 0;
            for (size_t j = 0; j < dims.size(); ++j) {
                sub[i][j] = full[i][size_t(dims[j])];
                norm += sub[i][j] * sub[i][j];
            }
            if (m == Metric::Cosine && norm > 0)
                for (double &v : sub[i])
                    v /= std::sqrt(norm);
        }
        const auto q = meanRows(sub, m_positives);
        std::vector<double> expected(sub.size());
        for (size_t i = 0; i < sub.size(); ++i)
            expected[i] = similarity(m, q, sub[i]);
        compare(actual, expected);
    }

    void classifier_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<bool>("uncertainty");
        QTest::newRow("cosine") << "cosine" << false;
        QTest::newRow("euclidean") << "euclidean" << false;
        QTest::newRow("cosine-uncertainty") << "cosine" << true;
    }
    void classifier()
    {
        QFETCH(QString, metric);
        QFETCH(bool, uncertainty);
        const Metric m = metricOf(metric);
        const FlatIndex index(m_fixture.embeddings, m, 2);
        Strategy *strategy = nullptr;
        const auto actual = propose("classifier", index,
                                    uncertainty ? "l2=0.1,uncertainty=true" : "l2=0.1", &strategy);
        const auto &model = static_cast<ClassifierStrategy *>(strategy)->model();
        const Rows rows = searchedRows(m_fixture.embeddings, m);
        std::vector<double> w(model.weights().begin(), model.weights().end());
        std::vector<double> expected(rows.size());
        for (size_t i = 0; i < rows.size(); ++i) {
            const double z = dot(w, rows[i]) + model.bias();
            expected[i] = uncertainty ? -std::abs(z) : z;
        }
        compare(actual, expected, 1e-3);
        // The model is the regularised optimum: its gradient, computed here, vanishes.
        std::vector<int64_t> chips = m_positives;
        chips.insert(chips.end(), m_negatives.begin(), m_negatives.end());
        std::vector<double> grad(w.size(), 0.0);
        double gradBias = 0;
        const double np = double(m_positives.size()), nn = double(m_negatives.size());
        for (size_t t = 0; t < chips.size(); ++t) {
            const bool positive = t < m_positives.size();
            const auto &x = rows[size_t(chips[t])];
            const double p = 1 / (1 + std::exp(-(dot(w, x) + model.bias())));
            const double c = double(chips.size()) / (2 * (positive ? np : nn));
            const double r = c * (p - (positive ? 1 : 0));
            for (size_t j = 0; j < w.size(); ++j)
                grad[j] += r * x[j];
            gradBias += r;
        }
        double norm = gradBias * gradBias;
        for (size_t j = 0; j < w.size(); ++j)
            norm += std::pow(grad[j] + 0.1 * w[j], 2);
        QVERIFY2(std::sqrt(norm) < 1e-3, qPrintable(QString::number(std::sqrt(norm))));
    }

    void classifierBoundaryShare_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<double>("share");
        QTest::newRow("cosine-0.2") << "cosine" << 0.2;
        QTest::newRow("cosine-0.5") << "cosine" << 0.5;
        QTest::newRow("euclidean-0.3") << "euclidean" << 0.3;
    }
    void classifierBoundaryShare()
    {
        // A batch of k: the k − m highest logits, then the m = round(share·k) chips nearest the
        // boundary among the other unlabeled chips, ordered by logit; checked against the model's
        // logits computed here in double precision.
        QFETCH(QString, metric);
        QFETCH(double, share);
        const Metric m = metricOf(metric);
        const FlatIndex index(m_fixture.embeddings, m, 2);
        Strategy *strategy = nullptr;
        const auto actual = propose("classifier", index,
                                    "l2=0.1,boundary-share=" + std::to_string(share), &strategy);
        const auto &model = static_cast<ClassifierStrategy *>(strategy)->model();
        const Rows rows = searchedRows(m_fixture.embeddings, m);
        std::vector<double> w(model.weights().begin(), model.weights().end());
        std::vector<double> z(rows.size()), nearness(rows.size());
        for (size_t i = 0; i < rows.size(); ++i) {
            z[i] = dot(w, rows[i]) + model.bias();
            nearness[i] = -std::abs(z[i]);
        }
        const size_t boundary = size_t(std::lround(share * double(kK)));
        QVERIFY(boundary > 0 && boundary < kK);
        const double tolerance = 1e-3;
        QCOMPARE(actual.size(), kK);
        // Exploitation part: the k − m best logits (up to ties within the tolerance).
        const auto byLogit = ranking(z, m_labeled);
        const double exploitCut = z[size_t(byLogit[kK - boundary - 1])];
        ChipMask taken = m_labeled;
        std::set<int64_t> chips;
        for (size_t r = 0; r < actual.size(); ++r) {
            const int64_t chip = actual[r].chip;
            QVERIFY(!m_labeled.test(chip));
            QVERIFY(chips.insert(chip).second);
            QVERIFY2(std::abs(actual[r].score - z[size_t(chip)]) < tolerance, "score is the logit");
            if (r > 0)
                QVERIFY(actual[r].score <= actual[r - 1].score);
        }
        size_t exploit = 0;
        for (int64_t chip : byLogit) {
            if (z[size_t(chip)] > exploitCut + tolerance)
                QVERIFY2(chips.count(chip), "a top-logit chip is missing");
            if (z[size_t(chip)] >= exploitCut - tolerance && chips.count(chip) &&
                exploit < kK - boundary) {
                taken.set(chip);
                ++exploit;
            }
        }
        QCOMPARE(exploit, kK - boundary);
        // Exploration part: the m chips nearest the boundary among the rest.
        const auto byNearness = ranking(nearness, taken);
        const double exploreCut = nearness[size_t(byNearness[boundary - 1])];
        size_t explore = 0;
        for (int64_t chip : chips)
            if (!taken.test(chip)) {
                ++explore;
                QVERIFY2(nearness[size_t(chip)] >= exploreCut - tolerance,
                         "an explored chip is farther from the boundary than it should be");
            }
        QCOMPARE(explore, boundary);
        // The boundary chips are not all top scores: the batch differs from share 0.
        QVERIFY(actual != propose("classifier", index, "l2=0.1"));
    }

    void learnedMetric_data() { metrics(); }
    void learnedMetric()
    {
        QFETCH(QString, metric);
        const Metric m = metricOf(metric);
        const FlatIndex index(m_fixture.embeddings, m, 2);
        Strategy *strategy = nullptr;
        const auto actual = propose("learned-metric", index, "rank=16,epochs=10", &strategy);
        const auto &w = static_cast<LearnedMetricStrategy *>(strategy)->lastMap();
        QCOMPARE(size_t(w.rows()), index.dim());
        QCOMPARE(w.cols(), 16);
        // Map the searched rows with W in plain loops, then a brute-force centroid search.
        const Rows rows = searchedRows(m_fixture.embeddings, m);
        Rows mapped(rows.size(), std::vector<double>(size_t(w.cols()), 0.0));
        for (size_t i = 0; i < rows.size(); ++i) {
            double norm = 0;
            for (Eigen::Index c = 0; c < w.cols(); ++c) {
                double s = 0;
                for (size_t j = 0; j < rows[i].size(); ++j)
                    s += rows[i][j] * w(Eigen::Index(j), c);
                mapped[i][size_t(c)] = s;
                norm += s * s;
            }
            if (m == Metric::Cosine && norm > 0)
                for (double &v : mapped[i])
                    v /= std::sqrt(norm);
        }
        const auto q = meanRows(mapped, m_positives);
        std::vector<double> expected(rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            expected[i] = similarity(m, q, mapped[i]);
        compare(actual, expected, m == Metric::Cosine ? 2e-4 : 1e-3);
    }

    void diverse_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("method");
        for (const char *metric : {"cosine", "euclidean"})
            for (const char *method : {"mmr", "k-center"})
                QTest::newRow(qPrintable(QStringLiteral("%1/%2").arg(metric, method)))
                    << metric << method;
    }
    void diverse()
    {
        QFETCH(QString, metric);
        QFETCH(QString, method);
        const Metric m = metricOf(metric);
        const FlatIndex index(m_fixture.embeddings, m, 2);
        const Rows rows = searchedRows(m_fixture.embeddings, m);
        // Pool: brute-force centroid top 3k.
        const auto q = meanRows(rows, m_positives);
        std::vector<double> rel(rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            rel[i] = similarity(m, q, rows[i]);
        auto pool = ranking(rel, m_labeled);
        pool.resize(3 * kK);
        auto dist = [&](int64_t a, int64_t b) {
            double s = 0;
            for (size_t j = 0; j < rows[0].size(); ++j)
                s += std::pow(rows[size_t(a)][j] - rows[size_t(b)][j], 2);
            return std::sqrt(s);
        };
        double scale = 0;
        for (int64_t c : pool)
            scale = std::max(scale, dist(pool[0], c));
        const double top = rel[size_t(pool.front())], bottom = rel[size_t(pool.back())];
        const double lambda = 0.6;
        std::vector<int64_t> picked;
        std::vector<double> scores;
        while (picked.size() < kK) {
            int64_t best = -1;
            double bestValue = -1e300;
            for (int64_t c : pool) {
                if (std::find(picked.begin(), picked.end(), c) != picked.end())
                    continue;
                double minD = method == "mmr" ? scale : 1e300;
                for (int64_t s : picked)
                    minD = std::min(minD, dist(c, s));
                double value;
                if (method == "mmr")
                    value = lambda * (rel[size_t(c)] - bottom) / (top - bottom) +
                            (1 - lambda) * minD / scale;
                else
                    value = picked.empty() ? (c == pool[0] ? 1 : 0) : minD;
                if (value > bestValue + 1e-9) {
                    best = c;
                    bestValue = value;
                }
            }
            picked.push_back(best);
            scores.push_back(bestValue);
        }
        if (method == "k-center")
            scores[0] = scores[1];
        const auto actual =
            propose("diverse", index,
                    QStringLiteral("method=%1,lambda=0.6,pool=3").arg(method).toStdString());
        QCOMPARE(actual.size(), kK);
        for (size_t i = 0; i < kK; ++i) {
            QCOMPARE(actual[i].chip, picked[i]);
            QVERIFY(std::abs(actual[i].score - scores[i]) < 1e-3);
        }
        // Diversity pays: the picked set is more spread than the pool's first k.
        auto spread = [&](const std::vector<int64_t> &set) {
            double s = 0;
            for (size_t i = 0; i < set.size(); ++i) {
                double nearest = 1e300;
                for (size_t j = 0; j < set.size(); ++j)
                    if (i != j)
                        nearest = std::min(nearest, dist(set[i], set[j]));
                s += nearest;
            }
            return s;
        };
        QVERIFY(spread(picked) > spread(std::vector<int64_t>(pool.begin(), pool.begin() + kK)));
    }
};

QTEST_GUILESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
