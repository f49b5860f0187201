#pragma once
// All strategies by name ("centroid", "knn-union", ...). Registration is explicit, one line per
// strategy file in strategyregistry.cpp (static registrars are dropped by static linking).

#include "strategies/strategy.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace chipfinder {

struct StrategyInfo
{
    std::string name;        // registry key, e.g. "common-contrastive"
    std::string title;       // e.g. "Common contrastive"
    std::string description; // one or two sentences for --help and tooltips
    bool usesNegatives = false;
    std::vector<ParameterSpec> parameters;
    std::function<std::unique_ptr<Strategy>(const StrategyParameters &)> create;
};

class StrategyRegistry
{
public:
    static const StrategyRegistry &instance();

    std::vector<std::string> names() const;
    // nullptr if unknown.
    const StrategyInfo *find(const std::string &name) const;
    // Throws UsageError naming the known strategies if name is unknown.
    std::unique_ptr<Strategy> create(const std::string &name,
                                     const StrategyParameters &parameters = {}) const;

    void add(StrategyInfo info);

private:
    StrategyRegistry() = default;
    std::vector<StrategyInfo> m_infos;
};

} // namespace chipfinder
