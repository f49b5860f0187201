#include "strategies/commonsimilarstrategy.h"

#include "common/errors.h"
#include "common/translatable.h"
#include "search/flatindex.h"
#include "search/topk.h"
#include "strategies/strategysupport.h"

namespace chipfinder {

std::vector<ParameterSpec> CommonSimilarStrategy::voteParameters()
{
    return {
        {.key = "neighbours",
         .label = QT_TRANSLATE_NOOP("strategy", "Neighbours per positive (C)"),
         .description = QT_TRANSLATE_NOOP(
             "strategy", "How many nearest chips of each positive are considered."),
         .kind = ParameterSpec::Kind::Integer,
         .defaultValue = kDefaultNeighbours,
         .minimum = 1,
         .maximum = 10000},
        {.key = "include-labeled",
         .label = QT_TRANSLATE_NOOP("strategy", "Count labeled neighbours"),
         .description = QT_TRANSLATE_NOOP(
             "strategy",
             "Each positive's C nearest chips include the labeled ones (the seed's procedure): "
             "positives inside an already found cluster cast few votes."),
         .kind = ParameterSpec::Kind::Boolean,
         .defaultValue = 1.0,
         .minimum = 0,
         .maximum = 1},
        {.key = "tie-break",
         .label = QT_TRANSLATE_NOOP("strategy", "Tie-break"),
         .description = QT_TRANSLATE_NOOP(
             "strategy",
             "Between equal vote counts: the best similarity to a positive, or the summed "
             "similarity to the positives that voted (the seed's procedure)."),
         .kind = ParameterSpec::Kind::Choice,
         .choices = {"best", "sum"},
         .defaultChoice = "sum",
         .choiceLabels = {QT_TRANSLATE_NOOP("strategy", "Best similarity"),
                          QT_TRANSLATE_NOOP("strategy", "Summed similarity")}},
    };
}

StrategyInfo CommonSimilarStrategy::info()
{
    return {
        .name = "common-similar",
        .title = QT_TRANSLATE_NOOP("strategy", "Common similar"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "Chips found among the nearest neighbours of many positives at once: "
                        "ranked by how many positives share them."),
        .parameters = voteParameters(),
        .create =
            [](const StrategyParameters &p) { return std::make_unique<CommonSimilarStrategy>(p); },
    };
}

CommonSimilarStrategy::CommonSimilarStrategy(const StrategyParameters &parameters)
{
    const StrategyParameters p = resolveParameters(info(), parameters);
    m_neighbours = size_t(p.integer("neighbours"));
    m_includeLabeled = p.boolean("include-labeled");
    m_tieBreak = parseTieBreak("common-similar", p.text("tie-break"));
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
