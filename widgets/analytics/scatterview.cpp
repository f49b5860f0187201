#include "analytics/scatterview.h"

#include "analytics/colormap.h"
#include "dataset/embeddingmatrix.h"
#include "palette.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace chipfinder {

namespace {

constexpr QRgb kBackground = 0xffffffff;
const QRgb kDefaultPoint = Palette::rgb(Palette::Role::Unlabeled);
const QRgb kHighlight = Palette::rgb(Palette::Role::Selection);

QRgb darker(QRgb c)
{
    return qRgb(qRed(c) * 6 / 10, qGreen(c) * 6 / 10, qBlue(c) * 6 / 10);
}

} // namespace

ScatterView::ScatterView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(false);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(160, 120);
}

void ScatterView::setPoints(std::vector<float> xy)
{
    m_xy = std::move(xy);
    m_xy.resize(m_xy.size() / 2 * 2);
    if (m_colorIndex.size() != pointCount()) {
        m_colorIndex.clear();
        m_palette.clear();
        m_legend.clear();
    }
    m_selection.clear();
    m_highlighted.clear();
    rebuildDrawOrder();
    fitToData();
}

void ScatterView::setPoints(const EmbeddingMatrix &layout)
{
    std::vector<float> xy(layout.rows() * 2);
    for (size_t i = 0; i < layout.rows(); ++i) {
        xy[2 * i] = layout.dim() > 0 ? layout.row(i)[0] : 0.0f;
        xy[2 * i + 1] = layout.dim() > 1 ? layout.row(i)[1] : 0.0f;
    }
    setPoints(std::move(xy));
}

void ScatterView::setColors(std::vector<uint8_t> colorIndex, QVector<QRgb> palette,
                            QStringList legend)
{
    if (colorIndex.size() != pointCount() || palette.isEmpty()) {
        clearColors();
        return;
    }
    for (uint8_t &index : colorIndex)
        index = uint8_t(std::min<int>(index, int(palette.size()) - 1));
    m_colorIndex = std::move(colorIndex);
    m_palette = std::move(palette);
    m_legend = std::move(legend);
    rebuildDrawOrder();
    invalidate();
}

void ScatterView::clearColors()
{
    m_colorIndex.clear();
    m_palette.clear();
    m_legend.clear();
    rebuildDrawOrder();
    invalidate();
}

void ScatterView::setLegendTitle(const QString &title)
{
    m_legendTitle = title;
    update();
}

void ScatterView::rebuildDrawOrder()
{
    m_drawOrder.resize(pointCount());
    std::iota(m_drawOrder.begin(), m_drawOrder.end(), 0u);
    if (!m_colorIndex.empty())
        std::stable_sort(m_drawOrder.begin(), m_drawOrder.end(), [this](uint32_t a, uint32_t b) {
            return m_colorIndex[a] < m_colorIndex[b];
        });
}

void ScatterView::setTool(Tool tool)
{
    m_tool = tool;
    setCursor(tool == Tool::Pan ? Qt::OpenHandCursor : Qt::CrossCursor);
}

void ScatterView::setRenderMode(RenderMode mode)
{
    m_renderMode = mode;
    invalidate();
}

void ScatterView::setSpriteLimit(size_t limit)
{
    m_spriteLimit = limit;
    invalidate();
}

void ScatterView::setHighlighted(std::vector<int64_t> chips)
{
    const int64_t n = int64_t(pointCount());
    chips.erase(
        std::remove_if(chips.begin(), chips.end(), [n](int64_t c) { return c < 0 || c >= n; }),
        chips.end());
    std::sort(chips.begin(), chips.end());
    chips.erase(std::unique(chips.begin(), chips.end()), chips.end());
    m_highlighted = std::move(chips);
    m_selection.clear(); // the highlight now comes from elsewhere
    update();
}

void ScatterView::clearSelection()
{
    const bool had = !m_selection.empty();
    m_selection.clear();
    m_highlighted.clear();
    update();
    if (had)
        emit selectionChanged(m_selection);
}

void ScatterView::fitToData()
{
    double minX = std::numeric_limits<double>::max(), maxX = std::numeric_limits<double>::lowest();
    double minY = minX, maxY = maxX;
    for (size_t i = 0; i < pointCount(); ++i) {
        const float x = m_xy[2 * i], y = m_xy[2 * i + 1];
        if (!std::isfinite(x) || !std::isfinite(y))
            continue;
        minX = std::min(minX, double(x));
        maxX = std::max(maxX, double(x));
        minY = std::min(minY, double(y));
        maxY = std::max(maxY, double(y));
    }
    if (minX > maxX) {
        setView({0, 0}, 1.0);
        m_autoFit = true;
        return;
    }
    const double w = std::max(1e-9, maxX - minX), h = std::max(1e-9, maxY - minY);
    const double margin = 16.0;
    const double scale = std::min((width() - 2 * margin) / w, (height() - 2 * margin) / h);
    setView({(minX + maxX) / 2, (minY + maxY) / 2}, std::max(1e-9, scale));
    m_autoFit = true;
}

void ScatterView::setView(QPointF center, double pixelsPerUnit)
{
    m_autoFit = false;
    m_center = center;
    m_scale = pixelsPerUnit;
    invalidate();
    emit viewChanged();
}

QPointF ScatterView::mapToWidget(QPointF data) const
{
    return {(data.x() - m_center.x()) * m_scale + width() / 2.0,
            height() / 2.0 - (data.y() - m_center.y()) * m_scale};
}

QPointF ScatterView::mapToData(QPointF widget) const
{
    return {(widget.x() - width() / 2.0) / m_scale + m_center.x(),
            (height() / 2.0 - widget.y()) / m_scale + m_center.y()};
}

std::vector<int64_t> ScatterView::pointsInPolygon(const QPolygonF &widgetPolygon) const
{
    std::vector<int64_t> inside;
    if (widgetPolygon.size() < 3)
        return inside;
    // Test in data coordinates: one transform of the polygon instead of N of the points.
    QPolygonF data;
    for (const QPointF &p : widgetPolygon)
        data << mapToData(p);
    QPainterPath path;
    path.addPolygon(data);
    path.closeSubpath();
    path.setFillRule(Qt::OddEvenFill);
    const QRectF box = data.boundingRect();
    for (size_t i = 0; i < pointCount(); ++i) {
        const QPointF p(m_xy[2 * i], m_xy[2 * i + 1]);
        if (box.contains(p) && path.contains(p))
            inside.push_back(int64_t(i));
    }
    return inside;
}

void ScatterView::invalidate()
{
    m_dirty = true;
    update();
}

QImage ScatterView::renderImage()
{
    if (m_dirty || m_raster.size() != size())
        render();
    return m_raster;
}

void ScatterView::render()
{
    QElapsedTimer timer;
    timer.start();
    const int w = std::max(1, width()), h = std::max(1, height());
    if (m_raster.size() != QSize(w, h))
        m_raster = QImage(w, h, QImage::Format_RGB32);
    m_raster.fill(kBackground);
    QRgb *pixels = reinterpret_cast<QRgb *>(m_raster.bits());
    const qsizetype stride = m_raster.bytesPerLine() / 4;

    // Screen-space binning: one pass projects every point to its pixel (−1 = off screen).
    const size_t n = pointCount();
    std::vector<int32_t> pixelOf(n);
    size_t visible = 0;
    const double cx = m_center.x(), cy = m_center.y(), s = m_scale;
    const double hw = w / 2.0, hh = h / 2.0;
    for (size_t i = 0; i < n; ++i) {
        const double sx = (m_xy[2 * i] - cx) * s + hw;
        const double sy = hh - (m_xy[2 * i + 1] - cy) * s;
        if (!(sx >= 0 && sx < w && sy >= 0 && sy < h)) {
            pixelOf[i] = -1;
            continue;
        }
        pixelOf[i] = int32_t(int(sy) * w + int(sx));
        ++visible;
    }
    m_visible = visible;
    const bool colored = !m_colorIndex.empty();
    auto colorOf = [&](size_t i) { return colored ? m_palette[m_colorIndex[i]] : kDefaultPoint; };

    const bool points = m_renderMode == RenderMode::Points ||
                        (m_renderMode == RenderMode::Auto && visible <= m_spriteLimit);
    m_effectiveMode = points ? RenderMode::Points : RenderMode::Density;
    if (points) {
        // 5 × 5 disc without corners: dark rim, coloured core.
        static constexpr int kRim[][2] = {{-1, -2}, {0, -2}, {1, -2}, {-2, -1}, {2, -1}, {-2, 0},
                                          {2, 0},   {-2, 1}, {2, 1},  {-1, 2},  {0, 2},  {1, 2}};
        for (uint32_t i : m_drawOrder) {
            if (pixelOf[i] < 0)
                continue;
            const int px = pixelOf[i] % w, py = pixelOf[i] / w;
            const QRgb color = colorOf(i), rim = darker(color);
            for (const auto &o : kRim) {
                const int x = px + o[0], y = py + o[1];
                if (x >= 0 && x < w && y >= 0 && y < h)
                    pixels[y * stride + x] = rim;
            }
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int x = px + dx, y = py + dy;
                    if (x >= 0 && x < w && y >= 0 && y < h)
                        pixels[y * stride + x] = color;
                }
        }
    } else {
        std::vector<uint32_t> counts(size_t(w) * size_t(h), 0);
        std::vector<uint32_t> sums;
        if (colored)
            sums.assign(size_t(w) * size_t(h) * 3, 0);
        uint32_t maxCount = 0;
        for (size_t i = 0; i < n; ++i) {
            const int32_t p = pixelOf[i];
            if (p < 0)
                continue;
            maxCount = std::max(maxCount, ++counts[size_t(p)]);
            if (colored) {
                const QRgb c = colorOf(i);
                sums[size_t(p) * 3] += uint32_t(qRed(c));
                sums[size_t(p) * 3 + 1] += uint32_t(qGreen(c));
                sums[size_t(p) * 3 + 2] += uint32_t(qBlue(c));
            }
        }
        const double logMax = std::log1p(double(std::max<uint32_t>(1, maxCount)));
        // Lookup of log-scaled intensity per count value (counts repeat a lot).
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                const size_t p = size_t(y) * size_t(w) + size_t(x);
                const uint32_t c = counts[p];
                if (c == 0)
                    continue;
                const double t = logMax > 0 ? std::log1p(double(c)) / logMax : 1.0;
                QRgb color;
                if (colored) {
                    const double alpha = 0.35 + 0.65 * t;
                    const double r = double(sums[p * 3]) / c, g = double(sums[p * 3 + 1]) / c,
                                 b = double(sums[p * 3 + 2]) / c;
                    color =
                        qRgb(int(255 * (1 - alpha) + r * alpha), int(255 * (1 - alpha) + g * alpha),
                             int(255 * (1 - alpha) + b * alpha));
                } else {
                    color = ColorMap::viridis(t);
                }
                pixels[y * stride + x] = color;
            }
        }
    }
    m_dirty = false;
    ++m_renderCount;
    m_lastRenderMs = double(timer.nsecsElapsed()) / 1e6;
}

void ScatterView::paintEvent(QPaintEvent *)
{
    if (m_dirty || m_raster.size() != size())
        render();
    QPainter painter(this);
    painter.drawImage(0, 0, m_raster);
    paintOverlays(painter);
}

void ScatterView::paintOverlays(QPainter &painter) const
{
    painter.setRenderHint(QPainter::Antialiasing, true);
    // Highlighted chips on top: a dark halo, then the highlight colour.
    if (!m_highlighted.empty()) {
        QPolygonF at;
        at.reserve(qsizetype(m_highlighted.size()));
        for (int64_t chip : m_highlighted)
            at << mapToWidget({m_xy[size_t(chip) * 2], m_xy[size_t(chip) * 2 + 1]});
        painter.setPen(QPen(QColor(30, 30, 30), 9, Qt::SolidLine, Qt::RoundCap));
        painter.drawPoints(at);
        painter.setPen(QPen(QColor(kHighlight), 6, Qt::SolidLine, Qt::RoundCap));
        painter.drawPoints(at);
    }
    // Rubber band or lasso in progress.
    if (m_drag == Drag::Box || m_drag == Drag::Lasso) {
        painter.setPen(QPen(QColor(20, 20, 20), 1, Qt::DashLine));
        painter.setBrush(Palette::color(Palette::Role::Selection, 40));
        if (m_drag == Drag::Box)
            painter.drawRect(QRectF(m_dragStart, m_lastMouse).normalized());
        else
            painter.drawPolygon(m_lasso);
    }
    // Status line: how many points and how they are drawn.
    const QString status =
        (m_effectiveMode == RenderMode::Density ? tr("%1 of %2 points · density")
                                                : tr("%1 of %2 points"))
            .arg(m_visible)
            .arg(pointCount()) +
        (m_highlighted.empty() ? QString() : tr(" · %1 highlighted").arg(m_highlighted.size()));
    painter.setPen(QColor(90, 90, 90));
    painter.drawText(QRectF(0, 0, width() - 6, height() - 4), Qt::AlignRight | Qt::AlignBottom,
                     status);
}

void ScatterView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_autoFit)
        fitToData();
    invalidate();
}

void ScatterView::mousePressEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    m_dragStart = m_lastMouse = pos;
    if (event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && m_tool == Tool::Pan)) {
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
    } else if (event->button() == Qt::LeftButton) {
        m_drag = m_tool == Tool::Lasso ? Drag::Lasso : Drag::Box;
        m_dragAdds = event->modifiers() & Qt::ShiftModifier;
        m_lasso = QPolygonF() << pos;
    }
    event->accept();
}

void ScatterView::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (m_drag == Drag::Pan) {
        const QPointF delta = pos - m_lastMouse;
        m_lastMouse = pos;
        setView(m_center - QPointF(delta.x() / m_scale, -delta.y() / m_scale), m_scale);
    } else if (m_drag == Drag::Box) {
        m_lastMouse = pos;
        update();
    } else if (m_drag == Drag::Lasso) {
        m_lastMouse = pos;
        if (QLineF(m_lasso.last(), pos).length() >= 2.0)
            m_lasso << pos;
        update();
    }
    event->accept();
}

void ScatterView::mouseReleaseEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (drag == Drag::Pan) {
        setTool(m_tool);
    } else if (drag == Drag::Box) {
        const QRectF rect = QRectF(m_dragStart, pos).normalized();
        if (rect.width() < 3 && rect.height() < 3)
            finishSelection({}, m_dragAdds);
        else
            finishSelection(QPolygonF(rect), m_dragAdds);
    } else if (drag == Drag::Lasso) {
        m_lasso << pos;
        if (m_lasso.boundingRect().width() < 3 && m_lasso.boundingRect().height() < 3)
            finishSelection({}, m_dragAdds);
        else
            finishSelection(m_lasso, m_dragAdds);
        m_lasso.clear();
    }
    update();
    event->accept();
}

void ScatterView::finishSelection(const QPolygonF &polygon, bool add)
{
    std::vector<int64_t> chosen = pointsInPolygon(polygon);
    if (add) {
        std::vector<int64_t> merged;
        std::set_union(m_selection.begin(), m_selection.end(), chosen.begin(), chosen.end(),
                       std::back_inserter(merged));
        chosen = std::move(merged);
    } else if (chosen.empty() && m_selection.empty()) {
        return; // a click on empty space with nothing selected: nothing changes
    }
    m_selection = std::move(chosen);
    m_highlighted = m_selection;
    update();
    emit selectionChanged(m_selection);
}

void ScatterView::mouseDoubleClickEvent(QMouseEvent *event)
{
    fitToData();
    event->accept();
}

void ScatterView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    const QPointF cursor = event->position();
    const QPointF anchor = mapToData(cursor);
    const double scale = std::clamp(m_scale * std::pow(1.25, steps), 1e-9, 1e12);
    // Keep the data point under the cursor fixed.
    const QPointF center(anchor.x() - (cursor.x() - width() / 2.0) / scale,
                         anchor.y() + (cursor.y() - height() / 2.0) / scale);
    setView(center, scale);
    event->accept();
}

} // namespace chipfinder
