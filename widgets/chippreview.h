#pragma once
// Hover preview for the review grid: resting the mouse on a thumbnail shows the chip enlarged
// with its surroundings (the imagery around it, `context` chip widths across) and its outline,
// in a popup beside the grid cell, captioned with what the cell's tooltip says (which it
// replaces). Rendered in the background from the thumbnails' raster; it
// goes away when the mouse leaves the cell, the grid scrolls or a key is pressed.

#include <QFutureWatcher>
#include <QImage>
#include <QPointer>
#include <QRectF>
#include <QTimer>
#include <QWidget>

namespace chipfinder {

class CandidateGrid;
class CandidateModel;

class ChipPreview : public QWidget
{
    Q_OBJECT
public:
    // Watches the grid's viewport; the raster and the footprints are those of the thumbnails
    // (the grid's model's ThumbnailProvider).
    explicit ChipPreview(CandidateGrid *grid);

    // Milliseconds the mouse rests before the preview shows (default 400).
    void setDelay(int milliseconds) { m_timer.setInterval(milliseconds); }
    // Side of the preview image in pixels (default 320) and how many chip widths it spans
    // (default 3).
    void setImageSize(int pixels) { m_side = pixels; }
    void setContext(double chipWidths) { m_context = chipWidths; }

    int64_t chip() const { return m_chip; }
    // The shown image (with the outline) and the Web Mercator extent it covers.
    QImage image() const { return m_image; }
    QRectF extent() const { return m_extent; }
    // Where the chip's outline lies in image().
    QRectF outlineRect() const { return m_outline; }

signals:
    void shown(qint64 chip);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    // Whether there is imagery to preview (else the cells keep their tooltips).
    bool canPreview() const;
    void hover(const QPoint &viewportPos);
    void start();
    void dismiss();
    void present(int64_t chip, QImage image);

    CandidateGrid *m_grid = nullptr;
    QTimer m_timer;
    QFutureWatcher<QImage> m_watcher;
    int64_t m_hovered = -1; // chip under the mouse
    int64_t m_chip = -1;    // chip shown (or being rendered)
    QRect m_cell;           // viewport rect of the hovered cell
    QImage m_image;
    QRectF m_extent;
    QRectF m_outline;
    int m_side = 320;
    double m_context = 3.0;
    QString m_caption;
};

} // namespace chipfinder
