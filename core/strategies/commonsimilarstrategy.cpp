#include "strategies/commonsimilarstrategy.h"

#include "common/errors.h"
#include "common/translatable.h"
#include "search/flatindex.h"
#include "search/topk.h"
#include "strategies/strategysupport.h"

namespace chipfinder {

StrategyInfo CommonSimilarStrategy::info()
{
    StrategyInfo info;
    info.name = "common-similar";
    info.title = QT_TRANSLATE_NOOP("strategy", "Common similar");
    info.description = QT_TRANSLATE_NOOP(
        "strategy", "Chips found among the nearest neighbours of many positives at once: "
                    "ranked by how many positives share them.");
    info.parameters = {
        {"neighbours",
         QT_TRANSLATE_NOOP("strategy", "Neighbours per positive (C)"),
         QT_TRANSLATE_NOOP("strategy", "How many nearest chips of each positive are considered."),
         ParameterSpec::Kind::Integer,
         50,
         1,
         10000,
         {},
         {}},
    };
    info.create = [](const StrategyParameters &p) {
        return std::make_unique<CommonSimilarStrategy>(p);
    };
    return info;
}

CommonSimilarStrategy::CommonSimilarStrategy(const StrategyParameters &parameters)
{
    const long long c = parameters.integer("neighbours", 50);
    if (c < 1)
        throw UsageError("common-similar: neighbours must be ≥ 1");
    m_neighbours = size_t(c);
}

std::vector<ScoredChip> CommonSimilarStrategy::propose(const StrategyInput &input)
{
    checkStrategyInput(input);
    ChipMask storage;
    const ChipMask &labeled = labeledMask(input, storage);
    const size_t c = std::max(m_neighbours, input.k);
    const auto votes =
        countNeighbourVotes(neighbourLists(*input.index, input.positives, c, &labeled));
    const Metric metric = input.index->metric();
    TopK top(input.k);
    for (const auto &[chip, vote] : votes)
        top.push(chip, float(vote.count) + tieFraction(metric, vote.best));
    return top.take();
}

std::vector<std::vector<ScoredChip>>
CommonSimilarStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    prepareNeighbourLists(inputs, LabeledSide::Positives, m_neighbours, true);
    return Strategy::proposeMany(inputs);
}

} // namespace chipfinder
