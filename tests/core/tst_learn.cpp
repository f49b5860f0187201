// The learners on the real NAIP fixture: logistic regression separates a separable split, the
// XGBoost forest ranks informative dimensions above appended noise, and the learned linear
// metric reduces triplet violations on held-out labeled chips.

#include "common/realfixture.h"
#include "learn/linearmetric.h"
#include "learn/logisticregression.h"
#include "learn/randomforestimportance.h"

#include <QTest>

#include <algorithm>
#include <numeric>
#include <random>

using namespace chipfinder;

namespace {

std::vector<float> rowsOf(const EmbeddingMatrix &m, const std::vector<int64_t> &chips)
{
    std::vector<float> x;
    for (int64_t c : chips) {
        const auto r = m.row(size_t(c));
        x.insert(x.end(), r.begin(), r.end());
    }
    return x;
}

} // namespace

class TestLearn : public QObject
{
    Q_OBJECT
private:
    test::RealFixture m_fixture;

private slots:
    void initTestCase() { m_fixture = test::makeNaipFixture(); }

    void logisticSeparates_data()
    {
        QTest::addColumn<int>("chips"); // below / above the dimension (sample-space / primal)
        QTest::newRow("few-samples") << 40;
        QTest::newRow("many-samples") << 400;
    }
    void logisticSeparates()
    {
        QFETCH(int, chips);
        // Separable by construction on a real feature: mean NDWI far above vs far below its
        // median (a gap between the classes).
        std::vector<std::pair<float, int64_t>> byNdwi;
        for (size_t i = 0; i < m_fixture.size(); ++i)
            byNdwi.emplace_back(m_fixture.embeddings.row(i)[test::kNdwiFeature], int64_t(i));
        std::sort(byNdwi.begin(), byNdwi.end());
        std::vector<int64_t> selected;
        std::vector<uint8_t> labels;
        const size_t half = size_t(chips) / 2, n = byNdwi.size();
        for (size_t i = 0; i < half; ++i) {
            selected.push_back(byNdwi[i * (n / 3) / half].second); // lowest third
            labels.push_back(0);
            selected.push_back(byNdwi[n - 1 - i * (n / 3) / half].second); // highest third
            labels.push_back(1);
        }
        const auto x = rowsOf(m_fixture.embeddings, selected);
        LogisticRegression model(LogisticRegressionOptions{1e-4});
        model.fit(x, selected.size(), test::kFixtureDim, labels);
        size_t correct = 0;
        for (size_t i = 0; i < selected.size(); ++i) {
            const std::span<const float> row(x.data() + i * test::kFixtureDim, test::kFixtureDim);
            correct += (model.decision(row) > 0) == bool(labels[i]) ? 1 : 0;
            QVERIFY(model.probability(row) > 0 && model.probability(row) < 1);
        }
        QCOMPARE(correct, selected.size());
        QVERIFY(model.iterations() >= 1);
        // One class only is a usage error.
        const std::vector<uint8_t> ones(selected.size(), 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 model.fit(x, selected.size(), test::kFixtureDim, ones));
    }

    void forestRanksInformativeAboveNoise()
    {
        // 300 labeled chips (all water chips plus dry ones), the 74 real features plus 40 dims
        // of Gaussian noise.
        const auto water = m_fixture.chipsWhere(true), dry = m_fixture.chipsWhere(false);
        std::vector<int64_t> chips = water;
        for (size_t i = 0; chips.size() < 300; i += 3)
            chips.push_back(dry[i]);
        const size_t noise = 40, d = test::kFixtureDim + noise;
        std::mt19937_64 rng(5);
        std::normal_distribution<float> gauss(0.0f, 0.2f);
        std::vector<float> x;
        std::vector<uint8_t> labels;
        for (int64_t c : chips) {
            const auto r = m_fixture.embeddings.row(size_t(c));
            x.insert(x.end(), r.begin(), r.end());
            for (size_t j = 0; j < noise; ++j)
                x.push_back(gauss(rng));
            labels.push_back(m_fixture.waterTruth[size_t(c)]);
        }
        RandomForestOptions options;
        options.seed = 3;
        const auto importance = RandomForestImportance(options).compute(x, chips.size(), d, labels);
        QCOMPARE(importance.size(), d);
        const double maxNoise =
            *std::max_element(importance.begin() + ptrdiff_t(test::kFixtureDim), importance.end());
        const auto order = RandomForestImportance::ranking(importance);
        // The top ten dimensions are all real features, and NDWI beats every noise dimension.
        for (size_t i = 0; i < 10; ++i)
            QVERIFY2(size_t(order[i]) < test::kFixtureDim, "a noise dimension ranks in the top 10");
        QVERIFY(importance[test::kNdwiFeature] > maxNoise);
        // Seeded: the same seed gives the same importances; another seed differs.
        QCOMPARE(RandomForestImportance(options).compute(x, chips.size(), d, labels), importance);
        options.seed = 4;
        QVERIFY(RandomForestImportance(options).compute(x, chips.size(), d, labels) != importance);
    }

    void metricReducesHeldOutViolations()
    {
        // Labeled water (positive) and dry (negative) chips, alternately to training and
        // held-out sets; raw features, as the strategies see them (Euclidean).
        const auto water = m_fixture.chipsWhere(true), dry = m_fixture.chipsWhere(false);
        std::vector<int64_t> train, held;
        std::vector<uint8_t> trainLabels, heldLabels;
        for (size_t i = 0; i < water.size() && i < 40; ++i) {
            (i % 2 ? held : train).push_back(water[i]);
            (i % 2 ? heldLabels : trainLabels).push_back(1);
        }
        for (size_t i = 0; i < 120; ++i) {
            (i % 2 ? held : train).push_back(dry[i * 7 % dry.size()]);
            (i % 2 ? heldLabels : trainLabels).push_back(0);
        }
        const size_t d = test::kFixtureDim, m = 8;
        std::vector<int64_t> sample(m_fixture.size());
        std::iota(sample.begin(), sample.end(), 0);
        const auto initial =
            LinearMetric::pcaMap(rowsOf(m_fixture.embeddings, sample), sample.size(), d, m);
        QCOMPARE(size_t(initial.rows()), d);
        QCOMPARE(size_t(initial.cols()), m);
        const auto xTrain = rowsOf(m_fixture.embeddings, train);
        const auto xHeld = rowsOf(m_fixture.embeddings, held);
        LinearMetricOptions options;
        options.epochs = 40;
        options.seed = 1;
        LinearMetric metric(options);
        metric.fit(xTrain, train.size(), d, trainLabels, initial);
        const size_t before =
            LinearMetric::tripletViolations(initial, xHeld, held.size(), d, heldLabels);
        const size_t after =
            LinearMetric::tripletViolations(metric.map(), xHeld, held.size(), d, heldLabels);
        const size_t trainBefore =
            LinearMetric::tripletViolations(initial, xTrain, train.size(), d, trainLabels);
        const size_t trainAfter =
            LinearMetric::tripletViolations(metric.map(), xTrain, train.size(), d, trainLabels);
        qInfo("triplet violations: train %zu -> %zu, held-out %zu -> %zu", trainBefore, trainAfter,
              before, after);
        QVERIFY(before > 0);
        QVERIFY(trainAfter < trainBefore);
        QVERIFY(after < before);
        // transform() maps rows by W.
        const auto mapped = metric.transform(m_fixture.embeddings);
        QCOMPARE(mapped.rows(), m_fixture.size());
        QCOMPARE(mapped.dim(), m);
        double y = 0;
        for (size_t j = 0; j < d; ++j)
            y += double(m_fixture.embeddings.row(5)[j]) * metric.map()(Eigen::Index(j), 2);
        QVERIFY(std::abs(mapped.row(5)[2] - y) < 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestLearn)
#include "tst_learn.moc"
