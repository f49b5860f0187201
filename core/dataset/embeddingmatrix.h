#pragma once
// Dense embedding matrix: N rows (chips) × D columns, row-major float32, contiguous; large
// matrices live on transparent huge pages (common/largepages.h) for bandwidth-bound scans, or in
// memory the matrix does not allocate itself (a private file mapping, see EmbeddingCache).
// Copies are deep: a copy always owns its values.

#include "common/largepages.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace chipfinder {

class EmbeddingMatrix
{
public:
    EmbeddingMatrix() = default;
    EmbeddingMatrix(size_t rows, size_t dim)
        : m_rows(rows), m_dim(dim), m_data(rows * dim, 0.0f), m_values(m_data.data())
    {
    }
    // data: rows × dim values, row-major. The std::vector overload copies; FloatBuffer moves.
    EmbeddingMatrix(size_t rows, size_t dim, const std::vector<float> &data);
    EmbeddingMatrix(size_t rows, size_t dim, FloatBuffer data);
    // rows × dim values at `data`, writable and private to this matrix, kept alive by `owner`
    // (released with the matrix), e.g. a copy-on-write mapping of a cache file.
    EmbeddingMatrix(size_t rows, size_t dim, float *data, std::shared_ptr<void> owner);
    EmbeddingMatrix(const EmbeddingMatrix &other);
    EmbeddingMatrix(EmbeddingMatrix &&other) noexcept;
    EmbeddingMatrix &operator=(const EmbeddingMatrix &other);
    EmbeddingMatrix &operator=(EmbeddingMatrix &&other) noexcept;
    ~EmbeddingMatrix() = default;

    size_t rows() const { return m_rows; }
    size_t dim() const { return m_dim; }
    bool empty() const { return m_rows == 0; }

    const float *data() const { return m_values; }
    // Write access: the matrix no longer counts as normalised (rowsNormalized() false).
    float *data()
    {
        m_normalized = false;
        return m_values;
    }
    std::span<const float> row(size_t i) const { return {m_values + i * m_dim, m_dim}; }
    std::span<float> row(size_t i)
    {
        m_normalized = false;
        return {m_values + i * m_dim, m_dim};
    }
    // True when the values live in memory owned elsewhere (a file mapping).
    bool external() const { return m_owner != nullptr; }

    // Scales every row to unit L2 norm in place. Rows with norm 0 stay 0. Afterwards
    // rowsNormalized() is true until the next write access, so a cosine index can use the matrix
    // as it is (FlatIndex) instead of a normalised copy.
    void normalizeRows();
    bool rowsNormalized() const { return m_normalized; }
    // A copy holding only the given columns (in that order).
    EmbeddingMatrix selectColumns(std::span<const int> columns) const;
    // A copy holding only the given rows (in that order).
    EmbeddingMatrix selectRows(std::span<const int64_t> rows) const;

private:
    size_t m_rows = 0;
    size_t m_dim = 0;
    FloatBuffer m_data;            // the values, unless external
    std::shared_ptr<void> m_owner; // keeps external values alive
    float *m_values = nullptr;     // m_data.data() or the external values
    bool m_normalized = false;
};

} // namespace chipfinder
