#pragma once
// Quantised storage for very large sets: every vector as int8 codes with one scale per dimension
// (code = round(x_j / scale_j), scale_j = max |x_j| / 127 over the rows it was fitted on, values
// beyond clamped). A query scores all rows from the codes (N × D bytes, a quarter of float32's
// memory traffic), masked chips skipped inside the scan, and keeps the best `count` as
// candidates; the caller re-scores those exactly (rerank()), so scores are exact and only the
// candidate set is approximate. The codes may live anywhere (own vector or a memory-mapped
// file): the class reads them through a pointer the caller keeps valid.
// Thread safety: const methods may be called concurrently.

#include "search/searchtypes.h"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace chipfinder {

class Int8Rows
{
public:
    // Per-dimension scales fitted on rows (n × dim, row-major): max |x_j| / 127 (1 if a column is
    // all zero).
    static std::vector<float> fitScales(const float *rows, size_t n, size_t dim);
    // Codes of one row under scales (dim values → dim bytes).
    static void quantize(const float *row, const std::vector<float> &scales, int8_t *codes);

    // Quantises rows and keeps the codes.
    Int8Rows(const float *rows, size_t n, size_t dim);
    // Codes kept elsewhere: n × dim bytes at codes, valid while this object lives.
    Int8Rows(const int8_t *codes, size_t n, size_t dim, std::vector<float> scales);

    size_t size() const { return m_n; }
    size_t dim() const { return m_dim; }
    const std::vector<float> &scales() const { return m_scales; }
    const int8_t *codes() const { return m_codes; }

    // The `count` best chips per query by inner product with the decoded rows (queries: nq × dim
    // as given), best first; excluded: empty, one mask, or one per query. threads = 0: all cores.
    std::vector<std::vector<ScoredChip>> candidates(std::span<const float> queries, size_t nq,
                                                    size_t count,
                                                    std::span<const ChipMask *const> excluded = {},
                                                    unsigned threads = 0) const;

    // The k best of candidates by exact inner product with query, the float32 row of a chip
    // supplied by row(chip, out) (dim values).
    static std::vector<ScoredChip> rerank(std::span<const float> query,
                                          std::span<const ScoredChip> candidates, size_t k,
                                          const std::function<void(int64_t chip, float *out)> &row);

private:
    size_t m_n = 0, m_dim = 0;
    std::vector<float> m_scales;
    std::vector<int8_t> m_own;
    const int8_t *m_codes = nullptr;
};

} // namespace chipfinder
