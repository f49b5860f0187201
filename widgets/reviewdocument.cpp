#include "reviewdocument.h"

#include <algorithm>
#include <limits>

namespace chipfinder {

std::vector<ScoredChip> bestFirstUnique(std::vector<ScoredChip> candidates)
{
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const ScoredChip &a, const ScoredChip &b) { return a.score > b.score; });
    std::unordered_set<int64_t> seen;
    std::erase_if(candidates, [&seen](const ScoredChip &c) {
        return c.chip < 0 || !seen.insert(c.chip).second;
    });
    return candidates;
}

void ReviewTable::setLabel(int64_t chip, std::optional<LabelValue> value)
{
    if (chip < 0)
        return;
    if (size_t(chip) >= m_state.size())
        m_state.resize(size_t(chip) + 1, -1);
    m_state[size_t(chip)] = !value ? -1 : *value == LabelValue::Positive ? 0 : 1;
    emit labelsChanged({chip});
}

void ReviewTable::setSkipped(int64_t chip, bool skipped)
{
    if (chip < 0)
        return;
    if (size_t(chip) >= m_state.size())
        m_state.resize(size_t(chip) + 1, -1);
    int8_t &state = m_state[size_t(chip)];
    if (skipped)
        state = 2;
    else if (state == 2)
        state = -1;
    emit labelsChanged({chip});
}

void ReviewTable::setCandidates(std::vector<ScoredChip> candidates,
                                std::unordered_map<int64_t, QString> delegates)
{
    m_candidates = bestFirstUnique(std::move(candidates));
    m_scores.clear();
    for (const ScoredChip &c : m_candidates) {
        if (size_t(c.chip) >= m_scores.size())
            m_scores.resize(size_t(c.chip) + 1, std::numeric_limits<float>::quiet_NaN());
        m_scores[size_t(c.chip)] = c.score;
    }
    m_delegates = std::move(delegates);
    emit candidatesChanged();
}

void ReviewTable::clear()
{
    m_state.clear();
    m_candidates.clear();
    m_scores.clear();
    m_delegates.clear();
    emit candidatesChanged();
    emit labelsChanged({});
}

std::optional<LabelValue> ReviewTable::labelOf(int64_t chip) const
{
    if (chip < 0 || size_t(chip) >= m_state.size())
        return std::nullopt;
    switch (m_state[size_t(chip)]) {
    case 0:
        return LabelValue::Positive;
    case 1:
        return LabelValue::Negative;
    default:
        return std::nullopt;
    }
}

std::vector<int64_t> ReviewTable::labeledChips() const
{
    std::vector<int64_t> chips;
    for (size_t chip = 0; chip < m_state.size(); ++chip)
        if (m_state[chip] == 0 || m_state[chip] == 1)
            chips.push_back(int64_t(chip));
    return chips;
}

bool ReviewTable::isSkipped(int64_t chip) const
{
    return chip >= 0 && size_t(chip) < m_state.size() && m_state[size_t(chip)] == 2;
}

float ReviewTable::candidateScore(int64_t chip) const
{
    return chip >= 0 && size_t(chip) < m_scores.size() ? m_scores[size_t(chip)]
                                                       : std::numeric_limits<float>::quiet_NaN();
}

QString ReviewTable::delegateOf(int64_t chip) const
{
    const auto it = m_delegates.find(chip);
    return it == m_delegates.end() ? QString() : it->second;
}

} // namespace chipfinder
