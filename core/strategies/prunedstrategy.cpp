#include "strategies/prunedstrategy.h"

#include "common/errors.h"
#include "learn/randomforestimportance.h"
#include "search/flatindex.h"
#include "strategies/centroidstrategy.h"
#include "strategies/commonsimilarstrategy.h"
#include "strategies/strategysupport.h"

#include <algorithm>
#include <cmath>

namespace chipfinder {

StrategyInfo PrunedStrategy::info()
{
    StrategyInfo info;
    info.name = "pruned";
    info.title = "Pruned (forest importance)";
    info.description = "Keeps the embedding dimensions a random forest finds important for "
                       "positives vs negatives, then searches in that subspace.";
    info.usesNegatives = true;
    info.parameters = {
        {"keep",
         "Dimensions kept",
         "Fraction of dimensions kept, most important first.",
         ParameterSpec::Kind::Real,
         0.5,
         0.01,
         1.0,
         {},
         {}},
        {"base",
         "Search in subspace",
         "Strategy run in the pruned subspace.",
         ParameterSpec::Kind::Choice,
         0,
         0,
         0,
         {"centroid", "common-similar"},
         "centroid"},
        {"trees",
         "Trees",
         "Trees in the random forest.",
         ParameterSpec::Kind::Integer,
         100,
         1,
         2000,
         {},
         {}},
        {"neighbours",
         "Neighbours per positive (C)",
         "For the common-similar base.",
         ParameterSpec::Kind::Integer,
         CommonSimilarStrategy::kDefaultNeighbours,
         1,
         10000,
         {},
         {}},
    };
    info.create = [](const StrategyParameters &p) { return std::make_unique<PrunedStrategy>(p); };
    return info;
}

PrunedStrategy::PrunedStrategy(const StrategyParameters &parameters)
    : m_keep(parameters.real("keep", 0.5)), m_trees(int(parameters.integer("trees", 100)))
{
    if (!(m_keep > 0 && m_keep <= 1))
        throw UsageError("pruned: keep must be in (0, 1]");
    if (m_trees < 1)
        throw UsageError("pruned: trees must be ≥ 1");
    const std::string base = parameters.text("base", "centroid");
    if (base == "centroid")
        m_base = std::make_unique<CentroidStrategy>();
    else if (base == "common-similar")
        m_base = std::make_unique<CommonSimilarStrategy>(parameters);
    else
        throw UsageError("pruned: base must be centroid or common-similar, not '" + base + "'");
}

std::vector<ScoredChip> PrunedStrategy::propose(const StrategyInput &input)
{
    checkStrategyInput(input);
    ChipMask storage;
    const ChipMask &labeled = labeledMask(input, storage);
    const FlatIndex &index = *input.index;

    const TrainingSet set = trainingSet(input, labeled);

    const size_t d = index.dim();
    std::vector<int> dims;
    if (set.negatives == 0) { // nothing to contrast with: keep everything
        dims.resize(d);
        for (size_t j = 0; j < d; ++j)
            dims[j] = int(j);
    } else {
        RandomForestOptions options;
        options.trees = m_trees;
        options.seed = input.rng ? (*input.rng)() : 0;
        const auto importance = RandomForestImportance(options).compute(
            gatherRows(index, set.chips), set.chips.size(), d, set.labels);
        const auto order = RandomForestImportance::ranking(importance);
        const size_t keep = std::clamp<size_t>(size_t(std::lround(m_keep * double(d))), 1, d);
        dims.assign(order.begin(), order.begin() + ptrdiff_t(keep));
        std::sort(dims.begin(), dims.end());
    }
    m_lastDimensions = dims;

    // The column copy is moved into the subspace index, not copied again.
    const FlatIndex subspace(index.vectors().selectColumns(dims), index.metric(), index.threads());
    StrategyInput sub = input;
    sub.index = &subspace;
    sub.labeled = &labeled;
    return m_base->propose(sub);
}

} // namespace chipfinder
