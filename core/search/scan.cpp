#include "search/scan.h"

#include <cmath>
#include <cstring>

namespace chipfinder::detail {

void floatToHalfAvx2(const float *in, uint16_t *out, size_t n); // scan_avx2.cpp
void halfToFloatAvx2(const uint16_t *in, float *out, size_t n);

namespace {

float halfToFloat(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const uint32_t exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    float value;
    if (exponent == 0)
        value = std::ldexp(float(mantissa), -24);
    else if (exponent == 31)
        value = mantissa ? NAN : INFINITY;
    else
        value = std::ldexp(float(mantissa | 0x400), int(exponent) - 25);
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    bits |= sign;
    std::memcpy(&value, &bits, 4);
    return value;
}

uint16_t floatToHalfPortable(float f)
{
    // Round to nearest even through the exponent/mantissa bits (finite inputs; overflow → inf).
    uint32_t x;
    std::memcpy(&x, &f, 4);
    const uint32_t sign = (x >> 16) & 0x8000;
    const int exponent = int((x >> 23) & 0xff) - 127 + 15;
    uint32_t mantissa = x & 0x7fffff;
    if (exponent >= 31)
        return uint16_t(sign | 0x7c00);
    if (exponent <= 0) {
        if (exponent < -10)
            return uint16_t(sign);
        mantissa |= 0x800000;
        const int shift = 14 - exponent;
        uint32_t half = mantissa >> shift;
        const uint32_t rest = mantissa & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rest > mid || (rest == mid && (half & 1)))
            ++half;
        return uint16_t(sign | half);
    }
    uint32_t half = (uint32_t(exponent) << 10) | (mantissa >> 13);
    const uint32_t rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
        ++half;
    return uint16_t(sign | half);
}

} // namespace

bool cpuHasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                            __builtin_cpu_supports("f16c");
    return has;
}

void scanDotsPortable(const float *rows, size_t begin, size_t end, size_t dim, const float *queries,
                      size_t nq, float *out)
{
    for (size_t i = begin; i < end; ++i) {
        const float *r = rows + i * dim;
        for (size_t q = 0; q < nq; ++q) {
            const float *v = queries + q * dim;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            size_t j = 0;
            for (; j + 4 <= dim; j += 4) {
                s0 += r[j] * v[j];
                s1 += r[j + 1] * v[j + 1];
                s2 += r[j + 2] * v[j + 2];
                s3 += r[j + 3] * v[j + 3];
            }
            for (; j < dim; ++j)
                s0 += r[j] * v[j];
            out[(i - begin) * nq + q] = (s0 + s1) + (s2 + s3);
        }
    }
}

void scanDotsF16Portable(const uint16_t *rows, size_t begin, size_t end, size_t dim,
                         const float *queries, size_t nq, float *out)
{
    for (size_t i = begin; i < end; ++i)
        for (size_t q = 0; q < nq; ++q) {
            float s = 0;
            for (size_t j = 0; j < dim; ++j)
                s += halfToFloat(rows[i * dim + j]) * queries[q * dim + j];
            out[(i - begin) * nq + q] = s;
        }
}

std::vector<float> packQueries(const float *queries, size_t nq, size_t dim)
{
    const size_t tiles = (nq + kQueryTile - 1) / kQueryTile;
    std::vector<float> packed(tiles * dim * kQueryTile, 0.0f);
    for (size_t q = 0; q < nq; ++q) {
        float *tile = packed.data() + (q / kQueryTile) * dim * kQueryTile + q % kQueryTile;
        for (size_t j = 0; j < dim; ++j)
            tile[j * kQueryTile] = queries[q * dim + j];
    }
    return packed;
}

bool cpuHasVnni()
{
    static const bool has =
        cpuHasAvx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni");
    return has;
}

void int8DotsPortable(const int8_t *rows, size_t begin, size_t end, size_t dim,
                      const int16_t *weights, int32_t *out)
{
    for (size_t i = begin; i < end; ++i) {
        const int8_t *r = rows + i * dim;
        int32_t s = 0;
        for (size_t j = 0; j < dim; ++j)
            s += int32_t(r[j]) * weights[j];
        out[i - begin] = s;
    }
}

void hammingPortable(const uint64_t *bits, size_t begin, size_t end, size_t words,
                     const uint64_t *query, uint16_t *out)
{
    for (size_t i = begin; i < end; ++i) {
        unsigned d = 0;
        for (size_t w = 0; w < words; ++w) {
            uint64_t x = bits[i * words + w] ^ query[w];
            for (; x; x &= x - 1)
                ++d;
        }
        out[i - begin] = uint16_t(d);
    }
}

void floatToHalf(const float *in, uint16_t *out, size_t n)
{
    if (cpuHasAvx2()) {
        floatToHalfAvx2(in, out, n);
        return;
    }
    for (size_t i = 0; i < n; ++i)
        out[i] = floatToHalfPortable(in[i]);
}

void halfToFloat(const uint16_t *in, float *out, size_t n)
{
    if (cpuHasAvx2()) {
        halfToFloatAvx2(in, out, n);
        return;
    }
    for (size_t i = 0; i < n; ++i)
        out[i] = halfToFloat(in[i]);
}

} // namespace chipfinder::detail
