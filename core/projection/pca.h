#pragma once
// Principal component analysis of an embedding matrix: centred, exact, with explained variance.
// Input rows are chips (N × D, row-major float32). The covariance (D × D) is accumulated in double
// from float32 blocks with OpenBLAS ssyrk, then diagonalised with Eigen's SelfAdjointEigenSolver.
// Why not FAISS PCAMatrix: it trains on a subsample (max_points_per_d) in float and only exposes
// raw eigenvalues; here every row counts, the eigen-solve is in double, and the result (components,
// mean, explained variance and ratio) is deterministic for a given input.
// Cost: O(N·D²) for the covariance + O(D³) for the eigen-solve; fine for D ≤ ~2048.
// Thread safety: pure function. Errors: UsageError if N < 2 or components == 0 or > D.

#include "dataset/embeddingmatrix.h"

#include <cstddef>
#include <vector>

namespace chipfinder {

class Feedback;

struct PcaResult
{
    EmbeddingMatrix projected;             // N × n: the centred rows projected on the components
    EmbeddingMatrix components;            // n × D: unit principal axes, largest variance first
    std::vector<float> mean;               // D: the column means subtracted before projection
    std::vector<double> explainedVariance; // n: eigenvalues of the covariance (1/(N−1))
    std::vector<double> explainedVarianceRatio; // n: explainedVariance / total variance
    double totalVariance = 0.0;                 // trace of the covariance

    // Projects other rows (M × D) with the same mean and components: M × n.
    EmbeddingMatrix transform(const EmbeddingMatrix &rows) const;
};

// PCA of `embeddings` to `components` dimensions (2 for a scatter plot). The sign of each axis is
// fixed so that its largest-magnitude coefficient is positive (so results are reproducible).
// Progress covers the covariance pass; cancel throws CanceledError.
PcaResult pca(const EmbeddingMatrix &embeddings, size_t components = 2,
              Feedback *feedback = nullptr);

} // namespace chipfinder
