// Simulation speed: iterations per second per strategy on generated clustered embeddings
// (default 10^5 chips × 768, a planted positive cluster of 1 %), with R runs in lockstep so one
// iteration is one batched step for all runs. The baseline, measured in the same run on the same
// index, is one plain exact single-query top-25 scan (FlatIndex::search); the ratio
// "step / scan" says how many single-query scans one lockstep step of R runs costs.
// Target on the 2-core reference machine: ≥ 100 run-iterations per second at 10^5 chips.
//
// Usage: chipfinder-bench_simulation [--rows N] [--dim D] [--runs R] [--iterations I]
//                                    [--batch K] [--strategies a,b,...] [--budget SECONDS]
//                                    [--auto-rounds N]
// A strategy still running after --budget seconds (default 30) is canceled through its Feedback;
// its rate is then computed from the iterations completed so far (marked "*").

#include "common/errors.h"
#include "common/feedback.h"
#include "search/flatindex.h"
#include "simulation/simulation.h"
#include "strategies/strategyregistry.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using namespace chipfinder;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point begin)
{
    return std::chrono::duration<double>(Clock::now() - begin).count();
}

// Clustered data: `clusters` Gaussian centres, chips spread around them; cluster 0 (1 % of the
// chips) is the planted positive class. Filled in parallel row blocks (deterministic per block).
void generate(EmbeddingMatrix &m, std::vector<uint8_t> &truth, size_t clusters)
{
    const size_t n = m.rows(), d = m.dim();
    std::mt19937_64 rng(42);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> centres(clusters * d);
    for (float &v : centres)
        v = normal(rng);
    const size_t positives = std::max<size_t>(50, n / 100);
    truth.assign(n, 0);
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            std::mt19937_64 local(1000 + t);
            std::normal_distribution<float> noise(0.0f, 1.0f);
            for (size_t i = t; i < n; i += threads) {
                // Positives are spread over the rows (every n/positives-th chip).
                const bool positive = (i % (n / positives)) == 0;
                const size_t cluster = positive ? 0 : 1 + (i * 7919) % (clusters - 1);
                float *row = m.data() + i * d;
                for (size_t j = 0; j < d; ++j)
                    row[j] = centres[cluster * d + j] + 0.9f * noise(local);
                if (positive)
                    truth[i] = 1;
            }
        });
    }
    for (auto &t : pool)
        t.join();
}

std::vector<std::string> split(const std::string &text)
{
    std::vector<std::string> out;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    size_t rows = 100000, dim = 768, runs = 10, iterations = 20, batch = 25, autoRounds = 6;
    double budget = 30.0;
    std::vector<std::string> strategies = StrategyRegistry::instance().names();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--rows")
            rows = std::stoul(value);
        else if (key == "--dim")
            dim = std::stoul(value);
        else if (key == "--runs")
            runs = std::stoul(value);
        else if (key == "--iterations")
            iterations = std::stoul(value);
        else if (key == "--batch")
            batch = std::stoul(value);
        else if (key == "--strategies")
            strategies = split(value);
        else if (key == "--auto-rounds")
            autoRounds = std::stoul(value);
        else if (key == "--budget")
            budget = std::stod(value);
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }

    std::printf("bench_simulation: %zu chips x %zu dims (fp32, cosine), %zu runs in lockstep, "
                "%zu iterations, batch %zu, %u hardware threads\n",
                rows, dim, runs, iterations, batch, std::thread::hardware_concurrency());
    auto begin = Clock::now();
    EmbeddingMatrix matrix(rows, dim);
    std::vector<uint8_t> truth;
    generate(matrix, truth, 64);
    std::printf("generated in %.2f s (%zu planted positives)\n", seconds(begin),
                size_t(std::count(truth.begin(), truth.end(), uint8_t(1))));
    begin = Clock::now();
    const FlatIndex index(matrix, Metric::Cosine);
    matrix = EmbeddingMatrix(); // the index holds its own copy
    std::printf("index built in %.2f s\n", seconds(begin));

    // Baseline: one exact single-query top-25 scan, excluding a few labeled chips.
    std::vector<float> query(index.vectors().row(0).begin(), index.vectors().row(0).end());
    ChipMask labeled(rows);
    for (int64_t chip : {0, 1, 2, 3, 4, 5})
        labeled.set(chip);
    index.search(query, 25, &labeled); // warm-up
    const int scans = 20;
    begin = Clock::now();
    for (int s = 0; s < scans; ++s) {
        query[size_t(s) % dim] += 1e-3f;
        index.search(query, 25, &labeled);
    }
    const double scan = seconds(begin) / scans;
    std::printf("baseline: exact single-query top-25 scan %.2f ms (%.1f GB/s)\n\n", scan * 1e3,
                double(rows) * double(dim) * 4.0 / scan / 1e9);

    std::printf("%-20s %10s %12s %14s %12s %10s\n", "strategy", "step ms", "steps/s", "run-iter/s",
                "step/scan", "recall");
    for (const auto &name : strategies) {
        SimulationConfig config;
        config.strategies = {name};
        config.runs = runs;
        config.batch = batch;
        config.maxIterations = iterations;
        config.threshold = 1.01; // never reached: every run does every iteration
        config.seed = 1;
        begin = Clock::now();
        Feedback feedback;
        double done = 0.0; // fraction of the iterations completed
        feedback.setCallback([&](double fraction) {
            done = fraction;
            if (seconds(begin) > budget)
                feedback.cancel();
        });
        SimulationResult result;
        bool canceled = false;
        try {
            result = simulate(index, truth, config, &feedback);
        } catch (const CanceledError &) {
            canceled = true;
        } catch (const std::exception &e) {
            std::printf("%-20s failed: %s\n", name.c_str(), e.what());
            continue;
        }
        const double elapsed = seconds(begin);
        size_t steps = 0, runIterations = 0;
        double recall = 0.0;
        if (canceled) {
            steps = size_t(done * double(iterations) + 0.5);
            runIterations = steps * runs;
        } else {
            for (const auto &run : result.strategies[0].runs) {
                steps = std::max(steps, run.recall.size() - 1);
                runIterations += run.recall.size() - 1;
            }
            recall = result.strategies[0].meanRecall().back();
        }
        if (steps == 0) {
            std::printf("%-20s no iteration within %.0f s\n", name.c_str(), budget);
            continue;
        }
        const double step = elapsed / double(steps);
        std::printf("%-20s %10.2f %12.1f %14.1f %12.2f %10s%s\n", name.c_str(), step * 1e3,
                    1.0 / step, double(runIterations) / elapsed, step / scan,
                    canceled ? "-" : std::to_string(recall).substr(0, 5).c_str(),
                    canceled ? "  * budget" : "");
        std::fflush(stdout);
    }
    std::printf(
        "\nstep = one lockstep iteration of all %zu runs (one proposeMany call); "
        "run-iter/s = iterations of single runs per second; step/scan = step time in "
        "single-query scans; recall = mean recall after the last iteration (planted cluster). "
        "Target: >= 100 run-iterations/s at 10^5 chips.\n",
        runs);

    // auto against the arms it runs: one session of `autoRounds` rounds from 3+3 start chips;
    // every round auto proposes once (timed; it runs only the arms given a slot), then each of
    // those arms proposes alone on the same input (fresh instance, same seed) on a second index
    // over the same vectors, so both sides fill their own memoised neighbour lists alike; the
    // truth labels auto's batch. Target: auto within 2x the slowest arm it ran.
    if (autoRounds > 0) {
        std::printf("\nauto vs the slowest arm it ran (single propose, batch %zu):\n", batch);
        std::printf("%-6s %10s %-22s %10s %8s  %s\n", "round", "auto ms", "slowest arm", "arm ms",
                    "ratio", "arms run (ms)");
        std::mt19937_64 rng(simulationRunSeed(1, 0));
        // Start: the first 3 positives and 3 negatives in a fixed scattered order.
        std::vector<int64_t> positives, negatives;
        ChipMask labeledMask(rows);
        for (size_t i = 0; i < rows && (positives.size() < 3 || negatives.size() < 3); ++i) {
            const int64_t chip = int64_t((i * 7919) % rows);
            auto &side = truth[size_t(chip)] ? positives : negatives;
            if (side.size() < 3 && !labeledMask.test(chip)) {
                side.push_back(chip);
                labeledMask.set(chip);
            }
        }
        std::unordered_map<int64_t, std::string> proposers;
        std::unordered_map<int64_t, int> proposedIn;
        auto autoStrategy = StrategyRegistry::instance().create("auto");
        const FlatIndex armIndex(index.vectors(), Metric::Cosine);
        double worst = 0.0;
        for (size_t round = 1; round <= autoRounds; ++round) {
            StrategyReport report;
            StrategyInput input;
            input.index = &index;
            input.positives = positives;
            input.negatives = negatives;
            input.labeled = &labeledMask;
            input.k = batch;
            input.proposers = &proposers;
            input.proposedIn = &proposedIn;
            input.round = int(round);
            const std::mt19937_64 before = rng;
            input.rng = &rng;
            input.report = &report;
            begin = Clock::now();
            const auto chosen = autoStrategy->propose(input);
            const double autoTime = seconds(begin);
            input.report = nullptr;
            input.proposers = nullptr;
            input.proposedIn = nullptr;
            double slowest = 0.0;
            std::string slowestName, ran;
            for (const auto &[arm, share] : report.shares) {
                if (share <= 0.0)
                    continue;
                auto alone = StrategyRegistry::instance().create(arm);
                std::mt19937_64 armRng = before;
                input.rng = &armRng;
                input.index = &armIndex;
                begin = Clock::now();
                alone->propose(input);
                const double t = seconds(begin);
                char text[64];
                std::snprintf(text, sizeof text, "%s%s %.1f", ran.empty() ? "" : ", ", arm.c_str(),
                              t * 1e3);
                ran += text;
                if (t > slowest) {
                    slowest = t;
                    slowestName = arm;
                }
            }
            const double ratio = slowest > 0.0 ? autoTime / slowest : 0.0;
            worst = std::max(worst, ratio);
            std::printf("%-6zu %10.1f %-22s %10.1f %8.2f  %s\n", round, autoTime * 1e3,
                        slowestName.c_str(), slowest * 1e3, ratio, ran.c_str());
            std::fflush(stdout);
            for (size_t i = 0; i < chosen.size(); ++i) {
                const int64_t chip = chosen[i].chip;
                labeledMask.set(chip);
                proposers[chip] = report.proposedBy[i];
                proposedIn[chip] = int(round);
                (truth[size_t(chip)] ? positives : negatives).push_back(chip);
            }
        }
        std::printf("worst ratio %.2f (target: auto within 2x the slowest arm it ran)\n", worst);
    }
    return 0;
}
