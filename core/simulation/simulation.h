#pragma once
// The labeling simulation of the seed issue (DESIGN §4): for each strategy, R runs; each run
// starts from Sp random positives and Sn random negatives of the ground truth, then every
// iteration the strategy proposes k chips, an oracle labels them (flipping each label with
// probability `labelNoise`), and the run stops when recall ≥ threshold or after maxIterations.
// Recall = labeled true positives / all true positives (the oracle's truth, not the noisy label).
// Runs of one strategy advance in lockstep (Strategy::proposeMany), so one step is one batched
// scan. Reproducible: run r of every strategy uses the seed derived from (seed, r), so all
// strategies start from the same Sp/Sn sets.
//
// Choices made here (the seed leaves them open):
//   - Recall counts every truly positive chip that has been shown to the oracle (start set or a
//     proposed batch), whatever noisy label the oracle gave it: the analyst has *seen* it. Label
//     noise therefore acts through what the strategy learns (a flipped chip joins the wrong set
//     P or N), not through the recall bookkeeping. The start sets are noise-free (the analyst
//     picks known examples).
//   - The noisy oracle of run r is one fixed function of (seed, r, chip): every strategy faces
//     the same user in run r (the same chips would be mislabeled), so strategies differ only by
//     what they propose.
//   - Per run: seed_r = std::seed_seq{seed, r} → mt19937_64; the start sets are drawn first from
//     it (partial Fisher-Yates over the true positives, then over the true negatives), then the
//     same generator is handed to the strategy (StrategyInput::rng).
//   - A run stops at the first iteration with recall ≥ threshold (iterationsToThreshold = that
//     iteration; 0 if the start set already reaches it), after maxIterations, or when the strategy
//     returns an empty batch (nothing left to propose; that call is not recorded as an iteration).
//   - batchPrecision = truly positive chips in the batch / chips in the batch.
//   - Every strategy is handed StrategyInput::proposers (who proposed each chip labeled so far in
//     this run: the StrategyReport::proposedBy entry when the strategy filled the report, else the
//     strategy's own name) and a fresh StrategyReport, so `auto` learns in the simulation exactly
//     as in the app. Start-set chips are labeled by hand (no proposer).
//   - With `references`, two reference curves follow the strategies: `oracle` proposes only true
//     positives (in chip order) while any remain, `random` uniformly drawn unlabeled chips (from
//     the run's generator). They bound what any strategy can do and what no strategy should do.
//   - Strategies run one after another; one instance per strategy serves all its runs (one
//     proposeMany call per iteration over the still-active runs). The parallelism is the batched
//     scan inside FlatIndex (one threading layer).
// Thread safety: simulate() only reads the index; it may run concurrently with other readers.

#include "search/searchtypes.h"
#include "strategies/strategy.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

class FlatIndex;
class Feedback;

struct SimulationConfig
{
    std::vector<std::string> strategies;                  // registry names
    std::map<std::string, StrategyParameters> parameters; // per strategy name (optional)
    size_t runs = 10;
    size_t batch = 25;
    size_t startPositives = 3;
    size_t startNegatives = 3;
    double threshold = 0.95;
    size_t maxIterations = 200;
    double labelNoise = 0.0; // probability that the oracle flips a label
    uint64_t seed = 0;
    bool references = false; // append the `oracle` and `random` reference curves
    // Audit rounds (metrics/audit.h): after every `auditEvery`-th iteration of a run, `auditSize`
    // unlabeled chips are drawn, stratified by auditScores(), and labeled by the truth (an audit
    // is a careful look: no label noise); they count as shown chips (recall, labels spent) but
    // not as any strategy's proposals. From the first audit on, every iteration records the
    // estimate of the positives left (RunTrace::audit). 0 = no audits.
    size_t auditSize = 0;
    size_t auditEvery = 5;
    double auditLevel = 0.95;
};

// One estimate of a run after an iteration: the positives left among the unlabeled chips with
// their interval, the truth, and whether the interval holds it.
struct AuditPoint
{
    size_t iteration = 0;
    double estimate = 0.0;
    double low = 0.0;
    double high = 0.0;
    size_t trueRemaining = 0;
    double recallEstimate = 0.0;
    bool covered = false;
};

// One run of one strategy. Index 0 of recall/labelsSpent is the state after the start sets;
// index i (≥ 1) after iteration i. batchPrecision[i-1] is the precision of iteration i's batch.
struct RunTrace
{
    size_t run = 0;
    uint64_t seed = 0;
    std::vector<double> recall;
    std::vector<size_t> labelsSpent;
    std::vector<double> batchPrecision;
    std::optional<size_t> iterationsToThreshold; // nullopt = never reached
    std::vector<AuditPoint> audit;               // with SimulationConfig::auditSize
};

struct StrategyResult
{
    std::string strategy;
    bool reference = false; // `oracle` or `random` (SimulationConfig::references)
    std::vector<RunTrace> runs;

    // Mean recall per iteration over runs (a finished run carries its last value forward).
    std::vector<double> meanRecall() const;
    // Quartiles of iterations-to-threshold over the runs that reached it: {q1, median, q3}
    // (linear interpolation between order statistics, numpy's default); nullopt if none did.
    std::optional<std::array<double, 3>> iterationsQuartiles() const;
    size_t runsReachingThreshold() const;
    double meanLabelsSpent() const; // at the end of each run
    // Share of audit points (all runs) whose interval holds the true number left; nullopt
    // without audit points.
    std::optional<double> auditCoverage() const;
    size_t auditPoints() const;
    double meanAuditWidth() const; // mean high − low over the audit points (0 without)
};

// Rounds to threshold (median over the runs reaching it) against the reference curves:
// roundsOverOracle = strategy / oracle (≥ 1; 1 = as good as possible), randomOverRounds =
// random / strategy (> 1 = better than labeling at random). nullopt when a median is missing
// (no reference, or the strategy or reference never reached the threshold) or is 0.
struct LabelEfficiency
{
    std::optional<double> roundsOverOracle;
    std::optional<double> randomOverRounds;
};

struct SimulationResult
{
    SimulationConfig config;
    size_t chips = 0;
    size_t truePositives = 0;
    std::vector<StrategyResult> strategies; // the references (if any) last

    // nullptr if there is no such curve.
    const StrategyResult *find(const std::string &name) const;
    LabelEfficiency labelEfficiency(const StrategyResult &strategy) const;

    // One row per strategy, run and iteration (iteration 0 = the start sets, whose
    // batch_precision is empty), with a header line:
    // strategy,run,iteration,recall,labels_spent,batch_precision
    // With audits five columns follow, empty before a run's first audit:
    // remaining_estimate,remaining_low,remaining_high,remaining_true,remaining_covered (1/0).
    // Numbers are written in the shortest form that reads back exactly. Throws DataError if the
    // file cannot be written.
    void writeCsv(const std::string &path) const;
    void writeCsv(std::ostream &out) const;
    // Every figure as one JSON object:
    //   {"config": {...}, "chips": N, "true_positives": P,
    //    "references": ["oracle", "random"] (the reference curves present),
    //    "strategies": [{"strategy", "reference": bool, "mean_recall": [...],
    //                    "iterations_to_threshold": [...],
    //                    "iterations_quartiles": [q1, median, q3] | null,
    //                    "runs_reaching_threshold", "mean_labels_spent",
    //                    "label_efficiency": {"rounds_over_oracle": x | null,
    //                                         "random_over_rounds": y | null},
    //                    "runs": [{"run", "seed" (decimal string: 64 bits), "recall": [...],
    //                              "labels_spent": [...], "batch_precision": [...],
    //                              "iterations_to_threshold": n | null}]}]}
    // With audits: "audit": {"size", "every", "level"} in "config"; per strategy
    // "audit_coverage" (x | null), "audit_points", "audit_mean_width"; per run "audit":
    // [{"iteration", "estimate", "low", "high", "true_remaining", "recall_estimate", "covered"}].
    // Throws DataError if the file cannot be written.
    void writeJson(const std::string &path) const;
    void writeJson(std::ostream &out) const;
};

// Creates the strategy instance for one simulated strategy name (the registry by default).
using StrategyFactory = std::function<std::unique_ptr<Strategy>(
    const std::string &name, const StrategyParameters &parameters)>;

// truth: one flag per chip (size == index.size()), 1 = positive. Throws UsageError if the truth
// has the wrong size, fewer than startPositives positives or startNegatives negatives, if runs,
// batch or startPositives is 0, if no strategy is given, or a strategy is unknown (all checked
// before any work). Exceptions thrown by a strategy propagate.
// Progress covers all strategies; cancel throws CanceledError.
SimulationResult simulate(const FlatIndex &index, std::span<const uint8_t> truth,
                          const SimulationConfig &config, Feedback *feedback = nullptr);
// The same with strategies made by `factory` (tests, or strategies outside the registry).
SimulationResult simulate(const FlatIndex &index, std::span<const uint8_t> truth,
                          const SimulationConfig &config, const StrategyFactory &factory,
                          Feedback *feedback = nullptr);

// The seed of run `run` for a simulation seeded with `seed` (std::seed_seq over both).
uint64_t simulationRunSeed(uint64_t seed, size_t run);

} // namespace chipfinder
