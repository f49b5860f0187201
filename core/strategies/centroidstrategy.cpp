#include "strategies/centroidstrategy.h"
#include "common/translatable.h"

#include "strategies/strategysupport.h"

namespace chipfinder {

StrategyInfo CentroidStrategy::info()
{
    return {
        .name = "centroid",
        .title = QT_TRANSLATE_NOOP("strategy", "Centroid"),
        .description =
            QT_TRANSLATE_NOOP("strategy", "Chips most like the average of your positives."),
        .create = [](const StrategyParameters &) { return std::make_unique<CentroidStrategy>(); },
    };
}

std::vector<float> CentroidStrategy::query(const StrategyInput &input)
{
    return meanOfRows(*input.index, input.positives);
}

} // namespace chipfinder
