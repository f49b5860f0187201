#include "strategies/knnunionstrategy.h"
#include "common/translatable.h"

#include "search/topk.h"
#include "strategies/strategysupport.h"

#include <unordered_map>

namespace chipfinder {

StrategyInfo KnnUnionStrategy::info()
{
    return {
        .name = "knn-union",
        .title = QT_TRANSLATE_NOOP("strategy", "k-NN union"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "The chips most like any one of your positives, closest first."),
        .create = [](const StrategyParameters &) { return std::make_unique<KnnUnionStrategy>(); },
    };
}

std::vector<ScoredChip> KnnUnionStrategy::propose(const StrategyInput &input)
{
    checkStrategyInput(input);
    ChipMask storage;
    const ChipMask &labeled = labeledMask(input, storage);
    const auto lists = neighbourLists(*input.index, input.positives, input.k, &labeled);
    std::unordered_map<int64_t, float> best;
    for (const auto &list : lists)
        for (const auto &c : list) {
            auto [it, inserted] = best.emplace(c.chip, c.score);
            if (!inserted && c.score > it->second)
                it->second = c.score;
        }
    TopK top(input.k);
    for (const auto &[chip, score] : best)
        top.push(chip, score);
    return top.take();
}

std::vector<std::vector<ScoredChip>>
KnnUnionStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    prepareNeighbourLists(inputs, LabeledSide::Positives, 0, true);
    return Strategy::proposeMany(inputs);
}

} // namespace chipfinder
