#pragma once
// `classifier`: an L2-regularised, class-balanced logistic regression on P vs N (over the
// index's stored vectors) scores every chip; the k unlabeled chips with the highest logit
// w·x + b, or with `uncertainty` the k nearest to the decision boundary (score −|w·x + b|), for
// active learning. With boundary-share s in (0, 1), a batch of k mixes both: the k − m
// highest logits and, among the other unlabeled chips, the m = round(s·k) nearest the boundary
// (smallest |w·x + b|), ordered by logit (score = logit). uncertainty = true means s = 1.
// Without negatives, max(|P|, 10) unlabeled chips drawn with pseudoNegatives() stand in for them.
// Parameters: l2 (1.0), uncertainty (false), boundary-share (0).

#include "learn/logisticregression.h"
#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"

namespace chipfinder {

class ClassifierStrategy : public Strategy
{
public:
    static StrategyInfo info();
    explicit ClassifierStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "classifier"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;
    // One model per input, then ONE inner-product scan with every model's weights as a query.
    std::vector<std::vector<ScoredChip>>
    proposeMany(std::span<const StrategyInput> inputs) override;

    // The model of the last propose() (of the last input of proposeMany()).
    const LogisticRegression &model() const { return m_model; }

private:
    // Fits model on P vs N (or pseudo-negatives); false when no negatives can be found.
    bool fit(const StrategyInput &input, const ChipMask &labeled, LogisticRegression &model) const;
    // Boundary chips in a batch of k.
    size_t boundaryCount(size_t k) const;
    // From parameters already resolved against info().
    ClassifierStrategy(const StrategyParameters &resolved, int);

    double m_l2;
    bool m_uncertainty;
    double m_boundaryShare;
    LogisticRegression m_model;
};

} // namespace chipfinder
