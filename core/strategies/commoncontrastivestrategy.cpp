#include "strategies/commoncontrastivestrategy.h"

#include "common/errors.h"
#include "common/translatable.h"
#include "search/flatindex.h"
#include "search/topk.h"
#include "strategies/commonsimilarstrategy.h"
#include "strategies/strategysupport.h"

namespace chipfinder {

StrategyInfo CommonContrastiveStrategy::info()
{
    StrategyInfo info;
    info.name = "common-contrastive";
    info.title = QT_TRANSLATE_NOOP("strategy", "Common contrastive");
    info.description = QT_TRANSLATE_NOOP(
        "strategy", "Common similar, minus the chips that the negatives' neighbourhoods "
                    "share: removes look-alikes the analyst rejected.");
    info.usesNegatives = true;
    info.parameters = {
        {"neighbours",
         QT_TRANSLATE_NOOP("strategy", "Neighbours per positive (C)"),
         QT_TRANSLATE_NOOP("strategy", "How many nearest chips of each positive are considered."),
         ParameterSpec::Kind::Integer,
         CommonSimilarStrategy::kDefaultNeighbours,
         1,
         10000,
         {},
         {}},
        {"negative-neighbours",
         QT_TRANSLATE_NOOP("strategy", "Neighbours per negative"),
         QT_TRANSLATE_NOOP("strategy",
                           "How many nearest chips of each negative count against a candidate."),
         ParameterSpec::Kind::Integer,
         50,
         1,
         10000,
         {},
         {}},
        {"negative-weight",
         QT_TRANSLATE_NOOP("strategy", "Negative weight"),
         QT_TRANSLATE_NOOP(
             "strategy",
             "How much one negative's vote subtracts from a candidate's positive votes."),
         ParameterSpec::Kind::Real,
         1.0,
         0.0,
         10.0,
         {},
         {}},
        {"include-labeled",
         QT_TRANSLATE_NOOP("strategy", "Count labeled neighbours"),
         QT_TRANSLATE_NOOP(
             "strategy",
             "Each positive's C nearest chips include the labeled ones (the seed's procedure): "
             "positives inside an already found cluster cast few votes."),
         ParameterSpec::Kind::Boolean,
         CommonSimilarStrategy::kDefaultIncludeLabeled ? 1.0 : 0.0,
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
         CommonSimilarStrategy::kDefaultTieBreak},
    };
    info.create = [](const StrategyParameters &p) {
        return std::make_unique<CommonContrastiveStrategy>(p);
    };
    return info;
}

CommonContrastiveStrategy::CommonContrastiveStrategy(const StrategyParameters &parameters)
{
    const long long c = parameters.integer("neighbours", CommonSimilarStrategy::kDefaultNeighbours);
    const long long cn = parameters.integer("negative-neighbours", 50);
    m_negativeWeight = parameters.real("negative-weight", 1.0);
    if (c < 1 || cn < 1 || m_negativeWeight < 0)
        throw UsageError("common-contrastive: neighbours ≥ 1, negative-neighbours ≥ 1 and "
                         "negative-weight ≥ 0 are required");
    m_neighbours = size_t(c);
    m_negativeNeighbours = size_t(cn);
    m_includeLabeled =
        parameters.boolean("include-labeled", CommonSimilarStrategy::kDefaultIncludeLabeled);
    m_tieBreak =
        parseTieBreak("common-contrastive",
                      parameters.text("tie-break", CommonSimilarStrategy::kDefaultTieBreak));
}

std::vector<ScoredChip> CommonContrastiveStrategy::propose(const StrategyInput &input)
{
    checkStrategyInput(input);
    ChipMask storage;
    const ChipMask &labeled = labeledMask(input, storage);
    const auto positive = commonNeighbourVotes(*input.index, input.positives, m_neighbours, labeled,
                                               m_includeLabeled, input.k);
    const auto negative = commonNeighbourVotes(*input.index, input.negatives, m_negativeNeighbours,
                                               labeled, m_includeLabeled, 0);
    const Metric metric = input.index->metric();
    TopK top(input.k);
    for (const auto &[chip, vote] : positive) {
        const auto it = negative.find(chip);
        const double against = it == negative.end() ? 0.0 : m_negativeWeight * it->second.count;
        top.push(chip, float(vote.count - against) + voteTieFraction(metric, vote, m_tieBreak));
    }
    return top.take();
}

std::vector<std::vector<ScoredChip>>
CommonContrastiveStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    prepareNeighbourLists(inputs, LabeledSide::Positives, m_neighbours, true, m_includeLabeled);
    prepareNeighbourLists(inputs, LabeledSide::Negatives, m_negativeNeighbours, false,
                          m_includeLabeled);
    return Strategy::proposeMany(inputs);
}

} // namespace chipfinder
