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

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

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

namespace {

std::string joined(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string shortest(double value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

// The canonical text of one value of `spec`, or throws UsageError saying what was expected.
std::string checkedValue(const std::string &strategy, const ParameterSpec &spec,
                         const std::string &value)
{
    const std::string where = strategy + ": parameter '" + spec.key + "' = '" + value + "'";
    std::string range = "["; // appended piecewise: GCC 12 warns falsely on "[" + temporary
    range += shortest(spec.minimum);
    range += ", ";
    range += shortest(spec.maximum);
    range += "]";
    switch (spec.kind) {
    case ParameterSpec::Kind::Real: {
        char *end = nullptr;
        const double number = std::strtod(value.c_str(), &end);
        if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(number))
            throw UsageError(where + ": expected a finite number in " + range);
        if (number < spec.minimum || number > spec.maximum)
            throw UsageError(where + ": expected a number in " + range);
        return shortest(number);
    }
    case ParameterSpec::Kind::Integer: {
        long long number = 0;
        const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (value.empty() || ec != std::errc() || ptr != value.data() + value.size())
            throw UsageError(where + ": expected a whole number in " + range);
        if (double(number) < spec.minimum || double(number) > spec.maximum)
            throw UsageError(where + ": expected a whole number in " + range);
        return std::to_string(number);
    }
    case ParameterSpec::Kind::Boolean:
        if (value == "true" || value == "1" || value == "yes" || value == "on")
            return "true";
        if (value == "false" || value == "0" || value == "no" || value == "off")
            return "false";
        throw UsageError(where + ": expected true or false");
    case ParameterSpec::Kind::Choice:
        for (const auto &choice : spec.choices)
            if (choice == value)
                return value;
        throw UsageError(where + ": expected one of " + joined(spec.choices));
    }
    return value;
}

std::string defaultValue(const ParameterSpec &spec)
{
    switch (spec.kind) {
    case ParameterSpec::Kind::Real:
        return shortest(spec.defaultValue);
    case ParameterSpec::Kind::Integer:
        return std::to_string((long long)(spec.defaultValue));
    case ParameterSpec::Kind::Boolean:
        return spec.defaultValue != 0.0 ? "true" : "false";
    case ParameterSpec::Kind::Choice:
        return spec.defaultChoice;
    }
    return {};
}

} // namespace

StrategyParameters resolveParameters(const StrategyInfo &info, const StrategyParameters &given)
{
    const std::string &name = info.name;
    StrategyParameters resolved;
    for (const auto &[key, value] : given.values()) {
        if (!info.forwardPrefix.empty() && key.rfind(info.forwardPrefix, 0) == 0) {
            resolved.set(key, value);
            continue;
        }
        const bool known = std::any_of(info.parameters.begin(), info.parameters.end(),
                                       [&](const ParameterSpec &spec) { return spec.key == key; });
        if (!known) {
            std::vector<std::string> keys;
            for (const auto &spec : info.parameters)
                keys.push_back(spec.key);
            throw UsageError(
                name + ": unknown parameter '" + key + "' (" +
                (keys.empty() ? std::string("it takes none") : "known: " + joined(keys)) + ")");
        }
    }
    for (const ParameterSpec &spec : info.parameters)
        resolved.set(spec.key, given.has(spec.key)
                                   ? checkedValue(name, spec, given.text(spec.key, {}))
                                   : defaultValue(spec));
    return resolved;
}

StrategyParameters StrategyRegistry::resolveParameters(const std::string &name,
                                                       const StrategyParameters &parameters) const
{
    const StrategyInfo *info = find(name);
    if (!info)
        throw UsageError("unknown strategy '" + name + "' (known: " + joined(names()) + ")");
    return chipfinder::resolveParameters(*info, parameters);
}

std::unique_ptr<Strategy> StrategyRegistry::create(const std::string &name,
                                                   const StrategyParameters &parameters) const
{
    const StrategyParameters resolved = resolveParameters(name, parameters);
    return find(name)->create(resolved);
}

void StrategyRegistry::add(StrategyInfo info)
{
    m_infos.push_back(std::move(info));
}

} // namespace chipfinder
