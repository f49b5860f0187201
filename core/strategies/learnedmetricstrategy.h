#pragma once
// `learned-metric`: learns a linear map W (d × rank) from the labels with a triplet margin loss
// and semi-hard negative mining (LinearMetric), maps every chip, and returns the k unlabeled
// chips nearest (index metric, in the mapped space) to the mean of the mapped positives.
// The initial map is the PCA of up to 2000 chips sampled with a fixed seed (cached per index);
// it is used as is when there are fewer than two positives. Without negatives, max(|P|, 10)
// unlabeled chips drawn with pseudoNegatives() stand in for them. Random draws, in order: the
// pseudo-negatives (if any), then the training seed = (*input.rng)() (0 without rng).
// Parameters: margin (0.5, relative), rank (64), epochs (30).

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"

#include <Eigen/Core>

namespace chipfinder {

class LearnedMetricStrategy : public Strategy
{
public:
    static StrategyInfo info();
    explicit LearnedMetricStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "learned-metric"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;

    // The map used by the last propose() (d × rank).
    const Eigen::MatrixXf &lastMap() const { return m_lastMap; }

private:
    double m_margin{};
    size_t m_rank{};
    int m_epochs{};
    // PCA initial map cache, keyed by index identity and shape.
    const FlatIndex *m_cachedIndex = nullptr;
    size_t m_cachedSize = 0;
    Eigen::MatrixXf m_initial;
    Eigen::MatrixXf m_lastMap;
};

} // namespace chipfinder
