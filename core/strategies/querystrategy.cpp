#include "strategies/querystrategy.h"

#include "common/feedback.h"
#include "search/flatindex.h"
#include "strategies/strategysupport.h"

#include <algorithm>

namespace chipfinder {

std::vector<ScoredChip> QueryStrategy::propose(const StrategyInput &input)
{
    return proposeMany(std::span<const StrategyInput>(&input, 1))[0];
}

std::vector<std::vector<ScoredChip>>
QueryStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    if (inputs.empty())
        return {};
    const FlatIndex *index = inputs[0].index;
    for (const auto &input : inputs) {
        checkStrategyInput(input);
        if (input.index != index) // different indexes cannot share one scan
            return Strategy::proposeMany(inputs);
    }
    const size_t dim = index->dim();
    size_t k = 0;
    std::vector<float> queries;
    queries.reserve(inputs.size() * dim);
    std::vector<ChipMask> storage(inputs.size());
    std::vector<const ChipMask *> masks(inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) {
        const auto q = query(inputs[i]);
        queries.insert(queries.end(), q.begin(), q.end());
        masks[i] = &labeledMask(inputs[i], storage[i]);
        k = std::max(k, inputs[i].k);
    }
    auto results = index->search(queries, inputs.size(), k, masks, inputs[0].feedback);
    for (size_t i = 0; i < inputs.size(); ++i)
        if (results[i].size() > inputs[i].k)
            results[i].resize(inputs[i].k);
    return results;
}

} // namespace chipfinder
