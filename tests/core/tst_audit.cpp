// Audit rounds and the estimate of the positives left (metrics/audit.h): the stratified draw, its
// inclusion probabilities and stored form, the estimator's exact cases, and its coverage measured
// by the labeling simulation on real imagery with ground truth: the demo's `pond` and `water`
// columns and the NDWI water truth of the NAIP 2020 and 2019 scenes (tests/common/realfixture.h).

#include "common/errors.h"
#include "dataset/datasetreader.h"
#include "dataset/groundtruth.h"
#include "embed/demodataset.h"
#include "metrics/audit.h"
#include "search/flatindex.h"
#include "simulation/simulation.h"

#include "../common/realfixture.h"

#include <QTest>

#include <algorithm>
#include <numeric>
#include <set>

using namespace chipfinder;

namespace {

struct RealSet
{
    std::string name;
    EmbeddingMatrix embeddings;
    std::vector<uint8_t> truth;
};

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private slots:
    void drawIsStratifiedAndReproducible()
    {
        const size_t n = 1000;
        std::vector<float> scores(n);
        for (size_t i = 0; i < n; ++i)
            scores[i] = float((i * 7919) % n); // a permutation of 0..999
        std::vector<AuditChipState> state(n, AuditChipState::Unlabeled);
        for (size_t i = 0; i < n; i += 10)
            state[i] = i % 20 == 0 ? AuditChipState::Positive : AuditChipState::Negative;
        AuditDrawOptions options;
        options.sampleSize = 40;
        options.seed = 7;
        const std::vector<int64_t> accepted{0, 20, 40, 60};
        options.recheckSize = 2;
        const AuditRound a = drawAudit(scores, state, accepted, options);
        const AuditRound b = drawAudit(scores, state, accepted, options);
        QCOMPARE(a.sample, b.sample);
        QCOMPARE(a.recheck, b.recheck);
        QCOMPARE(a.sample.size(), size_t(40));
        QCOMPARE(a.recheck.size(), size_t(2));
        QCOMPARE(a.acceptedSize, uint64_t(4));
        // 900 unlabeled chips cut 50/30/15/5 %; 10 drawn from each stratum.
        QCOMPARE(a.stratumSize, (std::vector<uint64_t>{450, 270, 135, 45}));
        for (size_t h = 0; h < 4; ++h)
            QCOMPARE(a.sampledIn(h), size_t(10));
        std::set<int64_t> distinct(a.sample.begin(), a.sample.end());
        QCOMPARE(distinct.size(), a.sample.size());
        for (const int64_t chip : a.sample) {
            QCOMPARE(state[size_t(chip)], AuditChipState::Unlabeled);
            const double expected = 10.0 / double(a.stratumSize[a.stratum[size_t(chip)]]);
            QCOMPARE(a.inclusionProbability(chip), expected);
        }
        QCOMPARE(a.inclusionProbability(0), 0.0); // labeled: outside the frame
        // Higher strata hold higher scores.
        float topMin = 1e9f, bottomMax = -1e9f;
        for (size_t i = 0; i < n; ++i) {
            if (a.stratum[i] == 3)
                topMin = std::min(topMin, scores[i]);
            if (a.stratum[i] == 0)
                bottomMax = std::max(bottomMax, scores[i]);
        }
        QVERIFY(topMin > bottomMax);
        options.seed = 8;
        QVERIFY(drawAudit(scores, state, accepted, options).sample != a.sample);
        // A small frame is taken whole.
        options.sampleSize = 5000;
        QCOMPARE(drawAudit(scores, state, accepted, options).sample.size(), size_t(900));
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 drawAudit(std::span(scores).first(10), state, {}, options));
    }

    void storedFormRoundTripsAndDamageIsReported()
    {
        std::vector<float> scores(300);
        std::iota(scores.begin(), scores.end(), 0.0f);
        std::vector<AuditChipState> state(300, AuditChipState::Unlabeled);
        state[5] = AuditChipState::Positive;
        AuditDrawOptions options;
        options.sampleSize = 30;
        options.recheckSize = 1;
        const std::vector<int64_t> accepted{5};
        const AuditRound round = drawAudit(scores, state, accepted, options);
        const std::vector<uint8_t> bytes = round.toBytes();
        const AuditRound back = AuditRound::fromBytes(bytes, 300, "p.gpkg");
        QCOMPARE(back.sample, round.sample);
        QCOMPARE(back.recheck, round.recheck);
        QCOMPARE(back.stratum, round.stratum);
        QCOMPARE(back.stratumSize, round.stratumSize);
        QCOMPARE(back.acceptedSize, round.acceptedSize);
        // Another dataset size, a cut-off and a flipped stratum byte are errors naming the source.
        try {
            AuditRound::fromBytes(bytes, 299, "p.gpkg");
            QFAIL("no error for the wrong chip count");
        } catch (const DataError &error) {
            QCOMPARE(error.file(), std::string("p.gpkg"));
            QVERIFY(std::string(error.what()).find("chips") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(
            DataError, AuditRound::fromBytes(std::span(bytes).first(bytes.size() - 1), 300, "p"));
        std::vector<uint8_t> damaged = bytes;
        damaged.back() = damaged.back() == 0 ? 1 : 0;
        QVERIFY_THROWS_EXCEPTION(DataError, AuditRound::fromBytes(damaged, 300, "p"));
    }

    void censusIsExactAndNothingJudgedIsNoEstimate()
    {
        const size_t n = 200;
        std::vector<float> scores(n, 0.0f);
        std::vector<AuditChipState> state(n, AuditChipState::Unlabeled);
        AuditDrawOptions options;
        options.sampleSize = 100;
        const AuditRound round = drawAudit(scores, state, {}, options);
        // Nothing judged yet: no estimate.
        QVERIFY(!estimateAudit(std::span(&round, 1), state).has_value());
        // Every sampled chip judged: 1 in 4 positive; the other 100 unlabeled chips are uncertain.
        for (const int64_t chip : round.sample)
            state[size_t(chip)] =
                chip % 4 == 0 ? AuditChipState::Positive : AuditChipState::Negative;
        const auto half = estimateAudit(std::span(&round, 1), state);
        QVERIFY(half);
        QCOMPARE(half->unlabeled, size_t(100));
        QVERIFY(half->remaining.low < 25 && half->remaining.high > 25);
        QVERIFY(half->remaining.low > 5 && half->remaining.high < 50);
        QVERIFY(half->recall.low < half->recall.estimate &&
                half->recall.estimate < half->recall.high);
        // A census: nothing is left to estimate.
        options.sampleSize = n;
        const AuditRound all = drawAudit(scores, std::vector<AuditChipState>(n), {}, options);
        std::vector<AuditChipState> judged(n, AuditChipState::Negative);
        judged[3] = AuditChipState::Positive;
        const auto exact = estimateAudit(std::span(&all, 1), judged);
        QVERIFY(exact);
        QCOMPARE(exact->remaining.low, 0.0);
        QCOMPARE(exact->remaining.high, 0.0);
        QCOMPARE(exact->total.estimate, 1.0);
        QCOMPARE(exact->recall.estimate, 1.0);
        QVERIFY(exact->recallReached);
        QVERIFY(!exact->acceptedPrecision);
    }

    void acceptedPrecisionFromRecheckedChips()
    {
        const size_t n = 100;
        std::vector<float> scores(n, 0.0f);
        std::vector<AuditChipState> state(n, AuditChipState::Unlabeled);
        std::vector<int64_t> accepted;
        for (int64_t chip = 0; chip < 40; ++chip) {
            state[size_t(chip)] = AuditChipState::Positive;
            accepted.push_back(chip);
        }
        AuditDrawOptions options;
        options.sampleSize = 10;
        options.recheckSize = 40; // every accepted chip
        const AuditRound round = drawAudit(scores, state, accepted, options);
        for (const int64_t chip : round.sample)
            state[size_t(chip)] = AuditChipState::Negative;
        for (int64_t chip = 0; chip < 4; ++chip) // the re-check rejects 4 of 40
            state[size_t(chip)] = AuditChipState::Negative;
        const auto estimate = estimateAudit(std::span(&round, 1), state);
        QVERIFY(estimate && estimate->acceptedPrecision);
        QCOMPARE(estimate->acceptedPrecision->estimate, 0.9);
        QCOMPARE(estimate->acceptedPrecision->low, 0.9);
        QCOMPARE(estimate->acceptedPrecision->high, 0.9);
    }

    // Over many seeded runs on real sets, the 95 % interval of the positives left holds the true
    // number in at least 90 % of the rounds that have an estimate.
    void coverageOnRealSets()
    {
        std::vector<RealSet> sets;
        const DemoDataset demo = ensureDemoDataset(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif",
                                                   TEST_OUTPUT_DIR "/demo-cache");
        const Dataset dataset = openDataset(demo.datasetPath);
        for (const char *column : {"pond", "water"})
            sets.push_back({std::string("demo ") + column, dataset.embeddings,
                            truthFromColumn(dataset, column)});
        for (const char *date : {"20200831", "20190904"}) {
            test::RealFixture fixture = test::makeNaipFixture(24, date);
            sets.push_back({std::string("NAIP ") + date + " deep water",
                            std::move(fixture.embeddings), std::move(fixture.waterTruth)});
        }

        for (const RealSet &set : sets) {
            const FlatIndex index(set.embeddings, Metric::Cosine);
            SimulationConfig config;
            config.strategies = {"centroid", "classifier"};
            config.runs = 20;
            config.batch = 25;
            config.threshold = 0.99;
            config.maxIterations = 24;
            config.auditSize = 40;
            config.auditEvery = 3;
            config.seed = 1;
            const SimulationResult result = simulate(index, set.truth, config);
            for (const StrategyResult &strategy : result.strategies) {
                const auto coverage = strategy.auditCoverage();
                QVERIFY(coverage);
                double truthSum = 0.0;
                for (const auto &run : strategy.runs)
                    for (const auto &point : run.audit)
                        truthSum += double(point.trueRemaining);
                qInfo("%s (%zu chips, %zu positives), %s: coverage %.3f over %zu rounds, mean "
                      "width %.1f, mean true left %.1f",
                      set.name.c_str(), result.chips, result.truePositives,
                      strategy.strategy.c_str(), *coverage, strategy.auditPoints(),
                      strategy.meanAuditWidth(), truthSum / double(strategy.auditPoints()));
                QVERIFY(strategy.auditPoints() >= 100);
                QVERIFY2(*coverage >= 0.90, (set.name + " " + strategy.strategy).c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
