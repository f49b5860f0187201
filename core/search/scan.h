#pragma once
// Row-block dot-product kernels of FlatIndex (internal). scanDots computes, for rows [begin, end)
// of a row-major matrix (stride = dim floats) and nq ≤ 4 queries (row-major nq × dim), the dot
// products out[(i − begin) · nq + q]. The AVX2/FMA version lives in scan_avx2.cpp and is picked
// at run time when the CPU supports it; the portable one is plain C++.

#include <cstddef>
#include <cstdint>

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
// float ↔ half conversion of n values (F16C when available, else portable).
void floatToHalf(const float *in, uint16_t *out, size_t n);
void halfToFloat(const uint16_t *in, float *out, size_t n);

// True if this CPU runs the AVX2/FMA/F16C kernels.
bool cpuHasAvx2();

} // namespace chipfinder::detail
