#pragma once
// `rocchio`: the k unlabeled chips nearest to the query α·mean(P) − β·mean(N) over the stored
// vectors (normalised rows for cosine); with no negatives it is the centroid.
// Parameters: alpha (1.0), beta (0.5).

#include "strategies/querystrategy.h"
#include "strategies/strategyregistry.h"

namespace chipfinder {

class RocchioStrategy : public QueryStrategy
{
public:
    static StrategyInfo info();
    explicit RocchioStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "rocchio"; }

protected:
    std::vector<float> query(const StrategyInput &input) override;

private:
    double m_alpha{};
    double m_beta{};
};

} // namespace chipfinder
