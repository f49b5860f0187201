#pragma once
// `common-contrastive` (seed issue): common-similar minus what the negatives' neighbourhoods
// share. Candidates are the unlabeled chips in the positives' lists (as in common-similar,
// same include-labeled rule); each is scored
//   countP − negativeWeight · countN + tie-break term (voteTieFraction of the positive votes),
// where countN = how many negatives hold it among their Cn = negative-neighbours nearest
// unlabeled chips (nearest chips, labeled included, with include-labeled). With no negatives
// it equals common-similar with the same parameters.
// Parameters: neighbours (C), include-labeled, tie-break (defaults of common-similar),
// negative-neighbours (Cn, 50), negative-weight (1.0).

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"
#include "strategies/strategysupport.h"

namespace chipfinder {

class CommonContrastiveStrategy : public Strategy
{
public:
    static StrategyInfo info();
    explicit CommonContrastiveStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "common-contrastive"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;
    // Batches the neighbour scans of all inputs' labeled chips, then propose() for each.
    std::vector<std::vector<ScoredChip>>
    proposeMany(std::span<const StrategyInput> inputs) override;

private:
    size_t m_neighbours;
    size_t m_negativeNeighbours;
    double m_negativeWeight;
    bool m_includeLabeled;
    TieBreak m_tieBreak;
};

} // namespace chipfinder
