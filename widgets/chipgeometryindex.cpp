#include "chipgeometryindex.h"

#include "webmercator.h"

#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <limits>

namespace chipfinder {

ChipGeometryIndex ChipGeometryIndex::build(const Dataset &dataset)
{
    ChipGeometryIndex index;
    const size_t n = dataset.size();
    if (n == 0 || dataset.ringOffsets.size() != n + 1)
        return index;

    const size_t vertices = dataset.ringCoords.size();
    std::vector<double> xs(vertices), ys(vertices);
    for (size_t i = 0; i < vertices; ++i) {
        xs[i] = dataset.ringCoords[i].lon;
        ys[i] = dataset.ringCoords[i].lat;
    }
    WebMercator::fromLonLat(xs.data(), ys.data(), vertices);

    double minX = std::numeric_limits<double>::max(), minY = minX;
    double maxX = std::numeric_limits<double>::lowest(), maxY = maxX;
    for (size_t i = 0; i < vertices; ++i) {
        minX = std::min(minX, xs[i]);
        maxX = std::max(maxX, xs[i]);
        minY = std::min(minY, ys[i]);
        maxY = std::max(maxY, ys[i]);
    }
    if (vertices == 0) {
        minX = minY = 0.0;
        maxX = maxY = 1.0;
    }
    index.m_origin = QPointF(minX, minY);
    index.m_extent = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    index.m_coords.resize(vertices * 2);
    for (size_t i = 0; i < vertices; ++i) {
        index.m_coords[2 * i] = float(xs[i] - minX);
        index.m_coords[2 * i + 1] = float(ys[i] - minY);
    }
    index.m_ringStart.assign(dataset.ringOffsets.begin(), dataset.ringOffsets.end());

    index.m_bounds.resize(n);
    double sumW = 0.0, sumH = 0.0;
    for (size_t c = 0; c < n; ++c) {
        Box box{std::numeric_limits<float>::max(), std::numeric_limits<float>::max(),
                std::numeric_limits<float>::lowest(), std::numeric_limits<float>::lowest()};
        for (uint32_t v = index.m_ringStart[c]; v < index.m_ringStart[c + 1]; ++v) {
            box.minX = std::min(box.minX, index.m_coords[2 * v]);
            box.maxX = std::max(box.maxX, index.m_coords[2 * v]);
            box.minY = std::min(box.minY, index.m_coords[2 * v + 1]);
            box.maxY = std::max(box.maxY, index.m_coords[2 * v + 1]);
        }
        if (index.m_ringStart[c] == index.m_ringStart[c + 1])
            box = {0, 0, 0, 0};
        index.m_bounds[c] = box;
        sumW += box.maxX - box.minX;
        sumH += box.maxY - box.minY;
    }

    // Cells about twice the mean chip size, at most ~4 cells per chip and 4M cells in all.
    const double width = std::max(maxX - minX, 1e-3), height = std::max(maxY - minY, 1e-3);
    double cellW = std::max(2.0 * sumW / double(n), width / 4096.0);
    double cellH = std::max(2.0 * sumH / double(n), height / 4096.0);
    const double maxCells = std::min(4.0 * double(n), 4.0e6);
    while ((width / cellW) * (height / cellH) > maxCells) {
        cellW *= 1.5;
        cellH *= 1.5;
    }
    index.m_cellW = cellW;
    index.m_cellH = cellH;
    index.m_cols = std::max(1, int(std::ceil(width / cellW)));
    index.m_rows = std::max(1, int(std::ceil(height / cellH)));

    const size_t cells = size_t(index.m_cols) * size_t(index.m_rows);
    index.m_cellStart.assign(cells + 1, 0);
    index.m_firstCell.resize(n);
    for (size_t c = 0; c < n; ++c) {
        int x0, y0, x1, y1;
        index.cellRange(index.m_bounds[c], x0, y0, x1, y1);
        index.m_firstCell[c] = {x0, y0};
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                ++index.m_cellStart[size_t(y) * index.m_cols + x + 1];
    }
    for (size_t i = 1; i <= cells; ++i)
        index.m_cellStart[i] += index.m_cellStart[i - 1];
    index.m_cellChips.resize(index.m_cellStart[cells]);
    std::vector<uint32_t> fill(index.m_cellStart.begin(), index.m_cellStart.end() - 1);
    for (size_t c = 0; c < n; ++c) {
        int x0, y0, x1, y1;
        index.cellRange(index.m_bounds[c], x0, y0, x1, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                index.m_cellChips[fill[size_t(y) * index.m_cols + x]++] = uint32_t(c);
    }
    return index;
}

void ChipGeometryIndex::cellRange(const Box &box, int &x0, int &y0, int &x1, int &y1) const
{
    x0 = std::clamp(int(std::floor(box.minX / m_cellW)), 0, m_cols - 1);
    x1 = std::clamp(int(std::floor(box.maxX / m_cellW)), 0, m_cols - 1);
    y0 = std::clamp(int(std::floor(box.minY / m_cellH)), 0, m_rows - 1);
    y1 = std::clamp(int(std::floor(box.maxY / m_cellH)), 0, m_rows - 1);
}

QRectF ChipGeometryIndex::bounds(int64_t chip) const
{
    const Box &b = m_bounds[size_t(chip)];
    return QRectF(QPointF(m_origin.x() + b.minX, m_origin.y() + b.minY),
                  QPointF(m_origin.x() + b.maxX, m_origin.y() + b.maxY));
}

QPointF ChipGeometryIndex::center(int64_t chip) const
{
    return bounds(chip).center();
}

const float *ChipGeometryIndex::ring(int64_t chip, int &vertexCount) const
{
    const uint32_t begin = m_ringStart[size_t(chip)];
    vertexCount = int(m_ringStart[size_t(chip) + 1] - begin);
    return m_coords.data() + 2 * size_t(begin);
}

void ChipGeometryIndex::query(const QRectF &rect, std::vector<int64_t> &out) const
{
    out.clear();
    if (m_bounds.empty())
        return;
    const Box q{float(rect.left() - m_origin.x()), float(rect.top() - m_origin.y()),
                float(rect.right() - m_origin.x()), float(rect.bottom() - m_origin.y())};
    if (q.maxX < 0 || q.maxY < 0 || q.minX > float(m_extent.width()) ||
        q.minY > float(m_extent.height()))
        return;
    int qx0, qy0, qx1, qy1;
    cellRange(q, qx0, qy0, qx1, qy1);
    for (int y = qy0; y <= qy1; ++y) {
        for (int x = qx0; x <= qx1; ++x) {
            const size_t cell = size_t(y) * m_cols + x;
            // A cell strictly inside the query range: every chip listed in it meets the query.
            const bool inner = x > qx0 && x < qx1 && y > qy0 && y < qy1;
            for (uint32_t i = m_cellStart[cell]; i < m_cellStart[cell + 1]; ++i) {
                const uint32_t c = m_cellChips[i];
                const Box &b = m_bounds[c];
                if (!inner &&
                    (b.minX > q.maxX || b.maxX < q.minX || b.minY > q.maxY || b.maxY < q.minY))
                    continue;
                // Report a chip only from the first cell where it meets the query range.
                const Cell first = m_firstCell[c];
                if (x == std::max(int(first.x), qx0) && y == std::max(int(first.y), qy0))
                    out.push_back(c);
            }
        }
    }
}

std::vector<int64_t> ChipGeometryIndex::chipsWithCenterIn(const QRectF &rect) const
{
    std::vector<int64_t> candidates, result;
    query(rect, candidates);
    for (int64_t c : candidates)
        if (rect.contains(center(c)))
            result.push_back(c);
    std::sort(result.begin(), result.end());
    return result;
}

int64_t ChipGeometryIndex::chipAt(const QPointF &point) const
{
    std::vector<int64_t> near;
    query(QRectF(point, point), near);
    int64_t best = -1;
    double bestArea = std::numeric_limits<double>::max();
    double bestDistance = std::numeric_limits<double>::max();
    const QPointF local = point - m_origin;
    for (int64_t c : near) {
        int count = 0;
        const float *xy = ring(c, count);
        QPolygonF polygon;
        polygon.reserve(count);
        for (int v = 0; v < count; ++v)
            polygon << QPointF(xy[2 * v], xy[2 * v + 1]);
        if (!polygon.containsPoint(local, Qt::OddEvenFill))
            continue;
        const Box &b = m_bounds[size_t(c)];
        const double area = double(b.maxX - b.minX) * double(b.maxY - b.minY);
        const QPointF offset = center(c) - point;
        const double distance = offset.x() * offset.x() + offset.y() * offset.y();
        // Smaller chips win; among chips of about the same size (overlapping tiles), the one
        // whose centre is nearest.
        if (area < bestArea * 0.99 || (area <= bestArea * 1.01 && distance < bestDistance)) {
            bestArea = area;
            bestDistance = distance;
            best = c;
        }
    }
    return best;
}

} // namespace chipfinder
