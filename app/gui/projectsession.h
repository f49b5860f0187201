#pragma once
// One open labeling session: the project file (ProjectStore), the dataset it labels with its
// map geometry and search index (loaded in the background), the label state per chip, the
// undo/redo history (LabelHistory, stored in the project) and the current candidates.
// Every change is written to the project immediately. Runs on the GUI thread; long work
// (loading, searching) goes through JobRunners and reports back with signals. Errors are
// reported as translated messages through errorOccurred(); nothing throws into Qt.

#include "project/projectstore.h"
#include "search/searchtypes.h"
#include "strategies/strategy.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace chipfinder {

class ChipGeometryIndex;
class Dataset;
class FlatIndex;
class JobRunner;
class LabelHistory;

class ProjectSession : public QObject
{
    Q_OBJECT
public:
    explicit ProjectSession(QObject *parent = nullptr);
    ~ProjectSession() override;

    // Opens a project file and starts loading its dataset (loaded() or errorOccurred() follow).
    // Returns false (and reports) if the project cannot be opened.
    bool openProject(const QString &path);
    // Creates a project for a dataset (the file must not exist) and opens it.
    bool createProject(const QString &projectPath, const QString &datasetPath,
                       const DatasetOpenOptions &options = {});
    // The project file beside a dataset: "<dataset stem>.chipfinder.gpkg".
    static QString projectPathFor(const QString &datasetPath);
    void close();

    bool isOpen() const { return m_store != nullptr; }
    bool isLoaded() const { return m_dataset != nullptr; }
    QString projectPath() const;
    ProjectStore *store() const { return m_store.get(); }
    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    std::shared_ptr<const ChipGeometryIndex> geometry() const { return m_geometry; }
    JobRunner *loader() const { return m_loader; }
    JobRunner *searcher() const { return m_searcher; }

    // Label state.
    std::optional<LabelValue> labelOf(int64_t chip) const;
    std::optional<Label> label(int64_t chip) const;
    int positiveCount() const { return m_positives; }
    int negativeCount() const { return m_negatives; }
    // Applies the changes as one undoable step (saved at once). Returns false on error.
    bool applyChanges(const std::vector<LabelChange> &changes, const QString &description);
    // Helpers that build the change for one chip (score/strategy/round for reviewed candidates).
    LabelChange makeChange(int64_t chip, std::optional<LabelValue> value,
                           LabelSource source) const;

    bool canUndo() const;
    bool canRedo() const;
    QString undoText() const;
    QString redoText() const;
    bool undo();
    bool redo();

    // Candidates of the current round (best first), the round and the strategy that proposed them.
    const std::vector<ScoredChip> &candidates() const { return m_candidates; }
    bool isCandidate(int64_t chip) const;
    float candidateScore(int64_t chip) const;
    int round() const;
    QString candidateStrategy() const;
    // Marks a candidate as skipped (saved at once): later rounds do not propose it again, also
    // after the project is reopened. Labeling the chip later drops the skip. Returns false on
    // error (reported).
    bool skip(int64_t chip);
    bool isSkipped(int64_t chip) const;
    int skippedCount() const { return int(m_skipped.size()); }

    // Runs a strategy in the background on the current labels; the newest request supersedes a
    // running one. Returns the job id (0 if it cannot start: not loaded or unknown strategy).
    quint64 findSimilar(const QString &strategy, const StrategyParameters &parameters, size_t k);

    // Project settings (saved at once).
    QString setting(const QString &key, const QString &fallback = QString()) const;
    void setSetting(const QString &key, const QString &value);

signals:
    void opened();                 // the project file is open; the dataset is loading
    void loaded();                 // dataset, geometry and index are ready
    void closed();
    void labelsChanged(const QList<qint64> &chips); // empty list = everything
    void candidatesChanged();
    void historyChanged();
    void searchFinished(int candidates);
    void errorOccurred(const QString &message);

private:
    struct LoadResult;
    void startLoading();
    // Undo (forward = false) or redo one history step and publish the label changes.
    bool stepHistory(bool forward);
    void setLoaded(LoadResult &result);
    void rebuildLabelState();
    void updateLabelState(const std::vector<LabelChange> &changes, QList<qint64> &chips);
    void reloadCandidates();
    void reloadSkipped();
    void dropSkipsOfLabeled(const std::vector<LabelChange> &changes);

    std::unique_ptr<ProjectStore> m_store;
    std::unique_ptr<LabelHistory> m_history;
    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const ChipGeometryIndex> m_geometry;
    std::shared_ptr<const FlatIndex> m_index;
    std::vector<int8_t> m_labelState; // -1 none, 0 positive, 1 negative
    int m_positives = 0;
    int m_negatives = 0;
    std::vector<ScoredChip> m_candidates;
    std::vector<float> m_candidateScore; // NaN = not a candidate
    std::set<int64_t> m_skipped;
    JobRunner *m_loader = nullptr;
    JobRunner *m_searcher = nullptr;
};

} // namespace chipfinder
