// The shared properties of every registered strategy, on the real NAIP fixture, for both
// metrics: exactly k results when enough chips remain, no labeled chip, no duplicate, scores
// non-increasing, and the same result for the same random seed; and proposeMany() over several
// different inputs (what a lockstep simulation step does) equals propose() on each.

#include "common/errors.h"
#include "common/realfixture.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QTest>

#include <algorithm>
#include <set>

using namespace chipfinder;

class TestStrategyProperties : public QObject
{
    Q_OBJECT
private:
    test::RealFixture m_fixture;
    std::vector<int64_t> m_positives, m_negatives;

private slots:
    void initTestCase()
    {
        m_fixture = test::makeNaipFixture();
        const auto water = m_fixture.chipsWhere(true), dry = m_fixture.chipsWhere(false);
        QVERIFY(water.size() >= 30 && water.size() <= 120);
        // A deterministic spread of labeled chips: every 7th water chip, every 40th dry chip.
        for (size_t i = 0; i < water.size(); i += 7)
            m_positives.push_back(water[i]);
        for (size_t i = 0; i < dry.size(); i += 40)
            m_negatives.push_back(dry[i]);
    }

    void fixtureHasWater()
    {
        QCOMPARE(m_fixture.size(), size_t(38 * 30));
        QCOMPARE(m_fixture.embeddings.dim(), test::kFixtureDim);
        const auto water = m_fixture.chipsWhere(true);
        QVERIFY2(water.size() >= 24 && water.size() <= 120, "a few dozen water chips");
        // Water chips have a higher mean NDWI than dry ones.
        double wet = 0, dry = 0;
        for (size_t i = 0; i < m_fixture.size(); ++i)
            (m_fixture.waterTruth[i] ? wet : dry) +=
                m_fixture.embeddings.row(i)[test::kNdwiFeature];
        QVERIFY(wet / double(water.size()) > dry / double(m_fixture.size() - water.size()));
        const auto &box = m_fixture.boxes[0];
        QCOMPARE(box[2] - box[0], 24 * 5.0); // 24 px of 5 m
        QCOMPARE(box[3] - box[1], 24 * 5.0);
    }

    void registryIsConsistent()
    {
        const auto names = StrategyRegistry::instance().names();
        QVERIFY(!names.empty());
        QCOMPARE(std::set<std::string>(names.begin(), names.end()).size(), names.size());
        QCOMPARE(QString::fromStdString(names.front()), QStringLiteral("auto")); // the default
        for (const auto &name : names) {
            const auto *info = StrategyRegistry::instance().find(name);
            QVERIFY(info && info->name == name && !info->title.empty() &&
                    !info->description.empty());
            std::set<std::string> keys;
            for (const ParameterSpec &spec : info->parameters) {
                QVERIFY2(keys.insert(spec.key).second, spec.key.c_str());
                QVERIFY(!spec.label.empty() && !spec.description.empty());
                if (spec.kind == ParameterSpec::Kind::Choice) {
                    QVERIFY(std::find(spec.choices.begin(), spec.choices.end(),
                                      spec.defaultChoice) != spec.choices.end());
                } else if (spec.kind != ParameterSpec::Kind::Boolean) {
                    QVERIFY2(spec.minimum <= spec.defaultValue && spec.defaultValue <= spec.maximum,
                             spec.key.c_str());
                }
            }
        }
        QVERIFY_THROWS_EXCEPTION(UsageError, StrategyRegistry::instance().create("nope"));
    }

    // The registry, not each strategy, fills defaults and refuses what the spec does not allow:
    // unknown names, NaN and infinities, values out of range, non-integers, unknown choices.
    void parametersAreResolvedAgainstTheSpec()
    {
        const StrategyRegistry &registry = StrategyRegistry::instance();
        for (const auto &name : registry.names()) {
            const StrategyInfo *info = registry.find(name);
            const StrategyParameters defaults = registry.resolveParameters(name, {});
            QCOMPARE(defaults.values().size(), info->parameters.size());
            QVERIFY(registry.create(name, defaults));
            QVERIFY_THROWS_EXCEPTION(UsageError,
                                     registry.resolveParameters(name, {{{"beat", "3"}}}));
            for (const ParameterSpec &spec : info->parameters) {
                QVERIFY(defaults.has(spec.key));
                auto bad = [&](const std::string &value) {
                    try {
                        registry.resolveParameters(name, {{{spec.key, value}}});
                    } catch (const UsageError &error) {
                        return std::string(error.what()).find(spec.key) != std::string::npos;
                    }
                    return false;
                };
                switch (spec.kind) {
                case ParameterSpec::Kind::Real:
                    QVERIFY2(bad("nan") && bad("inf") && bad("1e400") && bad("x"),
                             spec.key.c_str());
                    QVERIFY2(bad(std::to_string(spec.maximum + 1.0)), spec.key.c_str());
                    QVERIFY2(bad(std::to_string(spec.minimum - 1.0)), spec.key.c_str());
                    break;
                case ParameterSpec::Kind::Integer:
                    QVERIFY2(bad("1.5") && bad("nan") && bad(""), spec.key.c_str());
                    QVERIFY2(bad(std::to_string((long long)spec.minimum - 1)), spec.key.c_str());
                    if (spec.maximum < 1e15)
                        QVERIFY2(bad(std::to_string((long long)spec.maximum + 1)),
                                 spec.key.c_str());
                    break;
                case ParameterSpec::Kind::Boolean:
                    QVERIFY2(bad("maybe"), spec.key.c_str());
                    QCOMPARE(
                        registry.resolveParameters(name, {{{spec.key, "1"}}}).text(spec.key, {}),
                        std::string("true"));
                    break;
                case ParameterSpec::Kind::Choice:
                    QVERIFY2(bad("no-such-choice"), spec.key.c_str());
                    for (const std::string &choice : spec.choices)
                        QCOMPARE(registry.resolveParameters(name, {{{spec.key, choice}}})
                                     .text(spec.key, {}),
                                 choice);
                    break;
                }
            }
        }
    }

    void properties_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("parameters");
        for (const auto &name : StrategyRegistry::instance().names())
            for (const char *metric : {"cosine", "euclidean"}) {
                const std::string row = name + "/" + metric;
                QTest::newRow(row.c_str()) << QString::fromStdString(name) << metric << QString();
            }
        QTest::newRow("classifier-uncertainty/cosine") << "classifier"
                                                       << "cosine"
                                                       << "uncertainty=true";
        QTest::newRow("pruned-common/cosine") << "pruned"
                                              << "cosine"
                                              << "base=common-similar";
        QTest::newRow("diverse-kcenter/euclidean") << "diverse"
                                                   << "euclidean"
                                                   << "method=k-center,base=knn-union";
        QTest::newRow("diverse-pruned/cosine")
            << "diverse"
            << "cosine"
            << "base=pruned,base.base=common-similar,base.trees=20";
    }

    void properties()
    {
        QFETCH(QString, strategy);
        QFETCH(QString, metric);
        QFETCH(QString, parameters);
        const FlatIndex index(m_fixture.embeddings, metricFromName(metric.toStdString()), 2);
        std::vector<int64_t> labeledChips = m_positives;
        labeledChips.insert(labeledChips.end(), m_negatives.begin(), m_negatives.end());
        const ChipMask labeled = ChipMask::fromIndices(index.size(), labeledChips);
        auto run = [&](uint64_t seed, size_t k) {
            auto s = StrategyRegistry::instance().create(
                strategy.toStdString(), StrategyParameters::parse(parameters.toStdString()));
            std::mt19937_64 rng(seed);
            StrategyInput input;
            input.index = &index;
            input.positives = m_positives;
            input.negatives = m_negatives;
            input.labeled = &labeled;
            input.k = k;
            input.rng = &rng;
            return s->propose(input);
        };
        for (const size_t k : {size_t(1), size_t(25), size_t(60)}) {
            const auto result = run(7, k);
            QCOMPARE(result.size(), k);
            std::set<int64_t> seen;
            for (size_t i = 0; i < result.size(); ++i) {
                QVERIFY(result[i].chip >= 0 && result[i].chip < int64_t(index.size()));
                QVERIFY2(!labeled.test(result[i].chip), "a labeled chip was returned");
                QVERIFY2(seen.insert(result[i].chip).second, "duplicate chip");
                QVERIFY(std::isfinite(result[i].score));
                if (i > 0)
                    QVERIFY2(result[i].score <= result[i - 1].score, "scores not sorted");
            }
            QCOMPARE(run(7, k), result);
        }
    }

    void batchedEqualsSingle_data() { properties_data(); }
    void batchedEqualsSingle()
    {
        QFETCH(QString, strategy);
        QFETCH(QString, metric);
        QFETCH(QString, parameters);
        const FlatIndex index(m_fixture.embeddings, metricFromName(metric.toStdString()), 2);
        auto create = [&] {
            return StrategyRegistry::instance().create(
                strategy.toStdString(), StrategyParameters::parse(parameters.toStdString()));
        };
        // Five runs at different stages: growing label sets, different k, one without negatives.
        constexpr size_t kRuns = 5;
        std::vector<std::vector<int64_t>> positives(kRuns), negatives(kRuns);
        std::vector<ChipMask> masks;
        for (size_t r = 0; r < kRuns; ++r) {
            const size_t p = std::min(m_positives.size(), 2 + r * 2);
            positives[r].assign(m_positives.begin(), m_positives.begin() + ptrdiff_t(p));
            if (r != 2)
                negatives[r].assign(m_negatives.begin(),
                                    m_negatives.begin() +
                                        ptrdiff_t(std::min(m_negatives.size(), 1 + r * 3)));
            std::vector<int64_t> all = positives[r];
            all.insert(all.end(), negatives[r].begin(), negatives[r].end());
            masks.push_back(ChipMask::fromIndices(index.size(), all));
        }
        auto inputs = [&](std::vector<std::mt19937_64> &rngs) {
            std::vector<StrategyInput> out(kRuns);
            for (size_t r = 0; r < kRuns; ++r) {
                out[r].index = &index;
                out[r].positives = positives[r];
                out[r].negatives = negatives[r];
                out[r].labeled = &masks[r];
                out[r].k = r == 3 ? 7 : 20;
                out[r].rng = &rngs[r];
            }
            return out;
        };
        std::vector<std::mt19937_64> rngsA, rngsB;
        for (size_t r = 0; r < kRuns; ++r) {
            rngsA.emplace_back(100 + r);
            rngsB.emplace_back(100 + r);
        }
        const auto batchedInputs = inputs(rngsA);
        const auto batched = create()->proposeMany(batchedInputs);
        QCOMPARE(batched.size(), kRuns);
        const auto singleInputs = inputs(rngsB);
        for (size_t r = 0; r < kRuns; ++r) {
            const auto single = create()->propose(singleInputs[r]);
            QCOMPARE(batched[r].size(), single.size());
            // Batched scans may use another kernel (blocked sgemm): scores agree to rounding, and
            // the chips agree except among near-ties at the cut.
            const float tolerance = 1e-4f;
            const float cut = single.empty() ? 0.0f : single.back().score + tolerance;
            std::set<int64_t> a, b;
            for (size_t i = 0; i < single.size(); ++i) {
                QVERIFY2(std::abs(batched[r][i].score - single[i].score) <= tolerance,
                         qPrintable(QStringLiteral("run %1 rank %2: %3 vs %4")
                                        .arg(r)
                                        .arg(i)
                                        .arg(batched[r][i].score)
                                        .arg(single[i].score)));
                if (single[i].score > cut)
                    b.insert(single[i].chip);
                if (batched[r][i].score > cut)
                    a.insert(batched[r][i].chip);
            }
            QCOMPARE(a, b);
        }
    }
};

QTEST_GUILESS_MAIN(TestStrategyProperties)
#include "tst_strategyproperties.moc"
