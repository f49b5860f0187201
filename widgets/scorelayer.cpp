#include "scorelayer.h"

#include "analytics/colormap.h"
#include "mapview.h"

#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace chipfinder {

namespace {
constexpr int MinAlpha = 10;    // heat of the lowest score
constexpr int BelowAlpha = 90;  // heat just under the threshold: the imagery shows through
constexpr int AboveAlpha = 165; // at or above the threshold
constexpr int DensityCell = 3;  // pixels per cell when chips are too small to draw
constexpr double MinChipPixels = 2.5;
constexpr size_t MaxPolygons = 60000;
} // namespace

ScoreLayer::ScoreLayer(QObject *parent) : QObject(parent) {}

void ScoreLayer::setReviewDocument(const ReviewDocument *document)
{
    if (m_review)
        disconnect(m_review, nullptr, this, nullptr);
    m_review = document;
    if (document)
        connect(document, &ReviewDocument::labelsChanged, this, &ScoreLayer::changed);
    emit changed();
}

void ScoreLayer::setScores(std::vector<float> scores, const QString &source)
{
    const bool sameSource = source == m_source && m_count > 0;
    m_scores = std::move(scores);
    m_source = source;
    m_count = 0;
    m_min = std::numeric_limits<float>::max();
    m_max = std::numeric_limits<float>::lowest();
    std::vector<float> finite;
    finite.reserve(m_scores.size());
    for (const float s : m_scores)
        if (std::isfinite(s)) {
            finite.push_back(s);
            m_min = std::min(m_min, s);
            m_max = std::max(m_max, s);
        }
    m_count = finite.size();
    if (m_count == 0) {
        m_min = 0.0f;
        m_max = 1.0f;
    } else if (!sameSource || !(m_threshold >= m_min && m_threshold <= m_max)) {
        const size_t top = std::min(m_count - 1, m_count * 95 / 100);
        std::nth_element(finite.begin(), finite.begin() + std::ptrdiff_t(top), finite.end());
        m_threshold = finite[top];
    }
    emit changed();
}

void ScoreLayer::clear()
{
    m_scores.clear();
    m_source.clear();
    m_count = 0;
    m_min = 0.0f;
    m_max = 1.0f;
    emit changed();
}

float ScoreLayer::score(int64_t chip) const
{
    return chip >= 0 && size_t(chip) < m_scores.size() ? m_scores[size_t(chip)]
                                                       : std::numeric_limits<float>::quiet_NaN();
}

void ScoreLayer::setThreshold(float threshold)
{
    if (!std::isfinite(threshold) || threshold == m_threshold)
        return;
    m_threshold = threshold;
    emit changed();
}

bool ScoreLayer::isOpen(int64_t chip) const
{
    return !m_review || (!m_review->labelOf(chip) && !m_review->isSkipped(chip));
}

std::vector<ScoredChip> ScoreLayer::chipsAbove() const
{
    std::vector<ScoredChip> chips;
    for (size_t chip = 0; chip < m_scores.size(); ++chip)
        if (m_scores[chip] >= m_threshold && isOpen(int64_t(chip)))
            chips.push_back({int64_t(chip), m_scores[chip]});
    std::stable_sort(chips.begin(), chips.end(),
                     [](const ScoredChip &a, const ScoredChip &b) { return a.score > b.score; });
    return chips;
}

size_t ScoreLayer::countAbove() const
{
    size_t count = 0;
    for (size_t chip = 0; chip < m_scores.size(); ++chip)
        if (m_scores[chip] >= m_threshold && isOpen(int64_t(chip)))
            ++count;
    return count;
}

void ScoreLayer::setVisible(bool visible)
{
    if (visible == m_visible)
        return;
    m_visible = visible;
    emit changed();
}

QColor ScoreLayer::colorAt(float score) const
{
    if (!std::isfinite(score))
        return QColor(0, 0, 0, 0);
    const float span = m_max - m_min;
    const double t = span > 0 ? double(score - m_min) / span : 1.0;
    QColor color = QColor::fromRgb(ColorMap::viridis(t));
    // Under the threshold the heat fades out towards the lowest scores, so the imagery stays
    // readable where nothing is likely.
    color.setAlpha(score >= m_threshold
                       ? AboveAlpha
                       : int(MinAlpha + (BelowAlpha - MinAlpha) * std::clamp(t, 0.0, 1.0)));
    return color;
}

void ScoreLayer::paint(QPainter &painter, const MapView &map) const
{
    const ChipGeometryIndex *index = map.geometry();
    if (!m_visible || m_count == 0 || !index || index->empty())
        return;
    const QRectF view =
        QRectF(map.toMap(QPointF(0, map.height())), map.toMap(QPointF(map.width(), 0)))
            .normalized();
    index->query(view, m_visibleChips);
    if (m_visibleChips.empty())
        return;
    const double resolution = map.resolution();
    double sum = 0.0;
    size_t samples = 0;
    const size_t step = std::max<size_t>(1, m_visibleChips.size() / 256);
    for (size_t i = 0; i < m_visibleChips.size(); i += step, ++samples)
        sum += index->bounds(m_visibleChips[i]).width();
    const double chipPixels = sum / double(samples) / resolution;

    painter.save();
    if (m_visibleChips.size() > MaxPolygons || chipPixels < MinChipPixels) {
        // Small chips: the best score per cell of a coarse raster.
        const int cols = map.width() / DensityCell + 1, rows = map.height() / DensityCell + 1;
        std::vector<float> best(size_t(cols) * size_t(rows),
                                std::numeric_limits<float>::quiet_NaN());
        for (const int64_t chip : m_visibleChips) {
            const float s = score(chip);
            if (!std::isfinite(s))
                continue;
            const QPointF p = map.toScreen(index->center(chip));
            if (p.x() < 0 || p.y() < 0)
                continue;
            const int cx = int(p.x()) / DensityCell, cy = int(p.y()) / DensityCell;
            if (cx >= cols || cy >= rows)
                continue;
            float &cell = best[size_t(cy) * size_t(cols) + size_t(cx)];
            if (!(cell >= s))
                cell = s;
        }
        QImage image(cols, rows, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        for (int y = 0; y < rows; ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < cols; ++x)
                if (const float s = best[size_t(y) * size_t(cols) + size_t(x)]; std::isfinite(s))
                    line[x] = qPremultiply(colorAt(s).rgba());
        }
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
        painter.drawImage(QRect(0, 0, cols * DensityCell, rows * DensityCell), image);
    } else {
        const QPointF origin = map.toScreen(index->origin());
        const double inv = 1.0 / resolution;
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setPen(Qt::NoPen);
        QPolygonF polygon;
        for (const int64_t chip : m_visibleChips) {
            const float s = score(chip);
            if (!std::isfinite(s))
                continue;
            int count = 0;
            const float *xy = index->ring(chip, count);
            polygon.resize(count);
            for (int v = 0; v < count; ++v)
                polygon[v] =
                    QPointF(origin.x() + xy[2 * v] * inv, origin.y() - xy[2 * v + 1] * inv);
            painter.setBrush(colorAt(s));
            painter.drawPolygon(polygon);
        }
    }
    painter.restore();
}

} // namespace chipfinder
