#pragma once
// `common-similar` (seed issue): every positive votes for the chips in its neighbour list; each
// unlabeled chip with a vote is scored count + tie-break term, count = how many positives' lists
// hold it (commonNeighbourVotes(), voteTieFraction() in strategysupport.h).
// - include-labeled = false: the list is the positive's max(C, k) nearest unlabeled chips.
// - include-labeled = true (the seed's procedure): its C nearest chips, labeled ones included,
//   C doubled while fewer than k chips got a vote.
// - tie-break: best (the best similarity to a voter) or sum (the summed similarity).
// Parameters: neighbours (C, 100), include-labeled (true), tie-break (sum): voteParameters().

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"
#include "strategies/strategysupport.h"

namespace chipfinder {

class CommonSimilarStrategy : public Strategy
{
public:
    static constexpr int kDefaultNeighbours = 100;

    static StrategyInfo info();
    // The specs of neighbours, include-labeled and tie-break, shared with common-contrastive.
    static std::vector<ParameterSpec> voteParameters();
    explicit CommonSimilarStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "common-similar"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;
    // Batches the neighbour scans of all inputs' labeled chips, then propose() for each.
    std::vector<std::vector<ScoredChip>>
    proposeMany(std::span<const StrategyInput> inputs) override;

private:
    size_t m_neighbours;
    bool m_includeLabeled;
    TieBreak m_tieBreak;
};

} // namespace chipfinder
