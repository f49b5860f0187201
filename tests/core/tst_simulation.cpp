// The labeling simulation: reproducibility, lockstep runs, recall bookkeeping, noise, stopping,
// CSV/JSON output and cancel. Strategies here are small test strategies with known behaviour
// (an oracle that knows the truth, a centroid search, a random pick), made through the factory
// overload of simulate(); the registered strategies are exercised in tst_simulation_real.

#include "common/errors.h"
#include "common/feedback.h"
#include "search/flatindex.h"
#include "simulation/simulation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <unordered_map>

using namespace chipfinder;

namespace {

// Clustered vectors: `clusters` Gaussian blobs in `dim` dimensions; cluster 0 is the positive
// class.
struct ClusteredData
{
    EmbeddingMatrix matrix;
    std::vector<uint8_t> truth;
};

ClusteredData makeClustered(size_t n, size_t dim, size_t clusters, size_t positives, uint64_t seed,
                            float spread = 0.45f)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<std::vector<float>> centres(clusters, std::vector<float>(dim));
    for (auto &c : centres)
        for (float &v : c)
            v = normal(rng);
    ClusteredData data{EmbeddingMatrix(n, dim), std::vector<uint8_t>(n, 0)};
    for (size_t i = 0; i < n; ++i) {
        const size_t cluster = i < positives ? 0 : 1 + (i % (clusters - 1));
        data.truth[i] = cluster == 0 ? 1 : 0;
        auto row = data.matrix.row(i);
        for (size_t j = 0; j < dim; ++j)
            row[j] = centres[cluster][j] + spread * normal(rng);
    }
    return data;
}

// Knows the truth: proposes unlabeled true positives first (lowest index first), then the rest.
class OracleStrategy : public Strategy
{
public:
    explicit OracleStrategy(const std::vector<uint8_t> &truth) : m_truth(truth) {}
    std::string name() const override { return "oracle"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        std::vector<ScoredChip> out;
        for (int pass = 0; pass < 2 && out.size() < input.k; ++pass)
            for (size_t i = 0; i < m_truth.size() && out.size() < input.k; ++i)
                if (!input.labeled->test(int64_t(i)) && (m_truth[i] != 0) == (pass == 0))
                    out.push_back({int64_t(i), pass == 0 ? 1.0f : 0.0f});
        return out;
    }

private:
    const std::vector<uint8_t> &m_truth;
};

// Rocchio-like: nearest k to mean(P) − mean(N), all runs in one batched scan; counts its
// proposeMany calls.
class CentroidTestStrategy : public Strategy
{
public:
    std::string name() const override { return "centroid-test"; } // (rocchio-like)
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        return proposeMany(std::span<const StrategyInput>(&input, 1))[0];
    }
    std::vector<std::vector<ScoredChip>> proposeMany(std::span<const StrategyInput> inputs) override
    {
        ++calls;
        maxBatch = std::max(maxBatch, inputs.size());
        const FlatIndex &index = *inputs[0].index;
        const size_t d = index.dim();
        std::vector<float> queries(inputs.size() * d, 0.0f);
        std::vector<const ChipMask *> masks;
        for (size_t q = 0; q < inputs.size(); ++q) {
            const auto &in = inputs[q];
            for (const int64_t p : in.positives) {
                const auto row = index.vectors().row(size_t(p));
                for (size_t j = 0; j < d; ++j)
                    queries[q * d + j] += row[j] / float(in.positives.size());
            }
            for (const int64_t n : in.negatives) {
                const auto row = index.vectors().row(size_t(n));
                for (size_t j = 0; j < d; ++j)
                    queries[q * d + j] -= row[j] / float(in.negatives.size());
            }
            masks.push_back(inputs[q].labeled);
        }
        return index.search(queries, inputs.size(), inputs[0].k, masks);
    }
    size_t calls = 0;
    size_t maxBatch = 0;
};

// k random unlabeled chips from the run's generator; records the start sets it is given.
class RandomTestStrategy : public Strategy
{
public:
    std::string name() const override { return "random-test"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        std::vector<int64_t> start(input.positives.begin(), input.positives.end());
        start.insert(start.end(), input.negatives.begin(), input.negatives.end());
        firstInputs.push_back(start);
        std::vector<ScoredChip> out;
        const size_t n = input.labeled->size();
        std::uniform_int_distribution<size_t> pick(0, n - 1);
        std::set<int64_t> chosen;
        while (out.size() < input.k && input.labeled->count() + out.size() < n) {
            const int64_t chip = int64_t(pick(*input.rng));
            if (!input.labeled->test(chip) && chosen.insert(chip).second)
                out.push_back({chip, 0.0f});
        }
        return out;
    }
    std::vector<std::vector<int64_t>> firstInputs; // P then N, every call
};

// Fills the report: chips at even batch positions are "proposed by" arm-a, odd ones by arm-b;
// records, every call, the proposers it is given (a copy) and the labeled chips.
class DelegatingTestStrategy : public Strategy
{
public:
    std::string name() const override { return "delegating-test"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        seen.push_back(input.proposers ? *input.proposers
                                       : std::unordered_map<int64_t, std::string>{});
        std::vector<int64_t> labeled(input.positives.begin(), input.positives.end());
        labeled.insert(labeled.end(), input.negatives.begin(), input.negatives.end());
        labeledSeen.push_back(labeled);
        std::vector<ScoredChip> out;
        for (size_t chip = 0; chip < input.labeled->size() && out.size() < input.k; ++chip)
            if (!input.labeled->test(int64_t(chip)))
                out.push_back({int64_t(chip), 0.0f});
        if (input.report) {
            input.report->proposedBy.clear();
            for (size_t i = 0; i < out.size(); ++i)
                input.report->proposedBy.push_back(i % 2 ? "arm-b" : "arm-a");
        }
        return out;
    }
    std::vector<std::unordered_map<int64_t, std::string>> seen;
    std::vector<std::vector<int64_t>> labeledSeen;
};

// simulate() owns (and destroys) the strategies it makes; this proxy lets a test keep the real
// instance alive to inspect it afterwards.
class SharedStrategy : public Strategy
{
public:
    explicit SharedStrategy(std::shared_ptr<Strategy> strategy) : m_strategy(std::move(strategy)) {}
    std::string name() const override { return m_strategy->name(); }
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        return m_strategy->propose(input);
    }
    std::vector<std::vector<ScoredChip>> proposeMany(std::span<const StrategyInput> inputs) override
    {
        return m_strategy->proposeMany(inputs);
    }

private:
    std::shared_ptr<Strategy> m_strategy;
};

StrategyFactory factoryFor(const std::vector<uint8_t> &truth,
                           std::shared_ptr<CentroidTestStrategy> centroid = {})
{
    return [&truth, centroid](const std::string &name,
                              const StrategyParameters &) -> std::unique_ptr<Strategy> {
        if (name == "oracle")
            return std::make_unique<OracleStrategy>(truth);
        if (name == "centroid-test") {
            if (centroid)
                return std::make_unique<SharedStrategy>(centroid);
            return std::make_unique<CentroidTestStrategy>();
        }
        if (name == "random-test")
            return std::make_unique<RandomTestStrategy>();
        return nullptr;
    };
}

std::string csvOf(const SimulationResult &result)
{
    std::ostringstream out;
    result.writeCsv(out);
    return out.str();
}

} // namespace

class TestSimulation : public QObject
{
    Q_OBJECT

    ClusteredData m_data = makeClustered(3000, 24, 12, 80, 7);
    FlatIndex m_index{m_data.matrix, Metric::Cosine, 1};

    SimulationConfig baseConfig(std::vector<std::string> strategies) const
    {
        SimulationConfig config;
        config.strategies = std::move(strategies);
        config.runs = 6;
        config.batch = 10;
        config.maxIterations = 40;
        config.threshold = 0.9;
        config.seed = 11;
        return config;
    }

private slots:
    void sameSeedSameCsv()
    {
        const auto config = baseConfig({"centroid-test", "random-test"});
        const auto a = simulate(m_index, m_data.truth, config, factoryFor(m_data.truth));
        const auto b = simulate(m_index, m_data.truth, config, factoryFor(m_data.truth));
        QCOMPARE(csvOf(a), csvOf(b));
        auto other = config;
        other.seed = 12;
        const auto c = simulate(m_index, m_data.truth, other, factoryFor(m_data.truth));
        QVERIFY(csvOf(a) != csvOf(c));
    }

    void runSeedsDiffer()
    {
        std::set<uint64_t> seeds;
        for (uint64_t seed = 0; seed < 4; ++seed)
            for (size_t run = 0; run < 50; ++run)
                seeds.insert(simulationRunSeed(seed, run));
        QCOMPARE(seeds.size(), size_t(200));
        QCOMPARE(simulationRunSeed(3, 7), simulationRunSeed(3, 7));
    }

    void everyStrategyGetsTheSameStartSets()
    {
        // Two separate random-test instances see identical P/N in run r, and the runs differ.
        std::vector<std::shared_ptr<RandomTestStrategy>> made;
        const StrategyFactory factory = [&made](const std::string &, const StrategyParameters &) {
            made.push_back(std::make_shared<RandomTestStrategy>());
            return std::unique_ptr<Strategy>(std::make_unique<SharedStrategy>(made.back()));
        };
        auto config = baseConfig({"a", "b"});
        config.maxIterations = 1;
        config.startPositives = 4;
        config.startNegatives = 5;
        simulate(m_index, m_data.truth, config, factory);
        QCOMPARE(made.size(), size_t(2));
        QCOMPARE(made[0]->firstInputs.size(), config.runs);
        QCOMPARE(made[0]->firstInputs, made[1]->firstInputs);
        std::set<std::vector<int64_t>> distinct(made[0]->firstInputs.begin(),
                                                made[0]->firstInputs.end());
        QCOMPARE(distinct.size(), config.runs);
        for (const auto &start : made[0]->firstInputs) {
            QCOMPARE(start.size(), size_t(9));
            for (size_t i = 0; i < 9; ++i)
                QCOMPARE(m_data.truth[size_t(start[i])], uint8_t(i < 4 ? 1 : 0));
        }
    }

    void lockstepOneCallPerIteration()
    {
        const auto centroid = std::make_shared<CentroidTestStrategy>();
        auto config = baseConfig({"centroid-test"});
        const auto result =
            simulate(m_index, m_data.truth, config, factoryFor(m_data.truth, centroid));
        size_t longest = 0;
        for (const auto &run : result.strategies[0].runs)
            longest = std::max(longest, run.recall.size() - 1);
        QCOMPARE(centroid->calls, longest); // one proposeMany per iteration, not per run
        QCOMPARE(centroid->maxBatch, config.runs);
    }

    void tracesAreConsistent_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<double>("noise");
        QTest::newRow("centroid") << "centroid-test" << 0.0;
        QTest::newRow("centroid noisy") << "centroid-test" << 0.2;
        QTest::newRow("random") << "random-test" << 0.0;
        QTest::newRow("oracle") << "oracle" << 0.1;
    }

    void tracesAreConsistent()
    {
        QFETCH(QString, strategy);
        QFETCH(double, noise);
        auto config = baseConfig({strategy.toStdString()});
        config.labelNoise = noise;
        const auto result = simulate(m_index, m_data.truth, config, factoryFor(m_data.truth));
        QCOMPARE(result.chips, size_t(3000));
        QCOMPARE(result.truePositives, size_t(80));
        QCOMPARE(result.strategies.size(), size_t(1));
        const auto &runs = result.strategies[0].runs;
        QCOMPARE(runs.size(), config.runs);
        for (const auto &run : runs) {
            QCOMPARE(run.recall.size(), run.labelsSpent.size());
            QCOMPARE(run.batchPrecision.size() + 1, run.recall.size());
            QVERIFY(run.recall.size() <= config.maxIterations + 1);
            QCOMPARE(run.recall[0], 3.0 / 80.0);
            QCOMPARE(run.labelsSpent[0], size_t(6));
            for (size_t i = 1; i < run.recall.size(); ++i) {
                QVERIFY(run.recall[i] >= run.recall[i - 1]);
                QCOMPARE(run.labelsSpent[i], run.labelsSpent[i - 1] + config.batch);
                // The recall gain is exactly the batch's true positives.
                const double gained = (run.recall[i] - run.recall[i - 1]) * 80.0;
                QCOMPARE(std::lround(gained),
                         std::lround(run.batchPrecision[i - 1] * double(config.batch)));
            }
            if (run.iterationsToThreshold) {
                QCOMPARE(*run.iterationsToThreshold, run.recall.size() - 1);
                QVERIFY(run.recall.back() >= config.threshold);
                QVERIFY(run.recall[run.recall.size() - 2] < config.threshold);
            } else {
                QCOMPARE(run.recall.size(), config.maxIterations + 1);
                QVERIFY(run.recall.back() < config.threshold);
            }
        }
    }

    void oracleReachesThresholdInMinimalIterations()
    {
        auto config = baseConfig({"oracle"});
        config.threshold = 0.95; // 76 of 80 positives: 73 more at 10 per batch = 8 iterations
        const auto result = simulate(m_index, m_data.truth, config, factoryFor(m_data.truth));
        const auto &strategy = result.strategies[0];
        QCOMPARE(strategy.runsReachingThreshold(), config.runs);
        for (const auto &run : strategy.runs) {
            QCOMPARE(run.iterationsToThreshold.value(), size_t(8));
            for (size_t i = 0; i + 1 < run.batchPrecision.size(); ++i)
                QCOMPARE(run.batchPrecision[i], 1.0);
        }
        const auto q = strategy.iterationsQuartiles();
        QVERIFY(q.has_value());
        QCOMPARE((*q)[0], 8.0);
        QCOMPARE((*q)[1], 8.0);
        QCOMPARE(strategy.meanLabelsSpent(), 6.0 + 80.0);
        // The clustered data is easy: the centroid search also gets there, slower than the oracle.
        const auto centroid = simulate(m_index, m_data.truth, baseConfig({"centroid-test"}),
                                       factoryFor(m_data.truth));
        QVERIFY(centroid.strategies[0].runsReachingThreshold() > 0);
    }

    void thresholdReachedByStartSets()
    {
        auto config = baseConfig({"oracle"});
        config.threshold = 0.03; // 3 of 80 start positives already reach it
        const auto result = simulate(m_index, m_data.truth, config, factoryFor(m_data.truth));
        for (const auto &run : result.strategies[0].runs) {
            QCOMPARE(run.iterationsToThreshold.value(), size_t(0));
            QCOMPARE(run.recall.size(), size_t(1));
        }
    }

    void noiseFlipsLabelsAtItsRate()
    {
        // Recording P/N of the last call shows how many labels the oracle flipped.
        struct Recorder : public OracleStrategy
        {
            using OracleStrategy::OracleStrategy;
            std::vector<ScoredChip> propose(const StrategyInput &input) override
            {
                lastP.assign(input.positives.begin(), input.positives.end());
                lastN.assign(input.negatives.begin(), input.negatives.end());
                return OracleStrategy::propose(input);
            }
            std::vector<int64_t> lastP, lastN;
        };
        const auto flippedShare = [&](double noise) {
            std::shared_ptr<Recorder> recorder;
            auto config = baseConfig({"r"});
            config.runs = 1;
            config.batch = 50;
            config.threshold = 1.01; // never: label many chips
            config.maxIterations = 40;
            config.labelNoise = noise;
            simulate(m_index, m_data.truth, config,
                     [&](const std::string &, const StrategyParameters &) {
                         recorder = std::make_shared<Recorder>(m_data.truth);
                         return std::unique_ptr<Strategy>(
                             std::make_unique<SharedStrategy>(recorder));
                     });
            size_t wrong = 0;
            for (const int64_t p : recorder->lastP)
                wrong += m_data.truth[size_t(p)] ? 0 : 1;
            for (const int64_t n : recorder->lastN)
                wrong += m_data.truth[size_t(n)] ? 1 : 0;
            const size_t labeled = recorder->lastP.size() + recorder->lastN.size() - 6;
            return double(wrong) / double(labeled);
        };
        QCOMPARE(flippedShare(0.0), 0.0);
        const double share = flippedShare(0.25); // ~1950 oracle answers
        QVERIFY2(share > 0.20 && share < 0.30, qPrintable(QString::number(share)));
        QCOMPARE(flippedShare(1.0), 1.0);
    }

    void noiseHurtsALearningStrategy()
    {
        // Overlapping clusters, so that negatives flipped into P pull the centroid away.
        const ClusteredData hard = makeClustered(3000, 24, 12, 80, 8, 1.1f);
        const FlatIndex index(hard.matrix, Metric::Cosine, 1);
        auto clean = baseConfig({"centroid-test"});
        clean.runs = 10;
        clean.maxIterations = 6;
        clean.threshold = 1.01;
        auto noisy = clean;
        noisy.labelNoise = 0.45;
        const auto a = simulate(index, hard.truth, clean, factoryFor(hard.truth));
        const auto b = simulate(index, hard.truth, noisy, factoryFor(hard.truth));
        const double cleanRecall = a.strategies[0].meanRecall().back();
        const double noisyRecall = b.strategies[0].meanRecall().back();
        qInfo("mean recall after %zu iterations: clean %.3f, noise 0.45 %.3f", clean.maxIterations,
              cleanRecall, noisyRecall);
        QVERIFY2(noisyRecall < cleanRecall,
                 qPrintable(QStringLiteral("%1 vs %2").arg(noisyRecall).arg(cleanRecall)));
    }

    void meanRecallCarriesForward()
    {
        StrategyResult result;
        result.runs.resize(2);
        result.runs[0].recall = {0.1, 0.5, 1.0};
        result.runs[0].iterationsToThreshold = 2;
        result.runs[1].recall = {0.1, 0.3, 0.4, 0.6, 0.8};
        result.runs[0].labelsSpent = {1, 2, 3};
        result.runs[1].labelsSpent = {1, 2, 3, 4, 5};
        const std::vector<double> expected{0.1, 0.4, 0.7, 0.8, 0.9};
        const auto mean = result.meanRecall();
        QCOMPARE(mean.size(), expected.size());
        for (size_t i = 0; i < mean.size(); ++i)
            QVERIFY(std::abs(mean[i] - expected[i]) < 1e-12);
        QCOMPARE(result.runsReachingThreshold(), size_t(1));
        QCOMPARE(result.meanLabelsSpent(), 4.0);
    }

    void quartilesInterpolate()
    {
        StrategyResult result;
        for (size_t v : {7u, 1u, 3u, 5u}) {
            RunTrace run;
            run.iterationsToThreshold = v;
            result.runs.push_back(run);
        }
        result.runs.push_back(RunTrace{}); // never reached: not counted
        const auto q = result.iterationsQuartiles().value();
        QCOMPARE(q[0], 2.5); // numpy.percentile([1,3,5,7], 25)
        QCOMPARE(q[1], 4.0);
        QCOMPARE(q[2], 5.5);
        QVERIFY(!StrategyResult{}.iterationsQuartiles().has_value());
    }

    void csvAndJsonReadBack()
    {
        auto config = baseConfig({"oracle", "centroid-test"});
        config.parameters["centroid-test"] = StrategyParameters::parse("a=1,b=x\"y");
        const auto result = simulate(m_index, m_data.truth, config, factoryFor(m_data.truth));
        const QString dir = QStringLiteral(TEST_OUTPUT_DIR);
        const std::string csvPath = (dir + QStringLiteral("/simulation.csv")).toStdString();
        const std::string jsonPath = (dir + QStringLiteral("/simulation.json")).toStdString();
        result.writeCsv(csvPath);
        result.writeJson(jsonPath);

        QFile csv(QString::fromStdString(csvPath));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines[0],
                 QStringLiteral("strategy,run,iteration,recall,labels_spent,batch_precision"));
        size_t rows = 0;
        for (const auto &s : result.strategies)
            for (const auto &run : s.runs)
                rows += run.recall.size();
        QCOMPARE(size_t(lines.size() - 1), rows);
        // Spot-check one row of each strategy against the traces.
        for (const QString &line : lines.mid(1)) {
            const QStringList f = line.split(QLatin1Char(','));
            QCOMPARE(f.size(), 6);
            const auto &s = result.strategies[f[0] == QLatin1String("oracle") ? 0 : 1];
            QCOMPARE(QString::fromStdString(s.strategy), f[0]);
            const auto &run = s.runs[size_t(f[1].toUInt())];
            const size_t it = f[2].toUInt();
            QCOMPARE(f[3].toDouble(), run.recall[it]);
            QCOMPARE(size_t(f[4].toULongLong()), run.labelsSpent[it]);
            if (it == 0)
                QVERIFY(f[5].isEmpty());
            else
                QCOMPARE(f[5].toDouble(), run.batchPrecision[it - 1]);
        }

        QFile jsonFile(QString::fromStdString(jsonPath));
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(jsonFile.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject root = doc.object();
        const QJsonObject cfg = root[QLatin1String("config")].toObject();
        QCOMPARE(cfg[QLatin1String("runs")].toInt(), 6);
        QCOMPARE(cfg[QLatin1String("threshold")].toDouble(), 0.9);
        QCOMPARE(cfg[QLatin1String("seed")].toInt(), 11);
        QCOMPARE(cfg[QLatin1String("parameters")]
                     .toObject()[QLatin1String("centroid-test")]
                     .toObject()[QLatin1String("b")]
                     .toString(),
                 QStringLiteral("x\"y"));
        QCOMPARE(root[QLatin1String("chips")].toInt(), 3000);
        QCOMPARE(root[QLatin1String("true_positives")].toInt(), 80);
        const QJsonArray strategies = root[QLatin1String("strategies")].toArray();
        QCOMPARE(strategies.size(), 2);
        for (int s = 0; s < 2; ++s) {
            const QJsonObject o = strategies[s].toObject();
            const auto &expected = result.strategies[size_t(s)];
            QCOMPARE(o[QLatin1String("strategy")].toString().toStdString(), expected.strategy);
            const QJsonArray mean = o[QLatin1String("mean_recall")].toArray();
            const auto expectedMean = expected.meanRecall();
            QCOMPARE(size_t(mean.size()), expectedMean.size());
            for (int i = 0; i < mean.size(); ++i)
                QCOMPARE(mean[i].toDouble(), expectedMean[size_t(i)]);
            QCOMPARE(size_t(o[QLatin1String("runs_reaching_threshold")].toInt()),
                     expected.runsReachingThreshold());
            QCOMPARE(size_t(o[QLatin1String("iterations_to_threshold")].toArray().size()),
                     expected.runsReachingThreshold());
            const auto q = expected.iterationsQuartiles();
            const QJsonValue quartiles = o[QLatin1String("iterations_quartiles")];
            QCOMPARE(quartiles.isNull(), !q.has_value());
            if (q)
                QCOMPARE(quartiles.toArray()[1].toDouble(), (*q)[1]);
            const QJsonArray runs = o[QLatin1String("runs")].toArray();
            QCOMPARE(size_t(runs.size()), expected.runs.size());
            for (int r = 0; r < runs.size(); ++r) {
                const QJsonObject run = runs[r].toObject();
                const auto &trace = expected.runs[size_t(r)];
                QCOMPARE(run[QLatin1String("seed")].toString().toStdString(),
                         std::to_string(trace.seed));
                const QJsonArray recall = run[QLatin1String("recall")].toArray();
                QCOMPARE(size_t(recall.size()), trace.recall.size());
                QCOMPARE(recall.last().toDouble(), trace.recall.back());
                QCOMPARE(size_t(run[QLatin1String("batch_precision")].toArray().size()),
                         trace.batchPrecision.size());
                QCOMPARE(run[QLatin1String("iterations_to_threshold")].isNull(),
                         !trace.iterationsToThreshold.has_value());
            }
        }
    }

    void unwritablePathIsADataError()
    {
        const auto result =
            simulate(m_index, m_data.truth, baseConfig({"oracle"}), factoryFor(m_data.truth));
        QVERIFY_THROWS_EXCEPTION(DataError, result.writeCsv("/nonexistent-dir/x.csv"));
        QVERIFY_THROWS_EXCEPTION(DataError, result.writeJson("/nonexistent-dir/x.json"));
    }

    void progressAndCancel()
    {
        std::vector<double> seen;
        Feedback feedback([&](double f) { seen.push_back(f); });
        simulate(m_index, m_data.truth, baseConfig({"oracle", "random-test"}),
                 factoryFor(m_data.truth), &feedback);
        QVERIFY(!seen.empty());
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);

        Feedback canceling;
        canceling.setCallback([&](double f) {
            if (f > 0.0)
                canceling.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(CanceledError, simulate(m_index, m_data.truth,
                                                         baseConfig({"random-test", "random-test"}),
                                                         factoryFor(m_data.truth), &canceling));
        QVERIFY(canceling.progress() < 0.5);
    }

    // With references: the oracle and random curves follow the strategies, marked as such; the
    // oracle's batches are all true positives and reach the threshold in the fewest iterations
    // possible, random needs far more; label efficiency relates every curve to both.
    void referenceCurves()
    {
        auto config = baseConfig({"centroid-test"});
        config.references = true;
        config.maxIterations = 400;
        const auto result = simulate(m_index, m_data.truth, config, factoryFor(m_data.truth));
        QCOMPARE(result.strategies.size(), size_t(3));
        QCOMPARE(result.strategies[0].strategy, std::string("centroid-test"));
        QVERIFY(!result.strategies[0].reference);
        const auto *oracle = result.find("oracle");
        const auto *random = result.find("random");
        QVERIFY(oracle && oracle->reference && random && random->reference);
        QCOMPARE(&result.strategies[1], oracle);
        // 0.9 · 80 = 72 positives: 69 more at 10 per batch = 7 iterations.
        for (const auto &run : oracle->runs) {
            QCOMPARE(run.iterationsToThreshold.value(), size_t(7));
            for (const double p : run.batchPrecision)
                QCOMPARE(p, 1.0);
        }
        // Random labeling: about 90 % of the 3000 chips, ~270 iterations.
        QCOMPARE(random->runsReachingThreshold(), config.runs);
        const double randomMedian = (*random->iterationsQuartiles())[1];
        QVERIFY2(randomMedian > 200 && randomMedian < 300,
                 qPrintable(QString::number(randomMedian)));
        const auto own = result.labelEfficiency(result.strategies[0]);
        const double centroidMedian = (*result.strategies[0].iterationsQuartiles())[1];
        QCOMPARE(*own.roundsOverOracle, centroidMedian / 7.0);
        QCOMPARE(*own.randomOverRounds, randomMedian / centroidMedian);
        QVERIFY(*own.roundsOverOracle >= 1.0 && *own.randomOverRounds > 1.0);
        QCOMPARE(*result.labelEfficiency(*oracle).roundsOverOracle, 1.0);
        // Random's runs share the strategies' start sets and are reproducible.
        QCOMPARE(csvOf(simulate(m_index, m_data.truth, config, factoryFor(m_data.truth))),
                 csvOf(result));
        // Without references, no curve is added and there is no efficiency.
        const auto plain = simulate(m_index, m_data.truth, baseConfig({"centroid-test"}),
                                    factoryFor(m_data.truth));
        QCOMPARE(plain.strategies.size(), size_t(1));
        QVERIFY(!plain.labelEfficiency(plain.strategies[0]).roundsOverOracle);
        // A reference name among the strategies is refused when references are on.
        auto clash = baseConfig({"oracle"});
        clash.references = true;
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 simulate(m_index, m_data.truth, clash, factoryFor(m_data.truth)));
        // JSON: the references listed and flagged.
        std::ostringstream json;
        result.writeJson(json);
        const QJsonObject o =
            QJsonDocument::fromJson(QByteArray::fromStdString(json.str())).object();
        QCOMPARE(o[QLatin1String("references")].toArray(),
                 QJsonArray({QStringLiteral("oracle"), QStringLiteral("random")}));
        const QJsonArray strategies = o[QLatin1String("strategies")].toArray();
        QCOMPARE(strategies[0].toObject()[QLatin1String("reference")].toBool(), false);
        QCOMPARE(strategies[2].toObject()[QLatin1String("reference")].toBool(), true);
        QCOMPARE(strategies[1]
                     .toObject()[QLatin1String("label_efficiency")]
                     .toObject()[QLatin1String("rounds_over_oracle")]
                     .toDouble(),
                 1.0);
    }

    // Every chip a run labeled is passed back as proposers next round: the report's proposedBy
    // when the strategy fills it, the strategy's own name otherwise; start sets have none.
    void proposersFollowTheReports()
    {
        auto delegating = std::make_shared<DelegatingTestStrategy>();
        auto config = baseConfig({"delegating-test", "centroid-test"});
        config.runs = 1;
        config.maxIterations = 3;
        config.threshold = 1.01;
        auto base = factoryFor(m_data.truth);
        const auto result = simulate(
            m_index, m_data.truth, config,
            [&](const std::string &name, const StrategyParameters &p) -> std::unique_ptr<Strategy> {
                if (name == "delegating-test")
                    return std::make_unique<SharedStrategy>(delegating);
                return base(name, p);
            });
        QCOMPARE(delegating->seen.size(), size_t(3));
        QVERIFY(delegating->seen[0].empty()); // only the hand-labeled start sets
        // Round 2 sees round 1's 10 chips (0..9 unless labeled at the start), alternating arms.
        const auto &second = delegating->seen[1];
        QCOMPARE(second.size(), size_t(10));
        QCOMPARE(delegating->seen[2].size(), size_t(20));
        std::vector<int64_t> firstBatch;
        for (int64_t chip = 0; firstBatch.size() < 10; ++chip)
            if (std::find(delegating->labeledSeen[0].begin(), delegating->labeledSeen[0].end(),
                          chip) == delegating->labeledSeen[0].end())
                firstBatch.push_back(chip);
        for (size_t i = 0; i < firstBatch.size(); ++i)
            QCOMPARE(second.at(firstBatch[i]), std::string(i % 2 ? "arm-b" : "arm-a"));
        for (const int64_t chip : delegating->labeledSeen[0])
            QVERIFY(!delegating->seen[2].count(chip));
    }

    void badConfigurations()
    {
        auto config = baseConfig({"oracle"});
        config.startPositives = 81; // only 80 positives
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 simulate(m_index, m_data.truth, config, factoryFor(m_data.truth)));
        config = baseConfig({"oracle"});
        config.runs = 0;
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 simulate(m_index, m_data.truth, config, factoryFor(m_data.truth)));
        config = baseConfig({"oracle", "no-such-strategy"});
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 simulate(m_index, m_data.truth, config, factoryFor(m_data.truth)));
        const std::vector<uint8_t> shortTruth(10, 1);
        QVERIFY_THROWS_EXCEPTION(UsageError, simulate(m_index, shortTruth, baseConfig({"oracle"}),
                                                      factoryFor(m_data.truth)));
        // The registry overload names unknown strategies too.
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 simulate(m_index, m_data.truth, baseConfig({"no-such-strategy"})));
    }
};

QTEST_GUILESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
