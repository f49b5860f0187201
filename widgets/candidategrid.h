#pragma once
// The review grid: candidate thumbnails best first, each with its rank and score and a frame in
// the colour of the decision (green accepted, red rejected, grey skipped).
// Keyboard: Y = accept, N = reject, S = skip (each then moves to the next undecided candidate),
// arrows move, Enter = accept. Mouse: double click = accept, context menu = accept / reject /
// skip. The grid asks (decisionRequested); the controller records the decision in the review
// document, which the model reads, so the frame follows the document.

#include "candidatemodel.h"

#include <QHash>
#include <QImage>
#include <QListView>

namespace chipfinder {

class CandidateGrid : public QListView
{
    Q_OBJECT
public:
    explicit CandidateGrid(QWidget *parent = nullptr);

    void setCandidateModel(CandidateModel *model);
    CandidateModel *candidateModel() const { return m_model; }

    // Selects chip's row if it is a candidate (returns false otherwise).
    bool selectChip(int64_t chip);
    int64_t currentChip() const;

    // A translucent image drawn over a chip's thumbnail (e.g. where inside it the query
    // matches); a null image removes it. clearChipOverlays() removes all.
    void setChipOverlay(int64_t chip, const QImage &image);
    void clearChipOverlays();
    QImage chipOverlay(int64_t chip) const { return m_overlays.value(chip); }

    // Side of the thumbnails in pixels (96 by default); cells grow with it.
    void setThumbnailSize(int pixels);
    int thumbnailSize() const { return m_thumbnailSize; }

    // Decide the current candidate and move on to the next undecided one.
    void acceptCurrent();
    void rejectCurrent();
    void skipCurrent();

signals:
    void currentChipChanged(qint64 chip);
    void decisionRequested(qint64 chip, chipfinder::CandidateDecision decision);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    void decideCurrent(CandidateDecision decision);
    void moveToNextPending(int fromRow);

    CandidateModel *m_model = nullptr;
    QHash<qint64, QImage> m_overlays;
    int m_thumbnailSize = 96;
};

} // namespace chipfinder
