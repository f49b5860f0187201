#pragma once
// Base of the strategies that rank chips by similarity to one query vector (centroid, rocchio,
// random-positive): subclasses build the query; propose() is one search and proposeMany() is ONE
// batched scan for all inputs (each with its own labeled mask), which the simulation relies on.

#include "strategies/strategy.h"

#include <vector>

namespace chipfinder {

class QueryStrategy : public Strategy
{
public:
    std::vector<ScoredChip> propose(const StrategyInput &input) override;
    std::vector<std::vector<ScoredChip>>
    proposeMany(std::span<const StrategyInput> inputs) override;

protected:
    // The query vector (index.dim() values, in the index's stored space) for this input.
    // The input has been checked (index set, k ≥ 1, at least one positive).
    virtual std::vector<float> query(const StrategyInput &input) = 0;
};

} // namespace chipfinder
