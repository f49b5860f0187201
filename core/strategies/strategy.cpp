#include "strategies/strategy.h"

#include "common/errors.h"

#include <charconv>
#include <cstdlib>

namespace chipfinder {

double StrategyParameters::real(const std::string &key, double fallback) const
{
    const auto it = m_values.find(key);
    if (it == m_values.end())
        return fallback;
    char *end = nullptr;
    const double value = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end != '\0')
        throw UsageError("parameter '" + key + "': '" + it->second + "' is not a number");
    return value;
}

long long StrategyParameters::integer(const std::string &key, long long fallback) const
{
    const auto it = m_values.find(key);
    if (it == m_values.end())
        return fallback;
    long long value = 0;
    const auto &s = it->second;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size())
        throw UsageError("parameter '" + key + "': '" + s + "' is not an integer");
    return value;
}

bool StrategyParameters::boolean(const std::string &key, bool fallback) const
{
    const auto it = m_values.find(key);
    if (it == m_values.end())
        return fallback;
    const auto &s = it->second;
    if (s == "true" || s == "1" || s == "yes" || s == "on")
        return true;
    if (s == "false" || s == "0" || s == "no" || s == "off")
        return false;
    throw UsageError("parameter '" + key + "': '" + s + "' is not a boolean (true/false)");
}

std::string StrategyParameters::text(const std::string &key, const std::string &fallback) const
{
    const auto it = m_values.find(key);
    return it == m_values.end() ? fallback : it->second;
}

namespace {
[[noreturn]] void missing(const std::string &key)
{
    throw UsageError("parameter '" + key + "' is missing");
}
} // namespace

double StrategyParameters::real(const std::string &key) const
{
    if (!has(key))
        missing(key);
    return real(key, 0.0);
}

long long StrategyParameters::integer(const std::string &key) const
{
    if (!has(key))
        missing(key);
    return integer(key, 0);
}

bool StrategyParameters::boolean(const std::string &key) const
{
    if (!has(key))
        missing(key);
    return boolean(key, false);
}

std::string StrategyParameters::text(const std::string &key) const
{
    if (!has(key))
        missing(key);
    return text(key, {});
}

StrategyParameters StrategyParameters::parse(const std::string &text)
{
    StrategyParameters parameters;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string pair = text.substr(start, end - start);
        const size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError("strategy parameter '" + pair + "' is not key=value");
        parameters.set(pair.substr(0, eq), pair.substr(eq + 1));
        start = end + 1;
    }
    return parameters;
}

std::vector<std::vector<ScoredChip>> Strategy::proposeMany(std::span<const StrategyInput> inputs)
{
    std::vector<std::vector<ScoredChip>> results;
    results.reserve(inputs.size());
    for (const auto &input : inputs)
        results.push_back(propose(input));
    return results;
}

} // namespace chipfinder
