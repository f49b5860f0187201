// ProjectSession's skips as undo/redo steps (declared in projectsession.h). A skip is not a
// label change, so the label history does not hold it; the session keeps the skips of this
// sitting beside it, each tagged with the depth of the history's undo (redo) stack when it was
// done (undone). Undo takes the skip when its depth is the current one (no label step came
// after it), else the label step; redo likewise, so both run in the order the user acted.

#include "projectsession.h"

#include "dataset/dataset.h"
#include "errortext.h"
#include "project/labelhistory.h"

#include <QDateTime>

namespace chipfinder {

bool ProjectSession::skipStepNext(bool forward) const
{
    const std::vector<SkipStep> &steps = forward ? m_skipRedo : m_skipUndo;
    if (steps.empty() || !m_dataset)
        return false;
    const size_t depth = !m_history ? 0 : forward ? m_history->redoCount() : m_history->undoCount();
    return steps.back().depth == depth;
}

bool ProjectSession::stepSkip(bool forward)
{
    std::vector<SkipStep> &from = forward ? m_skipRedo : m_skipUndo;
    std::vector<SkipStep> &to = forward ? m_skipUndo : m_skipRedo;
    const int64_t chip = from.back().chip;
    from.pop_back();
    to.push_back({chip, !m_history ? 0
                        : forward  ? m_history->undoCount()
                                   : m_history->redoCount()});
    const std::string id = m_dataset->ids[size_t(chip)];
    // A chip labeled since has lost its skip (and a labeled chip is not skipped again): the
    // step then changes nothing but still counts, so undo and redo stay in order.
    const bool change = forward ? !labelOf(chip) && !isSkipped(chip) : isSkipped(chip);
    if (change) {
        try {
            if (forward) {
                SkippedChip skipped;
                skipped.chipId = id;
                skipped.chip = chip;
                skipped.round = round();
                skipped.skippedAtMs = QDateTime::currentMSecsSinceEpoch();
                m_store->addSkipped(skipped);
                m_skipped.insert(chip);
            } else {
                m_store->removeSkipped(std::vector<std::string>{id});
                m_skipped.erase(chip);
            }
        } catch (...) {
            emit errorOccurred(ErrorText::describeCurrent());
        }
    }
    emit historyChanged();
    emit labelsChanged({chip});
    return true;
}

} // namespace chipfinder
