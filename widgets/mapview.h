#pragma once
// The map: a Web Mercator view of the chip footprints over a basemap, painted directly (no item
// per chip). Only chips inside the view are visited (grid index); when very many are visible or
// they are smaller than a few pixels, they are aggregated into a density raster. Footprints are
// coloured by state in the shared palette (palette.h): unlabeled (outline), positive, negative,
// candidate (stronger for higher scores). Chips highlighted from another view and the selected chip
// are drawn on top at every zoom: outlined when footprints are large enough, as fixed-size markers
// when they are a few pixels wide or aggregated. The basemap (any GDAL raster) and the chip
// imagery (shown when zoomed in) are drawn from tiles rendered in the background.
//
// Interaction: drag = pan, wheel or +/- = zoom, arrows = pan. A click on a chip emits
// chipClicked (left = positive, right = negative by the controller's convention);
// Ctrl+click or middle click selects a chip (chipSelected); Shift+drag draws a box and emits
// chipsBoxSelected with the chips whose centre is inside (with the button used).
// The view does not change labels itself, and keeps no copy of them: it reads each chip's state
// from the review document (setReviewDocument) while painting and repaints on its signals.

#include "chipgeometryindex.h"
#include "reviewdocument.h"
#include "search/searchtypes.h"

#include <QImage>
#include <QPointer>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

namespace chipfinder {

class RasterLayer;
class RasterRenderer;
class ScoreLayer;

enum class ChipState : uint8_t
{
    Unlabeled = 0,
    Positive = 1,
    Negative = 2
};

class MapView : public QWidget
{
    Q_OBJECT
public:
    explicit MapView(QWidget *parent = nullptr);
    ~MapView() override;

    // The chips to draw; index may be built in the background beforehand (else built here).
    // Resets selection and highlights, and zooms to the chips.
    void setDataset(std::shared_ptr<const Dataset> dataset,
                    std::shared_ptr<const ChipGeometryIndex> index = nullptr);
    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    const ChipGeometryIndex *geometry() const { return m_index.get(); }

    // Basemap and chip imagery (any GDAL raster path or XYZ URL template; empty = none).
    // Throw DataError if GDAL cannot open the source. cacheDir is for URL sources.
    void setBasemap(const QString &source, const QString &cacheDir = QString());
    void setImagery(const QString &source);
    QString basemap() const;
    const RasterLayer *basemapLayer() const { return m_basemap.get(); }

    // Every chip's score as a heat above the imagery and below the footprints, while the layer
    // is visible (not owned; null = none).
    void setScoreLayer(const ScoreLayer *layer);
    const ScoreLayer *scoreLayer() const;

    // Where labels, skips and candidates are read from (not owned; null = none shown).
    void setReviewDocument(const ReviewDocument *document);
    ChipState chipState(int64_t chip) const;
    bool isCandidate(int64_t chip) const;
    void setSelectedChip(int64_t chip); // -1 = none
    int64_t selectedChip() const { return m_selected; }
    // Chips marked from another view (e.g. a scatter selection), outlined on top; empty = none.
    void setHighlightedChips(std::vector<int64_t> chips);
    const std::vector<int64_t> &highlightedChips() const { return m_highlighted; }

    // A translucent image over one chip (e.g. where inside it the query matches): the image's
    // top-left, top-right and bottom-left corners land on these lon/lat points (an affine map).
    // Drawn above the footprints and below the selection outline; a null image removes it.
    void setChipOverlay(int64_t chip, const QImage &image, const std::array<LonLat, 3> &corners);
    void clearChipOverlay() { setChipOverlay(-1, QImage(), {}); }
    int64_t overlayChip() const { return m_overlayChip; }

    // View: centre in Web Mercator metres and resolution in metres per pixel.
    QPointF center() const { return m_center; }
    double resolution() const { return m_resolution; }
    void setView(const QPointF &center, double resolution);
    // "x y resolution" text for saving; setViewString returns false on malformed text.
    QString viewString() const;
    bool setViewString(const QString &text);
    void zoomToChips();
    void zoomBy(double factor, const QPointF &screenAnchor);
    void zoomIn();
    void zoomOut();
    // Centres the map on chip and zooms in if it would be tiny.
    void centerOnChip(int64_t chip);

    // Screen <-> Web Mercator.
    QPointF toScreen(const QPointF &mercator) const;
    QPointF toMap(const QPointF &screen) const;
    // The chip under a widget position, or -1.
    int64_t chipAt(const QPoint &position) const;
    // Widget position of the centre of chip.
    QPoint screenPosition(int64_t chip) const;

    // What the last paint did (for tests and the status line).
    size_t lastVisibleChips() const { return m_lastVisible; }
    bool lastPaintAggregated() const { return m_lastAggregated; }

    QSize sizeHint() const override { return {800, 600}; }

signals:
    void chipClicked(qint64 chip, Qt::MouseButton button, Qt::KeyboardModifiers modifiers);
    void chipsBoxSelected(const QList<qint64> &chips, Qt::MouseButton button);
    void chipSelected(qint64 chip);
    void cursorMoved(double lon, double lat);
    void viewChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRectF visibleMapRect() const;
    void drawLayer(QPainter &painter, RasterLayer &layer);
    void drawChips(QPainter &painter);
    void drawDensity(QPainter &painter, const std::vector<int64_t> &chips);
    void drawPolygons(QPainter &painter, const std::vector<int64_t> &chips, double chipPixels);
    void drawMarkers(QPainter &painter, double chipPixels);
    void drawOverlay(QPainter &painter);
    void drawChipOverlay(QPainter &painter);
    QColor candidateColor(float score) const;
    void onCandidatesChanged();
    float candidateScore(int64_t chip) const;

    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const ChipGeometryIndex> m_index;
    std::unique_ptr<RasterLayer> m_basemap;
    std::unique_ptr<RasterLayer> m_imagery;
    QPointer<const ReviewDocument> m_review;
    QPointer<const ScoreLayer> m_scoreLayer;
    float m_scoreMin = 0.0f, m_scoreMax = 1.0f;
    int64_t m_selected = -1;
    std::vector<int64_t> m_highlighted;
    int64_t m_overlayChip = -1;
    QImage m_overlayImage;
    std::array<QPointF, 3> m_overlayCorners; // Web Mercator

    QPointF m_center;
    double m_resolution = 10.0;

    // Mouse state.
    Qt::MouseButton m_pressButton = Qt::NoButton;
    QPoint m_pressPos;
    QPoint m_lastPos;
    bool m_dragging = false;
    bool m_boxSelecting = false;
    QRect m_box;
    QPointF m_cursorMap;
    bool m_cursorInside = false;

    mutable std::vector<int64_t> m_visible;
    size_t m_lastVisible = 0;
    bool m_lastAggregated = false;
};

} // namespace chipfinder
