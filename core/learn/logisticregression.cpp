#include "learn/logisticregression.h"

#include "common/errors.h"

#include <Eigen/Dense>

#include <cmath>

namespace chipfinder {

namespace {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

// log(1 + exp(z)) without overflow.
double softplus(double z)
{
    return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

double sigmoid(double z)
{
    return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

} // namespace

LogisticRegression::LogisticRegression(LogisticRegressionOptions options) : m_options(options)
{
    if (!(m_options.l2 > 0))
        throw UsageError("LogisticRegression: l2 must be > 0");
}

void LogisticRegression::fit(std::span<const float> x, size_t n, size_t d,
                             std::span<const uint8_t> labels)
{
    if (x.size() != n * d || labels.size() != n)
        throw UsageError("LogisticRegression::fit: x must be n × d and labels n values");
    size_t positives = 0;
    for (const uint8_t y : labels)
        positives += y ? 1 : 0;
    if (positives == 0 || positives == n)
        throw UsageError("LogisticRegression::fit: both classes are needed");

    // Design matrix with a trailing column of ones for the bias.
    Matrix a(n, d + 1);
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < d; ++j)
            a(Eigen::Index(i), Eigen::Index(j)) = x[i * d + j];
        a(Eigen::Index(i), Eigen::Index(d)) = 1.0;
    }
    Vector y(n), c(n);
    for (size_t i = 0; i < n; ++i) {
        y[Eigen::Index(i)] = labels[i] ? 1.0 : 0.0;
        const double classSize = labels[i] ? double(positives) : double(n - positives);
        c[Eigen::Index(i)] = m_options.balanceClasses ? double(n) / (2.0 * classSize) : 1.0;
    }
    const double lambda = m_options.l2;
    // Regulariser: lambda on w, a tiny ridge on b (keeps the system positive definite).
    Vector reg = Vector::Constant(Eigen::Index(d + 1), lambda);
    reg[Eigen::Index(d)] = 1e-4;

    auto objective = [&](const Vector &beta, Vector &z) {
        z = a * beta;
        double f = 0;
        for (Eigen::Index i = 0; i < z.size(); ++i)
            f += c[i] * (softplus(z[i]) - y[i] * z[i]);
        return f + 0.5 * (reg.array() * beta.array().square()).sum();
    };

    const bool sampleSpace = n < d + 1;
    Matrix gram; // A·R⁻¹·Aᵀ (n × n), for the Woodbury solve
    if (sampleSpace)
        gram = a * reg.cwiseInverse().asDiagonal() * a.transpose();

    Vector beta = Vector::Zero(Eigen::Index(d + 1));
    Vector z;
    double f = objective(beta, z);
    m_iterations = 0;
    for (int it = 0; it < m_options.maxIterations; ++it) {
        Vector s(n), r(n);
        for (Eigen::Index i = 0; i < Eigen::Index(n); ++i) {
            const double p = sigmoid(z[i]);
            r[i] = c[i] * (p - y[i]);
            s[i] = std::max(c[i] * p * (1.0 - p), 1e-12);
        }
        const Vector g = a.transpose() * r + reg.cwiseProduct(beta);
        Vector step;
        if (sampleSpace) {
            // (R + AᵀSA)⁻¹g = R⁻¹g − R⁻¹AᵀS½ (I + S½ A R⁻¹ Aᵀ S½)⁻¹ S½ A R⁻¹ g
            const Vector rg = reg.cwiseInverse().cwiseProduct(g);
            const Vector sh = s.cwiseSqrt();
            Matrix m = sh.asDiagonal() * gram * sh.asDiagonal();
            m.diagonal().array() += 1.0;
            const Vector inner = m.ldlt().solve(sh.cwiseProduct(a * rg));
            step = rg - reg.cwiseInverse().cwiseProduct(a.transpose() * sh.cwiseProduct(inner));
        } else {
            Matrix h = a.transpose() * s.asDiagonal() * a;
            h.diagonal() += reg;
            step = h.ldlt().solve(g);
        }
        // Backtracking line search on the objective.
        double t = 1.0, fNew = f;
        Vector betaNew, zNew;
        for (int ls = 0; ls < 30; ++ls) {
            betaNew = beta - t * step;
            fNew = objective(betaNew, zNew);
            if (fNew <= f - 1e-4 * t * g.dot(step))
                break;
            t *= 0.5;
        }
        ++m_iterations;
        const double decrease = f - fNew;
        if (!(fNew <= f))
            break;
        beta = betaNew;
        z = zNew;
        f = fNew;
        if (decrease <= m_options.tolerance * std::max(1.0, std::abs(f)))
            break;
    }
    m_weights.resize(d);
    for (size_t j = 0; j < d; ++j)
        m_weights[j] = float(beta[Eigen::Index(j)]);
    m_bias = float(beta[Eigen::Index(d)]);
}

double LogisticRegression::decision(std::span<const float> row) const
{
    if (row.size() != m_weights.size())
        throw UsageError("LogisticRegression::decision: dimension mismatch");
    double z = m_bias;
    for (size_t j = 0; j < row.size(); ++j)
        z += double(m_weights[j]) * row[j];
    return z;
}

double LogisticRegression::probability(std::span<const float> row) const
{
    return sigmoid(decision(row));
}

} // namespace chipfinder
