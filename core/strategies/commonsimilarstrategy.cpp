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
         kDefaultNeighbours,
         1,
         10000,
         {},
         {}},
        {"include-labeled",
         QT_TRANSLATE_NOOP("strategy", "Count labeled neighbours"),
         QT_TRANSLATE_NOOP(
             "strategy",
             "Each positive's C nearest chips include the labeled ones (the seed's procedure): "
             "positives inside an already found cluster cast few votes."),
         ParameterSpec::Kind::Boolean,
         kDefaultIncludeLabeled ? 1.0 : 0.0,
         0,
         1,
         {},
         {}},
        {"tie-break",
         QT_TRANSLATE_NOOP("strategy", "Tie-break"),
         QT_TRANSLATE_NOOP(
             "strategy",
             "Between equal vote counts: the best similarity to a positive, or the summed "
             "similarity to the positives that voted (the seed's procedure)."),
         ParameterSpec::Kind::Choice,
         0,
         0,
         0,
         {"best", "sum"},
         kDefaultTieBreak},
    };
    info.create = [](const StrategyParameters &p) {
        return std::make_unique<CommonSimilarStrategy>(p);
    };
    return info;
}

CommonSimilarStrategy::CommonSimilarStrategy(const StrategyParameters &parameters)
{
    const long long c = parameters.integer("neighbours", kDefaultNeighbours);
    if (c < 1)
        throw UsageError("common-similar: neighbours must be ≥ 1");
    m_neighbours = size_t(c);
    m_includeLabeled = parameters.boolean("include-labeled", kDefaultIncludeLabeled);
    m_tieBreak = parseTieBreak("common-similar", parameters.text("tie-break", kDefaultTieBreak));
}

std::vector<ScoredChip> CommonSimilarStrategy::propose(const StrategyInput &input)
{
    checkStrategyInput(input);
    ChipMask storage;
    const ChipMask &labeled = labeledMask(input, storage);
    const auto votes = commonNeighbourVotes(*input.index, input.positives, m_neighbours, labeled,
                                            m_includeLabeled, input.k);
    const Metric metric = input.index->metric();
    TopK top(input.k);
    for (const auto &[chip, vote] : votes)
        top.push(chip, float(vote.count) + voteTieFraction(metric, vote, m_tieBreak));
    return top.take();
}

std::vector<std::vector<ScoredChip>>
CommonSimilarStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    prepareNeighbourLists(inputs, LabeledSide::Positives, m_neighbours, true, m_includeLabeled);
    return Strategy::proposeMany(inputs);
}

} // namespace chipfinder
