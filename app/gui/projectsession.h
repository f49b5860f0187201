#pragma once
// The one document of the GUI (the MapDocument pattern): the open project (ProjectStore), the
// dataset it labels with its map geometry, search index and ground-truth columns (loaded in the
// background), and one in-memory table of labels, candidates of the current round and skipped
// chips, with the undo/redo history (LabelHistory). Every change is written through to the
// project at once and never read back. The review rules live here (clickChip, labelChips,
// accept, reject, skip); views (map, grid, scatter, analytics) read the session and learn of
// changes through its signals, which name the chips that changed; they keep no copies.
// Runs on the GUI thread; long work (loading, searching) goes through JobRunners and reports
// back with signals. Errors are reported as translated messages through errorOccurred();
// nothing throws into Qt.

#include "export/labelimporter.h"
#include "metrics/audit.h"
#include "project/projectstore.h"
#include "reviewdocument.h"
#include "search/searchtypes.h"
#include "strategies/strategy.h"

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace chipfinder {

class ChipGeometryIndex;
class Dataset;
class FlatIndex;
class JobRunner;
class LabelHistory;

class ProjectSession : public ReviewDocument
{
    Q_OBJECT
public:
    explicit ProjectSession(QObject *parent = nullptr);
    ~ProjectSession() override;

    // Opens a project file and starts loading its dataset (loaded() or errorOccurred() follow).
    // Returns false (and reports) if the project cannot be opened: projectLocked() when another
    // session or process writes it, errorOccurred() otherwise. Read-only (`readOnly`), nothing
    // is written to the file: labeling, review, undo, searching, audits, imports and settings
    // are refused (they return false / 0) while viewing and exporting work.
    // Once loaded, a dataset other than the one the project labels (another fingerprint, see
    // ProjectStore::checkDataset) closes the project with an error naming both files.
    bool openProject(const QString &path, bool readOnly = false);
    // Creates a project for a dataset (the file must not exist) and opens it. If the dataset
    // then fails to load, the new project file is removed again (errorOccurred names why).
    bool createProject(const QString &projectPath, const QString &datasetPath,
                       const DatasetOpenOptions &options = {});
    // The project file beside a dataset: "<dataset stem>.chipfinder.gpkg".
    static QString projectPathFor(const QString &datasetPath);
    void close();

    bool isOpen() const { return m_store != nullptr; }
    bool isReadOnly() const { return m_store && m_store->readOnly(); }
    bool isLoaded() const { return m_dataset != nullptr; }
    QString projectPath() const;
    ProjectStore *store() const { return m_store.get(); }
    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    std::shared_ptr<const ChipGeometryIndex> geometry() const { return m_geometry; }
    // The search index of the dataset (shared with the analytics views: no second matrix).
    std::shared_ptr<const FlatIndex> index() const { return m_index; }
    // Attribute columns that read as ground truth (1/0, true/false, ...; at least one positive),
    // found while loading.
    const std::map<std::string, std::shared_ptr<const std::vector<uint8_t>>> &truths() const
    {
        return m_truths;
    }
    JobRunner *loader() const { return m_loader; }
    JobRunner *searcher() const { return m_searcher; }
    JobRunner *io() const { return m_io; } // label import and export

    // Label state.
    std::optional<LabelValue> labelOf(int64_t chip) const override;
    std::optional<Label> label(int64_t chip) const;
    std::vector<int64_t> labeledChips() const override;
    // Every label of a chip of the dataset, in chip order.
    std::vector<Label> labels() const;
    int positiveCount() const { return m_positives; }
    int negativeCount() const { return m_negatives; }
    // Applies the changes as one undoable step (saved at once). `description` is the English
    // source text of the step, translated when shown (undoText()); %n in it is replaced by
    // `count`. Returns false on error or when nothing changes.
    bool applyChanges(const std::vector<LabelChange> &changes, const char *description,
                      int count = -1);
    // Builds the change for one chip (score/strategy/round for reviewed candidates).
    LabelChange makeChange(int64_t chip, std::optional<LabelValue> value, LabelSource source) const;

    // The review rules. A click with `wanted` on a chip that has that label clears it; on a
    // candidate it accepts (positive) or rejects (negative) it; otherwise it labels the chip.
    bool clickChip(int64_t chip, LabelValue wanted);
    // Labels every chip (box or lasso on the map, a selection in the scatter) as one step, with
    // `source` recorded on each label.
    bool labelChips(const std::vector<int64_t> &chips, LabelValue value,
                    LabelSource source = LabelSource::Box);
    // A candidate accepted / rejected in review; false (and no history step) if it already is.
    bool accept(int64_t chip);
    bool reject(int64_t chip);

    bool canUndo() const;
    bool canRedo() const;
    QString undoText() const;
    QString redoText() const;
    bool undo();
    bool redo();

    // Candidates of the current round (best first), the round and the strategy that proposed them.
    const std::vector<ScoredChip> &candidates() const override { return m_candidates; }
    float candidateScore(int64_t chip) const override;
    int round() const { return m_round; }
    QString candidateStrategy() const { return m_candidateStrategy; }
    // The registry name of the strategy that proposed a candidate: for `auto` the strategy it
    // delegated that chip to, else the round's strategy. Accepted and rejected labels record it,
    // and later rounds of `auto` learn from those outcomes.
    QString proposerOf(int64_t chip) const;
    QString delegateOf(int64_t chip) const override;
    // How `auto` shared the round's batch among strategies (registry name → share, summing to 1);
    // empty for other strategies.
    const std::vector<std::pair<QString, double>> &shares() const { return m_shares; }
    // Marks a candidate as skipped (saved at once; labelsChanged names it): later rounds do not
    // propose it again, also after the project is reopened. Labeling the chip later drops the
    // skip. Returns false on error (reported) or if it is labeled or skipped already.
    // A skip is a step of undo()/redo() in order with the label steps (projectsession_skip.cpp),
    // for as long as the project stays open.
    bool skip(int64_t chip);
    bool isSkipped(int64_t chip) const override;
    int skippedCount() const { return int(m_skipped.size()); }

    // Runs a strategy in the background on the current labels; the newest request supersedes a
    // running one. Returns the job id (0 if it cannot start: not loaded or unknown strategy).
    quint64 findSimilar(const QString &strategy, const StrategyParameters &parameters, size_t k);

    // Audit rounds ("how many are left", metrics/audit.h; projectsession_audit.cpp): draws
    // `sampleSize` unlabeled chips at random, stratified by auditScores() of the current labels,
    // in the background, and makes them the round's candidates (strategy "audit"), reviewed like
    // any round. The round (sample, strata, inclusion probabilities) is saved in the project
    // (blob "audit:<k>", setting "audit.rounds") and read back on load. Returns the job id (0 if
    // nothing is loaded or no chip is unlabeled).
    // When chips were accepted, the round also shows a few of them again (a fifth of the sample,
    // at least one) to be re-checked: Y confirms one (its label is recorded again in this
    // round), N rejects it; from those the estimate gives the precision of what was accepted.
    quint64 startAudit(size_t sampleSize);
    RecheckState recheckOf(int64_t chip) const override;
    const std::vector<AuditRound> &auditRounds() const { return m_audits; }
    // The estimate from every audit round and the current labels; nullopt before the first
    // audited chip is judged. The recall target is the setting "audit.recall_target" (0.9).
    std::optional<AuditEstimate> auditEstimate() const;
    double auditRecallTarget() const;

    // Reads labels from a file in the background (progress and Cancel through io()) and applies
    // them as one undoable step: labelsImported() or errorOccurred() follows. Returns the job id
    // (0 if nothing is loaded).
    quint64 importLabels(const QString &path, const LabelImportOptions &options);
    // Writes the labels (format from the extension) in the background: labelsExported() or
    // errorOccurred() follows.
    quint64 exportLabels(const QString &path);

    // Files the project names (its dataset, a basemap) that are not where it recorded them
    // (projectsession_files.cpp): the handler is asked for the file (it gets the path looked
    // for) and returns the one the user chose, or nothing to give up. Without a handler nobody
    // is asked. A dataset chosen this way must hold the chips the project labels (its
    // fingerprint), else the open fails, names both files and the project keeps its reference.
    using LocateHandler = std::function<QString(const QString &missingPath)>;
    void setLocateHandler(LocateHandler handler) { m_locate = std::move(handler); }
    // A file path kept in a setting: relative to the project's folder (absolute when it lies on
    // another drive; URLs and other non-files as they are). filePathSetting() resolves it; a
    // file that is missing is looked for beside the project under its name, then asked for,
    // and the answer is stored.
    QString filePathSetting(const QString &key);
    void setFilePathSetting(const QString &key, const QString &path);

    // Project settings (saved at once).
    QString setting(const QString &key, const QString &fallback = QString()) const;
    void setSetting(const QString &key, const QString &value);

    // The English source text of a stored history description, translated ("Label %n chips
    // positive#12" → "12 Chips positiv markieren"); texts recorded by older versions unchanged.
    static QString describeStep(const std::string &stored);

signals:
    void opened(); // the project file is open; the dataset is loading
    void loaded(); // dataset, geometry and index are ready
    void closed();
    // (labelsChanged and candidatesChanged come from ReviewDocument.)
    void historyChanged();
    void searchFinished(int candidates);
    void labelsImported(int count);
    void labelsExported(int count, const QString &path);
    void errorOccurred(const QString &message);
    // openProject() found the project open for writing elsewhere; `holder` names it as recorded
    // ("pid 1234 on host"), empty if unknown. Opening it read-only is possible.
    void projectLocked(const QString &path, const QString &holder);

private:
    struct LoadResult;
    void startLoading();
    // Undo (forward = false) or redo one history step and publish the label changes.
    bool stepHistory(bool forward);
    // Whether the next undo (forward = false) or redo step is a skip, and that step
    // (projectsession_skip.cpp).
    bool skipStepNext(bool forward) const;
    bool stepSkip(bool forward);
    // accept() / reject(): the candidate becomes a positive / negative reviewed label.
    bool review(int64_t chip, LabelValue value);
    void setLoaded(LoadResult &result);
    void loadState();
    void updateLabelState(const std::vector<LabelChange> &changes, QList<qint64> &chips);
    void setCandidateList(std::vector<ScoredChip> candidates);
    void dropSkipsOfLabeled(const std::vector<LabelChange> &changes);
    void loadAudits();

    std::unique_ptr<ProjectStore> m_store;
    std::unique_ptr<LabelHistory> m_history;
    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const ChipGeometryIndex> m_geometry;
    std::shared_ptr<const FlatIndex> m_index;
    std::map<std::string, std::shared_ptr<const std::vector<uint8_t>>> m_truths;
    std::vector<int8_t> m_labelState;            // -1 none, 0 positive, 1 negative
    std::unordered_map<int64_t, Label> m_labels; // labeled chips of the dataset
    int m_positives = 0;
    int m_negatives = 0;
    std::vector<ScoredChip> m_candidates;
    std::vector<float> m_candidateScore; // NaN = not a candidate
    std::set<int64_t> m_skipped;
    // Skips as undo/redo steps: the chip and the depth of the label history's undo (redo) stack
    // when it was done (undone); it is the next step while that depth is the stack's.
    struct SkipStep
    {
        int64_t chip = -1;
        size_t depth = 0;
    };
    std::vector<SkipStep> m_skipUndo;
    std::vector<SkipStep> m_skipRedo;
    int m_round = 0;
    QString m_createdPath; // a project createProject() made, until its dataset has loaded
    LocateHandler m_locate;
    // The reference before the user chose the dataset (checked when it has loaded, and put
    // back if the chosen file holds other chips).
    std::optional<DatasetReference> m_datasetBeforeLocate;
    // Asks for a missing dataset before loading; returns the path to load.
    std::string locateDataset(const std::string &path, const DatasetOpenOptions &options);
    std::unordered_map<int64_t, QString> m_proposers; // candidate → proposing strategy (auto)
    std::vector<std::pair<QString, double>> m_shares;
    QString m_candidateStrategy;
    std::vector<AuditRound> m_audits;
    std::vector<int> m_auditRounds; // per audit round: the review round it was drawn as
    JobRunner *m_loader = nullptr;
    JobRunner *m_searcher = nullptr;
    JobRunner *m_io = nullptr;
};

} // namespace chipfinder
