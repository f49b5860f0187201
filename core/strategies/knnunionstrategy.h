#pragma once
// `knn-union` [KNN]: the k nearest unlabeled chips of every positive (one batched search),
// merged; each chip scored by its best similarity to any positive; best k overall.

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"

namespace chipfinder {

class KnnUnionStrategy : public Strategy
{
public:
    static StrategyInfo info();
    std::string name() const override { return "knn-union"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;
    // Batches the neighbour scans of all inputs' labeled chips, then propose() for each.
    std::vector<std::vector<ScoredChip>>
    proposeMany(std::span<const StrategyInput> inputs) override;
};

} // namespace chipfinder
