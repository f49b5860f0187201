#include "strategies/autostrategy.h"

#include "common/errors.h"
#include "common/translatable.h"
#include "strategies/strategysupport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace chipfinder {

namespace {

// Prior pseudo-hits of each known arm (of a strength of 2 pseudo-labels): the share of the
// first batch, before any evidence. Chosen on the four tuning sets of tests/eval with
// standardised features, where rocchio is within 1.1x of the best on all four and knn-union the
// weakest arm. Unknown arms get the default.
double priorOf(const std::string &arm)
{
    if (arm == "rocchio")
        return 1.4;
    if (arm == "learned-metric")
        return 1.1;
    if (arm == "common-contrastive")
        return 0.9;
    if (arm == "knn-union")
        return 0.6;
    return 1.0;
}

// An outcome from `age` rounds before the last one weighs kRecency^age.
constexpr double kRecency = 0.7;

double betaDraw(double alpha, double beta, std::mt19937_64 &rng)
{
    std::gamma_distribution<double> a(alpha, 1.0), b(beta, 1.0);
    const double x = a(rng);
    const double y = b(rng);
    return x + y > 0.0 ? x / (x + y) : 0.5;
}

std::vector<std::string> splitArms(const std::string &text)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('+', start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string percent(double share)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.0f %%", share * 100.0);
    return buffer;
}

} // namespace

std::vector<std::string> AutoStrategy::defaultArms()
{
    return {"classifier", "learned-metric", "common-contrastive", "knn-union", "rocchio"};
}

StrategyInfo AutoStrategy::info()
{
    return {
        .name = "auto",
        .title = QT_TRANSLATE_NOOP("strategy", "Automatic"),
        .description = QT_TRANSLATE_NOOP(
            "strategy",
            "Shares each batch among several strategies by how many of their earlier proposals "
            "you accepted, so the strategies finding positives now get most of it; says which "
            "strategy proposed each candidate."),
        .usesNegatives = true,
        .create = [](const StrategyParameters &p) { return std::make_unique<AutoStrategy>(p); },
    };
}

AutoStrategy::AutoStrategy(const StrategyParameters &parameters)
{
    std::string armsText;
    for (const auto &arm : defaultArms())
        armsText += (armsText.empty() ? "" : "+") + arm;
    m_armNames = splitArms(parameters.text("arms", armsText));
    if (m_armNames.empty())
        throw UsageError("auto: arms names no strategy (expected names joined by '+')");
    const auto &registry = StrategyRegistry::instance();
    for (size_t i = 0; i < m_armNames.size(); ++i) {
        const auto &arm = m_armNames[i];
        if (arm == "auto")
            throw UsageError("auto: 'auto' cannot be one of its own arms");
        if (std::find(m_armNames.begin(), m_armNames.begin() + long(i), arm) !=
            m_armNames.begin() + long(i))
            throw UsageError("auto: arm '" + arm + "' is named twice");
        m_arms.push_back(registry.create(arm)); // throws naming the known strategies
        m_prior.push_back(priorOf(arm));
    }
}

std::vector<AutoStrategy::Evidence> AutoStrategy::evidence(const StrategyInput &input) const
{
    std::vector<Evidence> out(m_armNames.size());
    if (!input.proposers || input.proposers->empty())
        return out;
    std::unordered_map<std::string, size_t> armOf;
    for (size_t a = 0; a < m_armNames.size(); ++a)
        armOf.emplace(m_armNames[a], a);
    const auto count = [&](std::span<const int64_t> chips, bool hit) {
        for (const int64_t chip : chips) {
            const auto proposer = input.proposers->find(chip);
            if (proposer == input.proposers->end())
                continue;
            const auto arm = armOf.find(proposer->second);
            if (arm == armOf.end())
                continue;
            double weight = 1.0;
            if (input.proposedIn) {
                const auto when = input.proposedIn->find(chip);
                if (when != input.proposedIn->end())
                    weight =
                        std::pow(kRecency, double(std::max(0, input.round - when->second - 1)));
            }
            auto &e = out[arm->second];
            (hit ? e.hits : e.misses) += weight;
            e.accepted += hit ? 1 : 0;
            ++e.judged;
        }
    };
    count(input.positives, true);
    count(input.negatives, false);
    return out;
}

std::vector<size_t> AutoStrategy::allocate(const StrategyInput &input,
                                           const std::vector<Evidence> &evidence) const
{
    const size_t arms = m_armNames.size();
    const size_t k = input.k;
    std::vector<size_t> quota(arms, 0);
    double total = 0.0;
    for (const auto &e : evidence)
        total += e.hits + e.misses;
    if (total == 0.0) {
        // The prior mix, by largest remainder (ties: arm order).
        double weights = 0.0;
        for (const double p : m_prior)
            weights += p;
        std::vector<std::pair<double, size_t>> remainders;
        size_t given = 0;
        for (size_t a = 0; a < arms; ++a) {
            const double exact = double(k) * m_prior[a] / weights;
            quota[a] = size_t(std::floor(exact));
            given += quota[a];
            remainders.push_back({exact - double(quota[a]), a});
        }
        std::stable_sort(remainders.begin(), remainders.end(),
                         [](const auto &x, const auto &y) { return x.first > y.first; });
        for (size_t i = 0; given < k; ++i, ++given)
            ++quota[remainders[i % arms].second];
        return quota;
    }
    std::mt19937_64 fallback(0);
    std::mt19937_64 &rng = input.rng ? *input.rng : fallback;
    size_t left = k;
    if (k >= 2 * arms) {
        for (auto &q : quota)
            q = 1;
        left -= arms;
    }
    for (; left > 0; --left) {
        size_t best = 0;
        double bestDraw = -1.0;
        for (size_t a = 0; a < arms; ++a) {
            const double alpha = 1.0 + m_prior[a] + evidence[a].hits;
            const double beta = 1.0 + (m_priorStrength - m_prior[a]) + evidence[a].misses;
            const double draw = betaDraw(alpha, beta, rng);
            if (draw > bestDraw) {
                bestDraw = draw;
                best = a;
            }
        }
        ++quota[best];
    }
    return quota;
}

std::vector<ScoredChip> AutoStrategy::propose(const StrategyInput &input)
{
    return proposeMany(std::span<const StrategyInput>(&input, 1))[0];
}

std::vector<std::vector<ScoredChip>>
AutoStrategy::proposeMany(std::span<const StrategyInput> inputs)
{
    const size_t count = inputs.size();
    const size_t arms = m_arms.size();
    std::vector<std::vector<Evidence>> evidences(count);
    std::vector<std::vector<size_t>> quotas(count);
    for (size_t i = 0; i < count; ++i) {
        checkStrategyInput(inputs[i]);
        evidences[i] = evidence(inputs[i]);
        quotas[i] = allocate(inputs[i], evidences[i]);
    }

    // lists[i][a]: arm a's ranked list for input i (empty if the arm got no slot there).
    std::vector<std::vector<std::vector<ScoredChip>>> lists(
        count, std::vector<std::vector<ScoredChip>>(arms));
    for (size_t a = 0; a < arms; ++a) {
        std::vector<StrategyInput> armInputs;
        std::vector<size_t> owners;
        for (size_t i = 0; i < count; ++i) {
            if (quotas[i][a] == 0)
                continue;
            StrategyInput armInput = inputs[i];
            armInput.proposers = nullptr;
            armInput.proposedIn = nullptr;
            armInput.report = nullptr;
            armInputs.push_back(armInput);
            owners.push_back(i);
        }
        if (armInputs.empty())
            continue;
        auto results = m_arms[a]->proposeMany(armInputs);
        for (size_t j = 0; j < owners.size() && j < results.size(); ++j)
            lists[owners[j]][a] = std::move(results[j]);
    }

    std::vector<std::vector<ScoredChip>> out(count);
    for (size_t i = 0; i < count; ++i) {
        const size_t k = inputs[i].k;
        const auto &quota = quotas[i];
        std::vector<size_t> taken(arms, 0), next(arms, 0);
        std::unordered_set<int64_t> chosen;
        std::vector<ScoredChip> batch;
        std::vector<std::string> proposedBy;
        // The next chip of arm a not taken yet, or false when its list is exhausted.
        const auto advance = [&](size_t a) {
            auto &list = lists[i][a];
            while (next[a] < list.size() && chosen.count(list[next[a]].chip))
                ++next[a];
            return next[a] < list.size();
        };
        while (batch.size() < k) {
            // The arm furthest below its share that still has a chip; after every quota is
            // met (or its arm ran out), any arm that still has one.
            size_t pick = arms;
            double lowest = 0.0;
            for (const bool overQuota : {false, true}) {
                for (size_t a = 0; a < arms; ++a) {
                    if (quota[a] == 0 || (!overQuota && taken[a] >= quota[a]) || !advance(a))
                        continue;
                    const double fill = (double(taken[a]) + 0.5) / double(quota[a]);
                    if (pick == arms || fill < lowest) {
                        pick = a;
                        lowest = fill;
                    }
                }
                if (pick != arms)
                    break;
            }
            if (pick == arms)
                break;
            const int64_t chip = lists[i][pick][next[pick]].chip;
            chosen.insert(chip);
            ++taken[pick];
            batch.push_back({chip, float(k - batch.size()) / float(k)});
            proposedBy.push_back(m_armNames[pick]);
        }

        if (StrategyReport *report = inputs[i].report) {
            report->proposedBy = proposedBy;
            report->shares.clear();
            std::string shares, evidenceText;
            for (size_t a = 0; a < arms; ++a) {
                const double share = batch.empty() ? 0.0 : double(taken[a]) / double(batch.size());
                report->shares.push_back({m_armNames[a], share});
                shares += (a ? ", " : "") + m_armNames[a] + " " + percent(share);
                const auto &e = evidences[i][a];
                evidenceText += (a ? ", " : "") + m_armNames[a] + " " + std::to_string(e.accepted) +
                                "/" + std::to_string(e.judged);
            }
            double total = 0.0;
            for (const auto &e : evidences[i])
                total += e.hits + e.misses;
            report->summary = "auto: " + shares +
                              (total == 0.0 ? std::string(" (prior mix: no accepted or rejected "
                                                          "proposal yet)")
                                            : " (accepted/judged proposals: " + evidenceText + ")");
        }
        out[i] = std::move(batch);
    }
    return out;
}

} // namespace chipfinder
