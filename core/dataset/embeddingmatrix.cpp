#include "dataset/embeddingmatrix.h"

#include "common/errors.h"

#include <cmath>
#include <utility>

namespace chipfinder {

EmbeddingMatrix::EmbeddingMatrix(size_t rows, size_t dim, const std::vector<float> &data)
    : EmbeddingMatrix(rows, dim, FloatBuffer(data.begin(), data.end()))
{
}

EmbeddingMatrix::EmbeddingMatrix(size_t rows, size_t dim, FloatBuffer data)
    : m_rows(rows), m_dim(dim), m_data(std::move(data)), m_values(m_data.data())
{
    if (m_data.size() != rows * dim)
        throw UsageError("EmbeddingMatrix: data size does not match rows × dim");
}

EmbeddingMatrix::EmbeddingMatrix(size_t rows, size_t dim, float *data, std::shared_ptr<void> owner)
    : m_rows(rows), m_dim(dim), m_owner(std::move(owner)), m_values(data)
{
    if (!m_owner || (!data && rows * dim > 0))
        throw UsageError("EmbeddingMatrix: external values need their data and owner");
}

EmbeddingMatrix::EmbeddingMatrix(const EmbeddingMatrix &other)
    : m_rows(other.m_rows), m_dim(other.m_dim),
      m_data(other.m_values, other.m_values + other.m_rows * other.m_dim), m_values(m_data.data()),
      m_normalized(other.m_normalized)
{
}

EmbeddingMatrix::EmbeddingMatrix(EmbeddingMatrix &&other) noexcept
    : m_rows(std::exchange(other.m_rows, 0)), m_dim(std::exchange(other.m_dim, 0)),
      m_data(std::move(other.m_data)), m_owner(std::move(other.m_owner)),
      m_values(m_owner ? other.m_values : m_data.data()),
      m_normalized(std::exchange(other.m_normalized, false))
{
    other.m_data.clear();
    other.m_values = other.m_data.data();
}

EmbeddingMatrix &EmbeddingMatrix::operator=(const EmbeddingMatrix &other)
{
    if (this != &other)
        *this = EmbeddingMatrix(other);
    return *this;
}

EmbeddingMatrix &EmbeddingMatrix::operator=(EmbeddingMatrix &&other) noexcept
{
    if (this == &other)
        return *this;
    m_rows = std::exchange(other.m_rows, 0);
    m_dim = std::exchange(other.m_dim, 0);
    m_data = std::move(other.m_data);
    m_owner = std::move(other.m_owner);
    m_values = m_owner ? other.m_values : m_data.data();
    m_normalized = std::exchange(other.m_normalized, false);
    other.m_data.clear();
    other.m_values = other.m_data.data();
    return *this;
}

void EmbeddingMatrix::normalizeRows()
{
    for (size_t i = 0; i < m_rows; ++i) {
        float *r = m_values + i * m_dim;
        // Four partial sums: independent additions pipeline (a single double chain is latency
        // bound), same precision.
        double partial[4] = {0.0, 0.0, 0.0, 0.0};
        size_t j = 0;
        for (; j + 4 <= m_dim; j += 4)
            for (size_t u = 0; u < 4; ++u)
                partial[u] += double(r[j + u]) * r[j + u];
        double sum = (partial[0] + partial[1]) + (partial[2] + partial[3]);
        for (; j < m_dim; ++j)
            sum += double(r[j]) * r[j];
        if (sum <= 0.0)
            continue;
        const float inv = float(1.0 / std::sqrt(sum));
        for (size_t j = 0; j < m_dim; ++j)
            r[j] *= inv;
    }
    m_normalized = true;
}

EmbeddingMatrix EmbeddingMatrix::selectColumns(std::span<const int> columns) const
{
    EmbeddingMatrix out(m_rows, columns.size());
    for (size_t i = 0; i < m_rows; ++i) {
        const float *src = m_values + i * m_dim;
        float *dst = out.m_data.data() + i * columns.size();
        for (size_t j = 0; j < columns.size(); ++j)
            dst[j] = src[columns[j]];
    }
    return out;
}

EmbeddingMatrix EmbeddingMatrix::selectRows(std::span<const int64_t> rows) const
{
    EmbeddingMatrix out(rows.size(), m_dim);
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto src = row(size_t(rows[i]));
        std::copy(src.begin(), src.end(), out.m_data.data() + i * m_dim);
    }
    return out;
}

} // namespace chipfinder
