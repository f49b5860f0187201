#pragma once
// Every chip's score for the current query as a translucent heat over the map, with a threshold.
// The layer holds the scores (computed elsewhere, e.g. core's scoreEveryChip(), NaN = no score)
// and the threshold; it reads labels and skips from the review document, so "chips above the
// threshold" are always the chips still open (not labeled, not skipped) whose score is at least
// the threshold. Colours: viridis over the scores' range (ColorMap::viridis), fading out towards
// the lowest scores, strongest for chips at or above the threshold; drawn by
// MapView::setScoreLayer() above the imagery and below the footprints. Legends for it live outside
// the map (ScoreBar), so they never cover data.

#include "reviewdocument.h"
#include "search/searchtypes.h"

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QString>

#include <vector>

class QPainter;

namespace chipfinder {

class MapView;

class ScoreLayer : public QObject
{
    Q_OBJECT
public:
    explicit ScoreLayer(QObject *parent = nullptr);

    // Where labels and skips are read from (not owned).
    void setReviewDocument(const ReviewDocument *document);

    // One score per chip (NaN = none); source names where they come from (shown in the legend).
    // Keeps the threshold if the source is the same and it lies inside the new range, else puts
    // it at the top 5 % of the scored chips.
    void setScores(std::vector<float> scores, const QString &source);
    void clear();
    bool hasScores() const { return m_count > 0; }
    const std::vector<float> &scores() const { return m_scores; }
    float score(int64_t chip) const;
    QString source() const { return m_source; }
    float minimum() const { return m_min; }
    float maximum() const { return m_max; }

    void setThreshold(float threshold);
    float threshold() const { return m_threshold; }
    // Open chips (not labeled, not skipped) scoring at least the threshold, best first.
    std::vector<ScoredChip> chipsAbove() const;
    size_t countAbove() const;

    void setVisible(bool visible);
    bool isVisible() const { return m_visible; }

    // The heat colour of a score (with its alpha); transparent for NaN.
    QColor colorAt(float score) const;
    // Draws the heat of the chips in view.
    void paint(QPainter &painter, const MapView &map) const;

signals:
    void changed(); // scores, threshold or visibility

private:
    bool isOpen(int64_t chip) const;

    QPointer<const ReviewDocument> m_review;
    std::vector<float> m_scores;
    QString m_source;
    size_t m_count = 0; // finite scores
    float m_min = 0.0f, m_max = 1.0f, m_threshold = 1.0f;
    bool m_visible = false;
    mutable std::vector<int64_t> m_visibleChips;
};

} // namespace chipfinder
