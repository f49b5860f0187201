#include "strategies/strategysupport.h"

#include "common/errors.h"
#include "search/flatindex.h"

#include <algorithm>
#include <unordered_set>

namespace chipfinder {

void checkStrategyInput(const StrategyInput &input, bool needPositives)
{
    if (!input.index)
        throw UsageError("strategy: no index given");
    if (input.k == 0)
        throw UsageError("strategy: k must be at least 1");
    if (needPositives && input.positives.empty())
        throw UsageError("strategy: at least one positive chip is needed");
    const auto n = int64_t(input.index->size());
    for (const auto chips : {input.positives, input.negatives})
        for (const int64_t chip : chips)
            if (chip < 0 || chip >= n)
                throw UsageError("strategy: chip index " + std::to_string(chip) + " out of range");
    if (input.labeled && input.labeled->size() != input.index->size())
        throw UsageError("strategy: labeled mask size differs from the index size");
}

const ChipMask &labeledMask(const StrategyInput &input, ChipMask &storage)
{
    if (input.labeled)
        return *input.labeled;
    storage = ChipMask(input.index->size());
    for (const int64_t chip : input.positives)
        storage.set(chip);
    for (const int64_t chip : input.negatives)
        storage.set(chip);
    return storage;
}

std::vector<float> meanOfRows(const FlatIndex &index, std::span<const int64_t> chips)
{
    const size_t dim = index.dim();
    std::vector<double> sum(dim, 0.0);
    for (const int64_t chip : chips) {
        const auto row = index.vectors().row(size_t(chip));
        for (size_t j = 0; j < dim; ++j)
            sum[j] += row[j];
    }
    std::vector<float> mean(dim, 0.0f);
    if (!chips.empty())
        for (size_t j = 0; j < dim; ++j)
            mean[j] = float(sum[j] / double(chips.size()));
    return mean;
}

std::vector<float> gatherRows(const FlatIndex &index, std::span<const int64_t> chips)
{
    return index.rows(chips);
}

std::vector<std::vector<ScoredChip>> neighbourLists(const FlatIndex &index,
                                                    std::span<const int64_t> chips, size_t c,
                                                    const ChipMask *excluded)
{
    return index.neighboursOf(chips, c, excluded);
}

void prepareNeighbourLists(std::span<const StrategyInput> inputs, LabeledSide side, size_t c,
                           bool atLeastK, bool includeLabeled)
{
    if (inputs.empty() || !inputs[0].index)
        return;
    const FlatIndex &index = *inputs[0].index;
    std::vector<int64_t> chips;
    size_t depth = 0;
    for (const auto &input : inputs) {
        if (input.index != &index)
            return; // not one index: nothing to share
        const auto labeled = side == LabeledSide::Positives ? input.positives : input.negatives;
        const int64_t n = int64_t(index.size());
        for (const int64_t chip : labeled)
            if (chip >= 0 && chip < n) // bad input is reported by propose()
                chips.push_back(chip);
        const size_t excluded = includeLabeled  ? 0
                                : input.labeled ? input.labeled->count()
                                                : input.positives.size() + input.negatives.size();
        const size_t wanted = atLeastK && !includeLabeled ? std::max(c, input.k) : c;
        depth = std::max(depth, index.neighbourDepth(wanted, excluded));
    }
    if (depth > 0 && !chips.empty())
        index.prepareNeighbours(chips, depth, inputs[0].feedback);
}

TrainingSet trainingSet(const StrategyInput &input, const ChipMask &labeled)
{
    std::vector<int64_t> negatives(input.negatives.begin(), input.negatives.end());
    if (negatives.empty()) {
        std::mt19937_64 fallback(0);
        negatives =
            pseudoNegatives(*input.index, labeled, std::max<size_t>(input.positives.size(), 10),
                            input.rng ? *input.rng : fallback);
    }
    TrainingSet set;
    set.chips.assign(input.positives.begin(), input.positives.end());
    set.chips.insert(set.chips.end(), negatives.begin(), negatives.end());
    set.labels.assign(set.chips.size(), 0);
    std::fill(set.labels.begin(), set.labels.begin() + ptrdiff_t(input.positives.size()), 1);
    set.negatives = negatives.size();
    return set;
}

std::unordered_map<int64_t, NeighbourVote>
countNeighbourVotes(const std::vector<std::vector<ScoredChip>> &lists, const ChipMask *skip)
{
    std::unordered_map<int64_t, NeighbourVote> votes;
    for (const auto &list : lists)
        for (const auto &c : list) {
            if (skip && skip->test(c.chip))
                continue;
            auto &vote = votes[c.chip];
            vote.count += 1;
            vote.best = std::max(vote.best, c.score);
            vote.sum += double(c.score);
        }
    return votes;
}

std::unordered_map<int64_t, NeighbourVote>
commonNeighbourVotes(const FlatIndex &index, std::span<const int64_t> chips, size_t c,
                     const ChipMask &labeled, bool includeLabeled, size_t minCandidates)
{
    if (!includeLabeled)
        return countNeighbourVotes(
            neighbourLists(index, chips, std::max(c, minCandidates), &labeled));
    const size_t n = index.size();
    c = std::min(std::max<size_t>(c, 1), n);
    for (;;) {
        auto votes = countNeighbourVotes(neighbourLists(index, chips, c, nullptr), &labeled);
        if (votes.size() >= minCandidates || c >= n)
            return votes;
        c = std::min(2 * c, n);
    }
}

TieBreak parseTieBreak(const std::string &strategy, const std::string &text)
{
    if (text == "best")
        return TieBreak::Best;
    if (text == "sum")
        return TieBreak::Sum;
    throw UsageError(strategy + ": tie-break must be best or sum, not '" + text + "'");
}

float voteTieFraction(Metric metric, const NeighbourVote &vote, TieBreak tieBreak)
{
    if (tieBreak == TieBreak::Sum && vote.count > 0)
        return tieFraction(metric, float(vote.sum / vote.count));
    return tieFraction(metric, vote.best);
}

float tieFraction(Metric metric, float score)
{
    if (metric == Metric::Cosine)
        return 0.99f * (std::clamp(score, -1.0f, 1.0f) + 1.0f) * 0.5f;
    return 0.99f / (1.0f + std::max(0.0f, -score));
}

std::vector<int64_t> pseudoNegatives(const FlatIndex &index, const ChipMask &labeled, size_t count,
                                     std::mt19937_64 &rng)
{
    const size_t n = index.size();
    const size_t available = n - std::min(n, labeled.count());
    count = std::min(count, available);
    std::vector<int64_t> out;
    std::unordered_set<int64_t> taken;
    std::uniform_int_distribution<int64_t> pick(0, int64_t(n) - 1);
    while (out.size() < count) {
        const int64_t chip = pick(rng);
        if (labeled.test(chip) || !taken.insert(chip).second)
            continue;
        out.push_back(chip);
    }
    return out;
}

} // namespace chipfinder
