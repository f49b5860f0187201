#pragma once
// Undo/redo of label changes. One step = one user action (a click, a box-select of many chips,
// an accepted candidate, an import), stored as the before/after label of every chip it touched.
// Every apply/undo/redo goes through one `Applier` (normally ProjectStore::applyChanges, one
// transaction), so the project file always matches the state the user sees. If the applier
// throws, the history is unchanged and the exception propagates (strong guarantee).
// Built on a ProjectStore, the steps are stored in the project in the same transaction as the
// label changes: undo/redo survive closing and reopening (and a kill) with the labels.
// Not thread safe: use from one thread (the GUI thread).

#include "project/projectstore.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

class LabelHistory
{
public:
    // Current label of a chip (nullopt = unlabeled); used to record the "before" side.
    using Lookup = std::function<std::optional<Label>(const std::string &chipId)>;
    // Makes the changes durable (and visible); must apply all or none.
    using Applier = std::function<void(std::span<const LabelChange> changes)>;

    LabelHistory(Lookup lookup, Applier applier);
    // Reads and writes through the store and keeps the steps in it; starts from the steps the
    // store holds (the store must outlive the history).
    explicit LabelHistory(ProjectStore &store);

    // Applies `changes` as one undoable step and clears the redo stack. Several changes of the
    // same chip collapse into one edit (first before, last after); changes that leave a chip as
    // it was are dropped. Returns the changes actually applied (empty: nothing recorded).
    std::vector<LabelChange> apply(std::span<const LabelChange> changes,
                                   const std::string &description);

    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
    // Description of the step undo()/redo() would revert/repeat ("" when there is none).
    std::string undoDescription() const;
    std::string redoDescription() const;
    size_t undoCount() const { return m_undo.size(); }
    size_t redoCount() const { return m_redo.size(); }

    // Reverts the newest step / repeats the newest undone step. Returns the changes applied
    // (for the caller to refresh its view); empty when there was nothing to undo/redo.
    std::vector<LabelChange> undo();
    std::vector<LabelChange> redo();

    // The edits of the step undo() would revert (for tests and tooltips).
    const std::vector<LabelEdit> *undoStep() const;

    // Oldest steps are dropped beyond this many (default 1000; 0 = unlimited).
    void setLimit(size_t steps);
    size_t limit() const { return m_limit; }
    void clear();

private:
    using Step = HistoryStep;
    static std::vector<LabelChange> forward(const Step &step);
    static std::vector<LabelChange> backward(const Step &step);
    void trim();

    ProjectStore *m_store = nullptr; // set: steps are persisted with the changes
    Lookup m_lookup;
    Applier m_applier;
    std::vector<Step> m_undo;
    std::vector<Step> m_redo;
    size_t m_limit = 1000;
};

} // namespace chipfinder
