#pragma once
// Lasso labeling on the map: Ctrl+Shift+drag draws a free-hand outline over a MapView (left
// button = positive, right button = negative by the controller's convention); on release
// chipsLassoed() names the chips whose centre lies inside it (the button used). The outline is
// drawn while dragging on a transparent overlay. The lasso watches the map's events (an event
// filter) and takes only the ones of its gesture; everything else reaches the map unchanged.
// Like the map, it changes no labels itself.

#include <QList>
#include <QObject>
#include <QPolygonF>

#include <vector>

namespace chipfinder {

class MapView;

class MapLasso : public QObject
{
    Q_OBJECT
public:
    explicit MapLasso(MapView *map);

    // The modifiers that start a lasso with a left or right drag.
    static Qt::KeyboardModifiers modifiers() { return Qt::ControlModifier | Qt::ShiftModifier; }
    // Chips of the map's dataset whose centre lies inside the polygon (widget coordinates),
    // ascending.
    static std::vector<int64_t> chipsInside(const MapView &map, const QPolygonF &outline);

    bool isDrawing() const { return m_button != Qt::NoButton; }
    // The outline being drawn (widget coordinates); empty when not drawing.
    const QPolygonF &outline() const { return m_outline; }

signals:
    void chipsLassoed(const QList<qint64> &chips, Qt::MouseButton button);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void finish();

    MapView *m_map = nullptr;
    QWidget *m_overlay = nullptr;
    QPolygonF m_outline;
    Qt::MouseButton m_button = Qt::NoButton;
};

} // namespace chipfinder
