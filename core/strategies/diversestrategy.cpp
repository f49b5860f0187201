#include "strategies/diversestrategy.h"
#include "common/translatable.h"

#include "common/errors.h"
#include "search/flatindex.h"
#include "strategies/strategysupport.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chipfinder {

StrategyInfo DiverseStrategy::info()
{
    return {
        .name = "diverse",
        .title = QT_TRANSLATE_NOOP("strategy", "Diverse"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "Another strategy's best chips, reordered so that one round shows "
                        "varied candidates instead of near-copies."),
        .usesNegatives = true,
        .parameters =
            {
                {.key = "base",
                 .label = QT_TRANSLATE_NOOP("strategy", "Base strategy"),
                 .description =
                     QT_TRANSLATE_NOOP("strategy", "The strategy whose results are re-ranked."),
                 .kind = ParameterSpec::Kind::Choice,
                 .choices = {"centroid", "random-positive", "knn-union", "common-similar",
                             "common-contrastive", "pruned", "rocchio", "classifier",
                             "learned-metric"},
                 .defaultChoice = "centroid"},
                {.key = "method",
                 .label = QT_TRANSLATE_NOOP("strategy", "Method"),
                 .description = QT_TRANSLATE_NOOP("strategy",
                                                  "Maximal marginal relevance or k-center greedy."),
                 .kind = ParameterSpec::Kind::Choice,
                 .choices = {"mmr", "k-center"},
                 .defaultChoice = "mmr",
                 .choiceLabels = {QT_TRANSLATE_NOOP("strategy", "Maximal marginal relevance"),
                                  QT_TRANSLATE_NOOP("strategy", "k-center greedy")}},
                {.key = "lambda",
                 .label = QT_TRANSLATE_NOOP("strategy", "Relevance weight λ"),
                 .description =
                     QT_TRANSLATE_NOOP("strategy", "MMR: weight of relevance against novelty."),
                 .kind = ParameterSpec::Kind::Real,
                 .defaultValue = 0.5,
                 .minimum = 0.0,
                 .maximum = 1.0},
                {.key = "pool",
                 .label = QT_TRANSLATE_NOOP("strategy", "Pool size (× k)"),
                 .description = QT_TRANSLATE_NOOP(
                     "strategy", "How many base results (as a multiple of k) are re-ranked."),
                 .kind = ParameterSpec::Kind::Integer,
                 .defaultValue = 4,
                 .minimum = 1,
                 .maximum = 100},
            },
        .forwardPrefix = "base.",
        .create = [](const StrategyParameters &p) { return std::make_unique<DiverseStrategy>(p); },
    };
}

DiverseStrategy::DiverseStrategy(const StrategyParameters &parameters)
{
    const StrategyParameters p = resolveParameters(info(), parameters);
    m_lambda = p.real("lambda");
    m_kCenter = p.text("method") == "k-center";
    m_pool = size_t(p.integer("pool"));
    // "base.KEY=value" reaches the base as KEY (e.g. base=pruned,base.base=common-similar).
    StrategyParameters inner;
    for (const auto &[key, value] : p.values())
        if (key.rfind("base.", 0) == 0)
            inner.set(key.substr(5), value);
    m_base = StrategyRegistry::instance().create(p.text("base"), inner);
}

std::vector<ScoredChip> DiverseStrategy::propose(const StrategyInput &input)
{
    return proposeMany(std::span<const StrategyInput>(&input, 1))[0];
}

std::vector<std::vector<ScoredChip>>
DiverseStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    std::vector<StrategyInput> baseInputs(inputs.begin(), inputs.end());
    for (auto &input : baseInputs) {
        checkStrategyInput(input);
        input.k *= m_pool;
    }
    // The base strategy batches its own work over all inputs (one scan for query strategies).
    const auto pools = m_base->proposeMany(baseInputs);
    std::vector<std::vector<ScoredChip>> results;
    results.reserve(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i)
        results.push_back(rerank(inputs[i], pools[i]));
    return results;
}

std::vector<ScoredChip> DiverseStrategy::rerank(const StrategyInput &input,
                                                const std::vector<ScoredChip> &pool) const
{
    if (pool.empty())
        return {};
    const FlatIndex &index = *input.index;
    const bool cosine = index.metric() == Metric::Cosine;
    auto distance = [&](int64_t a, int64_t b) {
        const float s = index.score(a, b);
        return std::sqrt(std::max(0.0f, cosine ? 2.0f - 2.0f * s : -s));
    };

    const size_t n = pool.size();
    float dScale = 0;
    for (size_t i = 1; i < n; ++i)
        dScale = std::max(dScale, distance(pool[0].chip, pool[i].chip));
    if (!(dScale > 0))
        dScale = 1;
    const float top = pool.front().score, bottom = pool.back().score;
    std::vector<float> relevance(n, 1.0f);
    if (top > bottom)
        for (size_t i = 0; i < n; ++i)
            relevance[i] = (pool[i].score - bottom) / (top - bottom);

    // minDistance[i] = distance of pool member i to the picked set (dScale while empty).
    std::vector<float> minDistance(n, m_kCenter ? std::numeric_limits<float>::infinity() : dScale);
    std::vector<bool> picked(n, false);
    std::vector<ScoredChip> result;
    const size_t want = std::min(input.k, n);
    while (result.size() < want) {
        size_t best = n;
        float bestValue = 0;
        for (size_t i = 0; i < n; ++i) {
            if (picked[i])
                continue;
            float value;
            if (m_kCenter)
                value = result.empty() ? (i == 0 ? 1.0f : 0.0f) : minDistance[i];
            else
                value = float(m_lambda) * relevance[i] +
                        float(1 - m_lambda) * std::min(minDistance[i], dScale) / dScale;
            if (best == n || value > bestValue) {
                best = i;
                bestValue = value;
            }
        }
        picked[best] = true;
        result.push_back({pool[best].chip, bestValue});
        for (size_t i = 0; i < n; ++i)
            if (!picked[i])
                minDistance[i] = std::min(minDistance[i], distance(pool[i].chip, pool[best].chip));
    }
    if (m_kCenter) // the first chip's score is the second's (the largest distance)
        result[0].score = result.size() > 1 ? result[1].score : 0.0f;
    return result;
}

} // namespace chipfinder
