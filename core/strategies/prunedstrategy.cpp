#include "strategies/prunedstrategy.h"
#include "common/translatable.h"

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
    return {
        .name = "pruned",
        .title = QT_TRANSLATE_NOOP("strategy", "Pruned (forest importance)"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "Compares chips only on the embedding dimensions that tell your "
                        "positives from your negatives (found by a random forest)."),
        .usesNegatives = true,
        .parameters =
            {
                {.key = "keep",
                 .label = QT_TRANSLATE_NOOP("strategy", "Dimensions kept"),
                 .description = QT_TRANSLATE_NOOP(
                     "strategy", "Fraction of dimensions kept, most important first."),
                 .kind = ParameterSpec::Kind::Real,
                 .defaultValue = 0.5,
                 .minimum = 0.01,
                 .maximum = 1.0},
                {.key = "base",
                 .label = QT_TRANSLATE_NOOP("strategy", "Search in subspace"),
                 .description =
                     QT_TRANSLATE_NOOP("strategy", "Strategy run in the pruned subspace."),
                 .kind = ParameterSpec::Kind::Choice,
                 .choices = {"centroid", "common-similar"},
                 .defaultChoice = "centroid"},
                {.key = "trees",
                 .label = QT_TRANSLATE_NOOP("strategy", "Trees"),
                 .description = QT_TRANSLATE_NOOP("strategy", "Trees in the random forest."),
                 .kind = ParameterSpec::Kind::Integer,
                 .defaultValue = 100,
                 .minimum = 1,
                 .maximum = 2000},
                {.key = "neighbours",
                 .label = QT_TRANSLATE_NOOP("strategy", "Neighbours per positive (C)"),
                 .description = QT_TRANSLATE_NOOP("strategy", "For the common-similar base."),
                 .kind = ParameterSpec::Kind::Integer,
                 .defaultValue = CommonSimilarStrategy::kDefaultNeighbours,
                 .minimum = 1,
                 .maximum = 10000},
            },
        .create = [](const StrategyParameters &p) { return std::make_unique<PrunedStrategy>(p); },
    };
}

PrunedStrategy::PrunedStrategy(const StrategyParameters &parameters)
{
    const StrategyParameters p = resolveParameters(info(), parameters);
    m_keep = p.real("keep");
    m_trees = int(p.integer("trees"));
    if (p.text("base") == "common-similar")
        m_base = std::make_unique<CommonSimilarStrategy>(
            StrategyParameters({{"neighbours", p.text("neighbours")}}));
    else
        m_base = std::make_unique<CentroidStrategy>();
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
