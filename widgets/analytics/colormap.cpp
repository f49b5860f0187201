#include "analytics/colormap.h"

#include "palette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace chipfinder {

namespace {
// viridis at t = 0, 1/8, ..., 1 (matplotlib's _viridis_data, sampled).
constexpr std::array<std::array<double, 3>, 9> kViridis = {{{0.267, 0.005, 0.329},
                                                            {0.283, 0.141, 0.458},
                                                            {0.254, 0.265, 0.530},
                                                            {0.207, 0.372, 0.553},
                                                            {0.164, 0.471, 0.558},
                                                            {0.128, 0.567, 0.551},
                                                            {0.135, 0.659, 0.518},
                                                            {0.267, 0.749, 0.441},
                                                            {0.993, 0.906, 0.144}}};
// The last control point of viridis is yellow; 7/8 → 1 passes through these greens/yellows.
constexpr std::array<std::array<double, 3>, 3> kViridisTail = {
    {{0.478, 0.821, 0.318}, {0.741, 0.873, 0.150}, {0.993, 0.906, 0.144}}};

} // namespace

QRgb ColorMap::viridis(double t)
{
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    // 0 … 7/8 from the main table, 7/8 … 1 from the tail (finer, where viridis bends).
    std::array<double, 3> c{};
    if (t <= 7.0 / 8.0) {
        const double x = t * 8.0;
        const int i = std::min(6, int(x));
        const double f = x - i;
        for (int k = 0; k < 3; ++k)
            c[size_t(k)] =
                kViridis[size_t(i)][size_t(k)] * (1 - f) + kViridis[size_t(i + 1)][size_t(k)] * f;
    } else {
        const double x = (t - 7.0 / 8.0) * 8.0 * 3.0; // 0..3 over the tail's segments
        const std::array<std::array<double, 3>, 4> tail = {kViridis[7], kViridisTail[0],
                                                           kViridisTail[1], kViridisTail[2]};
        const int i = std::min(2, int(x));
        const double f = x - i;
        for (int k = 0; k < 3; ++k)
            c[size_t(k)] =
                tail[size_t(i)][size_t(k)] * (1 - f) + tail[size_t(i + 1)][size_t(k)] * f;
    }
    return qRgb(int(c[0] * 255 + 0.5), int(c[1] * 255 + 0.5), int(c[2] * 255 + 0.5));
}

QVector<QRgb> ColorMap::viridisPalette(int n)
{
    QVector<QRgb> palette;
    n = std::max(2, n);
    for (int i = 0; i < n; ++i)
        palette.push_back(viridis(double(i) / double(n - 1)));
    return palette;
}

QRgb ColorMap::category(int index)
{
    return Palette::category(index);
}

} // namespace chipfinder
