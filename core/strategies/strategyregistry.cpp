#include "strategies/strategyregistry.h"

#include "common/errors.h"

namespace chipfinder {

// One registration function per strategy file; declared here, defined beside each strategy.
// (Add new strategies to this list.)

const StrategyRegistry &StrategyRegistry::instance()
{
    static const StrategyRegistry registry = [] {
        StrategyRegistry r;
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
