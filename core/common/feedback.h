#pragma once
// Progress and cancellation for long operations (the QgsFeedback / GDALProgressFunc idea).
// Core code calls setProgress() and throwIfCanceled(); the UI layer (or the CLI) observes.
// Feedbacks nest (QgsProcessingMultiStepFeedback, GDALCreateScaledProgress): a child made with
// Feedback(parent, begin, end) is a Feedback like any other, maps its progress onto [begin, end]
// of the parent's and is canceled whenever any ancestor is, so work handed a child stops when the
// top-level operation is canceled. A child with a null parent only reports to its own callback.
// The parent must outlive the child.
// Thread safety: cancel(), isCanceled() and progress() may be called from any thread;
// setProgress() from the worker. The progress callback runs on the worker thread.

#include <atomic>
#include <functional>

namespace chipfinder {

class Feedback
{
public:
    using ProgressCallback = std::function<void(double fraction)>;

    Feedback() = default;
    explicit Feedback(ProgressCallback callback) : m_callback(std::move(callback)) {}
    Feedback(Feedback *parent, double begin, double end)
        : m_parent(parent), m_begin(begin), m_end(end)
    {
    }
    Feedback(const Feedback &) = delete;
    Feedback &operator=(const Feedback &) = delete;

    void cancel() { m_canceled.store(true, std::memory_order_relaxed); }
    // True once this feedback or any ancestor was canceled.
    bool isCanceled() const
    {
        return m_canceled.load(std::memory_order_relaxed) || (m_parent && m_parent->isCanceled());
    }
    // Throws CanceledError if cancel() was called.
    void throwIfCanceled() const;

    // fraction in [0, 1]; clamped. Calls the callback at most every 1/200 of progress, and
    // passes the mapped fraction on to the parent.
    void setProgress(double fraction);
    double progress() const { return m_progress.load(std::memory_order_relaxed); }

    void setCallback(ProgressCallback callback) { m_callback = std::move(callback); }

private:
    std::atomic<bool> m_canceled{false};
    std::atomic<double> m_progress{0.0};
    double m_lastReported = -1.0;
    ProgressCallback m_callback;
    Feedback *m_parent = nullptr;
    double m_begin = 0.0;
    double m_end = 1.0;
};

// The name core code uses for a step of a larger operation: Feedback(parent, begin, end).
using SubFeedback = Feedback;

} // namespace chipfinder
