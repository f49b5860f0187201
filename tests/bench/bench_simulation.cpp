// Simulation speed: iterations per second per strategy on generated clustered embeddings
// (default 10^5 chips × 768, a planted positive cluster of 1 %), with R runs in lockstep so one
// iteration is one batched step for all runs. The baseline, measured in the same run on the same
// index, is one plain exact single-query top-25 scan (FlatIndex::search); the ratio
// "step / scan" says how many single-query scans one lockstep step of R runs costs.
// Target on the 2-core reference machine: ≥ 100 run-iterations per second at 10^5 chips.
//
// Usage: chipfinder-bench_simulation [--rows N] [--dim D] [--runs R] [--iterations I]
//                                    [--batch K] [--strategies a,b,...] [--budget SECONDS]
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
    size_t rows = 100000, dim = 768, runs = 10, iterations = 20, batch = 25;
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
    return 0;
}
