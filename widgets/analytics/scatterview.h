#pragma once
// A 2D scatter plot of N points (e.g. an embedding layout) painted into one QImage, with no
// per-point items, so 10^5 points stay interactive and 10^6 work. Rendering is cached: points are
// projected and binned in screen space only when the view, the size or the colours change; a plain
// repaint (hover, rubber band) just blits the cached image.
// Two renderings: point sprites (small discs, drawn in palette order so higher colour indices lie
// on top) while at most spriteLimit() points are visible, and otherwise a density raster: counts
// per pixel, log-scaled; with colours set, each pixel shows the mean colour of its points with
// opacity growing with log(count), without colours the viridis map of log(count).
// Interaction: wheel zooms about the cursor; middle drag (or left drag with the Pan tool) pans;
// with the Box or Lasso tool a left drag selects the points inside (Shift adds to the selection)
// and emits selectionChanged(); a click without drag clears it; double click fits the data.
// setHighlighted() marks chips chosen elsewhere (map, review grid); they are drawn on top and
// replace the scatter's own selection.

#include <QElapsedTimer>
#include <QImage>
#include <QPolygonF>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace chipfinder {

class EmbeddingMatrix;

class ScatterView : public QWidget
{
    Q_OBJECT
public:
    enum class Tool
    {
        Pan,
        Box,
        Lasso
    };
    Q_ENUM(Tool)
    enum class RenderMode
    {
        Auto,
        Points,
        Density
    };
    Q_ENUM(RenderMode)

    explicit ScatterView(QWidget *parent = nullptr);

    // xy: N × 2 interleaved (x0, y0, x1, y1, ...), point i = chip i. Fits the view to the data,
    // clears the selection and the highlight. NaN coordinates hide a point.
    void setPoints(std::vector<float> xy);
    void setPoints(const EmbeddingMatrix &layout); // N × 2
    size_t pointCount() const { return m_xy.size() / 2; }
    const std::vector<float> &points() const { return m_xy; }

    // Colour of point i = palette[colorIndex[i]] (colorIndex.size() == pointCount()). legend names
    // the palette entries (may be empty, or shorter than the palette) for a legend beside the
    // view (ScatterPanel's LegendStrip): the view draws nothing over its points but the
    // selection and the status line.
    void setColors(std::vector<uint8_t> colorIndex, QVector<QRgb> palette, QStringList legend = {});
    void clearColors();
    // The legend's caption (e.g. "Candidate score"); empty = none.
    void setLegendTitle(const QString &title);
    const QVector<QRgb> &colorPalette() const { return m_palette; }
    const QStringList &legend() const { return m_legend; }
    const QString &legendTitle() const { return m_legendTitle; }

    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    void setRenderMode(RenderMode mode);
    RenderMode renderMode() const { return m_renderMode; }
    // The rendering used for the current image (Points or Density).
    RenderMode effectiveRenderMode() const { return m_effectiveMode; }
    void setSpriteLimit(size_t limit);
    size_t spriteLimit() const { return m_spriteLimit; }

    void setHighlighted(std::vector<int64_t> chips);
    const std::vector<int64_t> &highlighted() const { return m_highlighted; }
    const std::vector<int64_t> &selection() const { return m_selection; }
    void clearSelection();

    // View: data point at the widget centre and scale (pixels per data unit).
    void fitToData();
    void setView(QPointF center, double pixelsPerUnit);
    QPointF viewCenter() const { return m_center; }
    double pixelsPerUnit() const { return m_scale; }
    QPointF mapToWidget(QPointF data) const;
    QPointF mapToData(QPointF widget) const;

    // Points whose widget position lies inside the polygon (widget coordinates), ascending.
    std::vector<int64_t> pointsInPolygon(const QPolygonF &widgetPolygon) const;

    // Renders the cached image if needed and returns it (for export and tests).
    QImage renderImage();
    // Milliseconds spent by the last full render (projection, binning, painting the raster).
    double lastRenderMilliseconds() const { return m_lastRenderMs; }
    int renderCount() const { return m_renderCount; }

    QSize sizeHint() const override { return {480, 400}; }

signals:
    void selectionChanged(const std::vector<int64_t> &chips);
    void viewChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void invalidate();
    void render();
    void paintOverlays(QPainter &painter) const;
    void finishSelection(const QPolygonF &polygon, bool add);
    void rebuildDrawOrder();

    std::vector<float> m_xy;
    std::vector<uint8_t> m_colorIndex;
    QVector<QRgb> m_palette;
    QStringList m_legend;
    QString m_legendTitle;
    std::vector<uint32_t> m_drawOrder; // points sorted by colour index (stable)

    std::vector<int64_t> m_highlighted;
    std::vector<int64_t> m_selection;

    Tool m_tool = Tool::Box;
    RenderMode m_renderMode = RenderMode::Auto;
    RenderMode m_effectiveMode = RenderMode::Points;
    size_t m_spriteLimit = 50000;
    QPointF m_center;
    double m_scale = 1.0;
    bool m_autoFit = true; // refit on resize until the user pans or zooms

    QImage m_raster;
    bool m_dirty = true;
    double m_lastRenderMs = 0.0;
    int m_renderCount = 0;
    size_t m_visible = 0;

    enum class Drag
    {
        None,
        Pan,
        Box,
        Lasso
    } m_drag = Drag::None;
    QPointF m_dragStart;
    QPointF m_lastMouse;
    QPolygonF m_lasso;
    bool m_dragAdds = false;
};

} // namespace chipfinder
