#include "strategies/strategyregistry.h"

#include "common/errors.h"
#include "strategies/autostrategy.h"
#include "strategies/centroidstrategy.h"
#include "strategies/classifierstrategy.h"
#include "strategies/commoncontrastivestrategy.h"
#include "strategies/commonsimilarstrategy.h"
#include "strategies/diversestrategy.h"
#include "strategies/knnunionstrategy.h"
#include "strategies/learnedmetricstrategy.h"
#include "strategies/prunedstrategy.h"
#include "strategies/randompositivestrategy.h"
#include "strategies/rocchiostrategy.h"

namespace chipfinder {

// One line per strategy file: each strategy class describes itself with a static info().
// (Add new strategies to this list; the order is the order shown to users.)

const StrategyRegistry &StrategyRegistry::instance()
{
    static const StrategyRegistry registry = [] {
        StrategyRegistry r;
        r.add(AutoStrategy::info()); // first: the default
        r.add(RandomPositiveStrategy::info());
        r.add(CentroidStrategy::info());
        r.add(KnnUnionStrategy::info());
        r.add(CommonSimilarStrategy::info());
        r.add(CommonContrastiveStrategy::info());
        r.add(PrunedStrategy::info());
        r.add(RocchioStrategy::info());
        r.add(ClassifierStrategy::info());
        r.add(LearnedMetricStrategy::info());
        r.add(DiverseStrategy::info());
        return r;
    }();
    return registry;
}

std::vector<std::string> StrategyRegistry::names() const
{
    std::vector<std::string> names;
    for (const auto &info : m_infos)
        names.push_back(info.name);
    return names;
}

const StrategyInfo *StrategyRegistry::find(const std::string &name) const
{
    for (const auto &info : m_infos)
        if (info.name == name)
            return &info;
    return nullptr;
}

std::unique_ptr<Strategy> StrategyRegistry::create(const std::string &name,
                                                   const StrategyParameters &parameters) const
{
    const StrategyInfo *info = find(name);
    if (!info) {
        std::string known;
        for (const auto &n : names())
            known += (known.empty() ? "" : ", ") + n;
        throw UsageError("unknown strategy '" + name + "' (known: " + known + ")");
    }
    return info->create(parameters);
}

void StrategyRegistry::add(StrategyInfo info)
{
    m_infos.push_back(std::move(info));
}

} // namespace chipfinder
