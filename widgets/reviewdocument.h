#pragma once
// The review state every view shows: each chip's label, the skipped chips and the candidates of
// the current round. One document owns it (the GUI's ProjectSession; ReviewTable for standalone
// views and tests); views (map, review grid, scatter) hold a pointer, ask it while they paint or
// answer data(), and keep no copies. A change is announced by the document's signals, which
// name the chips that changed; views connect to them in their setReviewDocument().

#include "project/label.h"
#include "search/searchtypes.h"

#include <QList>
#include <QObject>
#include <QString>

#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace chipfinder {

enum class RecheckState
{
    None,
    Pending,
    Done
};

class ReviewDocument : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // The label of a chip (nullopt = unlabeled or not a chip of the dataset).
    virtual std::optional<LabelValue> labelOf(int64_t chip) const = 0;
    // Every labeled chip, ascending.
    virtual std::vector<int64_t> labeledChips() const = 0;
    // Skipped in review: not labeled, and not proposed again.
    virtual bool isSkipped(int64_t chip) const = 0;
    // Candidates of the current round, best first, each chip once.
    virtual const std::vector<ScoredChip> &candidates() const = 0;
    // Score of a candidate of the current round; NaN if the chip is not one.
    virtual float candidateScore(int64_t chip) const = 0;
    // The strategy (registry name) a shared round delegated this candidate to (`auto`); empty
    // when one strategy proposed the whole round.
    virtual QString delegateOf(int64_t chip) const = 0;
    // A candidate that was accepted before and is shown again to be re-checked (an audit
    // round's sample of the accepted chips): Pending until the analyst confirms or rejects it in
    // this round, then Done; None for every other chip.
    virtual RecheckState recheckOf(int64_t) const { return RecheckState::None; }

    bool isCandidate(int64_t chip) const { return !std::isnan(candidateScore(chip)); }

signals:
    // The label or review state (labeled, skipped) of these chips changed; empty = every chip.
    void labelsChanged(const QList<qint64> &chips);
    // A new round: candidates() changed (labels of the new round's chips did not).
    void candidatesChanged();
};

// A review document in memory, for views used without a project (standalone analytics, tests,
// benchmarks). Dense per-chip tables, grown to the highest chip set, so lookups cost what the
// project session's do. Each setter announces its change.
class ReviewTable : public ReviewDocument
{
    Q_OBJECT
public:
    using ReviewDocument::ReviewDocument;

    void setLabel(int64_t chip, std::optional<LabelValue> value);
    void setSkipped(int64_t chip, bool skipped);
    // Sorted best first (stable for equal scores); a repeated chip keeps its best score.
    void setCandidates(std::vector<ScoredChip> candidates,
                       std::unordered_map<int64_t, QString> delegates = {});
    void clear();

    std::optional<LabelValue> labelOf(int64_t chip) const override;
    std::vector<int64_t> labeledChips() const override;
    bool isSkipped(int64_t chip) const override;
    const std::vector<ScoredChip> &candidates() const override { return m_candidates; }
    float candidateScore(int64_t chip) const override;
    QString delegateOf(int64_t chip) const override;

private:
    std::vector<int8_t> m_state; // -1 unlabeled, 0 positive, 1 negative, 2 skipped
    std::vector<ScoredChip> m_candidates;
    std::vector<float> m_scores; // NaN = not a candidate
    std::unordered_map<int64_t, QString> m_delegates;
};

// Sorts candidates best first (stable for equal scores) and keeps each chip once (its best).
std::vector<ScoredChip> bestFirstUnique(std::vector<ScoredChip> candidates);

} // namespace chipfinder
