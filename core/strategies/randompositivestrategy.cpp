#include "strategies/randompositivestrategy.h"
#include "common/translatable.h"

#include "search/flatindex.h"

namespace chipfinder {

StrategyInfo RandomPositiveStrategy::info()
{
    return {
        .name = "random-positive",
        .title = QT_TRANSLATE_NOOP("strategy", "Random positive"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "Chips most like one of your positives, picked at random each round."),
        .create =
            [](const StrategyParameters &) { return std::make_unique<RandomPositiveStrategy>(); },
    };
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
