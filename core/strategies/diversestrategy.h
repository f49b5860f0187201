#pragma once
// `diverse`: re-ranks the top pool·k results of a base strategy for diversity, so one round shows
// varied candidates. Distances between chips come from the index metric (cosine: √(2 − 2·cos);
// Euclidean: L2). dScale = the largest distance from the base's best chip to a pool member
// (1 if 0). Relevance = the base score min-max normalised over the pool.
//  - mmr: greedily pick argmax λ·relevance + (1 − λ)·min(dScale, distance to the picked set) /
//    dScale (the empty set counts as dScale); the score is that value when picked.
//  - k-center: start with the base's best chip, then greedily the pool chip farthest from the
//    picked set; the score is that distance (the first chip's score is the second's).
// Ties go to the better base rank. Scores are non-increasing by construction.
// Parameters: base (a registered strategy name, default centroid), method (mmr | k-center),
// lambda (0.5), pool (4, as a multiple of k); "base.KEY" reaches the base strategy as KEY.

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"

namespace chipfinder {

class DiverseStrategy : public Strategy
{
public:
    static StrategyInfo info();
    explicit DiverseStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "diverse"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;
    // The base strategy's proposeMany() over all inputs, then the re-ranking of each pool.
    std::vector<std::vector<ScoredChip>>
    proposeMany(std::span<const StrategyInput> inputs) override;

private:
    std::vector<ScoredChip> rerank(const StrategyInput &input,
                                   const std::vector<ScoredChip> &pool) const;
    std::unique_ptr<Strategy> m_base;
    bool m_kCenter{};
    double m_lambda{};
    size_t m_pool{};
};

} // namespace chipfinder
