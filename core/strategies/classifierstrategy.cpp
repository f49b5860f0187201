#include "strategies/classifierstrategy.h"

#include "common/errors.h"
#include "search/flatindex.h"
#include "search/topk.h"
#include "strategies/strategysupport.h"

#include <cmath>

namespace chipfinder {

StrategyInfo ClassifierStrategy::info()
{
    StrategyInfo info;
    info.name = "classifier";
    info.title = "Classifier";
    info.description = "A logistic regression trained on positives vs negatives ranks every "
                       "chip; optionally proposes the most uncertain chips instead.";
    info.usesNegatives = true;
    info.parameters = {
        {"l2",
         "Regularisation (L2)",
         "Strength of the L2 penalty on the weights.",
         ParameterSpec::Kind::Real,
         1.0,
         1e-6,
         1e6,
         {},
         {}},
        {"uncertainty",
         "Uncertainty sampling",
         "Propose the chips closest to the decision boundary (active learning).",
         ParameterSpec::Kind::Boolean,
         0,
         0,
         1,
         {},
         {}},
    };
    info.create = [](const StrategyParameters &p) {
        return std::make_unique<ClassifierStrategy>(p);
    };
    return info;
}

ClassifierStrategy::ClassifierStrategy(const StrategyParameters &parameters)
    : m_l2(parameters.real("l2", 1.0)), m_uncertainty(parameters.boolean("uncertainty", false)),
      m_model(LogisticRegressionOptions{m_l2 > 0 ? m_l2 : 1.0})
{
    if (!(m_l2 > 0))
        throw UsageError("classifier: l2 must be > 0");
}

std::vector<ScoredChip> ClassifierStrategy::propose(const StrategyInput &input)
{
    checkStrategyInput(input);
    ChipMask storage;
    const ChipMask &labeled = labeledMask(input, storage);
    const FlatIndex &index = *input.index;

    std::vector<int64_t> negatives(input.negatives.begin(), input.negatives.end());
    if (negatives.empty()) {
        std::mt19937_64 fallback(0);
        negatives = pseudoNegatives(index, labeled, std::max<size_t>(input.positives.size(), 10),
                                    input.rng ? *input.rng : fallback);
        if (negatives.empty())
            return {};
    }
    std::vector<int64_t> chips(input.positives.begin(), input.positives.end());
    chips.insert(chips.end(), negatives.begin(), negatives.end());
    std::vector<uint8_t> labels(chips.size(), 0);
    std::fill(labels.begin(), labels.begin() + ptrdiff_t(input.positives.size()), 1);
    m_model.fit(gatherRows(index, chips), chips.size(), index.dim(), labels);
    const float bias = m_model.bias();

    if (!m_uncertainty) {
        const ChipMask *masks[1] = {&labeled};
        auto result = index.searchInnerProduct(m_model.weights(), 1, input.k, masks)[0];
        for (auto &c : result)
            c.score += bias;
        return result;
    }
    const auto z = index.innerProductAll(m_model.weights());
    TopK top(input.k);
    for (size_t i = 0; i < z.size(); ++i)
        if (!labeled.test(int64_t(i)))
            top.push(int64_t(i), -std::abs(z[i] + bias));
    return top.take();
}

} // namespace chipfinder
