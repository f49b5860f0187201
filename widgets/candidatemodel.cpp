#include "candidatemodel.h"

#include "dataset/dataset.h"
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
    m_rows.clear();
    m_rowOfChip.clear();
    endResetModel();
}

void CandidateModel::setThumbnailProvider(ThumbnailProvider *provider)
{
    if (m_thumbnails)
        disconnect(m_thumbnails, nullptr, this, nullptr);
    m_thumbnails = provider;
    if (provider)
        connect(provider, &ThumbnailProvider::thumbnailReady, this,
                &CandidateModel::onThumbnailReady);
    if (!m_rows.empty())
        emit dataChanged(index(0), index(rowCount() - 1), {Qt::DecorationRole});
}

void CandidateModel::setCandidates(std::vector<ScoredChip> candidates,
                                   std::vector<QString> proposedBy)
{
    std::vector<Row> rows;
    rows.reserve(candidates.size());
    for (size_t i = 0; i < candidates.size(); ++i)
        rows.push_back({candidates[i], CandidateDecision::Pending,
                        i < proposedBy.size() ? proposedBy[i] : QString()});
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return a.candidate.score > b.candidate.score;
    });
    beginResetModel();
    m_rows.clear();
    m_rowOfChip.clear();
    for (Row &row : rows) {
        if (row.candidate.chip < 0 || m_rowOfChip.count(row.candidate.chip))
            continue;
        m_rowOfChip[row.candidate.chip] = int(m_rows.size());
        m_rows.push_back(std::move(row));
    }
    endResetModel();
}

void CandidateModel::clear()
{
    setCandidates({});
}

int64_t CandidateModel::chip(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[size_t(row)].candidate.chip : -1;
}

float CandidateModel::score(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[size_t(row)].candidate.score : 0.0f;
}

int CandidateModel::rowOf(int64_t chip) const
{
    const auto it = m_rowOfChip.find(chip);
    return it == m_rowOfChip.end() ? -1 : it->second;
}

CandidateDecision CandidateModel::decision(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[size_t(row)].decision : CandidateDecision::Pending;
}

void CandidateModel::setDecision(int64_t chip, CandidateDecision decision)
{
    const int row = rowOf(chip);
    if (row < 0 || m_rows[size_t(row)].decision == decision)
        return;
    m_rows[size_t(row)].decision = decision;
    emit dataChanged(index(row), index(row), {DecisionRole, Qt::ToolTipRole});
}

int CandidateModel::pendingCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Row &r) {
        return r.decision == CandidateDecision::Pending;
    }));
}

int CandidateModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CandidateModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const int64_t chip = row.candidate.chip;
    const QString id = m_dataset && size_t(chip) < m_dataset->size()
                           ? QString::fromStdString(m_dataset->ids[size_t(chip)])
                           : QString::number(chip);
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 · %2").arg(index.row() + 1).arg(double(row.candidate.score), 0, 'f', 3);
    case Qt::ToolTipRole: {
        QString decision;
        switch (row.decision) {
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
                                 .arg(double(row.candidate.score), 0, 'f', 4)
                                 .arg(index.row() + 1)
                                 .arg(decision);
        return row.proposedBy.isEmpty()
                   ? text
                   : text + QLatin1Char('\n') + tr("Proposed by %1").arg(row.proposedBy);
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
        return double(row.candidate.score);
    case DecisionRole:
        return QVariant::fromValue(row.decision);
    case ChipIdRole:
        return id;
    case ProposedByRole:
        return row.proposedBy;
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
