#include "common/feedback.h"

#include "common/errors.h"

#include <algorithm>

namespace chipfinder {

void Feedback::throwIfCanceled() const
{
    if (isCanceled())
        throw CanceledError();
}

void Feedback::setProgress(double fraction)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    m_progress.store(fraction, std::memory_order_relaxed);
    if (m_callback && (fraction - m_lastReported >= 0.005 || fraction >= 1.0 || fraction == 0.0)) {
        m_lastReported = fraction;
        m_callback(fraction);
    }
    if (m_parent)
        m_parent->setProgress(m_begin + (m_end - m_begin) * fraction);
}

} // namespace chipfinder
