#pragma once
// `auto`: shares every batch among a few registered strategies (its "arms") by how well each has
// been finding positives in this session; it needs no ground truth, only the analyst's own
// accept/reject outcomes.
//
// Evidence: every labeled chip that an arm proposed in an earlier round (StrategyInput::proposers)
// is a hit for that arm if it is a positive, a miss if it is a negative; chips labeled by hand or
// proposed by other strategies are not evidence. With StrategyInput::proposedIn and round, an
// outcome weighs 0.7^age, age = the rounds between its round and the last one (the last round's
// outcomes weigh 1), so the arms finding positives now count most; without, every outcome
// weighs 1. Arm a's precision is modelled as
// Beta(1 + prior_a + hits_a, 1 + (strength − prior_a) + misses_a), strength 2; prior_a: rocchio
// 1.4, learned-metric 1.1, classifier 1.0, common-contrastive 0.9, knn-union 0.6, others 1.0.
// Shares: without any evidence the batch is shared by the prior weights (largest remainder).
// With evidence, every arm first gets a floor of one slot (when k ≥ 2 · arms), then each further
// slot goes to the arm with the highest draw from its posterior (Thompson sampling, drawn from
// StrategyInput::rng in a fixed order: the same seed gives the same batch).
// Batch: only the arms with at least one slot run (each asked for k chips, with its registry
// defaults); their ranked lists are merged by interleaving, the arm furthest below its share
// picking next (ties: arm order), skipping chips already taken, so a chip proposed by two arms
// belongs to the arm whose slot took it. An arm that runs out leaves its slots to the others.
// Scores are (k − rank) / k. StrategyInput::report receives proposedBy, the shares (every arm,
// in arm order, summing to 1) and a one-line summary.
// Parameter: arms (text: registry names joined by '+', default
// classifier+learned-metric+common-contrastive+knn-union+rocchio); not shown in the UI.

#include "strategies/strategy.h"
#include "strategies/strategyregistry.h"

#include <memory>
#include <string>
#include <vector>

namespace chipfinder {

class AutoStrategy : public Strategy
{
public:
    static StrategyInfo info();
    // The default arms, in order.
    static std::vector<std::string> defaultArms();

    explicit AutoStrategy(const StrategyParameters &parameters = {});
    std::string name() const override { return "auto"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override;
    // Shares every input's batch, then ONE proposeMany per arm over the inputs that gave it a
    // slot (so the arms batch their scans), then merges per input.
    std::vector<std::vector<ScoredChip>>
    proposeMany(std::span<const StrategyInput> inputs) override;

    const std::vector<std::string> &arms() const { return m_armNames; }

private:
    struct Evidence
    {
        double hits = 0.0;   // weighted by recency
        double misses = 0.0; // weighted by recency
        size_t accepted = 0; // unweighted counts, for the summary
        size_t judged = 0;
    };
    std::vector<Evidence> evidence(const StrategyInput &input) const;
    std::vector<size_t> allocate(const StrategyInput &input,
                                 const std::vector<Evidence> &evidence) const;

    std::vector<std::string> m_armNames;
    std::vector<double> m_prior; // prior pseudo-hits per arm (of m_priorStrength)
    double m_priorStrength = 2.0;
    std::vector<std::unique_ptr<Strategy>> m_arms;
};

} // namespace chipfinder
