#include "project/labelhistory.h"

#include "common/errors.h"

#include <cmath>
#include <unordered_map>
#include <utility>

namespace chipfinder {
namespace {

bool sameLabel(const std::optional<Label> &a, const std::optional<Label> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    if (!a)
        return true;
    const bool scoresEqual = (std::isnan(a->score) && std::isnan(b->score)) || a->score == b->score;
    return a->chipId == b->chipId && a->chip == b->chip && a->value == b->value &&
           a->source == b->source && scoresEqual && a->strategy == b->strategy &&
           a->round == b->round && a->labeledAtMs == b->labeledAtMs;
}

} // namespace

LabelHistory::LabelHistory(Lookup lookup, Applier applier)
    : m_lookup(std::move(lookup)), m_applier(std::move(applier))
{
    if (!m_lookup || !m_applier)
        throw UsageError("LabelHistory needs a lookup and an applier");
}

LabelHistory::LabelHistory(ProjectStore &store)
    : LabelHistory([&store](const std::string &chipId) { return store.label(chipId); },
                   [&store](std::span<const LabelChange> changes) { store.applyChanges(changes); })
{
    m_store = &store;
    StoredHistory stored = store.history();
    m_undo = std::move(stored.undo);
    m_redo = std::move(stored.redo);
    trim();
}

std::vector<LabelChange> LabelHistory::apply(std::span<const LabelChange> changes,
                                             const std::string &description)
{
    Step step;
    step.description = description;
    std::unordered_map<std::string, size_t> index;
    for (const auto &change : changes) {
        if (change.label && change.label->chipId != change.chipId)
            throw UsageError("LabelHistory::apply: label.chipId '" + change.label->chipId +
                             "' differs from change.chipId '" + change.chipId + "'");
        auto found = index.find(change.chipId);
        if (found == index.end()) {
            index.emplace(change.chipId, step.edits.size());
            step.edits.push_back(LabelEdit{change.chipId, std::nullopt, change.label});
        } else {
            step.edits[found->second].after = change.label;
        }
    }
    // The "before" side: one batch read from the store, or one lookup per chip.
    if (m_store) {
        std::vector<std::string> ids;
        ids.reserve(step.edits.size());
        for (const auto &edit : step.edits)
            ids.push_back(edit.chipId);
        auto before = m_store->labels(ids);
        for (size_t i = 0; i < step.edits.size(); ++i)
            step.edits[i].before = std::move(before[i]);
    } else {
        for (auto &edit : step.edits)
            edit.before = m_lookup(edit.chipId);
    }
    std::erase_if(step.edits,
                  [](const LabelEdit &edit) { return sameLabel(edit.before, edit.after); });
    if (step.edits.empty())
        return {};
    auto applied = forward(step);
    if (m_store)
        m_store->applyChanges(applied, HistoryMove::Push, &step, m_limit);
    else
        m_applier(applied);
    m_undo.push_back(std::move(step));
    m_redo.clear();
    trim();
    return applied;
}

std::string LabelHistory::undoDescription() const
{
    return m_undo.empty() ? std::string() : m_undo.back().description;
}

std::string LabelHistory::redoDescription() const
{
    return m_redo.empty() ? std::string() : m_redo.back().description;
}

std::vector<LabelChange> LabelHistory::undo()
{
    if (m_undo.empty())
        return {};
    auto applied = backward(m_undo.back());
    if (m_store)
        m_store->applyChanges(applied, HistoryMove::Undo);
    else
        m_applier(applied);
    m_redo.push_back(std::move(m_undo.back()));
    m_undo.pop_back();
    return applied;
}

std::vector<LabelChange> LabelHistory::redo()
{
    if (m_redo.empty())
        return {};
    auto applied = forward(m_redo.back());
    if (m_store)
        m_store->applyChanges(applied, HistoryMove::Redo);
    else
        m_applier(applied);
    m_undo.push_back(std::move(m_redo.back()));
    m_redo.pop_back();
    return applied;
}

const std::vector<LabelEdit> *LabelHistory::undoStep() const
{
    return m_undo.empty() ? nullptr : &m_undo.back().edits;
}

void LabelHistory::setLimit(size_t steps)
{
    if (m_store && steps > 0)
        m_store->trimHistory(steps);
    m_limit = steps;
    trim();
}

void LabelHistory::clear()
{
    if (m_store)
        m_store->clearHistory();
    m_undo.clear();
    m_redo.clear();
}

std::vector<LabelChange> LabelHistory::forward(const Step &step)
{
    std::vector<LabelChange> changes;
    changes.reserve(step.edits.size());
    for (const auto &edit : step.edits)
        changes.push_back(LabelChange{edit.chipId, edit.after});
    return changes;
}

std::vector<LabelChange> LabelHistory::backward(const Step &step)
{
    std::vector<LabelChange> changes;
    changes.reserve(step.edits.size());
    for (auto it = step.edits.rbegin(); it != step.edits.rend(); ++it)
        changes.push_back(LabelChange{it->chipId, it->before});
    return changes;
}

void LabelHistory::trim()
{
    if (m_limit > 0 && m_undo.size() > m_limit)
        m_undo.erase(m_undo.begin(), m_undo.begin() + std::ptrdiff_t(m_undo.size() - m_limit));
}

} // namespace chipfinder
