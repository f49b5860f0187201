#pragma once
// Dense embedding matrix: N rows (chips) × D columns, row-major float32, contiguous; large
// matrices live on transparent huge pages (common/largepages.h) for bandwidth-bound scans.

#include "common/largepages.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace chipfinder {

class EmbeddingMatrix
{
public:
    EmbeddingMatrix() = default;
    EmbeddingMatrix(size_t rows, size_t dim) : m_rows(rows), m_dim(dim), m_data(rows * dim, 0.0f) {}
    // data: rows × dim values, row-major. The std::vector overload copies; FloatBuffer moves.
    EmbeddingMatrix(size_t rows, size_t dim, const std::vector<float> &data);
    EmbeddingMatrix(size_t rows, size_t dim, FloatBuffer data);

    size_t rows() const { return m_rows; }
    size_t dim() const { return m_dim; }
    bool empty() const { return m_rows == 0; }

    const float *data() const { return m_data.data(); }
    float *data() { return m_data.data(); }
    std::span<const float> row(size_t i) const { return {m_data.data() + i * m_dim, m_dim}; }
    std::span<float> row(size_t i) { return {m_data.data() + i * m_dim, m_dim}; }

    // Scales every row to unit L2 norm in place. Rows with norm 0 stay 0.
    void normalizeRows();
    // A copy holding only the given columns (in that order).
    EmbeddingMatrix selectColumns(std::span<const int> columns) const;
    // A copy holding only the given rows (in that order).
    EmbeddingMatrix selectRows(std::span<const int64_t> rows) const;

private:
    size_t m_rows = 0;
    size_t m_dim = 0;
    FloatBuffer m_data;
};

} // namespace chipfinder
