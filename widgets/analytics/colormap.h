#pragma once
// Colour maps shared by the analytics widgets: a perceptually uniform sequential map (viridis,
// interpolated from its published control points) for scores and densities, and the categorical
// colours of the shared palette (palette.h: Okabe–Ito) for strategies, sets and clusters.

#include <QColor>
#include <QVector>

namespace chipfinder {

class ColorMap
{
public:
    // t in [0, 1] (clamped) → viridis colour.
    static QRgb viridis(double t);
    // n evenly spaced viridis colours (n ≥ 2).
    static QVector<QRgb> viridisPalette(int n);
    // Distinct colours for categories (Palette::category); index wraps around after 10.
    static QRgb category(int index);
};

} // namespace chipfinder
