#pragma once
// The labeling simulation of the seed issue (DESIGN §4): for each strategy, R runs; each run
// starts from Sp random positives and Sn random negatives of the ground truth, then every
// iteration the strategy proposes k chips, an oracle labels them (flipping each label with
// probability `labelNoise`), and the run stops when recall ≥ threshold or after maxIterations.
// Recall = labeled true positives / all true positives (the oracle's truth, not the noisy label).
// Runs of one strategy advance in lockstep (Strategy::proposeMany), so one step is one batched
// scan. Reproducible: run r of every strategy uses the seed derived from (seed, r), so all
// strategies start from the same Sp/Sn sets.

#include "search/searchtypes.h"
#include "strategies/strategy.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
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
};

struct StrategyResult
{
    std::string strategy;
    std::vector<RunTrace> runs;

    // Mean recall per iteration over runs (a finished run carries its last value forward).
    std::vector<double> meanRecall() const;
    // Quartiles of iterations-to-threshold over the runs that reached it: {q1, median, q3};
    // nullopt if none did.
    std::optional<std::array<double, 3>> iterationsQuartiles() const;
    size_t runsReachingThreshold() const;
    double meanLabelsSpent() const; // at the end of each run
};

struct SimulationResult
{
    SimulationConfig config;
    size_t chips = 0;
    size_t truePositives = 0;
    std::vector<StrategyResult> strategies;

    // One row per strategy, run and iteration:
    // strategy,run,iteration,recall,labels_spent,batch_precision
    void writeCsv(const std::string &path) const;
    // Config, per-run traces, mean curves, quartiles: every figure.
    void writeJson(const std::string &path) const;
};

// truth: one flag per chip (size == index.size()), 1 = positive. Throws UsageError if the truth
// has fewer than startPositives positives or startNegatives negatives, or a strategy is unknown.
// Progress covers all strategies; cancel throws CanceledError.
SimulationResult simulate(const FlatIndex &index, std::span<const uint8_t> truth,
                          const SimulationConfig &config, Feedback *feedback = nullptr);

} // namespace chipfinder
