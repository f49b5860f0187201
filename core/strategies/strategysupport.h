#pragma once
// Helpers shared by the strategies: input checks, the labeled mask, means of rows, batched
// neighbour lists, pseudo-negatives, and a monotone map of scores to [0, 1) used to break ties
// between equal counts. Stateless free functions; thread safe.

#include "search/searchtypes.h"
#include "strategies/strategy.h"

#include <unordered_map>
#include <vector>

namespace chipfinder {

class FlatIndex;

// Throws UsageError unless input has an index, k ≥ 1, every chip in range, and (if
// needPositives) at least one positive.
void checkStrategyInput(const StrategyInput &input, bool needPositives = true);

// The mask of chips that must not be returned: input.labeled if set, otherwise P ∪ N built in
// storage.
const ChipMask &labeledMask(const StrategyInput &input, ChipMask &storage);

// Mean of the index's stored rows (normalised for cosine) for these chips (D values); zeros if
// chips is empty.
std::vector<float> meanOfRows(const FlatIndex &index, std::span<const int64_t> chips);

// For every chip, its C nearest stored chips not in excluded (best first): exact, through the
// index's memoised neighbour lists (FlatIndex::neighboursOf), so positives that recur from one
// call to the next are scanned once.
std::vector<std::vector<ScoredChip>> neighbourLists(const FlatIndex &index,
                                                    std::span<const int64_t> chips, size_t c,
                                                    const ChipMask *excluded);

// Before proposing for many inputs (simulation runs in lockstep): fills the index's neighbour
// lists of every input's positives (or negatives) in ONE batched scan, deep enough for
// neighbourLists(..., c', labeled) with c' = max(c, input.k) if atLeastK, else c; with
// includeLabeled, deep enough for the unmasked neighbourLists(..., c, nullptr).
enum class LabeledSide
{
    Positives,
    Negatives
};
void prepareNeighbourLists(std::span<const StrategyInput> inputs, LabeledSide side, size_t c,
                           bool atLeastK, bool includeLabeled = false);

// Maps a score of the given metric monotonically into [0, 0.99]: cosine s ∈ [−1, 1] →
// 0.99·(s + 1)/2; Euclidean s = −d² → 0.99 / (1 + d²). Added to integer counts to break ties.
float tieFraction(Metric metric, float score);

// count chips drawn uniformly (with std::uniform_int_distribution over [0, N)) from the chips
// not in labeled, without repetition, in draw order; fewer if fewer remain. Used as negatives by
// learners when the user gave none.
std::vector<int64_t> pseudoNegatives(const FlatIndex &index, const ChipMask &labeled, size_t count,
                                     std::mt19937_64 &rng);

// The learners' training set: P (label 1) then N (label 0); without negatives, max(|P|, 10)
// pseudoNegatives() drawn with input.rng (a fixed seed if none) stand in. `negatives` counts the
// N part (0 if none could be drawn).
struct TrainingSet
{
    std::vector<int64_t> chips;
    std::vector<uint8_t> labels;
    size_t negatives = 0;
};
TrainingSet trainingSet(const StrategyInput &input, const ChipMask &labeled);

// How many neighbour lists hold each chip, its best score in them and the sum of its scores.
struct NeighbourVote
{
    int count = 0;
    float best = -3.4e38f;
    double sum = 0.0;
};
// Chips in skip (if given) get no vote.
std::unordered_map<int64_t, NeighbourVote>
countNeighbourVotes(const std::vector<std::vector<ScoredChip>> &lists,
                    const ChipMask *skip = nullptr);

// The votes of common-similar and common-contrastive for the unlabeled chips in the neighbour
// lists of `chips`:
// - includeLabeled = false: each chip's max(c, minCandidates) nearest unlabeled chips.
// - includeLabeled = true (the seed issue's procedure): each chip's c nearest chips, labeled
//   ones included (so a chip deep inside a labeled cluster casts few votes), labeled chips then
//   dropped; while fewer than minCandidates chips got a vote, c doubles (at most N).
std::unordered_map<int64_t, NeighbourVote>
commonNeighbourVotes(const FlatIndex &index, std::span<const int64_t> chips, size_t c,
                     const ChipMask &labeled, bool includeLabeled, size_t minCandidates);

// How common-similar and common-contrastive break ties between equal vote counts.
enum class TieBreak
{
    Best, // the best similarity to a voter
    Sum   // the summed similarity to the voters (the seed issue's procedure)
};
// The tie-break term in [0, 0.99]: tieFraction() of the best or the mean score (for equal
// counts the mean orders as the sum).
float voteTieFraction(Metric metric, const NeighbourVote &vote, TieBreak tieBreak);
// "best" or "sum"; UsageError naming the strategy otherwise.
TieBreak parseTieBreak(const std::string &strategy, const std::string &text);

// Rows of the index's stored vectors for chips, row-major (chips.size() × D).
std::vector<float> gatherRows(const FlatIndex &index, std::span<const int64_t> chips);

} // namespace chipfinder
