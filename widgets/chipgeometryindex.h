#pragma once
// Chip footprints in Web Mercator with a uniform-grid spatial index over their bounds, for
// drawing only what is visible and hit-testing clicks among 10^6 chips.
// Coordinates are stored as float offsets from origin() (metres), so 10^6 rings stay compact.
// Immutable after build(); safe to query from many threads. Building transforms every ring
// vertex with PROJ: for large datasets build it off the UI thread.

#include "dataset/dataset.h"

#include <QPointF>
#include <QRectF>

#include <cstdint>
#include <vector>

namespace chipfinder {

class ChipGeometryIndex
{
public:
    ChipGeometryIndex() = default;
    static ChipGeometryIndex build(const Dataset &dataset);

    size_t size() const { return m_bounds.size(); }
    bool empty() const { return m_bounds.empty(); }
    // Web Mercator extent of every chip.
    QRectF extent() const { return m_extent; }
    QPointF origin() const { return m_origin; }

    // Chip bounds and centre in Web Mercator metres.
    QRectF bounds(int64_t chip) const;
    QPointF center(int64_t chip) const;
    // Ring vertices of chip, as offsets from origin(): x0,y0,x1,y1,... (closed ring).
    const float *ring(int64_t chip, int &vertexCount) const;

    // Every chip whose bounds intersect rect (Web Mercator), each once, in no particular order.
    void query(const QRectF &rect, std::vector<int64_t> &out) const;
    // Chips whose centre lies in rect.
    std::vector<int64_t> chipsWithCenterIn(const QRectF &rect) const;
    // The chip whose footprint contains point, or -1; of several, the smallest, and of several
    // of about the same size (overlapping tiles) the one whose centre is nearest.
    int64_t chipAt(const QPointF &point) const;

private:
    struct Box
    {
        float minX, minY, maxX, maxY; // offsets from m_origin
    };
    void cellRange(const Box &box, int &x0, int &y0, int &x1, int &y1) const;

    QPointF m_origin;
    QRectF m_extent;
    std::vector<Box> m_bounds;
    std::vector<float> m_coords;       // x,y pairs
    std::vector<uint32_t> m_ringStart; // vertex index of each ring, size N + 1
    // Grid: m_cols × m_rows cells of m_cellSize metres; CSR lists of chips per cell.
    int m_cols = 0;
    int m_rows = 0;
    double m_cellW = 1.0;
    double m_cellH = 1.0;
    std::vector<uint32_t> m_cellStart;
    std::vector<uint32_t> m_cellChips;
    // The first (lowest x, lowest y) grid cell each chip is listed in: a query reports a chip
    // from the first of its cells inside the query range only.
    struct Cell
    {
        int32_t x, y;
    };
    std::vector<Cell> m_firstCell;
};

} // namespace chipfinder
