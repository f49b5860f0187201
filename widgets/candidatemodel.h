#pragma once
// The candidates of the current round for the review grid, best first: chip, id, score, the
// reviewer's decision, and a thumbnail (from a ThumbnailProvider, loaded lazily). Rows, scores
// and decisions are read from the review document (the candidates of its round; a decision is
// the chip's label or skip there), so the model holds no state of its own.

#include "reviewdocument.h"
#include "search/searchtypes.h"

#include <QAbstractListModel>
#include <QPointer>

#include <memory>
#include <unordered_map>
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
    ThumbnailProvider *thumbnailProvider() const;
    // Where candidates and decisions are read from (not owned; null = no rows).
    void setReviewDocument(const ReviewDocument *document);
    const ReviewDocument *reviewDocument() const { return m_review; }

    int64_t chip(int row) const;
    float score(int row) const;
    // Row of chip, or -1.
    int rowOf(int64_t chip) const;
    // The chip's label (accepted/rejected) or skip in the document, else pending.
    CandidateDecision decision(int row) const;
    // Rows still pending.
    int pendingCount() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void onThumbnailReady(qint64 chip);
    void onCandidatesChanged();
    void onLabelsChanged(const QList<qint64> &chips);
    const std::vector<ScoredChip> &rows() const;

    std::shared_ptr<const Dataset> m_dataset;
    QPointer<ThumbnailProvider> m_thumbnails;
    QPointer<const ReviewDocument> m_review;
    std::unordered_map<int64_t, int> m_rowOfChip; // lookup index over the document's candidates
};

} // namespace chipfinder

Q_DECLARE_METATYPE(chipfinder::CandidateDecision)
