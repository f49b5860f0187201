#include "strategies/centroidstrategy.h"

#include "strategies/strategysupport.h"

namespace chipfinder {

StrategyInfo CentroidStrategy::info()
{
    StrategyInfo info;
    info.name = "centroid";
    info.title = "Centroid";
    info.description = "Chips nearest to the mean of the positives (the seed's "
                       "CreateRepresentativePoint).";
    info.create = [](const StrategyParameters &) { return std::make_unique<CentroidStrategy>(); };
    return info;
}

std::vector<float> CentroidStrategy::query(const StrategyInput &input)
{
    return meanOfRows(*input.index, input.positives);
}

} // namespace chipfinder
