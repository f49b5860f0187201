#pragma once
// L2-regularised logistic regression (binary), fitted by Newton's method (IRLS) with Eigen.
// Minimises Σ cᵢ·logloss(yᵢ, w·xᵢ + b) + (l2 / 2)·|w|² (b is not regularised); cᵢ are
// class-balanced weights n / (2·n_class) when balanceClasses is set, else 1. When there are fewer
// samples than dimensions the Newton system is solved in sample space (Woodbury identity), so a
// fit on a few hundred labels over 768 dimensions takes milliseconds.
// Input x: n × d row-major float32; labels: n values, nonzero = positive. Both classes must be
// present (UsageError otherwise). Not thread safe; one model per thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chipfinder {

struct LogisticRegressionOptions
{
    double l2 = 1.0;
    bool balanceClasses = true;
    int maxIterations = 30;
    double tolerance = 1e-6; // stop when the relative decrease of the objective is below this
};

class LogisticRegression
{
public:
    explicit LogisticRegression(LogisticRegressionOptions options = {});

    void fit(std::span<const float> x, size_t n, size_t d, std::span<const uint8_t> labels);

    const std::vector<float> &weights() const { return m_weights; }
    float bias() const { return m_bias; }
    int iterations() const { return m_iterations; }
    // w·row + b (the logit).
    double decision(std::span<const float> row) const;
    double probability(std::span<const float> row) const;

private:
    LogisticRegressionOptions m_options;
    std::vector<float> m_weights;
    float m_bias = 0.0f;
    int m_iterations = 0;
};

} // namespace chipfinder
