#pragma once
// Per-dimension feature importance of a random forest fitted on binary labels, using XGBoost in
// random-forest mode (one boosting round of num_parallel_tree trees, row subsampling without
// replacement, column sampling per split, eta = 1) with exact greedy splits: with a few hundred
// labels the exact method only sorts the √d dimensions sampled at each split, while "hist" builds
// histograms over every dimension (~17× slower on 300 labels × 768, see bench_search).
// Importance = XGBoost's "total_gain" (the sum of the loss reduction of every split on the
// dimension, like a forest's impurity importance; "gain", the average per split, rewards single
// lucky splits and is selectable).
// Input x: n × d row-major float32; labels: n values, nonzero = positive. Deterministic for a
// given seed and thread count. Errors from XGBoost are thrown as std::runtime_error.
// Not thread safe per instance; separate instances may run concurrently.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

struct RandomForestOptions
{
    int trees = 100;
    double subsample = 0.632;      // fraction of rows per tree (< 1)
    double featuresPerSplit = 0.0; // fraction of dimensions per split; 0 = √d / d
    int maxDepth = 8;
    bool balanceClasses = true; // weights n / (2·n_class)
    uint64_t seed = 0;
    int threads = 1;
    std::string importanceType = "total_gain"; // or "gain", "weight", "cover", "total_cover"
};

class RandomForestImportance
{
public:
    explicit RandomForestImportance(RandomForestOptions options = {});

    // d values ≥ 0; dimensions never used in a split get 0.
    std::vector<double> compute(std::span<const float> x, size_t n, size_t d,
                                std::span<const uint8_t> labels) const;

    // Dimension indices sorted by importance, most important first (ties: lower index first).
    static std::vector<int> ranking(std::span<const double> importance);

private:
    RandomForestOptions m_options;
};

} // namespace chipfinder
