#include "strategies/commoncontrastivestrategy.h"

#include "common/errors.h"
#include "common/translatable.h"
#include "search/flatindex.h"
#include "search/topk.h"
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
         50,
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
    };
    info.create = [](const StrategyParameters &p) {
        return std::make_unique<CommonContrastiveStrategy>(p);
    };
    return info;
}

CommonContrastiveStrategy::CommonContrastiveStrategy(const StrategyParameters &parameters)
{
    const long long c = parameters.integer("neighbours", 50);
    const long long cn = parameters.integer("negative-neighbours", 50);
    m_negativeWeight = parameters.real("negative-weight", 1.0);
    if (c < 1 || cn < 1 || m_negativeWeight < 0)
        throw UsageError("common-contrastive: neighbours ≥ 1, negative-neighbours ≥ 1 and "
                         "negative-weight ≥ 0 are required");
    m_neighbours = size_t(c);
    m_negativeNeighbours = size_t(cn);
}

std::vector<ScoredChip> CommonContrastiveStrategy::propose(const StrategyInput &input)
{
    checkStrategyInput(input);
    ChipMask storage;
    const ChipMask &labeled = labeledMask(input, storage);
    const size_t c = std::max(m_neighbours, input.k);
    const auto positive =
        countNeighbourVotes(neighbourLists(*input.index, input.positives, c, &labeled));
    const auto negative = countNeighbourVotes(
        neighbourLists(*input.index, input.negatives, m_negativeNeighbours, &labeled));
    const Metric metric = input.index->metric();
    TopK top(input.k);
    for (const auto &[chip, vote] : positive) {
        const auto it = negative.find(chip);
        const double against = it == negative.end() ? 0.0 : m_negativeWeight * it->second.count;
        top.push(chip, float(vote.count - against) + tieFraction(metric, vote.best));
    }
    return top.take();
}

std::vector<std::vector<ScoredChip>>
CommonContrastiveStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    prepareNeighbourLists(inputs, LabeledSide::Positives, m_neighbours, true);
    prepareNeighbourLists(inputs, LabeledSide::Negatives, m_negativeNeighbours, false);
    return Strategy::proposeMany(inputs);
}

} // namespace chipfinder
