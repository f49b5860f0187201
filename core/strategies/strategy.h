#pragma once
// The one interface every search strategy implements (DESIGN §3). Given the index (embeddings),
// the positive set P, the negative set N, the labeled set, a batch size k and a random generator,
// a strategy returns at most k chips that are NOT labeled, with scores, best first.
// Strategies hold their parameters and may keep caches between calls; one instance is used by
// one thread at a time.

#include "search/searchtypes.h"

#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chipfinder {

class FlatIndex;
class Feedback;

// What a delegating strategy (auto) did in one propose(): who proposed each returned chip and how
// the batch was shared.
struct StrategyReport
{
    std::vector<std::string> proposedBy; // parallel to the returned chips
    std::vector<std::pair<std::string, double>>
        shares;          // strategy → share of this batch (sums to 1)
    std::string summary; // one English line for CLI/logs
};

struct StrategyInput
{
    const FlatIndex *index = nullptr;
    std::span<const int64_t> positives;
    std::span<const int64_t> negatives;
    const ChipMask *labeled = nullptr; // every chip that must not be returned (⊇ P ∪ N)
    size_t k = 25;
    std::mt19937_64 *rng = nullptr;
    Feedback *feedback = nullptr; // optional
    // Optional, in: for labeled chips that a strategy proposed in an earlier round, the registry
    // name of the strategy that proposed it (e.g. "classifier"); chips labeled by hand are absent.
    const std::unordered_map<int64_t, std::string> *proposers = nullptr;
    // Optional, in: for chips in proposers, the review round in which each was proposed (1 = the
    // first search), and `round`, the round this call proposes for; auto weighs newer outcomes
    // more. Without it every outcome weighs the same.
    const std::unordered_map<int64_t, int> *proposedIn = nullptr;
    int round = 0;
    // Optional, out: strategies that delegate (auto) say who proposed what and how the batch was
    // shared; others leave it untouched.
    StrategyReport *report = nullptr;
};

// Parameter values by key, as text (numbers, booleans "true"/"false", or choice names).
class StrategyParameters
{
public:
    StrategyParameters() = default;
    StrategyParameters(std::map<std::string, std::string> values) : m_values(std::move(values)) {}

    void set(const std::string &key, const std::string &value) { m_values[key] = value; }
    bool has(const std::string &key) const { return m_values.count(key) != 0; }
    double real(const std::string &key, double fallback) const;
    long long integer(const std::string &key, long long fallback) const;
    bool boolean(const std::string &key, bool fallback) const;
    std::string text(const std::string &key, const std::string &fallback) const;
    // The same for a key that must be present (parameters resolved against a spec have every
    // key); UsageError if it is missing or does not parse.
    double real(const std::string &key) const;
    long long integer(const std::string &key) const;
    bool boolean(const std::string &key) const;
    std::string text(const std::string &key) const;
    const std::map<std::string, std::string> &values() const { return m_values; }

    // Parses "key=value,key=value"; throws UsageError on a malformed pair.
    static StrategyParameters parse(const std::string &text);

private:
    std::map<std::string, std::string> m_values;
};

// Describes one parameter for UIs and --help.
struct ParameterSpec
{
    enum class Kind
    {
        Real,
        Integer,
        Boolean,
        Choice
    };
    std::string key;   // e.g. "beta"
    std::string label; // e.g. "Negative weight β" (English; the UI translates)
    std::string description;
    Kind kind = Kind::Real;
    double defaultValue = 0.0;
    double minimum = 0.0;
    double maximum = 1.0;
    std::vector<std::string> choices; // Kind::Choice: the values
    std::string defaultChoice;
    // What the UI shows for each choice (English, translated by the UI), parallel to choices;
    // empty = the registry title when a choice names a strategy, else the value itself.
    std::vector<std::string> choiceLabels;
};

class Strategy
{
public:
    virtual ~Strategy() = default;
    virtual std::string name() const = 0;

    // At most input.k unlabeled chips, best first. Throws UsageError if the input cannot be
    // served (e.g. no positives), CanceledError if input.feedback is canceled.
    virtual std::vector<ScoredChip> propose(const StrategyInput &input) = 0;

    // Many independent inputs at once (one per simulation run, all on the same index), so
    // query-based strategies can do one batched scan. Default: propose() for each.
    virtual std::vector<std::vector<ScoredChip>> proposeMany(std::span<const StrategyInput> inputs);
};

} // namespace chipfinder
