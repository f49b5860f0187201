#pragma once
// `random-positive` [RandomSamplePositiveExamples]: the k unlabeled chips nearest to one positive
// drawn at random: index std::uniform_int_distribution<size_t>(0, |P| − 1)(*input.rng) into
// input.positives (the first positive if input.rng is null).

#include "strategies/querystrategy.h"
#include "strategies/strategyregistry.h"

namespace chipfinder {

class RandomPositiveStrategy : public QueryStrategy
{
public:
    static StrategyInfo info();
    std::string name() const override { return "random-positive"; }

protected:
    std::vector<float> query(const StrategyInput &input) override;
};

} // namespace chipfinder
