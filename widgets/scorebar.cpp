#include "scorebar.h"

#include "analytics/colormap.h"
#include "scorelayer.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLinearGradient>
#include <QPainter>
#include <QPushButton>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace chipfinder {

namespace {
constexpr int SliderSteps = 1000;

QString scoreText(float value)
{
    return QString::number(double(value), 'g', 3);
}

// The colour ramp with the range at its ends and a mark at the threshold.
class ScoreLegend : public QWidget
{
public:
    explicit ScoreLegend(QWidget *parent) : QWidget(parent)
    {
        setMinimumSize(160, 30);
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    }
    void setLayer(const ScoreLayer *layer)
    {
        m_layer = layer;
        update();
    }
    QSize sizeHint() const override { return {240, fontMetrics().height() + 16}; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        const QFontMetrics metrics = fontMetrics();
        const bool scored = m_layer && m_layer->hasScores();
        const QString low = scored ? scoreText(m_layer->minimum()) : QString();
        const QString high = scored ? scoreText(m_layer->maximum()) : QString();
        const int lowWidth = metrics.horizontalAdvance(low) + 4;
        const int highWidth = metrics.horizontalAdvance(high) + 4;
        const QRect ramp(lowWidth, 3, std::max(20, width() - lowWidth - highWidth), height() - 10);
        QLinearGradient gradient(ramp.topLeft(), ramp.topRight());
        for (int i = 0; i <= 8; ++i)
            gradient.setColorAt(i / 8.0, QColor::fromRgb(ColorMap::viridis(i / 8.0)));
        painter.fillRect(ramp, scored ? QBrush(gradient) : QBrush(Qt::lightGray));
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(0, ramp.top(), lowWidth, ramp.height()), Qt::AlignCenter, low);
        painter.drawText(QRect(ramp.right() + 1, ramp.top(), highWidth, ramp.height()),
                         Qt::AlignCenter, high);
        if (!scored || m_layer->maximum() <= m_layer->minimum())
            return;
        const double t = double(m_layer->threshold() - m_layer->minimum()) /
                         double(m_layer->maximum() - m_layer->minimum());
        const int x = ramp.left() + int(std::lround(std::clamp(t, 0.0, 1.0) * ramp.width()));
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(Qt::black, 3));
        painter.drawLine(x, ramp.top() - 2, x, ramp.bottom() + 5);
        painter.setPen(QPen(Qt::white, 1));
        painter.drawLine(x, ramp.top() - 2, x, ramp.bottom() + 5);
    }

private:
    QPointer<const ScoreLayer> m_layer;
};
} // namespace

ScoreBar::ScoreBar(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    auto *title = new QLabel(tr("Score:"), this);
    m_legend = new ScoreLegend(this);
    m_legend->setObjectName(QStringLiteral("scoreLegend"));
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("scoreThreshold"));
    m_slider->setRange(0, SliderSteps);
    m_slider->setSingleStep(1);
    m_slider->setPageStep(SliderSteps / 20);
    m_slider->setMinimumWidth(140);
    m_slider->setToolTip(tr("Threshold: chips scoring at least this much count as above it"));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("scoreCount"));
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(
        tr("%n chip(s) at or above %1", nullptr, 100000).arg(QStringLiteral("-0.000"))));
    m_accept = new QPushButton(tr("Accept all above"), this);
    m_accept->setObjectName(QStringLiteral("acceptAboveThreshold"));
    m_accept->setFocusPolicy(Qt::NoFocus);
    m_accept->setToolTip(tr("Label every unlabeled chip at or above the threshold positive, as "
                            "one step (undo with Ctrl+Z)"));
    layout->addWidget(title);
    layout->addWidget(m_legend, 2);
    layout->addWidget(m_slider, 2);
    layout->addWidget(m_count);
    layout->addWidget(m_accept);
    connect(m_slider, &QSlider::valueChanged, this, &ScoreBar::onSliderMoved);
    connect(m_accept, &QPushButton::clicked, this, &ScoreBar::acceptAboveRequested);
    onLayerChanged();
}

void ScoreBar::setLayer(ScoreLayer *layer)
{
    if (m_layer)
        disconnect(m_layer, nullptr, this, nullptr);
    m_layer = layer;
    static_cast<ScoreLegend *>(m_legend)->setLayer(layer);
    if (layer)
        connect(layer, &ScoreLayer::changed, this, &ScoreBar::onLayerChanged);
    onLayerChanged();
}

void ScoreBar::setStatus(const QString &status)
{
    m_status = status;
    onLayerChanged();
}

void ScoreBar::onLayerChanged()
{
    const bool scored = m_layer && m_layer->hasScores();
    m_slider->setEnabled(scored);
    const size_t above = scored ? m_layer->countAbove() : 0;
    m_accept->setEnabled(scored && above > 0);
    if (!m_status.isEmpty())
        m_count->setText(m_status);
    else if (scored)
        m_count->setText(tr("%n chip(s) at or above %1", nullptr, int(above))
                             .arg(scoreText(m_layer->threshold())));
    else
        m_count->setText(tr("no scores"));
    if (scored) {
        const float span = m_layer->maximum() - m_layer->minimum();
        const int value =
            span > 0
                ? int(std::lround((m_layer->threshold() - m_layer->minimum()) / span * SliderSteps))
                : SliderSteps;
        m_updating = true;
        m_slider->setValue(std::clamp(value, 0, SliderSteps));
        m_updating = false;
    }
    m_legend->update();
}

void ScoreBar::onSliderMoved(int value)
{
    if (m_updating || !m_layer || !m_layer->hasScores())
        return;
    const float span = m_layer->maximum() - m_layer->minimum();
    m_layer->setThreshold(m_layer->minimum() + span * float(value) / float(SliderSteps));
}

} // namespace chipfinder
