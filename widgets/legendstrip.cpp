#include "legendstrip.h"

#include <QLinearGradient>
#include <QPainter>

namespace chipfinder {

namespace {
constexpr int Swatch = 10;
constexpr int Gap = 12;
constexpr int RampWidth = 90;
} // namespace

LegendStrip::LegendStrip(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void LegendStrip::setLegend(const QString &title, QVector<Entry> entries, QVector<QRgb> ramp,
                            const QString &low, const QString &high)
{
    m_title = title;
    m_entries = std::move(entries);
    m_ramp = std::move(ramp);
    m_low = low;
    m_high = high;
    updateGeometry();
    update();
}

QSize LegendStrip::sizeHint() const
{
    const QFontMetrics metrics = fontMetrics();
    int width = metrics.horizontalAdvance(m_title) + Gap;
    for (const Entry &entry : m_entries)
        width += Swatch + 4 + metrics.horizontalAdvance(entry.text) + Gap;
    if (!m_ramp.isEmpty())
        width +=
            metrics.horizontalAdvance(m_low) + RampWidth + metrics.horizontalAdvance(m_high) + 12;
    return {width, metrics.height() + 6};
}

QSize LegendStrip::minimumSizeHint() const
{
    return {0, fontMetrics().height() + 6};
}

void LegendStrip::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QFontMetrics metrics = fontMetrics();
    const QColor text = palette().color(QPalette::WindowText);
    const int h = height();
    int x = 2;
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        painter.setPen(text);
        painter.drawText(QRect(x, 0, width() - x, h), Qt::AlignVCenter | Qt::AlignLeft, m_title);
        x += QFontMetrics(bold).horizontalAdvance(m_title) + Gap;
        painter.setFont(font());
    }
    for (const Entry &entry : m_entries) {
        const QColor color = QColor::fromRgb(entry.color);
        painter.setPen(color.darker(160));
        painter.setBrush(color);
        painter.drawEllipse(QRectF(x, (h - Swatch) / 2.0, Swatch, Swatch));
        x += Swatch + 4;
        painter.setPen(text);
        painter.drawText(QRect(x, 0, width() - x, h), Qt::AlignVCenter | Qt::AlignLeft, entry.text);
        x += metrics.horizontalAdvance(entry.text) + Gap;
    }
    if (!m_ramp.isEmpty()) {
        painter.setPen(text);
        painter.drawText(QRect(x, 0, width() - x, h), Qt::AlignVCenter | Qt::AlignLeft, m_low);
        x += metrics.horizontalAdvance(m_low) + 4;
        const QRect ramp(x, (h - Swatch) / 2, RampWidth, Swatch);
        QLinearGradient gradient(ramp.topLeft(), ramp.topRight());
        for (int i = 0; i < m_ramp.size(); ++i)
            gradient.setColorAt(m_ramp.size() > 1 ? double(i) / (m_ramp.size() - 1) : 0.0,
                                QColor::fromRgb(m_ramp[i]));
        painter.fillRect(ramp, gradient);
        x += RampWidth + 4;
        painter.drawText(QRect(x, 0, width() - x, h), Qt::AlignVCenter | Qt::AlignLeft, m_high);
    }
}

} // namespace chipfinder
