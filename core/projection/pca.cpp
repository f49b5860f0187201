#include "projection/pca.h"

#include "common/errors.h"
#include "common/feedback.h"

#include <Eigen/Dense>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace chipfinder {

namespace {

constexpr size_t kBlockRows = 4096;

// Y (m × n) = (X − mean) (m × D) · Wᵀ (W: n × D).
void projectRows(const float *rows, size_t m, size_t dim, const std::vector<float> &mean,
                 const EmbeddingMatrix &components, float *out)
{
    const size_t n = components.rows();
    std::vector<float> block;
    for (size_t start = 0; start < m; start += kBlockRows) {
        const size_t count = std::min(kBlockRows, m - start);
        block.assign(rows + start * dim, rows + (start + count) * dim);
        for (size_t r = 0; r < count; ++r)
            for (size_t c = 0; c < dim; ++c)
                block[r * dim + c] -= mean[c];
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(count), int(n), int(dim), 1.0f,
                    block.data(), int(dim), components.data(), int(dim), 0.0f, out + start * n,
                    int(n));
    }
}

} // namespace

EmbeddingMatrix PcaResult::transform(const EmbeddingMatrix &rows) const
{
    if (rows.dim() != mean.size())
        throw UsageError("PCA transform: rows have " + std::to_string(rows.dim()) +
                         " dimensions, the PCA was fitted on " + std::to_string(mean.size()));
    EmbeddingMatrix out(rows.rows(), components.rows());
    projectRows(rows.data(), rows.rows(), rows.dim(), mean, components, out.data());
    return out;
}

PcaResult pca(const EmbeddingMatrix &embeddings, size_t components, Feedback *feedback)
{
    const size_t n = embeddings.rows();
    const size_t dim = embeddings.dim();
    if (n < 2)
        throw UsageError("PCA needs at least 2 rows");
    if (components == 0 || components > dim)
        throw UsageError("PCA components must be in 1.." + std::to_string(dim));

    PcaResult result;
    // Column means in double.
    std::vector<double> meanD(dim, 0.0);
    for (size_t r = 0; r < n; ++r) {
        const float *row = embeddings.data() + r * dim;
        for (size_t c = 0; c < dim; ++c)
            meanD[c] += row[c];
    }
    result.mean.resize(dim);
    for (size_t c = 0; c < dim; ++c) {
        meanD[c] /= double(n);
        result.mean[c] = float(meanD[c]);
    }

    // Covariance: Σ over blocks of (Xb − mean)ᵀ(Xb − mean) by ssyrk (upper triangle), summed in
    // double so that large N does not lose precision.
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(Eigen::Index(dim), Eigen::Index(dim));
    std::vector<float> block;
    std::vector<float> partial(dim * dim);
    for (size_t start = 0; start < n; start += kBlockRows) {
        if (feedback)
            feedback->throwIfCanceled();
        const size_t count = std::min(kBlockRows, n - start);
        block.assign(embeddings.data() + start * dim, embeddings.data() + (start + count) * dim);
        for (size_t r = 0; r < count; ++r)
            for (size_t c = 0; c < dim; ++c)
                block[r * dim + c] -= result.mean[c];
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, int(dim), int(count), 1.0f, block.data(),
                    int(dim), 0.0f, partial.data(), int(dim));
        for (size_t i = 0; i < dim; ++i)
            for (size_t j = i; j < dim; ++j)
                cov(Eigen::Index(i), Eigen::Index(j)) += partial[i * dim + j];
        if (feedback)
            feedback->setProgress(0.9 * double(start + count) / double(n));
    }
    cov /= double(n - 1);
    cov.triangularView<Eigen::StrictlyLower>() = cov.transpose();

    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
    if (solver.info() != Eigen::Success)
        throw UsageError("PCA: the covariance eigen-decomposition did not converge");
    // Eigenvalues ascending: take from the end.
    result.totalVariance = cov.trace();
    result.components = EmbeddingMatrix(components, dim);
    for (size_t k = 0; k < components; ++k) {
        const Eigen::Index col = Eigen::Index(dim - 1 - k);
        Eigen::VectorXd axis = solver.eigenvectors().col(col);
        Eigen::Index largest = 0;
        axis.cwiseAbs().maxCoeff(&largest);
        if (axis(largest) < 0)
            axis = -axis;
        for (size_t c = 0; c < dim; ++c)
            result.components.data()[k * dim + c] = float(axis(Eigen::Index(c)));
        const double variance = std::max(0.0, solver.eigenvalues()(col));
        result.explainedVariance.push_back(variance);
        result.explainedVarianceRatio.push_back(
            result.totalVariance > 0 ? variance / result.totalVariance : 0.0);
    }

    if (feedback)
        feedback->throwIfCanceled();
    result.projected = EmbeddingMatrix(n, components);
    projectRows(embeddings.data(), n, dim, result.mean, result.components, result.projected.data());
    if (feedback)
        feedback->setProgress(1.0);
    return result;
}

} // namespace chipfinder
