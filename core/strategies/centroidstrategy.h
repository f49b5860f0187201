#pragma once
// `centroid` [CreateRepresentativePoint]: the k unlabeled chips nearest to the mean of the
// positives' stored vectors (normalised rows for cosine).

#include "strategies/querystrategy.h"
#include "strategies/strategyregistry.h"

namespace chipfinder {

class CentroidStrategy : public QueryStrategy
{
public:
    static StrategyInfo info();
    std::string name() const override { return "centroid"; }

protected:
    std::vector<float> query(const StrategyInput &input) override;
};

} // namespace chipfinder
