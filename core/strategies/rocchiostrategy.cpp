#include "strategies/rocchiostrategy.h"
#include "common/translatable.h"

#include "common/errors.h"
#include "strategies/strategysupport.h"

namespace chipfinder {

StrategyInfo RocchioStrategy::info()
{
    return {
        .name = "rocchio",
        .title = QT_TRANSLATE_NOOP("strategy", "Rocchio"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "Chips most like your positives and least like your negatives (the "
                        "classic relevance-feedback query α·positives − β·negatives)."),
        .usesNegatives = true,
        .parameters =
            {
                {.key = "alpha",
                 .label = QT_TRANSLATE_NOOP("strategy", "Positive weight α"),
                 .description = QT_TRANSLATE_NOOP("strategy", "Weight of the positives' mean."),
                 .kind = ParameterSpec::Kind::Real,
                 .defaultValue = 1.0,
                 .minimum = 0.0,
                 .maximum = 10.0},
                {.key = "beta",
                 .label = QT_TRANSLATE_NOOP("strategy", "Negative weight β"),
                 .description = QT_TRANSLATE_NOOP(
                     "strategy", "Weight of the negatives' mean subtracted from the query."),
                 .kind = ParameterSpec::Kind::Real,
                 .defaultValue = 0.5,
                 .minimum = 0.0,
                 .maximum = 10.0},
            },
        .create = [](const StrategyParameters &p) { return std::make_unique<RocchioStrategy>(p); },
    };
}

RocchioStrategy::RocchioStrategy(const StrategyParameters &parameters)
{
    const StrategyParameters p = resolveParameters(info(), parameters);
    m_alpha = p.real("alpha");
    m_beta = p.real("beta");
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
