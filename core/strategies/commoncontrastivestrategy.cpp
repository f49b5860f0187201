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
    std::vector<ParameterSpec> parameters = CommonSimilarStrategy::voteParameters();
    parameters.insert(
        parameters.begin() + 1,
        {{.key = "negative-neighbours",
          .label = QT_TRANSLATE_NOOP("strategy", "Neighbours per negative"),
          .description = QT_TRANSLATE_NOOP(
              "strategy", "How many nearest chips of each negative count against a candidate."),
          .kind = ParameterSpec::Kind::Integer,
          .defaultValue = 50,
          .minimum = 1,
          .maximum = 10000},
         {.key = "negative-weight",
          .label = QT_TRANSLATE_NOOP("strategy", "Negative weight"),
          .description = QT_TRANSLATE_NOOP(
              "strategy",
              "How much one negative's vote subtracts from a candidate's positive votes."),
          .kind = ParameterSpec::Kind::Real,
          .defaultValue = 1.0,
          .minimum = 0.0,
          .maximum = 10.0}});
    return {
        .name = "common-contrastive",
        .title = QT_TRANSLATE_NOOP("strategy", "Common contrastive"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "Common similar, minus the chips that the negatives' neighbourhoods "
                        "share: removes look-alikes the analyst rejected."),
        .usesNegatives = true,
        .parameters = std::move(parameters),
        .create =
            [](const StrategyParameters &p) {
                return std::make_unique<CommonContrastiveStrategy>(p);
            },
    };
}

CommonContrastiveStrategy::CommonContrastiveStrategy(const StrategyParameters &parameters)
{
    const StrategyParameters p = resolveParameters(info(), parameters);
    m_neighbours = size_t(p.integer("neighbours"));
    m_negativeNeighbours = size_t(p.integer("negative-neighbours"));
    m_negativeWeight = p.real("negative-weight");
    m_includeLabeled = p.boolean("include-labeled");
    m_tieBreak = parseTieBreak("common-contrastive", p.text("tie-break"));
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
