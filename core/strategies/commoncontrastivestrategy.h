#pragma once
// `common-contrastive` (seed issue): common-similar minus what the negatives' neighbourhoods
// share. Candidates are the chips in the positives' lists (C = max(neighbours, k) nearest
// unlabeled chips of each positive); each is scored
//   countP − negativeWeight · countN + tieFraction(best similarity to a positive),
// where countN = how many negatives hold it among their Cn = negative-neighbours nearest
// unlabeled chips. With no negatives it equals common-similar.
// Parameters: neighbours (C, 50), negative-neighbours (Cn, 50), negative-weight (1.0).

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"

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
};

} // namespace chipfinder
