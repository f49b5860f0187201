#include "strategies/rocchiostrategy.h"

#include "common/errors.h"
#include "strategies/strategysupport.h"

namespace chipfinder {

StrategyInfo RocchioStrategy::info()
{
    StrategyInfo info;
    info.name = "rocchio";
    info.title = "Rocchio";
    info.description = "Chips nearest to α·mean(positives) − β·mean(negatives): the classic "
                       "relevance-feedback query.";
    info.usesNegatives = true;
    info.parameters = {
        {"alpha",
         "Positive weight α",
         "Weight of the positives' mean.",
         ParameterSpec::Kind::Real,
         1.0,
         0.0,
         10.0,
         {},
         {}},
        {"beta",
         "Negative weight β",
         "Weight of the negatives' mean subtracted from the query.",
         ParameterSpec::Kind::Real,
         0.5,
         0.0,
         10.0,
         {},
         {}},
    };
    info.create = [](const StrategyParameters &p) { return std::make_unique<RocchioStrategy>(p); };
    return info;
}

RocchioStrategy::RocchioStrategy(const StrategyParameters &parameters)
    : m_alpha(parameters.real("alpha", 1.0)), m_beta(parameters.real("beta", 0.5))
{
    if (m_alpha < 0 || m_beta < 0)
        throw UsageError("rocchio: alpha and beta must be ≥ 0");
}

std::vector<float> RocchioStrategy::query(const StrategyInput &input)
{
    auto q = meanOfRows(*input.index, input.positives);
    const auto n = meanOfRows(*input.index, input.negatives);
    for (size_t j = 0; j < q.size(); ++j)
        q[j] = float(m_alpha * q[j] - (input.negatives.empty() ? 0.0 : m_beta * n[j]));
    return q;
}

} // namespace chipfinder
