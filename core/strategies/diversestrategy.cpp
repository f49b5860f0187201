#include "strategies/diversestrategy.h"

#include "common/errors.h"
#include "search/flatindex.h"
#include "strategies/strategysupport.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chipfinder {

StrategyInfo DiverseStrategy::info()
{
    StrategyInfo info;
    info.name = "diverse";
    info.title = "Diverse";
    info.description = "Another strategy's best results re-ranked for diversity (maximal "
                       "marginal relevance or k-center greedy).";
    info.usesNegatives = true;
    info.parameters = {
        {"base",
         "Base strategy",
         "The strategy whose results are re-ranked.",
         ParameterSpec::Kind::Choice,
         0,
         0,
         0,
         {"centroid", "random-positive", "knn-union", "common-similar", "common-contrastive",
          "pruned", "rocchio", "classifier", "learned-metric"},
         "centroid"},
        {"method",
         "Method",
         "Maximal marginal relevance or k-center greedy.",
         ParameterSpec::Kind::Choice,
         0,
         0,
         0,
         {"mmr", "k-center"},
         "mmr"},
        {"lambda",
         "Relevance weight λ",
         "MMR: weight of relevance against novelty.",
         ParameterSpec::Kind::Real,
         0.5,
         0.0,
         1.0,
         {},
         {}},
        {"pool",
         "Pool size (× k)",
         "How many base results (as a multiple of k) are re-ranked.",
         ParameterSpec::Kind::Integer,
         4,
         1,
         100,
         {},
         {}},
    };
    info.forwardPrefix = "base.";
    info.create = [](const StrategyParameters &p) { return std::make_unique<DiverseStrategy>(p); };
    return info;
}

DiverseStrategy::DiverseStrategy(const StrategyParameters &parameters)
    : m_lambda(parameters.real("lambda", 0.5))
{
    const std::string base = parameters.text("base", "centroid");
    if (base == "diverse")
        throw UsageError("diverse: the base strategy cannot be diverse itself");
    const std::string method = parameters.text("method", "mmr");
    if (method != "mmr" && method != "k-center")
        throw UsageError("diverse: method must be mmr or k-center, not '" + method + "'");
    m_kCenter = method == "k-center";
    if (m_lambda < 0 || m_lambda > 1)
        throw UsageError("diverse: lambda must be in [0, 1]");
    const long long pool = parameters.integer("pool", 4);
    if (pool < 1)
        throw UsageError("diverse: pool must be ≥ 1");
    m_pool = size_t(pool);
    // "base.KEY=value" reaches the base as KEY (e.g. base=pruned,base.base=common-similar).
    StrategyParameters inner;
    for (const auto &[key, value] : parameters.values())
        if (key.rfind("base.", 0) == 0)
            inner.set(key.substr(5), value);
    m_base = StrategyRegistry::instance().create(base, inner);
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
