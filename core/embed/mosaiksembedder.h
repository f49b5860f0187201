#pragma once
// Training-free image embedding by random convolutional features (MOSAIKS, Rolf et al. 2021,
// without its ZCA whitening of the patches): K patches of kernelSize × kernelSize × bands pixels
// sampled from the imagery itself (fixed seed) become the filters; each chip is standardised per
// band, convolved with every filter (valid positions, im2col + Eigen GEMM), and each response map x
// is pooled as mean(max(x − bias, 0)) and mean(max(−x − bias, 0)). Per-band statistics of the
// standardised chip (mean, std, 10th and 90th percentile) are appended. With `standardize` (the
// default) the features are then standardised over the chips of the embed() call: square roots of
// the ReLU means, a z-score per dimension, and ZCA whitening Z·(C + εI)^(−1/2) with C the features'
// covariance and ε its mean eigenvalue (trace / dim), so that cosine compares how chips differ
// from the dataset's average chip along decorrelated directions. Cost: O(N·dim²) + O(dim³).
// Vector layout (dim() = 2K·g² + 4·bands, float32, g = poolingGrid): for each pooling cell in
// row-major order [K positive-part features | K negative-part features], then per band
// [mean, std, p10, p90] (the raw layout; whitening mixes the dimensions).
// Filters are unit-length vectors in the standardised space, element (f, (b·k + dy)·k + dx).
// Usage: fit() on a grid (computes the band normalisation unless one was set, samples filters),
// then embed() that grid or the same windows on another raster with the same bands (another date).
// Determinism: the same raster, grid, options and normalisation give bit-identical vectors, for any
// thread count. Errors: DataError (unreadable raster, band count mismatch, windows outside the
// raster, too few valid patches), UsageError (bad options, embed before fit); CanceledError.
// Thread safety: const methods may be called concurrently; embed() runs options.threads workers
// (0 = hardware concurrency), each with its own GDAL handle.

#include "dataset/embeddingmatrix.h"
#include "embed/bandnormalization.h"
#include "embed/chipper.h"

#include <cstdint>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

// The dataset-level standardisation of MosaiksOptions::standardize as a reusable transform: fitted
// on the raw features of one embed() call's rows, it maps other raw rows of the same embedder
// (sub-windows of those chips, for locating inside a chip) into the same space. fit() + apply() on
// the fitted rows is bit-identical to embed() with standardize.
// Layout: `pooled` = the leading non-negative ReLU-mean columns (square-rooted), then z-score per
// column with the fitted mean/scale, then the fitted dim × dim whitening. Thread safety: apply()
// is const and may run concurrently.
class FeatureStandardization
{
public:
    static FeatureStandardization fit(const EmbeddingMatrix &raw, size_t pooled);
    // In place; rows.dim() must equal the fitted dim (UsageError otherwise).
    void apply(EmbeddingMatrix &rows) const;
    size_t dim() const { return m_dim; }

private:
    size_t m_dim = 0;
    size_t m_pooled = 0;
    std::vector<float> m_mean;
    std::vector<float> m_scale;
    std::vector<float> m_whitening; // dim × dim, column-major; empty = none (constant columns)
};

struct MosaiksOptions
{
    int features = 256;      // K: number of random filters (the vector has 2K conv features)
    int kernelSize = 3;      // filter side in pixels
    uint64_t seed = 0;       // filter sampling seed
    float bias = 1.0f;       // ReLU threshold, in standardised units
    int poolingGrid = 1;     // average-pool over g × g cells of the chip (1 = whole chip, MOSAIKS)
    bool normalize = true;   // standardise bands (mean/std of the raster); false = raw values
    bool standardize = true; // sqrt, z-score and whiten over the embedded chips; false = raw
    unsigned threads = 0;    // 0 = std::thread::hardware_concurrency()
};

class MosaiksEmbedder
{
public:
    explicit MosaiksEmbedder(MosaiksOptions options = {});
    const MosaiksOptions &options() const { return m_options; }

    // Computes the band normalisation from grid.rasterPath (if normalize and none was set) and
    // samples the filters from the grid's chips.
    void fit(const ChipGrid &grid, Feedback *feedback = nullptr);
    bool isFitted() const { return !m_filters.empty(); }

    // Overrides the normalisation (e.g. one computed per date); must match the band count.
    void setNormalization(BandNormalization normalization);
    const BandNormalization &normalization() const { return m_normalization; }

    // K × (bands·k·k), row-major, unit rows. Empty before fit().
    const std::vector<float> &filters() const { return m_filters; }
    int bandCount() const { return m_bands; }
    size_t dim() const;

    // One row per grid chip (row i = grid.chips[i]), from grid.rasterPath. With
    // options().standardize the features are standardised over these rows (so one call's rows form
    // the dataset; another date embedded by another call is standardised over its own rows).
    EmbeddingMatrix embed(const ChipGrid &grid, Feedback *feedback = nullptr) const;
    // The grid's windows read from another raster with the same band layout.
    EmbeddingMatrix embed(const std::string &rasterPath, const ChipGrid &grid,
                          Feedback *feedback = nullptr) const;
    // The raw features (before any standardisation) of the grid's windows read from rasterPath;
    // the grid's chipSize may differ from the fitted one (at least the kernel size).
    EmbeddingMatrix embedFeatures(const std::string &rasterPath, const ChipGrid &grid,
                                  Feedback *feedback = nullptr) const;
    // Leading non-negative columns of the raw features (2K·g²), for FeatureStandardization.
    size_t pooledDim() const;

private:
    MosaiksOptions m_options;
    BandNormalization m_normalization;
    std::vector<float> m_filters;
    int m_bands = 0;
};

} // namespace chipfinder
