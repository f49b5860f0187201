#pragma once
// A one-line legend beside a view (never over its data): a title, then swatches with their
// names, then optionally a colour ramp between two end labels (for scores).

#include <QColor>
#include <QString>
#include <QVector>
#include <QWidget>

namespace chipfinder {

class LegendStrip : public QWidget
{
    Q_OBJECT
public:
    struct Entry
    {
        QRgb color;
        QString text;
    };

    explicit LegendStrip(QWidget *parent = nullptr);

    // ramp: colours from low to high (empty = no ramp).
    void setLegend(const QString &title, QVector<Entry> entries, QVector<QRgb> ramp = {},
                   const QString &low = QString(), const QString &high = QString());
    void clear() { setLegend(QString(), {}); }

    QString title() const { return m_title; }
    const QVector<Entry> &entries() const { return m_entries; }
    bool hasRamp() const { return !m_ramp.isEmpty(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    QVector<Entry> m_entries;
    QVector<QRgb> m_ramp;
    QString m_low, m_high;
};

} // namespace chipfinder
