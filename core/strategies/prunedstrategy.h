#pragma once
// `pruned` [Polysemantic pruning] (seed issue): fit a random forest (XGBoost, random-forest mode)
// on P vs N, keep the `keep` fraction of dimensions with the highest importance (at least one),
// and run the base strategy (centroid or common-similar) in that subspace (cosine: rows
// re-normalised within the subspace). Without negatives, max(|P|, 10) unlabeled chips drawn with
// pseudoNegatives() stand in for them. Random draws, in order: the pseudo-negatives (if any),
// then the forest seed = (*input.rng)() (0 without rng).
// Parameters: keep (0.5), base (centroid | common-similar), trees (100), neighbours
// (CommonSimilarStrategy::kDefaultNeighbours, for common-similar).

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"

namespace chipfinder {

class PrunedStrategy : public Strategy
{
public:
    static StrategyInfo info();
    explicit PrunedStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "pruned"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;

    // The dimensions kept by the last propose() (ascending).
    const std::vector<int> &lastDimensions() const { return m_lastDimensions; }

private:
    double m_keep{};
    int m_trees{};
    std::unique_ptr<Strategy> m_base;
    std::vector<int> m_lastDimensions;
};

} // namespace chipfinder
