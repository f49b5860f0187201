// The `auto` strategy: the same batch and report for the same seed, never a labeled or skipped
// chip, a report that matches the batch, attribution of shared chips, and, on a constructed set
// where one arm is clearly best, most of the batch going to that arm after a few rounds of the
// analyst's own outcomes.

#include "common/errors.h"
#include "common/realfixture.h"
#include "search/flatindex.h"
#include "strategies/autostrategy.h"
#include "strategies/strategyregistry.h"

#include <QTest>

#include <cmath>
#include <map>
#include <set>

using namespace chipfinder;

namespace {

// Two tight positive clusters (around e0 and e1) and a large negative cluster around their
// bisector (plus scattered negatives): the positives' centroid points into the negative
// cluster, while each positive's nearest neighbours are positives. So `knn-union` is clearly
// the best arm and `centroid` the worst.
struct TwoClusters
{
    EmbeddingMatrix matrix;
    std::vector<uint8_t> truth;
};

TwoClusters makeTwoClusters()
{
    const size_t dim = 8, perCluster = 150, bisector = 800, scattered = 400;
    const size_t n = 2 * perCluster + bisector + scattered;
    TwoClusters data{EmbeddingMatrix(n, dim), std::vector<uint8_t>(n, 0)};
    std::mt19937_64 rng(5);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (size_t i = 0; i < n; ++i) {
        auto row = data.matrix.row(i);
        std::vector<float> centre(dim, 0.0f);
        float spread = 0.08f;
        if (i < perCluster) {
            centre[0] = 1.0f;
        } else if (i < 2 * perCluster) {
            centre[1] = 1.0f;
        } else if (i < 2 * perCluster + bisector) {
            centre[0] = centre[1] = 0.7071f;
            spread = 0.05f;
        } else {
            spread = 1.0f;
        }
        for (size_t j = 0; j < dim; ++j)
            row[j] = centre[j] + spread * normal(rng);
        data.truth[i] = i < 2 * perCluster ? 1 : 0;
    }
    return data;
}

} // namespace

class TestAutoStrategy : public QObject
{
    Q_OBJECT
private:
    test::RealFixture m_fixture;

private slots:
    void initTestCase() { m_fixture = test::makeNaipFixture(); }

    void registeredFirstWithDefaults()
    {
        const auto names = StrategyRegistry::instance().names();
        QCOMPARE(names.front(), std::string("auto"));
        const auto *info = StrategyRegistry::instance().find("auto");
        QVERIFY(info && !info->title.empty() && !info->description.empty());
        AutoStrategy strategy;
        QCOMPARE(strategy.arms(), AutoStrategy::defaultArms());
        for (const auto &arm : strategy.arms())
            QVERIFY2(StrategyRegistry::instance().find(arm), arm.c_str());
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 AutoStrategy(StrategyParameters::parse("arms=centroid+nope")));
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 AutoStrategy(StrategyParameters::parse("arms=auto+centroid")));
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 AutoStrategy(StrategyParameters::parse("arms=rocchio+rocchio")));
    }

    // The same seed and the same labels (with proposers) give the same batch and report; the
    // skipped chips in the labeled mask never come back; the report matches the batch.
    void deterministicNeverLabeledReportConsistent()
    {
        const FlatIndex index(m_fixture.embeddings, Metric::Cosine, 2);
        const auto water = m_fixture.chipsWhere(true), dry = m_fixture.chipsWhere(false);
        std::vector<int64_t> positives, negatives;
        std::unordered_map<int64_t, std::string> proposers;
        const auto arms = AutoStrategy::defaultArms();
        for (size_t i = 0; i < water.size(); i += 3) {
            positives.push_back(water[i]);
            proposers[water[i]] = arms[i % arms.size()];
        }
        for (size_t i = 0; i < dry.size(); i += 25) {
            negatives.push_back(dry[i]);
            proposers[dry[i]] = arms[(i / 25) % 2];
        }
        proposers[positives[0]] = "centroid"; // not an arm: no evidence
        std::vector<int64_t> labeledChips = positives;
        labeledChips.insert(labeledChips.end(), negatives.begin(), negatives.end());
        // Skipped chips: the water chips not labeled (the best candidates) are in the mask.
        std::set<int64_t> skipped;
        for (size_t i = 1; i < water.size(); i += 3) {
            labeledChips.push_back(water[i]);
            skipped.insert(water[i]);
        }
        const ChipMask labeled = ChipMask::fromIndices(index.size(), labeledChips);

        auto run = [&](uint64_t seed, StrategyReport &report) {
            AutoStrategy strategy;
            std::mt19937_64 rng(seed);
            StrategyInput input;
            input.index = &index;
            input.positives = positives;
            input.negatives = negatives;
            input.labeled = &labeled;
            input.k = 25;
            input.rng = &rng;
            input.proposers = &proposers;
            input.report = &report;
            return strategy.propose(input);
        };
        StrategyReport first, second;
        const auto a = run(11, first), b = run(11, second);
        QCOMPARE(a.size(), size_t(25));
        QCOMPARE(b.size(), a.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].chip, b[i].chip);
            QCOMPARE(a[i].score, b[i].score);
        }
        QCOMPARE(first.proposedBy, second.proposedBy);
        QCOMPARE(first.summary, second.summary);

        std::set<int64_t> seen;
        for (size_t i = 0; i < a.size(); ++i) {
            QVERIFY2(!labeled.test(a[i].chip), "a labeled or skipped chip was proposed");
            QVERIFY(!skipped.count(a[i].chip));
            QVERIFY(seen.insert(a[i].chip).second);
            if (i > 0)
                QVERIFY(a[i].score <= a[i - 1].score);
        }
        QCOMPARE(first.proposedBy.size(), a.size());
        std::map<std::string, size_t> counts;
        for (const auto &name : first.proposedBy) {
            QVERIFY2(std::find(arms.begin(), arms.end(), name) != arms.end(), name.c_str());
            ++counts[name];
        }
        QCOMPARE(first.shares.size(), arms.size());
        double sum = 0.0;
        for (const auto &[name, share] : first.shares) {
            QCOMPARE(share, double(counts[name]) / double(a.size()));
            sum += share;
        }
        QVERIFY(std::abs(sum - 1.0) < 1e-12);
        QVERIFY(first.summary.rfind("auto: ", 0) == 0);
        // Enough evidence for every arm (k ≥ 2 · arms): each has its floor slot.
        for (const auto &arm : arms)
            QVERIFY2(counts[arm] >= 1, arm.c_str());

        // Another seed draws other shares but keeps every property.
        StrategyReport other;
        const auto c = run(12, other);
        QCOMPARE(c.size(), size_t(25));
        for (const auto &chip : c)
            QVERIFY(!labeled.test(chip.chip));
    }

    // No evidence (first round, or the CLI's one search): the prior mix, no random draw.
    void priorMixWithoutEvidence()
    {
        const FlatIndex index(m_fixture.embeddings, Metric::Cosine, 2);
        const auto water = m_fixture.chipsWhere(true), dry = m_fixture.chipsWhere(false);
        const std::vector<int64_t> positives{water[0], water[4], water[8]};
        const std::vector<int64_t> negatives{dry[0], dry[50], dry[100]};
        std::vector<int64_t> all = positives;
        all.insert(all.end(), negatives.begin(), negatives.end());
        const ChipMask labeled = ChipMask::fromIndices(index.size(), all);
        std::vector<std::vector<std::pair<std::string, double>>> shares;
        for (const uint64_t seed : {1, 2}) {
            AutoStrategy strategy;
            std::mt19937_64 rng(seed);
            StrategyReport report;
            StrategyInput input{&index, positives, negatives, &labeled, 25, &rng};
            input.report = &report;
            QCOMPARE(strategy.propose(input).size(), size_t(25));
            shares.push_back(report.shares);
            QVERIFY(report.summary.find("prior") != std::string::npos);
        }
        QCOMPARE(shares[0], shares[1]);
        for (const auto &[name, share] : shares[0])
            QVERIFY2(share > 0.0, name.c_str());
    }

    // Newer outcomes weigh more: two arms with the same counts of accepted and rejected
    // proposals, one whose hits are old and misses recent, the other the reverse. With the
    // rounds given, the recently successful arm gets the larger share over a few seeds; without
    // them, neither is favoured by its evidence.
    void newerOutcomesWeighMore()
    {
        const FlatIndex index(m_fixture.embeddings, Metric::Cosine, 2);
        const auto water = m_fixture.chipsWhere(true), dry = m_fixture.chipsWhere(false);
        std::vector<int64_t> positives, negatives;
        std::unordered_map<int64_t, std::string> proposers;
        std::unordered_map<int64_t, int> proposedIn;
        // Rounds 1-2: centroid's proposals accepted, knn-union's rejected; rounds 4-5 the
        // reverse. 10 chips per arm and phase.
        for (int i = 0; i < 20; ++i) {
            const bool early = i < 10;
            positives.push_back(water[size_t(i)]);
            proposers[water[size_t(i)]] = early ? "centroid" : "knn-union";
            proposedIn[water[size_t(i)]] = early ? 1 + i % 2 : 4 + i % 2;
            negatives.push_back(dry[size_t(i)]);
            proposers[dry[size_t(i)]] = early ? "knn-union" : "centroid";
            proposedIn[dry[size_t(i)]] = early ? 1 + i % 2 : 4 + i % 2;
        }
        std::vector<int64_t> all = positives;
        all.insert(all.end(), negatives.begin(), negatives.end());
        const ChipMask labeled = ChipMask::fromIndices(index.size(), all);
        const auto knnShare = [&](bool withRounds) {
            double share = 0.0;
            for (uint64_t seed = 1; seed <= 8; ++seed) {
                AutoStrategy strategy(StrategyParameters::parse("arms=centroid+knn-union"));
                std::mt19937_64 rng(seed);
                StrategyReport report;
                StrategyInput input{&index, positives, negatives, &labeled, 25, &rng};
                input.proposers = &proposers;
                if (withRounds) {
                    input.proposedIn = &proposedIn;
                    input.round = 6;
                }
                input.report = &report;
                strategy.propose(input);
                share += report.shares[1].second / 8.0;
            }
            return share;
        };
        const double recent = knnShare(true), flat = knnShare(false);
        qInfo("knn-union share: %.2f with rounds, %.2f without", recent, flat);
        QVERIFY2(recent > 0.65, qPrintable(QString::number(recent)));
        QVERIFY2(recent > flat + 0.15, qPrintable(QString::number(flat)));
    }

    // Rounds of the analyst's outcomes on the two-cluster set: auto over centroid and knn-union
    // gives knn-union most of the batch.
    void convergesToTheClearlyBestArm()
    {
        const TwoClusters data = makeTwoClusters();
        const FlatIndex index(data.matrix, Metric::Cosine, 2);
        const size_t n = index.size();
        // Start: 2 positives of each cluster, 3 scattered negatives, all labeled by hand.
        std::vector<int64_t> positives{0, 1, 150, 151}, negatives{1100, 1101, 1102};
        ChipMask labeled(n);
        for (const int64_t c : positives)
            labeled.set(c);
        for (const int64_t c : negatives)
            labeled.set(c);
        std::unordered_map<int64_t, std::string> proposers;
        AutoStrategy strategy(StrategyParameters::parse("arms=centroid+knn-union"));
        std::mt19937_64 rng(3);
        std::vector<double> knnShare;
        for (int round = 0; round < 6; ++round) {
            StrategyReport report;
            StrategyInput input{&index, positives, negatives, &labeled, 25, &rng};
            input.proposers = &proposers;
            input.report = &report;
            const auto batch = strategy.propose(input);
            QCOMPARE(batch.size(), size_t(25));
            QCOMPARE(report.proposedBy.size(), batch.size());
            size_t knn = 0;
            for (size_t i = 0; i < batch.size(); ++i) {
                const int64_t chip = batch[i].chip;
                QVERIFY(!labeled.test(chip));
                labeled.set(chip);
                proposers[chip] = report.proposedBy[i];
                (data.truth[size_t(chip)] ? positives : negatives).push_back(chip);
                knn += report.proposedBy[i] == "knn-union";
            }
            knnShare.push_back(double(knn) / double(batch.size()));
            QCOMPARE(report.shares[1].first, std::string("knn-union"));
            QCOMPARE(report.shares[1].second, knnShare.back());
        }
        qInfo("knn-union share by round: %.2f %.2f %.2f %.2f %.2f %.2f", knnShare[0], knnShare[1],
              knnShare[2], knnShare[3], knnShare[4], knnShare[5]);
        // Every round after the first two: most of the batch, and at least 80 % at the end.
        for (size_t r = 2; r < knnShare.size(); ++r)
            QVERIFY2(knnShare[r] > 0.6, qPrintable(QString::number(knnShare[r])));
        QVERIFY(knnShare.back() >= 0.8);
        // The other arm keeps its floor slot (no starving).
        QVERIFY(knnShare.back() < 1.0);
    }
};

QTEST_GUILESS_MAIN(TestAutoStrategy)
#include "tst_autostrategy.moc"
