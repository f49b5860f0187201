#pragma once
// The candidates of the current round for the review grid, best first: chip, id, score, the
// reviewer's decision, and a thumbnail (from a ThumbnailProvider, loaded lazily).

#include "search/searchtypes.h"

#include <QAbstractListModel>
#include <QPointer>

#include <map>
#include <memory>
#include <vector>

namespace chipfinder {

class Dataset;
class ThumbnailProvider;

enum class CandidateDecision
{
    Pending,
    Accepted,
    Rejected,
    Skipped
};

class CandidateModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        ChipRole = Qt::UserRole + 1,
        ScoreRole,
        DecisionRole,
        ChipIdRole,
        ProposedByRole
    };

    explicit CandidateModel(QObject *parent = nullptr);

    void setDataset(std::shared_ptr<const Dataset> dataset);
    void setThumbnailProvider(ThumbnailProvider *provider);
    // Replaces the list; sorted best first (stable for equal scores). proposedBy (parallel to
    // candidates, or empty) names the strategy that proposed each chip, shown with it (auto).
    void setCandidates(std::vector<ScoredChip> candidates, std::vector<QString> proposedBy = {});
    void clear();

    int64_t chip(int row) const;
    float score(int row) const;
    // Row of chip, or -1.
    int rowOf(int64_t chip) const;
    CandidateDecision decision(int row) const;
    void setDecision(int64_t chip, CandidateDecision decision);
    // Rows still pending.
    int pendingCount() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        ScoredChip candidate;
        CandidateDecision decision = CandidateDecision::Pending;
        QString proposedBy;
    };
    void onThumbnailReady(qint64 chip);

    std::shared_ptr<const Dataset> m_dataset;
    QPointer<ThumbnailProvider> m_thumbnails;
    std::vector<Row> m_rows;
    std::map<int64_t, int> m_rowOfChip;
};

} // namespace chipfinder

Q_DECLARE_METATYPE(chipfinder::CandidateDecision)
