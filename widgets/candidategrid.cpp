#include "candidategrid.h"

#include "palette.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QStyledItemDelegate>

#include <algorithm>

namespace chipfinder {

namespace {
int thumbSize(const QObject *delegate)
{
    const auto *grid = qobject_cast<const CandidateGrid *>(delegate->parent());
    return grid ? grid->thumbnailSize() : 96;
}

class CandidateDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        const int side = thumbSize(this);
        return {side + 12, side + option.fontMetrics.height() + 14};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
        const int side = thumbSize(this);
        const QRect cell = option.rect.adjusted(2, 2, -2, -2);
        const bool selected = option.state & QStyle::State_Selected;
        painter->fillRect(cell, selected ? option.palette.highlight() : option.palette.base());

        const QRect thumb(cell.left() + (cell.width() - side) / 2, cell.top() + 4, side, side);
        const QImage image = index.data(Qt::DecorationRole).value<QImage>();
        if (image.isNull())
            painter->fillRect(thumb, QColor(200, 200, 200));
        else
            painter->drawImage(thumb, image);
        if (const auto *grid = qobject_cast<const CandidateGrid *>(parent())) {
            const QImage overlay =
                grid->chipOverlay(index.data(CandidateModel::ChipRole).toLongLong());
            if (!overlay.isNull()) {
                painter->save();
                painter->setOpacity(0.65);
                painter->drawImage(thumb, overlay);
                painter->restore();
            }
        }

        const auto decision = index.data(CandidateModel::DecisionRole).value<CandidateDecision>();
        QColor frame;
        switch (decision) {
        case CandidateDecision::Accepted:
            frame = Palette::color(Palette::Role::Positive);
            break;
        case CandidateDecision::Rejected:
            frame = Palette::color(Palette::Role::Negative);
            break;
        case CandidateDecision::Skipped:
            frame = Palette::color(Palette::Role::Skipped);
            break;
        case CandidateDecision::Pending:
            frame = Palette::color(Palette::Role::Candidate);
            break;
        }
        // The wash first: the frame keeps the palette's colour of the decision.
        if (decision == CandidateDecision::Skipped || decision == CandidateDecision::Rejected)
            painter->fillRect(thumb, QColor(255, 255, 255, 90));
        painter->setPen(QPen(frame, decision == CandidateDecision::Pending ? 2 : 4));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(thumb.adjusted(1, 1, -1, -1));

        // Which strategy proposed the chip (auto), as a badge on the thumbnail.
        const QString proposer = index.data(CandidateModel::ProposedByRole).toString();
        if (!proposer.isEmpty()) {
            QFont small = option.font;
            small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
            painter->setFont(small);
            const QFontMetrics metrics(small);
            const QString shown = metrics.elidedText(proposer, Qt::ElideRight, thumb.width() - 8);
            const QRect badge(thumb.left() + 3, thumb.bottom() - metrics.height() - 3,
                              metrics.horizontalAdvance(shown) + 6, metrics.height() + 1);
            painter->fillRect(badge, QColor(0, 0, 0, 150));
            painter->setPen(Qt::white);
            painter->drawText(badge, Qt::AlignCenter, shown);
            painter->setFont(option.font);
        }

        const QRect text(cell.left(), thumb.bottom() + 2, cell.width(),
                         cell.bottom() - thumb.bottom() - 2);
        painter->setPen(selected ? option.palette.highlightedText().color()
                                 : option.palette.text().color());
        painter->drawText(text, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
        painter->restore();
    }
};
} // namespace

CandidateGrid::CandidateGrid(QWidget *parent) : QListView(parent)
{
    setViewMode(QListView::IconMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSpacing(2);
    setItemDelegate(new CandidateDelegate(this));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(this, &QListView::doubleClicked, this, [this](const QModelIndex &index) {
        setCurrentIndex(index);
        acceptCurrent();
    });
}

void CandidateGrid::setCandidateModel(CandidateModel *model)
{
    m_model = model;
    setModel(model);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0)
            setCurrentIndex(m_model->index(0));
    });
}

void CandidateGrid::setThumbnailSize(int pixels)
{
    if (pixels == m_thumbnailSize)
        return;
    m_thumbnailSize = pixels;
    // Uniform item sizes are cached by the view: a relayout asks the delegate again.
    scheduleDelayedItemsLayout();
    viewport()->update();
    if (currentIndex().isValid())
        scrollTo(currentIndex());
}

void CandidateGrid::setChipOverlay(int64_t chip, const QImage &image)
{
    if (image.isNull())
        m_overlays.remove(chip);
    else
        m_overlays.insert(chip, image);
    viewport()->update();
}

void CandidateGrid::clearChipOverlays()
{
    m_overlays.clear();
    viewport()->update();
}

bool CandidateGrid::selectChip(int64_t chip)
{
    if (!m_model)
        return false;
    const int row = m_model->rowOf(chip);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row);
    setCurrentIndex(index);
    scrollTo(index);
    return true;
}

int64_t CandidateGrid::currentChip() const
{
    return m_model ? m_model->chip(currentIndex().row()) : -1;
}

void CandidateGrid::acceptCurrent()
{
    decideCurrent(CandidateDecision::Accepted);
}

void CandidateGrid::rejectCurrent()
{
    decideCurrent(CandidateDecision::Rejected);
}

void CandidateGrid::skipCurrent()
{
    decideCurrent(CandidateDecision::Skipped);
}

void CandidateGrid::decideCurrent(CandidateDecision decision)
{
    if (!m_model)
        return;
    const int row = currentIndex().row();
    const int64_t chip = m_model->chip(row);
    if (chip < 0)
        return;
    emit decisionRequested(chip, decision);
    moveToNextPending(row);
}

void CandidateGrid::moveToNextPending(int fromRow)
{
    const int rows = m_model->rowCount();
    for (int step = 1; step < rows; ++step) {
        const int row = (fromRow + step) % rows;
        if (m_model->decision(row) == CandidateDecision::Pending) {
            setCurrentIndex(m_model->index(row));
            scrollTo(m_model->index(row));
            return;
        }
    }
    if (fromRow + 1 < rows) // nothing pending: just move on
        setCurrentIndex(m_model->index(fromRow + 1));
}

void CandidateGrid::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Y:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        acceptCurrent();
        return;
    case Qt::Key_N:
        rejectCurrent();
        return;
    case Qt::Key_S:
        skipCurrent();
        return;
    default:
        QListView::keyPressEvent(event);
    }
}

void CandidateGrid::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid())
        return;
    setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(tr("Accept as positive (Y)"), this, &CandidateGrid::acceptCurrent);
    menu.addAction(tr("Reject as negative (N)"), this, &CandidateGrid::rejectCurrent);
    menu.addAction(tr("Skip (S)"), this, &CandidateGrid::skipCurrent);
    menu.exec(event->globalPos());
}

void CandidateGrid::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QListView::currentChanged(current, previous);
    if (m_model && current.isValid())
        emit currentChipChanged(m_model->chip(current.row()));
}

} // namespace chipfinder
