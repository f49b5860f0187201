#include "strategies/classifierstrategy.h"

#include "common/errors.h"
#include "common/translatable.h"
#include "search/flatindex.h"
#include "search/topk.h"
#include "strategies/strategysupport.h"

#include <algorithm>
#include <cmath>

namespace chipfinder {

StrategyInfo ClassifierStrategy::info()
{
    return {
        .name = "classifier",
        .title = QT_TRANSLATE_NOOP("strategy", "Classifier"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "A logistic regression trained on positives vs negatives ranks every "
                        "chip; optionally proposes the most uncertain chips instead."),
        .usesNegatives = true,
        .parameters =
            {
                {.key = "l2",
                 .label = QT_TRANSLATE_NOOP("strategy", "Regularisation (L2)"),
                 .description =
                     QT_TRANSLATE_NOOP("strategy", "Strength of the L2 penalty on the weights."),
                 .kind = ParameterSpec::Kind::Real,
                 .defaultValue = 1.0,
                 .minimum = 1e-6,
                 .maximum = 1e6},
                {.key = "uncertainty",
                 .label = QT_TRANSLATE_NOOP("strategy", "Uncertainty sampling"),
                 .description = QT_TRANSLATE_NOOP(
                     "strategy",
                     "Propose the chips closest to the decision boundary (active learning)."),
                 .kind = ParameterSpec::Kind::Boolean,
                 .defaultValue = 0,
                 .minimum = 0,
                 .maximum = 1},
                {.key = "boundary-share",
                 .label = QT_TRANSLATE_NOOP("strategy", "Boundary share"),
                 .description = QT_TRANSLATE_NOOP(
                     "strategy", "Share of each batch taken from the chips closest to the decision "
                                 "boundary; the rest are the top scores (0 = top scores only, 1 = "
                                 "uncertainty sampling)."),
                 .kind = ParameterSpec::Kind::Real,
                 .defaultValue = 0.0,
                 .minimum = 0.0,
                 .maximum = 1.0},
            },
        .create =
            [](const StrategyParameters &p) { return std::make_unique<ClassifierStrategy>(p); },
    };
}

ClassifierStrategy::ClassifierStrategy(const StrategyParameters &parameters)
    : ClassifierStrategy(resolveParameters(info(), parameters), 0)
{
}

ClassifierStrategy::ClassifierStrategy(const StrategyParameters &p, int)
    : m_l2(p.real("l2")), m_uncertainty(p.boolean("uncertainty")),
      m_boundaryShare(m_uncertainty ? 1.0 : p.real("boundary-share")),
      m_model(LogisticRegressionOptions{m_l2})
{
}

size_t ClassifierStrategy::boundaryCount(size_t k) const
{
    return std::min(k, size_t(std::lround(m_boundaryShare * double(k))));
}

std::vector<ScoredChip> ClassifierStrategy::propose(const StrategyInput &input)
{
    return proposeMany(std::span<const StrategyInput>(&input, 1))[0];
}

bool ClassifierStrategy::fit(const StrategyInput &input, const ChipMask &labeled,
                             LogisticRegression &model) const
{
    const FlatIndex &index = *input.index;
    const TrainingSet set = trainingSet(input, labeled);
    if (set.negatives == 0)
        return false;
    model.fit(gatherRows(index, set.chips), set.chips.size(), index.dim(), set.labels);
    return true;
}

std::vector<std::vector<ScoredChip>>
ClassifierStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    const size_t count = inputs.size();
    std::vector<std::vector<ScoredChip>> results(count);
    if (count == 0)
        return results;
    std::vector<ChipMask> storage(count);
    std::vector<const ChipMask *> masks(count);
    std::vector<LogisticRegression> models(count, LogisticRegression(m_model));
    std::vector<size_t> fitted; // inputs with a model, in order
    bool oneIndex = true;
    for (size_t i = 0; i < count; ++i) {
        checkStrategyInput(inputs[i]);
        masks[i] = &labeledMask(inputs[i], storage[i]);
        oneIndex = oneIndex && inputs[i].index == inputs[0].index;
        if (fit(inputs[i], *masks[i], models[i]))
            fitted.push_back(i);
    }
    if (fitted.empty())
        return results;
    m_model = models[fitted.back()];

    if (m_boundaryShare == 0.0 && oneIndex) {
        // Every model's weights are one query: ONE inner-product scan for all inputs.
        const FlatIndex &index = *inputs[0].index;
        std::vector<float> queries;
        std::vector<const ChipMask *> queryMasks;
        size_t k = 0;
        for (const size_t i : fitted) {
            const auto &w = models[i].weights();
            queries.insert(queries.end(), w.begin(), w.end());
            queryMasks.push_back(masks[i]);
            k = std::max(k, inputs[i].k);
        }
        auto lists =
            index.searchInnerProduct(queries, fitted.size(), k, queryMasks, inputs[0].feedback);
        for (size_t q = 0; q < fitted.size(); ++q) {
            const size_t i = fitted[q];
            auto &list = lists[q];
            if (list.size() > inputs[i].k)
                list.resize(inputs[i].k);
            for (auto &c : list)
                c.score += models[i].bias();
            results[i] = std::move(list);
        }
        return results;
    }
    for (const size_t i : fitted) {
        const FlatIndex &index = *inputs[i].index;
        const float bias = models[i].bias();
        const size_t k = inputs[i].k;
        const size_t boundary = boundaryCount(k);
        if (boundary == 0) {
            const ChipMask *mask[1] = {masks[i]};
            results[i] = index.searchInnerProduct(models[i].weights(), 1, inputs[i].k, mask,
                                                  inputs[i].feedback)[0];
            for (auto &c : results[i])
                c.score += bias;
            continue;
        }
        auto z = index.innerProductAll(models[i].weights());
        for (float &v : z)
            v += bias;
        if (boundary == k) {
            TopK top(k);
            for (size_t c = 0; c < z.size(); ++c)
                if (!masks[i]->test(int64_t(c)))
                    top.push(int64_t(c), -std::abs(z[c]));
            results[i] = top.take();
            continue;
        }
        // The k − boundary highest logits, then the boundary chips nearest the boundary among
        // the rest; the batch is ordered by logit.
        TopK exploit(k - boundary);
        for (size_t c = 0; c < z.size(); ++c)
            if (!masks[i]->test(int64_t(c)))
                exploit.push(int64_t(c), z[c]);
        std::vector<ScoredChip> batch = exploit.take();
        ChipMask taken = *masks[i];
        for (const auto &c : batch)
            taken.set(c.chip);
        TopK explore(boundary);
        for (size_t c = 0; c < z.size(); ++c)
            if (!taken.test(int64_t(c)))
                explore.push(int64_t(c), -std::abs(z[c]));
        for (const auto &c : explore.take())
            batch.push_back({c.chip, z[size_t(c.chip)]});
        std::stable_sort(batch.begin(), batch.end(), [](const ScoredChip &a, const ScoredChip &b) {
            return a.score > b.score;
        });
        results[i] = std::move(batch);
    }
    return results;
}

} // namespace chipfinder
