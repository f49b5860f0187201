#pragma once
// The score layer in the main window: every chip's score for the current labels (core's
// scoreEveryChip(): the Search panel's strategy where it scores every chip, else the cosine to
// the positives' centroid) as a translucent heat over the map (View › Score layer), with a strip
// under the map holding its legend, a threshold slider and the count of open chips at or above
// the threshold (ScoreBar). Review › Accept all above threshold labels those chips positive as
// one undoable step (source "threshold", with each chip's score and where the scores came from).
// File › Export candidates… writes the round's candidates with their scores and proposers
// (GeoJSON or CSV; core/export/candidateexporter.h), optionally followed by every open chip
// above the threshold. Scores are computed in the background (own JobRunner, newest request
// wins) while the layer is shown, again after each label or strategy change; the map never
// waits. The labels stay in the session: the layer reads them from it.

#include <QObject>
#include <QString>

class QAction;
class QTimer;
class QToolBar;

namespace chipfinder {

class JobRunner;
class MainWindow;
class ScoreBar;
class ScoreLayer;

class ScoreLayerController : public QObject
{
    Q_OBJECT
public:
    // Creates the controller (owned by window), its layer, strip and menu entries.
    static ScoreLayerController *install(MainWindow *window);

    ScoreLayer *layer() const { return m_layer; }
    ScoreBar *bar() const { return m_bar; }
    JobRunner *runner() const { return m_runner; }
    QAction *toggleAction() const { return m_toggle; }
    QAction *acceptAboveAction() const { return m_acceptAbove; }

    // Starts computing the scores now (false if nothing is loaded or there is no positive).
    bool computeScores();
    // Labels every open chip at or above the threshold positive as one step; false if none.
    bool acceptAboveThreshold();
    // Writes the candidates (and, with includeAbove, the open chips above the threshold) to path
    // in the background (progress and Cancel in the status bar); candidatesExported or an error
    // follows. False if nothing is loaded or there is nothing to write.
    bool exportCandidates(const QString &path, bool includeAbove);

signals:
    void scoresReady();
    void candidatesExported(int count, const QString &path);

private:
    explicit ScoreLayerController(MainWindow *window);
    void setShown(bool shown);
    void scheduleCompute();
    void updateActions();
    void exportDialog(bool includeAbove);

    MainWindow *m_window = nullptr;
    ScoreLayer *m_layer = nullptr;
    ScoreBar *m_bar = nullptr;
    QToolBar *m_toolBar = nullptr;
    JobRunner *m_runner = nullptr;
    QTimer *m_debounce = nullptr;
    QAction *m_toggle = nullptr;
    QAction *m_acceptAbove = nullptr;
    QAction *m_export = nullptr;
    QAction *m_exportAbove = nullptr;
};

} // namespace chipfinder
