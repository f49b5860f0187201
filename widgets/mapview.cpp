#include "mapview.h"

#include "palette.h"
#include "rasterlayer.h"
#include "rasterrenderer.h"
#include "scorelayer.h"
#include "webmercator.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace chipfinder {

namespace {
constexpr size_t DensityThreshold = 60000; // more visible chips than this are aggregated
constexpr double MinChipPixels = 2.5;      // mean chip width below this is aggregated
constexpr int DensityCell = 3;             // pixels per density cell
constexpr double MinResolution = 0.05;     // m/px
constexpr double MarkerChipPixels = 8.0;   // highlighted chips narrower than this get markers
constexpr double MinMarkerPixels = 6.0;    // side of the smallest marker
const QColor PositiveColor = Palette::color(Palette::Role::Positive);
const QColor NegativeColor = Palette::color(Palette::Role::Negative);
const QColor CandidateColor = Palette::color(Palette::Role::Candidate);
const QColor SelectedColor = Palette::color(Palette::Role::Current);
const QColor HighlightColor = Palette::color(Palette::Role::Selection);
const QColor HighlightOutline(40, 20, 40);
} // namespace

MapView::MapView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    setCursor(Qt::CrossCursor);
}

MapView::~MapView() = default;

void MapView::setDataset(std::shared_ptr<const Dataset> dataset,
                         std::shared_ptr<const ChipGeometryIndex> index)
{
    m_dataset = std::move(dataset);
    if (!index && m_dataset)
        index = std::make_shared<ChipGeometryIndex>(ChipGeometryIndex::build(*m_dataset));
    m_index = m_dataset ? std::move(index) : nullptr;
    m_selected = -1;
    m_highlighted.clear();
    m_overlayChip = -1;
    m_overlayImage = QImage();
    zoomToChips();
}

void MapView::setBasemap(const QString &source, const QString &cacheDir)
{
    m_basemap.reset();
    if (!source.isEmpty()) {
        m_basemap =
            std::make_unique<RasterLayer>(std::make_shared<RasterRenderer>(source, cacheDir));
        connect(m_basemap.get(), &RasterLayer::tileReady, this, [this] { update(); });
    }
    if (!m_index || m_index->empty())
        zoomToChips();
    update();
}

void MapView::setImagery(const QString &source)
{
    m_imagery.reset();
    if (!source.isEmpty() && source != basemap()) {
        m_imagery = std::make_unique<RasterLayer>(std::make_shared<RasterRenderer>(source));
        connect(m_imagery.get(), &RasterLayer::tileReady, this, [this] { update(); });
    }
    update();
}

void MapView::setScoreLayer(const ScoreLayer *layer)
{
    if (m_scoreLayer)
        disconnect(m_scoreLayer, nullptr, this, nullptr);
    m_scoreLayer = layer;
    if (layer)
        connect(layer, &ScoreLayer::changed, this, [this] { update(); });
    update();
}

const ScoreLayer *MapView::scoreLayer() const
{
    return m_scoreLayer;
}

QString MapView::basemap() const
{
    return m_basemap ? m_basemap->renderer().source() : QString();
}

void MapView::setReviewDocument(const ReviewDocument *document)
{
    if (m_review)
        disconnect(m_review, nullptr, this, nullptr);
    m_review = document;
    if (document) {
        connect(document, &ReviewDocument::labelsChanged, this, [this] { update(); });
        connect(document, &ReviewDocument::candidatesChanged, this, &MapView::onCandidatesChanged);
    }
    onCandidatesChanged();
}

void MapView::onCandidatesChanged()
{
    m_scoreMin = std::numeric_limits<float>::max();
    m_scoreMax = std::numeric_limits<float>::lowest();
    if (m_review)
        for (const ScoredChip &c : m_review->candidates()) {
            m_scoreMin = std::min(m_scoreMin, c.score);
            m_scoreMax = std::max(m_scoreMax, c.score);
        }
    update();
}

ChipState MapView::chipState(int64_t chip) const
{
    const auto value = m_review ? m_review->labelOf(chip) : std::nullopt;
    return !value                           ? ChipState::Unlabeled
           : *value == LabelValue::Positive ? ChipState::Positive
                                            : ChipState::Negative;
}

float MapView::candidateScore(int64_t chip) const
{
    return m_review ? m_review->candidateScore(chip) : std::numeric_limits<float>::quiet_NaN();
}

bool MapView::isCandidate(int64_t chip) const
{
    return !std::isnan(candidateScore(chip));
}

void MapView::setSelectedChip(int64_t chip)
{
    if (m_index && (chip < -1 || chip >= int64_t(m_index->size())))
        chip = -1;
    if (chip == m_selected)
        return;
    m_selected = chip;
    update();
}

void MapView::setHighlightedChips(std::vector<int64_t> chips)
{
    const int64_t n = m_index ? int64_t(m_index->size()) : 0;
    chips.erase(
        std::remove_if(chips.begin(), chips.end(), [n](int64_t c) { return c < 0 || c >= n; }),
        chips.end());
    m_highlighted = std::move(chips);
    update();
}

void MapView::setView(const QPointF &center, double resolution)
{
    const double maxResolution = 2.0 * WebMercator::HalfWorld / 256.0;
    m_resolution = std::clamp(resolution, MinResolution, maxResolution);
    m_center = QPointF(std::clamp(center.x(), -WebMercator::HalfWorld, WebMercator::HalfWorld),
                       std::clamp(center.y(), -WebMercator::HalfWorld, WebMercator::HalfWorld));
    update();
    emit viewChanged();
}

QString MapView::viewString() const
{
    return QStringLiteral("%1 %2 %3")
        .arg(m_center.x(), 0, 'f', 3)
        .arg(m_center.y(), 0, 'f', 3)
        .arg(m_resolution, 0, 'g', 12);
}

bool MapView::setViewString(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() != 3)
        return false;
    bool okX = false, okY = false, okR = false;
    const double x = parts[0].toDouble(&okX), y = parts[1].toDouble(&okY);
    const double r = parts[2].toDouble(&okR);
    if (!okX || !okY || !okR || !(r > 0.0) || !std::isfinite(x) || !std::isfinite(y))
        return false;
    setView(QPointF(x, y), r);
    return true;
}

void MapView::zoomToChips()
{
    QRectF extent;
    if (m_index && !m_index->empty())
        extent = m_index->extent();
    else if (m_basemap)
        extent = m_basemap->renderer().extent();
    if (extent.isNull()) {
        setView(QPointF(0, 0), 2.0 * WebMercator::HalfWorld / 512.0);
        return;
    }
    const double w = std::max(width(), 100), h = std::max(height(), 100);
    const double resolution =
        std::max({extent.width() / (w * 0.92), extent.height() / (h * 0.92), MinResolution});
    setView(extent.center(), resolution);
}

void MapView::zoomBy(double factor, const QPointF &screenAnchor)
{
    const QPointF anchor = toMap(screenAnchor);
    const double maxResolution = 2.0 * WebMercator::HalfWorld / 256.0;
    const double resolution = std::clamp(m_resolution / factor, MinResolution, maxResolution);
    // Keep the map point under the anchor where it is.
    const QPointF offset = screenAnchor - QPointF(width() / 2.0, height() / 2.0);
    const QPointF center(anchor.x() - offset.x() * resolution,
                         anchor.y() + offset.y() * resolution);
    setView(center, resolution);
}

void MapView::zoomIn()
{
    zoomBy(2.0, QPointF(width() / 2.0, height() / 2.0));
}

void MapView::zoomOut()
{
    zoomBy(0.5, QPointF(width() / 2.0, height() / 2.0));
}

void MapView::centerOnChip(int64_t chip)
{
    if (!m_index || chip < 0 || size_t(chip) >= m_index->size())
        return;
    const QRectF bounds = m_index->bounds(chip);
    double resolution = m_resolution;
    const double chipSize = std::max(bounds.width(), bounds.height());
    if (chipSize / resolution < 24.0)
        resolution = chipSize / 64.0;
    if (chipSize / resolution > std::min(width(), height()) * 0.8)
        resolution = chipSize / (std::min(width(), height()) * 0.5);
    // Keep the view inside the chips' extent where it fits, so a chip at the edge of the scene
    // does not leave half the map empty (the chip stays in view: it is inside the extent).
    const QRectF extent = m_index->extent().normalized();
    auto clampAxis = [](double centre, double low, double high, double half) {
        return high - low <= 2.0 * half ? (low + high) / 2.0
                                        : std::clamp(centre, low + half, high - half);
    };
    const QPointF centre(
        clampAxis(bounds.center().x(), extent.left(), extent.right(), width() * resolution / 2.0),
        clampAxis(bounds.center().y(), extent.top(), extent.bottom(), height() * resolution / 2.0));
    setView(centre, resolution);
}

QPointF MapView::toScreen(const QPointF &m) const
{
    return {(m.x() - m_center.x()) / m_resolution + width() / 2.0,
            (m_center.y() - m.y()) / m_resolution + height() / 2.0};
}

QPointF MapView::toMap(const QPointF &s) const
{
    return {m_center.x() + (s.x() - width() / 2.0) * m_resolution,
            m_center.y() - (s.y() - height() / 2.0) * m_resolution};
}

int64_t MapView::chipAt(const QPoint &position) const
{
    if (!m_index)
        return -1;
    return m_index->chipAt(toMap(QPointF(position) + QPointF(0.5, 0.5)));
}

QPoint MapView::screenPosition(int64_t chip) const
{
    if (!m_index || chip < 0 || size_t(chip) >= m_index->size())
        return {};
    return toScreen(m_index->center(chip)).toPoint();
}

QRectF MapView::visibleMapRect() const
{
    const QPointF a = toMap(QPointF(0, height())), b = toMap(QPointF(width(), 0));
    return QRectF(a, b).normalized();
}

// ---- painting ----

void MapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(226, 228, 224));
    if (m_basemap)
        drawLayer(painter, *m_basemap);
    if (m_imagery && m_resolution < m_imagery->renderer().nativeResolution() * 6.0)
        drawLayer(painter, *m_imagery);
    if (m_scoreLayer)
        m_scoreLayer->paint(painter, *this);
    drawChips(painter);
    drawChipOverlay(painter);
    drawOverlay(painter);
}

void MapView::setChipOverlay(int64_t chip, const QImage &image,
                             const std::array<LonLat, 3> &corners)
{
    m_overlayChip = image.isNull() ? -1 : chip;
    m_overlayImage = image;
    for (size_t i = 0; i < 3; ++i)
        m_overlayCorners[i] = WebMercator::fromLonLat(corners[i].lon, corners[i].lat);
    update();
}

void MapView::drawChipOverlay(QPainter &painter)
{
    if (m_overlayChip < 0 || m_overlayImage.isNull())
        return;
    const QPointF origin = toScreen(m_overlayCorners[0]);
    const QPointF right = toScreen(m_overlayCorners[1]) - origin;
    const QPointF down = toScreen(m_overlayCorners[2]) - origin;
    const double w = m_overlayImage.width(), h = m_overlayImage.height();
    const QTransform transform(right.x() / w, right.y() / w, down.x() / h, down.y() / h, origin.x(),
                               origin.y());
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.setTransform(transform, true);
    painter.setOpacity(0.7);
    painter.drawImage(QPointF(0, 0), m_overlayImage);
    painter.restore();
}

void MapView::drawLayer(QPainter &painter, RasterLayer &layer)
{
    const int z = layer.zoomFor(m_resolution);
    const int n = 1 << z;
    const double tileSize = 2.0 * WebMercator::HalfWorld / n;
    const QRectF view = visibleMapRect().intersected(layer.renderer().extent());
    if (view.isEmpty())
        return;
    const int x0 =
        std::clamp(int(std::floor((view.left() + WebMercator::HalfWorld) / tileSize)), 0, n - 1);
    const int x1 =
        std::clamp(int(std::floor((view.right() + WebMercator::HalfWorld) / tileSize)), 0, n - 1);
    const int y0 =
        std::clamp(int(std::floor((WebMercator::HalfWorld - view.bottom()) / tileSize)), 0, n - 1);
    const int y1 =
        std::clamp(int(std::floor((WebMercator::HalfWorld - view.top()) / tileSize)), 0, n - 1);

    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    std::vector<TileKey> missing;
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const TileKey key{z, x, y};
            const QRectF extent = RasterLayer::tileExtent(key);
            // Whole pixels on both edges, so neighbouring tiles meet without seams.
            const QPointF a = toScreen(extent.topLeft() + QPointF(0, extent.height()));
            const QPointF b = toScreen(extent.bottomRight() - QPointF(0, extent.height()));
            const QRectF target(QPointF(std::round(a.x()), std::round(a.y())),
                                QPointF(std::round(b.x()), std::round(b.y())));
            QImage image = layer.tile(key);
            if (!image.isNull()) {
                painter.drawImage(target, image);
                continue;
            }
            missing.push_back(key);
            // Meanwhile draw the part of a coarser cached tile.
            for (int up = 1; up <= std::min(z, 6); ++up) {
                const TileKey parent{z - up, x >> up, y >> up};
                QImage coarse = layer.tile(parent);
                if (coarse.isNull())
                    continue;
                const int span = 1 << up;
                const double part = double(coarse.width()) / span;
                const QRectF source((x - (parent.x << up)) * part, (y - (parent.y << up)) * part,
                                    part, part);
                painter.drawImage(target, coarse, source);
                break;
            }
        }
    }
    painter.restore();
    // Centre tiles first.
    const QPointF c((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    std::sort(missing.begin(), missing.end(), [&](const TileKey &a, const TileKey &b) {
        return std::hypot(a.x - c.x(), a.y - c.y()) < std::hypot(b.x - c.x(), b.y - c.y());
    });
    layer.request(missing);
}

QColor MapView::candidateColor(float score) const
{
    const float span = m_scoreMax - m_scoreMin;
    const float t = span > 0 ? (score - m_scoreMin) / span : 1.0f;
    QColor color = CandidateColor;
    // Translucent even for the best score: the imagery under a candidate must stay visible.
    color.setAlphaF(0.12f + 0.33f * std::clamp(t, 0.0f, 1.0f));
    return color;
}

void MapView::drawChips(QPainter &painter)
{
    m_lastVisible = 0;
    m_lastAggregated = false;
    if (!m_index || m_index->empty())
        return;
    m_index->query(visibleMapRect(), m_visible);
    m_lastVisible = m_visible.size();
    if (m_visible.empty())
        return;
    // Mean chip size on screen, from a sample.
    double sum = 0.0;
    const size_t step = std::max<size_t>(1, m_visible.size() / 256);
    size_t samples = 0;
    for (size_t i = 0; i < m_visible.size(); i += step, ++samples)
        sum += m_index->bounds(m_visible[i]).width();
    const double meanPixels = sum / double(samples) / m_resolution;
    if (m_visible.size() > DensityThreshold || meanPixels < MinChipPixels) {
        m_lastAggregated = true;
        drawDensity(painter, m_visible);
    } else {
        drawPolygons(painter, m_visible, meanPixels);
    }
    // Footprints a few pixels wide (or aggregated into density cells) would hide a highlighted
    // set or the selected chip: they get markers of a fixed screen size on top.
    if (m_lastAggregated || meanPixels < MarkerChipPixels)
        drawMarkers(painter, meanPixels);
}

void MapView::drawMarkers(QPainter &painter, double chipPixels)
{
    if (!m_highlighted.empty()) {
        // Each highlighted chip as a square the size of its footprint but at least
        // MinMarkerPixels wide, the selection colour inside a dark rim (all rims first, so
        // neighbouring chips merge into one patch with one outline): visible on bright and dark
        // imagery alike.
        const double side = std::max(chipPixels, MinMarkerPixels);
        const double rim = 1.5;
        const QRectF view = QRectF(rect()).adjusted(-side, -side, side, side);
        // A chip within a quarter marker of an already drawn one adds (almost) nothing: skip it
        // (a million highlighted chips zoomed out are a few ten thousand squares).
        const double cell = std::max(1.0, side / 4.0);
        const int cols = int(view.width() / cell) + 1, rows = int(view.height() / cell) + 1;
        std::vector<uint8_t> seen(size_t(cols) * rows, 0);
        std::vector<QRectF> squares;
        for (int64_t chip : m_highlighted) {
            const QPointF c = toScreen(m_index->center(chip));
            if (!view.contains(c))
                continue;
            const size_t key = size_t(int((c.y() - view.top()) / cell)) * cols +
                               size_t(int((c.x() - view.left()) / cell));
            if (key >= seen.size() || seen[key])
                continue;
            seen[key] = 1;
            squares.emplace_back(c.x() - side / 2.0, c.y() - side / 2.0, side, side);
        }
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing, false);
        for (const QRectF &square : squares)
            painter.fillRect(square.adjusted(-rim, -rim, rim, rim), HighlightOutline);
        for (const QRectF &square : squares)
            painter.fillRect(square, HighlightColor);
        painter.restore();
    }
    if (m_selected >= 0) {
        const QPointF s = toScreen(m_index->center(m_selected));
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0, 0, 0, 160), 5.0));
        painter.drawEllipse(s, 9.0, 9.0);
        painter.setPen(QPen(SelectedColor, 3.0));
        painter.drawEllipse(s, 9.0, 9.0);
        painter.restore();
    }
}

void MapView::drawDensity(QPainter &painter, const std::vector<int64_t> &chips)
{
    const int cols = width() / DensityCell + 1, rows = height() / DensityCell + 1;
    std::vector<uint32_t> all(size_t(cols) * rows, 0);
    std::vector<uint32_t> positive(all.size(), 0), negative(all.size(), 0);
    std::vector<float> candidate(all.size(), -1.0f);
    const float span = std::max(1e-9f, m_scoreMax - m_scoreMin);
    for (int64_t chip : chips) {
        const QPointF s = toScreen(m_index->center(chip));
        const int cx = int(s.x()) / DensityCell, cy = int(s.y()) / DensityCell;
        if (s.x() < 0 || s.y() < 0 || cx >= cols || cy >= rows)
            continue;
        const size_t cell = size_t(cy) * cols + cx;
        ++all[cell];
        const ChipState state = chipState(chip);
        if (state == ChipState::Positive)
            ++positive[cell];
        else if (state == ChipState::Negative)
            ++negative[cell];
        else if (const float score = candidateScore(chip); !std::isnan(score))
            candidate[cell] = std::max(candidate[cell], (score - m_scoreMin) / span);
    }
    const uint32_t maxCount = std::max<uint32_t>(1, *std::max_element(all.begin(), all.end()));
    QImage image(cols, rows, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    const double logMax = std::log1p(double(maxCount));
    for (int y = 0; y < rows; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < cols; ++x) {
            const size_t cell = size_t(y) * cols + x;
            if (all[cell] == 0)
                continue;
            QColor color;
            if (positive[cell] || negative[cell])
                color = positive[cell] >= negative[cell] ? PositiveColor : NegativeColor;
            else if (candidate[cell] >= 0.0f)
                color = CandidateColor;
            else
                color = QColor(255, 255, 255);
            const double density = std::log1p(double(all[cell])) / logMax;
            const int alpha = (color == QColor(255, 255, 255)) ? int(60 + 140 * density) : 230;
            line[x] = qPremultiply(qRgba(color.red(), color.green(), color.blue(), alpha));
        }
    }
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(QRect(0, 0, cols * DensityCell, rows * DensityCell), image);
    painter.restore();
}

void MapView::drawPolygons(QPainter &painter, const std::vector<int64_t> &chips, double chipPixels)
{
    const QPointF origin = m_index->origin();
    const double offX = (origin.x() - m_center.x()) / m_resolution + width() / 2.0;
    const double offY = (m_center.y() - origin.y()) / m_resolution + height() / 2.0;
    const double inv = 1.0 / m_resolution;
    QPolygonF polygon;
    auto toPolygon = [&](int64_t chip) {
        int count = 0;
        const float *xy = m_index->ring(chip, count);
        polygon.resize(count);
        for (int v = 0; v < count; ++v)
            polygon[v] = QPointF(xy[2 * v] * inv + offX, offY - xy[2 * v + 1] * inv);
    };

    // Unlabeled outlines in one batch.
    std::vector<QLineF> lines;
    std::vector<int64_t> candidates, positives, negatives;
    for (int64_t chip : chips) {
        const ChipState state = chipState(chip);
        if (state == ChipState::Positive) {
            positives.push_back(chip);
        } else if (state == ChipState::Negative) {
            negatives.push_back(chip);
        } else if (isCandidate(chip)) {
            candidates.push_back(chip);
        } else {
            toPolygon(chip);
            for (qsizetype v = 0; v + 1 < polygon.size(); ++v)
                lines.emplace_back(polygon[v], polygon[v + 1]);
        }
    }
    const bool fine = chips.size() < 20000;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    // Outlines a few pixels apart would veil the imagery in white: fainter when chips are small.
    const int outlineAlpha = chipPixels < MarkerChipPixels ? 70 : fine ? 150 : 90;
    painter.setPen(QPen(QColor(255, 255, 255, outlineAlpha), 0));
    painter.drawLines(lines.data(), int(lines.size()));

    painter.setRenderHint(QPainter::Antialiasing, fine);
    for (int64_t chip : candidates) {
        toPolygon(chip);
        painter.setPen(QPen(CandidateColor.darker(130), fine ? 1.5 : 0));
        painter.setBrush(candidateColor(candidateScore(chip)));
        painter.drawPolygon(polygon);
    }
    auto drawLabeled = [&](const std::vector<int64_t> &list, const QColor &color) {
        QColor fill = color;
        fill.setAlpha(120);
        painter.setPen(QPen(color, fine ? 2.0 : 0));
        painter.setBrush(fill);
        for (int64_t chip : list) {
            toPolygon(chip);
            painter.drawPolygon(polygon);
        }
    };
    drawLabeled(negatives, NegativeColor);
    drawLabeled(positives, PositiveColor);

    if (!m_highlighted.empty()) {
        // The selection colour in a dark rim (as the markers of small chips).
        painter.setRenderHint(QPainter::Antialiasing, fine);
        painter.setBrush(Palette::color(Palette::Role::Selection, 60));
        painter.setPen(QPen(HighlightOutline, fine ? 4.0 : 0));
        for (int64_t chip : m_highlighted) {
            toPolygon(chip);
            painter.drawPolygon(polygon);
        }
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(HighlightColor, fine ? 2.0 : 0));
        for (int64_t chip : m_highlighted) {
            toPolygon(chip);
            painter.drawPolygon(polygon);
        }
    }
    if (m_selected >= 0) {
        toPolygon(m_selected);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(SelectedColor, 3.0));
        painter.drawPolygon(polygon);
    }
    painter.restore();
}

void MapView::drawOverlay(QPainter &painter)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    // Box selection.
    if (m_boxSelecting) {
        const QColor color = m_pressButton == Qt::RightButton ? NegativeColor : PositiveColor;
        QColor fill = color;
        fill.setAlpha(40);
        painter.setPen(QPen(color, 1.5, Qt::DashLine));
        painter.setBrush(fill);
        painter.drawRect(m_box.normalized());
    }

    // Scale bar (ground distance at the view centre's latitude).
    const LonLat centerLonLat = WebMercator::toLonLat(m_center);
    const double metresPerPixel = m_resolution * WebMercator::groundScale(centerLonLat.lat);
    const double target = metresPerPixel * 120.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    double nice = magnitude;
    for (double f : {1.0, 2.0, 5.0, 10.0})
        if (f * magnitude <= target)
            nice = f * magnitude;
    const int barPixels = int(std::round(nice / metresPerPixel));
    const QString barText = nice >= 1000.0 ? tr("%1 km").arg(nice / 1000.0) : tr("%1 m").arg(nice);
    const QFontMetrics metrics(font());
    const int margin = 10;
    const int barY = height() - margin - 4;
    QRect panel(margin - 4, barY - metrics.height() - 8, barPixels + 8, metrics.height() + 14);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 190));
    painter.drawRoundedRect(panel, 3, 3);
    painter.setPen(QPen(Qt::black, 2));
    painter.drawLine(margin, barY, margin + barPixels, barY);
    painter.drawLine(margin, barY, margin, barY - 5);
    painter.drawLine(margin + barPixels, barY, margin + barPixels, barY - 5);
    painter.drawText(QRect(margin, panel.top() + 2, barPixels, metrics.height()), Qt::AlignCenter,
                     barText);

    // Cursor coordinates.
    if (m_cursorInside) {
        const LonLat cursor = WebMercator::toLonLat(m_cursorMap);
        const QString text = tr("%1°, %2°").arg(cursor.lat, 0, 'f', 5).arg(cursor.lon, 0, 'f', 5);
        const int w = metrics.horizontalAdvance(text) + 12;
        const QRect box(width() - w - margin, height() - metrics.height() - 8 - margin, w,
                        metrics.height() + 8);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 190));
        painter.drawRoundedRect(box, 3, 3);
        painter.setPen(Qt::black);
        painter.drawText(box, Qt::AlignCenter, text);
    }
    painter.restore();
}

// ---- interaction ----

void MapView::mousePressEvent(QMouseEvent *event)
{
    if (m_pressButton != Qt::NoButton)
        return;
    m_pressButton = event->button();
    m_pressPos = event->position().toPoint();
    m_lastPos = m_pressPos;
    m_dragging = false;
    m_boxSelecting = (event->modifiers() & Qt::ShiftModifier) &&
                     (m_pressButton == Qt::LeftButton || m_pressButton == Qt::RightButton);
    m_box = QRect(m_pressPos, m_pressPos);
    event->accept();
}

void MapView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    m_cursorInside = true;
    m_cursorMap = toMap(QPointF(pos));
    const LonLat lonLat = WebMercator::toLonLat(m_cursorMap);
    emit cursorMoved(lonLat.lon, lonLat.lat);

    if (m_pressButton != Qt::NoButton) {
        if (!m_dragging &&
            (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance())
            m_dragging = true;
        if (m_boxSelecting) {
            m_box.setBottomRight(pos);
        } else if (m_dragging) {
            const QPoint delta = pos - m_lastPos;
            setView(QPointF(m_center.x() - delta.x() * m_resolution,
                            m_center.y() + delta.y() * m_resolution),
                    m_resolution);
            setCursor(Qt::ClosedHandCursor);
        }
        m_lastPos = pos;
    }
    update();
}

void MapView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != m_pressButton)
        return;
    const Qt::MouseButton button = m_pressButton;
    m_pressButton = Qt::NoButton;
    setCursor(Qt::CrossCursor);
    const QPoint pos = event->position().toPoint();
    if (m_boxSelecting) {
        m_boxSelecting = false;
        m_box.setBottomRight(pos);
        update();
        if (m_index && m_dragging) {
            const QRectF area(toMap(QPointF(m_box.normalized().topLeft())),
                              toMap(QPointF(m_box.normalized().bottomRight())));
            const std::vector<int64_t> chips = m_index->chipsWithCenterIn(area.normalized());
            QList<qint64> list(chips.begin(), chips.end());
            if (!list.isEmpty())
                emit chipsBoxSelected(list, button);
            return;
        }
    }
    if (m_dragging)
        return;
    const int64_t chip = chipAt(pos);
    if (chip < 0)
        return;
    if (button == Qt::MiddleButton || (event->modifiers() & Qt::ControlModifier)) {
        setSelectedChip(chip);
        emit chipSelected(chip);
        return;
    }
    if (button == Qt::LeftButton || button == Qt::RightButton)
        emit chipClicked(chip, button, event->modifiers());
}

void MapView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0.0)
        zoomBy(std::pow(2.0, steps / 2.0), event->position());
    event->accept();
}

void MapView::keyPressEvent(QKeyEvent *event)
{
    const double pan = std::min(width(), height()) * 0.25 * m_resolution;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_Left:
        setView(m_center - QPointF(pan, 0), m_resolution);
        break;
    case Qt::Key_Right:
        setView(m_center + QPointF(pan, 0), m_resolution);
        break;
    case Qt::Key_Up:
        setView(m_center + QPointF(0, pan), m_resolution);
        break;
    case Qt::Key_Down:
        setView(m_center - QPointF(0, pan), m_resolution);
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void MapView::contextMenuEvent(QContextMenuEvent *event)
{
    event->accept(); // right click labels negatives; no context menu on the map
}

void MapView::leaveEvent(QEvent *event)
{
    m_cursorInside = false;
    update();
    QWidget::leaveEvent(event);
}

} // namespace chipfinder
