#pragma once
// Row-block dot-product kernels of FlatIndex (internal). scanDots computes, for rows [begin, end)
// of a row-major matrix (stride = dim floats) and nq ≤ 4 queries (row-major nq × dim), the dot
// products out[(i − begin) · nq + q]. The AVX2/FMA version lives in scan_avx2.cpp and is picked
// at run time when the CPU supports it; the portable one is plain C++.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chipfinder::detail {

inline constexpr size_t kMaxScanQueries = 4;

void scanDotsPortable(const float *rows, size_t begin, size_t end, size_t dim, const float *queries,
                      size_t nq, float *out);
void scanDotsAvx2(const float *rows, size_t begin, size_t end, size_t dim, const float *queries,
                  size_t nq, float *out);
// Same over float16 rows (IEEE half, stored as uint16_t); AVX2 + F16C only.
void scanDotsF16Avx2(const uint16_t *rows, size_t begin, size_t end, size_t dim,
                     const float *queries, size_t nq, float *out);
void scanDotsF16Portable(const uint16_t *rows, size_t begin, size_t end, size_t dim,
                         const float *queries, size_t nq, float *out);
// Many queries (blocked, register-tiled, sgemm-style without packing the matrix): the queries are
// packed once by packQueries() into tiles of 8 (dim-major within a tile, zeros beyond nq), then
// gemmDots scores rows [begin, end) against all nq queries into out[(i − begin) · nq + q]. Rows
// are read straight from the matrix, a few at a time, each value broadcast against 8–24 queries.
inline constexpr size_t kQueryTile = 8;
std::vector<float> packQueries(const float *queries, size_t nq, size_t dim);
void gemmDotsAvx2(const float *rows, size_t begin, size_t end, size_t dim, const float *queries,
                  const float *packed, size_t nq, float *out);
// int8 rows [begin, end) (stride dim bytes) · int16 weights (dim values) → int32 dots
// out[i − begin]. |code| ≤ 127 and |weight| · 127 · dim < 2^31 keep the sums exact.
void int8DotsAvx2(const int8_t *rows, size_t begin, size_t end, size_t dim, const int16_t *weights,
                  int32_t *out);
void int8DotsPortable(const int8_t *rows, size_t begin, size_t end, size_t dim,
                      const int16_t *weights, int32_t *out);
// The same with int8 weights (|weight| ≤ 127) through AVX-512 VNNI (vpdpbusd on 256-bit
// vectors: the codes offset by 128 to unsigned, the offset's share subtracted at the end); only
// when cpuHasVnni().
void int8DotsVnni(const int8_t *rows, size_t begin, size_t end, size_t dim, const int8_t *weights,
                  int32_t *out);
bool cpuHasVnni();
// Hamming distances between bit rows [begin, end) (stride `words` uint64) and one bit query →
// out[i − begin]. The Avx2 variant uses the popcnt instruction (every AVX2 CPU has it).
void hammingAvx2(const uint64_t *bits, size_t begin, size_t end, size_t words,
                 const uint64_t *query, uint16_t *out);
void hammingPortable(const uint64_t *bits, size_t begin, size_t end, size_t words,
                     const uint64_t *query, uint16_t *out);
// float ↔ half conversion of n values (F16C when available, else portable).
void floatToHalf(const float *in, uint16_t *out, size_t n);
void halfToFloat(const uint16_t *in, float *out, size_t n);

// True if this CPU runs the AVX2/FMA/F16C kernels.
bool cpuHasAvx2();

} // namespace chipfinder::detail
