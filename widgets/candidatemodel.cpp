#include "candidatemodel.h"

#include "dataset/dataset.h"
#include "strategytext.h"
#include "thumbnailprovider.h"

#include <QColor>
#include <QImage>

#include <algorithm>

namespace chipfinder {

CandidateModel::CandidateModel(QObject *parent) : QAbstractListModel(parent) {}

void CandidateModel::setDataset(std::shared_ptr<const Dataset> dataset)
{
    beginResetModel();
    m_dataset = std::move(dataset);
    endResetModel();
}

ThumbnailProvider *CandidateModel::thumbnailProvider() const
{
    return m_thumbnails;
}

void CandidateModel::setThumbnailProvider(ThumbnailProvider *provider)
{
    if (m_thumbnails)
        disconnect(m_thumbnails, nullptr, this, nullptr);
    m_thumbnails = provider;
    if (provider)
        connect(provider, &ThumbnailProvider::thumbnailReady, this,
                &CandidateModel::onThumbnailReady);
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {Qt::DecorationRole});
}

void CandidateModel::setReviewDocument(const ReviewDocument *document)
{
    if (m_review)
        disconnect(m_review, nullptr, this, nullptr);
    m_review = document;
    if (document) {
        connect(document, &ReviewDocument::candidatesChanged, this,
                &CandidateModel::onCandidatesChanged);
        connect(document, &ReviewDocument::labelsChanged, this, &CandidateModel::onLabelsChanged);
    }
    onCandidatesChanged();
}

const std::vector<ScoredChip> &CandidateModel::rows() const
{
    static const std::vector<ScoredChip> none;
    return m_review ? m_review->candidates() : none;
}

void CandidateModel::onCandidatesChanged()
{
    beginResetModel();
    m_rowOfChip.clear();
    const auto &list = rows();
    for (size_t row = 0; row < list.size(); ++row)
        m_rowOfChip.emplace(list[row].chip, int(row));
    endResetModel();
}

void CandidateModel::onLabelsChanged(const QList<qint64> &chips)
{
    const int n = rowCount();
    if (n == 0)
        return;
    if (chips.isEmpty()) {
        emit dataChanged(index(0), index(n - 1), {DecisionRole, Qt::ToolTipRole});
        return;
    }
    for (qint64 chip : chips)
        if (const int row = rowOf(chip); row >= 0)
            emit dataChanged(index(row), index(row), {DecisionRole, Qt::ToolTipRole});
}

int64_t CandidateModel::chip(int row) const
{
    return row >= 0 && row < rowCount() ? rows()[size_t(row)].chip : -1;
}

float CandidateModel::score(int row) const
{
    return row >= 0 && row < rowCount() ? rows()[size_t(row)].score : 0.0f;
}

int CandidateModel::rowOf(int64_t chip) const
{
    const auto it = m_rowOfChip.find(chip);
    return it == m_rowOfChip.end() ? -1 : it->second;
}

CandidateDecision CandidateModel::decision(int row) const
{
    const int64_t c = chip(row);
    if (c < 0 || !m_review || m_review->recheckOf(c) == RecheckState::Pending)
        return CandidateDecision::Pending;
    if (const auto value = m_review->labelOf(c))
        return *value == LabelValue::Positive ? CandidateDecision::Accepted
                                              : CandidateDecision::Rejected;
    return m_review->isSkipped(c) ? CandidateDecision::Skipped : CandidateDecision::Pending;
}

int CandidateModel::pendingCount() const
{
    int pending = 0;
    for (int row = 0; row < rowCount(); ++row)
        pending += decision(row) == CandidateDecision::Pending;
    return pending;
}

int CandidateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_review ? 0 : int(m_rowOfChip.size());
}

QVariant CandidateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ScoredChip &row = rows()[size_t(index.row())];
    const int64_t chip = row.chip;
    const CandidateDecision rowDecision = decision(index.row());
    const bool recheck = m_review && m_review->recheckOf(chip) != RecheckState::None;
    const QString proposedBy = recheck ? tr("re-check")
                               : m_review
                                   ? i18n::strategyTitle(m_review->delegateOf(chip).toStdString())
                                   : QString();
    const QString id = m_dataset && size_t(chip) < m_dataset->size()
                           ? QString::fromStdString(m_dataset->ids[size_t(chip)])
                           : QString::number(chip);
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 · %2").arg(index.row() + 1).arg(double(row.score), 0, 'f', 3);
    case Qt::ToolTipRole: {
        QString decision;
        switch (rowDecision) {
        case CandidateDecision::Pending:
            decision = tr("not reviewed");
            break;
        case CandidateDecision::Accepted:
            decision = tr("accepted");
            break;
        case CandidateDecision::Rejected:
            decision = tr("rejected");
            break;
        case CandidateDecision::Skipped:
            decision = tr("skipped");
            break;
        }
        const QString text = tr("Chip %1\nScore %2\nRank %3 (%4)")
                                 .arg(id)
                                 .arg(double(row.score), 0, 'f', 4)
                                 .arg(index.row() + 1)
                                 .arg(decision);
        if (recheck)
            return text + QLatin1Char('\n') +
                   tr("Accepted earlier, shown again to estimate the precision of what was "
                      "accepted: Y confirms, N rejects.");
        return proposedBy.isEmpty()
                   ? text
                   : text + QLatin1Char('\n') + tr("Proposed by %1").arg(proposedBy);
    }
    case Qt::DecorationRole:
        if (m_thumbnails) {
            QImage image = m_thumbnails->thumbnail(chip);
            if (!image.isNull())
                return image;
        }
        return {};
    case ChipRole:
        return QVariant::fromValue<qint64>(chip);
    case ScoreRole:
        return double(row.score);
    case DecisionRole:
        return QVariant::fromValue(rowDecision);
    case ChipIdRole:
        return id;
    case ProposedByRole:
        return proposedBy;
    default:
        return {};
    }
}

QHash<int, QByteArray> CandidateModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names[ChipRole] = "chip";
    names[ScoreRole] = "score";
    names[DecisionRole] = "decision";
    names[ChipIdRole] = "chipId";
    names[ProposedByRole] = "proposedBy";
    return names;
}

void CandidateModel::onThumbnailReady(qint64 chip)
{
    const int row = rowOf(chip);
    if (row >= 0)
        emit dataChanged(index(row), index(row), {Qt::DecorationRole});
}

} // namespace chipfinder
