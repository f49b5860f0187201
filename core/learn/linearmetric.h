#pragma once
// A learned linear metric: a d × m map W such that, in the mapped space y = Wᵀx, positives lie
// closer to each other than to negatives. Trained with the triplet margin loss
//   max(0, |Wᵀ(a − p)|² − |Wᵀ(a − n)|² + margin)
// over anchors a and positives p from the positive class and semi-hard negatives n (the nearest
// negative farther than p but within the margin; the nearest violating negative if there is no
// semi-hard one), mined once per epoch in the current mapped space; Adam on mini-batches, plus a
// small pull towards the initial map. The margin is relative: a fraction of the mean squared
// mapped distance between labeled chips under the initial map.
// The initial map is given (e.g. pcaMap() of a sample, or the identity block). Deterministic
// for a given seed. Input rows: n × d row-major float32. Not thread safe per instance.

#include "dataset/embeddingmatrix.h"

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <span>

namespace chipfinder {

struct LinearMetricOptions
{
    double margin = 0.5; // × mean squared labeled distance under the initial map
    int epochs = 30;
    size_t tripletsPerEpoch = 256;
    size_t batch = 32;
    double learningRate = 1e-3; // Adam step
    double pull = 1e-3;         // weight of |W − W0|²
    uint64_t seed = 0;
};

class LinearMetric
{
public:
    using Map = Eigen::MatrixXf; // d × m

    explicit LinearMetric(LinearMetricOptions options = {});

    // Needs at least two positives and one negative (UsageError otherwise).
    void fit(std::span<const float> x, size_t n, size_t d, std::span<const uint8_t> labels,
             const Map &initial);

    const Map &map() const { return m_map; }
    // rows × m, row-major: every row of embeddings mapped by W.
    EmbeddingMatrix transform(const EmbeddingMatrix &embeddings) const;

    // Triplets (a, p, n), a ≠ p positives, n negative, with |Wᵀ(a−p)|² ≥ |Wᵀ(a−n)|².
    static size_t tripletViolations(const Map &map, std::span<const float> x, size_t n, size_t d,
                                    std::span<const uint8_t> labels);
    // The first m principal axes of the rows (FAISS PCAMatrix), d × m; the identity block
    // [I_m; 0] when m ≥ d or there are fewer than two rows.
    static Map pcaMap(std::span<const float> rows, size_t n, size_t d, size_t m);

private:
    LinearMetricOptions m_options;
    Map m_map;
};

} // namespace chipfinder
