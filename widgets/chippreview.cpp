#include "chippreview.h"

#include "candidategrid.h"
#include "candidatemodel.h"
#include "chipgeometryindex.h"
#include "rasterrenderer.h"
#include "thumbnailprovider.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScreen>
#include <QScrollBar>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace chipfinder {

namespace {
constexpr int Margin = 4;
} // namespace

ChipPreview::ChipPreview(CandidateGrid *grid)
    : QWidget(grid, Qt::ToolTip | Qt::FramelessWindowHint), m_grid(grid)
{
    setObjectName(QStringLiteral("chipPreview"));
    setAttribute(Qt::WA_ShowWithoutActivating);
    setAttribute(Qt::WA_TransparentForMouseEvents);
    m_timer.setSingleShot(true);
    m_timer.setInterval(400);
    connect(&m_timer, &QTimer::timeout, this, &ChipPreview::start);
    connect(&m_watcher, &QFutureWatcher<QImage>::finished, this, [this] {
        if (m_chip >= 0 && m_chip == m_hovered)
            present(m_chip, m_watcher.result());
    });
    grid->viewport()->setMouseTracking(true);
    grid->viewport()->installEventFilter(this);
    grid->installEventFilter(this);
    for (QScrollBar *bar : {grid->verticalScrollBar(), grid->horizontalScrollBar()})
        connect(bar, &QScrollBar::valueChanged, this, &ChipPreview::dismiss);
    hide();
}

bool ChipPreview::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::ToolTip: // the preview shows what the cell's tooltip says
        return watched == m_grid->viewport() && canPreview();
    case QEvent::MouseMove:
        if (watched == m_grid->viewport())
            hover(static_cast<QMouseEvent *>(event)->position().toPoint());
        break;
    case QEvent::Leave:
    case QEvent::Hide:
    case QEvent::Wheel:
    case QEvent::MouseButtonPress:
    case QEvent::KeyPress:
        dismiss();
        break;
    default:
        break;
    }
    return false;
}

void ChipPreview::hover(const QPoint &viewportPos)
{
    const QModelIndex index = m_grid->indexAt(viewportPos);
    const int64_t chip = index.isValid() ? index.data(CandidateModel::ChipRole).toLongLong() : -1;
    if (chip == m_hovered)
        return;
    dismiss();
    m_hovered = chip;
    if (chip < 0)
        return;
    m_cell = m_grid->visualRect(index);
    m_caption = index.data(Qt::ToolTipRole).toString();
    if (m_caption.isEmpty())
        m_caption = index.data(CandidateModel::ChipIdRole).toString();
    m_timer.start();
}

bool ChipPreview::canPreview() const
{
    const CandidateModel *model = m_grid->candidateModel();
    return model && model->thumbnailProvider();
}

void ChipPreview::start()
{
    const CandidateModel *model = m_grid->candidateModel();
    const ThumbnailProvider *provider = model ? model->thumbnailProvider() : nullptr;
    if (!provider || m_hovered < 0)
        return;
    const auto renderer = provider->renderer();
    const auto geometry = provider->geometry();
    if (!renderer || !geometry || size_t(m_hovered) >= geometry->size())
        return;
    const QRectF bounds = geometry->bounds(m_hovered);
    const double span = std::max(bounds.width(), bounds.height()) * m_context;
    m_extent = QRectF(bounds.center().x() - span / 2, bounds.center().y() - span / 2, span, span);
    const double scale = m_side / span; // pixels per metre; image y grows south
    m_outline = QRectF((bounds.left() - m_extent.left()) * scale,
                       (m_extent.bottom() - bounds.bottom()) * scale, bounds.width() * scale,
                       bounds.height() * scale);
    m_chip = m_hovered;
    const QRectF extent = m_extent;
    const int side = m_side;
    m_watcher.setFuture(QtConcurrent::run(
        [renderer, extent, side] { return renderer->render(extent, QSize(side, side)); }));
}

void ChipPreview::present(int64_t chip, QImage image)
{
    if (image.isNull()) {
        image = QImage(m_side, m_side, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::lightGray);
    }
    image = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(0, 0, 0, 160), 4));
        painter.drawRect(m_outline);
        painter.setPen(QPen(Qt::white, 2));
        painter.drawRect(m_outline);
    }
    m_image = image;
    const int captionHeight =
        fontMetrics()
            .boundingRect(QRect(0, 0, m_image.width(), 1000), Qt::TextWordWrap, m_caption)
            .height() +
        4;
    resize(m_image.width() + 2 * Margin, m_image.height() + captionHeight + 2 * Margin);

    // Beside the cell, on the side with room (the grid usually sits at the window's right).
    const QPoint cellLeft = m_grid->viewport()->mapToGlobal(m_cell.topLeft());
    const QPoint cellRight = m_grid->viewport()->mapToGlobal(m_cell.topRight());
    const QRect screen = m_grid->screen() ? m_grid->screen()->availableGeometry() : QRect();
    QPoint at(cellLeft.x() - width() - 8, cellLeft.y());
    if (screen.isValid() && at.x() < screen.left())
        at.setX(cellRight.x() + 8);
    if (screen.isValid())
        at.setY(
            std::clamp(at.y(), screen.top(), std::max(screen.top(), screen.bottom() - height())));
    move(at);
    show();
    raise();
    update();
    emit shown(chip);
}

void ChipPreview::dismiss()
{
    m_timer.stop();
    m_hovered = -1;
    m_chip = -1;
    hide();
}

void ChipPreview::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().toolTipBase());
    painter.setPen(palette().toolTipText().color());
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
    painter.drawImage(QPoint(Margin, Margin), m_image);
    painter.drawText(QRect(Margin, Margin + m_image.height(), m_image.width(),
                           height() - m_image.height() - 2 * Margin),
                     Qt::AlignCenter | Qt::TextWordWrap, m_caption);
}

} // namespace chipfinder
