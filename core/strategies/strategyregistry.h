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
    // Keys starting with this prefix (e.g. "base.") are not this strategy's own: they are handed
    // on, without the prefix, to a strategy it creates, whose registry entry checks them.
    std::string forwardPrefix;
    std::function<std::unique_ptr<Strategy>(const StrategyParameters &)> create;
};

// The parameters a strategy described by `info` runs with: every spec key present (the spec's
// default where not given), each value checked against its spec (a finite number within
// [minimum, maximum], an integer, a boolean, one of the choices); keys with info.forwardPrefix
// are passed on unchecked. Throws UsageError naming the strategy, the parameter and what was
// expected for an unknown parameter name or a bad value. Strategies call it in their
// constructors, so the spec is the one place a default or a range is written.
StrategyParameters resolveParameters(const StrategyInfo &info, const StrategyParameters &given);

class StrategyRegistry
{
public:
    static const StrategyRegistry &instance();

    std::vector<std::string> names() const;
    // nullptr if unknown.
    const StrategyInfo *find(const std::string &name) const;
    // Throws UsageError naming the known strategies if name is unknown, and whatever
    // resolveParameters() throws. The strategy sees every parameter of its spec, defaults filled.
    std::unique_ptr<Strategy> create(const std::string &name,
                                     const StrategyParameters &parameters = {}) const;
    // resolveParameters() for the strategy of that name (UsageError if unknown). The GUI and the
    // CLI accept exactly what this accepts.
    StrategyParameters resolveParameters(const std::string &name,
                                         const StrategyParameters &parameters) const;

    void add(StrategyInfo info);

private:
    StrategyRegistry() = default;
    std::vector<StrategyInfo> m_infos;
};

} // namespace chipfinder
