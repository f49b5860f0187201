#pragma once
// Progress and cancellation for long operations (the QgsFeedback / GDALProgressFunc idea).
// Core code calls setProgress() and throwIfCanceled(); the UI layer (or the CLI) observes.
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
    Feedback(const Feedback &) = delete;
    Feedback &operator=(const Feedback &) = delete;

    void cancel() { m_canceled.store(true, std::memory_order_relaxed); }
    bool isCanceled() const { return m_canceled.load(std::memory_order_relaxed); }
    // Throws CanceledError if cancel() was called.
    void throwIfCanceled() const;

    // fraction in [0, 1]; clamped. Calls the callback at most every 1/200 of progress.
    void setProgress(double fraction);
    double progress() const { return m_progress.load(std::memory_order_relaxed); }

    void setCallback(ProgressCallback callback) { m_callback = std::move(callback); }

private:
    std::atomic<bool> m_canceled{false};
    std::atomic<double> m_progress{0.0};
    double m_lastReported = -1.0;
    ProgressCallback m_callback;
};

// Maps progress of a sub-step [0,1] onto [begin, end] of a parent Feedback, sharing its cancel.
class SubFeedback
{
public:
    SubFeedback(Feedback *parent, double begin, double end)
        : m_parent(parent), m_begin(begin), m_end(end) {}
    void setProgress(double fraction) const;
    void throwIfCanceled() const;
    bool isCanceled() const;

private:
    Feedback *m_parent;
    double m_begin;
    double m_end;
};

} // namespace chipfinder
