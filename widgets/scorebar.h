#pragma once
// The controls and legend of a ScoreLayer, in a strip beside the map (never over it): the
// colour ramp with the scores' range and a mark at the threshold, a threshold slider (keyboard:
// arrows move by 1/1000 of the range, Page Up/Down by 1/20), the count of open chips at or above
// the threshold, and a button that asks to accept them (acceptAboveRequested; the owner labels).
// Reads everything from the layer and repaints on its changed().

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace chipfinder {

class ScoreLayer;

class ScoreBar : public QWidget
{
    Q_OBJECT
public:
    explicit ScoreBar(QWidget *parent = nullptr);

    void setLayer(ScoreLayer *layer);
    // A line for the state of the computation ("Computing…"), shown instead of the count.
    void setStatus(const QString &status);

    QSlider *slider() const { return m_slider; }
    QLabel *countLabel() const { return m_count; }
    QPushButton *acceptButton() const { return m_accept; }
    QWidget *legend() const { return m_legend; }

signals:
    void acceptAboveRequested();

private:
    void onLayerChanged();
    void onSliderMoved(int value);

    QPointer<ScoreLayer> m_layer;
    QWidget *m_legend = nullptr;
    QSlider *m_slider = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_accept = nullptr;
    QString m_status;
    bool m_updating = false;
};

} // namespace chipfinder
