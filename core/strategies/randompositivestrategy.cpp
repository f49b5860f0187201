#include "strategies/randompositivestrategy.h"

#include "search/flatindex.h"

namespace chipfinder {

StrategyInfo RandomPositiveStrategy::info()
{
    StrategyInfo info;
    info.name = "random-positive";
    info.title = "Random positive";
    info.description = "Chips nearest to one positive picked at random (the seed's "
                       "RandomSamplePositiveExamples).";
    info.create = [](const StrategyParameters &) {
        return std::make_unique<RandomPositiveStrategy>();
    };
    return info;
}

std::vector<float> RandomPositiveStrategy::query(const StrategyInput &input)
{
    size_t pick = 0;
    if (input.rng)
        pick = std::uniform_int_distribution<size_t>(0, input.positives.size() - 1)(*input.rng);
    const auto row = input.index->vectors().row(size_t(input.positives[pick]));
    return {row.begin(), row.end()};
}

} // namespace chipfinder
