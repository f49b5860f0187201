#include "maplasso.h"

#include "chipgeometryindex.h"
#include "mapview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWidget>

#include <algorithm>

namespace chipfinder {

namespace {
// Draws the lasso's outline over the map; mouse events pass through to the map.
class LassoOverlay : public QWidget
{
public:
    LassoOverlay(QWidget *parent, const MapLasso *lasso, const Qt::MouseButton *button)
        : QWidget(parent), m_lasso(lasso), m_button(button)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        setObjectName(QStringLiteral("lassoOverlay"));
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        const QPolygonF &outline = m_lasso->outline();
        if (outline.size() < 2)
            return;
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor color =
            *m_button == Qt::RightButton ? QColor(214, 48, 49) : QColor(34, 170, 68);
        QColor fill = color;
        fill.setAlpha(50);
        painter.setBrush(fill);
        painter.setPen(QPen(Qt::white, 4));
        painter.drawPolygon(outline);
        painter.setPen(QPen(color, 2, Qt::DashLine));
        painter.drawPolygon(outline);
    }

private:
    const MapLasso *m_lasso;
    const Qt::MouseButton *m_button;
};
} // namespace

MapLasso::MapLasso(MapView *map) : QObject(map), m_map(map)
{
    m_overlay = new LassoOverlay(map, this, &m_button);
    m_overlay->hide();
    map->installEventFilter(this);
}

std::vector<int64_t> MapLasso::chipsInside(const MapView &map, const QPolygonF &outline)
{
    std::vector<int64_t> inside;
    const ChipGeometryIndex *geometry = map.geometry();
    if (!geometry || outline.size() < 3)
        return inside;
    const QRectF screen = outline.boundingRect();
    const QRectF area =
        QRectF(map.toMap(screen.topLeft()), map.toMap(screen.bottomRight())).normalized();
    for (int64_t chip : geometry->chipsWithCenterIn(area))
        if (outline.containsPoint(map.toScreen(geometry->center(chip)), Qt::OddEvenFill))
            inside.push_back(chip);
    std::sort(inside.begin(), inside.end());
    return inside;
}

bool MapLasso::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_map)
        return false;
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (isDrawing() || (mouse->modifiers() & modifiers()) != modifiers() ||
            (mouse->button() != Qt::LeftButton && mouse->button() != Qt::RightButton) ||
            !m_map->geometry())
            return false;
        m_button = mouse->button();
        m_outline = QPolygonF{mouse->position()};
        m_overlay->setGeometry(m_map->rect());
        m_overlay->show();
        m_overlay->raise();
        return true;
    }
    case QEvent::MouseMove: {
        if (!isDrawing())
            return false;
        const QPointF pos = static_cast<QMouseEvent *>(event)->position();
        const QPointF delta = pos - m_outline.back();
        if (std::abs(delta.x()) + std::abs(delta.y()) >= 2.0) {
            m_outline << pos;
            m_overlay->update();
        }
        return true;
    }
    case QEvent::MouseButtonRelease: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (!isDrawing())
            return false;
        if (mouse->button() == m_button) {
            m_outline << mouse->position();
            finish();
        }
        return true;
    }
    case QEvent::MouseButtonDblClick:
        return isDrawing();
    case QEvent::ContextMenu: // a right-button lasso opens no menu
        return isDrawing() ||
               (static_cast<QContextMenuEvent *>(event)->modifiers() & modifiers()) == modifiers();
    default:
        return false;
    }
}

void MapLasso::finish()
{
    const Qt::MouseButton button = m_button;
    const QPolygonF outline = m_outline;
    m_button = Qt::NoButton;
    m_outline.clear();
    m_overlay->hide();
    const std::vector<int64_t> chips = chipsInside(*m_map, outline);
    if (!chips.empty())
        emit chipsLassoed(QList<qint64>(chips.begin(), chips.end()), button);
}

} // namespace chipfinder
