#pragma once
// `common-similar` (seed issue): the C nearest unlabeled chips of every positive (one batched
// search, C = max(neighbours, k) so that at least k candidates exist); each candidate is scored
// count + tieFraction(best similarity), where count = how many positives' lists hold it.
// Parameter: neighbours (C, 50).

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"

namespace chipfinder {

class CommonSimilarStrategy : public Strategy
{
public:
    static StrategyInfo info();
    explicit CommonSimilarStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "common-similar"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;
    // Batches the neighbour scans of all inputs' labeled chips, then propose() for each.
    std::vector<std::vector<ScoredChip>>
    proposeMany(std::span<const StrategyInput> inputs) override;

private:
    size_t m_neighbours;
};

} // namespace chipfinder
