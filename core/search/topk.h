#pragma once
// Bounded top-k selection of scored chips: keeps the k best (higher score first; equal scores by
// lower chip index, so results are deterministic). Push is O(log k); a plain value type, not
// thread safe (one per thread, then merge()).

#include "search/searchtypes.h"

#include <algorithm>
#include <vector>

namespace chipfinder {

// True if a ranks before b (better score, or equal score and lower chip index).
inline bool ranksBefore(const ScoredChip &a, const ScoredChip &b)
{
    return a.score > b.score || (a.score == b.score && a.chip < b.chip);
}

class TopK
{
public:
    explicit TopK(size_t k = 0) : m_k(k) { m_heap.reserve(k); }

    size_t k() const { return m_k; }
    size_t size() const { return m_heap.size(); }
    bool full() const { return m_heap.size() >= m_k; }
    // The score a new chip must beat once full (the worst kept); -inf semantics before.
    float threshold() const { return m_heap.empty() ? -3.4e38f : m_heap.front().score; }

    void push(int64_t chip, float score)
    {
        const ScoredChip c{chip, score};
        if (m_heap.size() < m_k) {
            m_heap.push_back(c);
            std::push_heap(m_heap.begin(), m_heap.end(), ranksBefore);
        } else if (m_k > 0 && ranksBefore(c, m_heap.front())) {
            std::pop_heap(m_heap.begin(), m_heap.end(), ranksBefore);
            m_heap.back() = c;
            std::push_heap(m_heap.begin(), m_heap.end(), ranksBefore);
        }
    }

    void merge(const TopK &other)
    {
        for (const auto &c : other.m_heap)
            push(c.chip, c.score);
    }

    // The kept chips, best first. Leaves this empty.
    std::vector<ScoredChip> take()
    {
        std::sort_heap(m_heap.begin(), m_heap.end(), ranksBefore);
        return std::move(m_heap);
    }

private:
    size_t m_k;
    // A heap whose front is the worst kept chip (comparator = "ranks before").
    std::vector<ScoredChip> m_heap;
};

} // namespace chipfinder
