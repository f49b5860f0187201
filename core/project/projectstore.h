#pragma once
// The whole labeling session in one SQLite file (a GeoPackage, so QGIS opens the labels layer):
// dataset reference, labels with source/round/time, the current candidates, strategy settings,
// the view, and cached blobs (e.g. a 2D layout). Every mutating call is one transaction,
// committed before it returns (WAL + synchronous=FULL): a kill -9 at any moment loses at most the
// call in flight and never corrupts the file.
// Errors: DataError naming the file (missing, read-only, not a SQLite file, not a Chipfinder
// project, newer schema, corrupt: PRAGMA integrity_check runs on open; a failed write rolls back
// and throws too). create() builds the file beside its path and renames it into place when
// complete (common/atomicfile.h): a kill or a full disk never leaves an empty or half project.
// Layout: GeoPackage 1.3 core tables; `labels` is a GeoPackage 'attributes' table (chip_id,
// chip, label, source, score, strategy, round, labeled_at ISO 8601 UTC, labeled_at_ms) that
// QGIS/ogrinfo list; Chipfinder's own tables are chipfinder_meta, chipfinder_dataset_options,
// chipfinder_candidates, chipfinder_skipped (candidates the reviewer skipped), chipfinder_settings,
// chipfinder_blobs, chipfinder_history (undo/redo steps, edits serialised little-endian in a
// blob). Schema 1 and 2 files are upgraded on open.
// Thread safety: one instance per thread; the object owns its sqlite3 connection.

#include "dataset/datasetreader.h"
#include "project/label.h"
#include "search/searchtypes.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

// How to reopen the dataset the project labels.
struct DatasetReference
{
    std::string path;                           // absolute, or relative to the project file
    std::map<std::string, std::string> options; // DatasetOpenOptions as key/value text
    // Where the dataset was when `path` is relative (empty: none recorded); the fallback when
    // the relative path does not lead to a file (the project moved without its dataset).
    std::string absolutePath = {};

    // A reference for a project at `projectPath`: `path` relative to the project's folder and
    // `absolutePath` the dataset's absolute path, so that a folder holding both can be moved.
    static DatasetReference forProject(const std::string &projectPath,
                                       const std::string &datasetPath,
                                       const DatasetOpenOptions &options);

    // Keys are DatasetOpenOptions' member names: embeddingColumn, idColumn, layer, npyPath,
    // npyIdColumn, rasterChipSize (decimal), chipSizeMeters (decimal), crs, blobType, strict
    // ("1"), dequantize ("0"). Default values are left out; unknown keys are ignored on the way
    // back; a bad rasterChipSize or chipSizeMeters is a DataError naming the key.
    static DatasetReference fromOpenOptions(const std::string &path,
                                            const DatasetOpenOptions &options);
    DatasetOpenOptions openOptions() const;
};

// One label change for applyChanges(): set (label present) or clear (label absent).
struct LabelChange
{
    std::string chipId;
    std::optional<Label> label; // nullopt = clear the label of chipId
};

struct Candidate
{
    std::string chipId;
    int64_t chip = -1;
    float score = 0.0f;
};

// A candidate the reviewer skipped (left unlabeled): later rounds do not propose it again.
struct SkippedChip
{
    std::string chipId;
    int64_t chip = -1;       // row in the dataset when it was skipped
    int round = 0;           // the round whose candidate it was
    int64_t skippedAtMs = 0; // Unix time, milliseconds, UTC
};

// One chip's change within an undoable step: nullopt = unlabeled.
struct LabelEdit
{
    std::string chipId;
    std::optional<Label> before;
    std::optional<Label> after;
};

// One undoable step (a click, a box-select, an accepted candidate, an import), as LabelHistory
// keeps it and the project stores it so that undo/redo survive closing and reopening.
struct HistoryStep
{
    std::string description;
    std::vector<LabelEdit> edits;
};

// How applyChanges() moves the stored history along with the label changes.
enum class HistoryMove
{
    Push, // drop every undone step, append the new step, keep at most `limit` steps (0 = all)
    Undo, // the newest done step becomes undone
    Redo, // the oldest undone step becomes done again
};

// The stored history: undo stack oldest first (back() = next undo), redo stack with the next
// redo last (back() = next redo).
struct StoredHistory
{
    std::vector<HistoryStep> undo;
    std::vector<HistoryStep> redo;
};

// A fingerprint of which chips a dataset holds: a 64-bit hash (16 hex digits) of the ids in
// order and of each chip's lon/lat bounds rounded to 1e-7 degrees (so that PROJ versions that
// differ in the last bits agree). The same file read twice, or a copy of it, has the same one;
// another tiling, other ids or another order have another. Embeddings do not enter it.
std::string datasetFingerprint(const Dataset &dataset);

class ProjectStore
{
public:
    // Creates a new project file (fails with DataError if it exists).
    static std::unique_ptr<ProjectStore> create(const std::string &path,
                                                const DatasetReference &dataset);
    // Opens an existing project file (upgrading an older schema in place) as its single writer:
    // ProjectLockedError (project/projectlock.h) names the holder when another store, in this
    // or another process, has it open for writing; the lock ends with the store (or its process).
    static std::unique_ptr<ProjectStore> open(const std::string &path);
    // Opens it for reading only (e.g. to export): nothing is ever written to the file — no
    // schema upgrade, no pragma, no lock —; every mutating call throws DataError.
    static std::unique_ptr<ProjectStore> openReadOnly(const std::string &path);
    ~ProjectStore();

    // Schema version this build writes; open() refuses files with a newer one.
    static constexpr int schemaVersion = 3;

    const std::string &path() const;
    DatasetReference dataset() const;
    // dataset().path made absolute against the project file's folder when it is relative; when
    // that file does not exist and dataset().absolutePath does, the latter.
    std::string resolvedDatasetPath() const;
    void setDataset(const DatasetReference &dataset); // e.g. after the user relocated it
    // Identity of the labeled dataset: its datasetFingerprint() (above), recorded
    // in the project. checkDataset() throws DataError naming the project and the dataset when
    // `dataset` has another fingerprint than the recorded one (its labels would land on other
    // chips); with none recorded yet it records it, unless the store is read-only.
    void checkDataset(const Dataset &dataset);
    std::optional<std::string> recordedDatasetFingerprint() const;
    bool readOnly() const;

    // Labels keyed by chip id.
    std::vector<Label> labels() const;
    std::optional<Label> label(const std::string &chipId) const;
    int64_t labelCount() const;
    // Labels of many chips at once (one entry per id, nullopt = unlabeled), for big selections.
    std::vector<std::optional<Label>> labels(std::span<const std::string> chipIds) const;
    void setLabel(const Label &label); // insert or replace
    void clearLabel(const std::string &chipId);
    void applyChanges(std::span<const LabelChange> changes); // all in one transaction
    // The same, and moves the stored undo/redo history in that transaction (for LabelHistory).
    // `step` is required for Push and ignored otherwise.
    void applyChanges(std::span<const LabelChange> changes, HistoryMove move,
                      const HistoryStep *step = nullptr, size_t limit = 0);
    StoredHistory history() const;
    void clearHistory();
    void trimHistory(size_t keepSteps); // drops the oldest done steps beyond keepSteps

    // The candidates of the current round, best first, and who proposed them.
    void setCandidates(int round, const std::string &strategy, std::span<const Candidate> list);
    std::vector<Candidate> candidates() const;
    int round() const;
    std::string candidateStrategy() const;

    // Skipped candidates, keyed by chip id (skipping again updates round and time).
    void addSkipped(const SkippedChip &chip);
    void removeSkipped(std::span<const std::string> chipIds); // unknown ids are ignored
    std::vector<SkippedChip> skipped() const;                 // in the order they were skipped

    // Free-form settings (strategy, parameters, view, ...).
    void setSetting(const std::string &key, const std::string &value);
    std::optional<std::string> setting(const std::string &key) const;
    std::map<std::string, std::string> settings() const;

    // Cached binary blobs (e.g. "layout:umap").
    void setBlob(const std::string &key, std::span<const uint8_t> bytes);
    std::optional<std::vector<uint8_t>> blob(const std::string &key) const;

    // Locate heatmaps (embed/locate.h encodeHeatmap) per chip id for one query key, in the table
    // chipfinder_heatmaps (created by the first setHeatmap(); projects without it read as
    // empty, and no schema upgrade is needed). Storing one for a new query key drops those of
    // every other key in the same transaction (the cache follows the current query).
    void setHeatmap(const std::string &chipId, const std::string &queryKey,
                    std::span<const uint8_t> encoded);
    std::optional<std::vector<uint8_t>> heatmap(const std::string &chipId,
                                                const std::string &queryKey) const;

private:
    struct Impl;
    explicit ProjectStore(std::unique_ptr<Impl> impl);
    static std::unique_ptr<ProjectStore> openFile(const std::string &path, bool readOnly);
    std::unique_ptr<Impl> d;
};

} // namespace chipfinder
