#include "jobrunner.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "errortext.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace chipfinder {

namespace {
constexpr int ProgressSteps = 1000;
}

JobRunner::JobRunner(QObject *parent) : QObject(parent)
{
    // A small pool of its own: superseded jobs may still be winding down while the newest starts,
    // and the global pool stays free for thumbnails and tiles.
    m_pool.setMaxThreadCount(2);
}

JobRunner::~JobRunner()
{
    for (auto &job : m_jobs)
        job->feedback->cancel();
    m_pool.waitForDone();
}

quint64 JobRunner::start(const QString &title, Work work)
{
    if (m_current)
        m_current->feedback->cancel(); // superseded: its end is ignored
    m_onResult = nullptr;

    auto job = std::make_unique<Job>();
    job->id = ++m_nextId;
    job->title = title;
    job->feedback = std::make_shared<Feedback>();
    job->watcher = new QFutureWatcher<Outcome>(this);
    Job *raw = job.get();
    connect(job->watcher, &QFutureWatcherBase::progressValueChanged, this, [this, raw](int value) {
        if (raw == m_current)
            emit progressChanged(raw->id, double(value) / ProgressSteps);
    });
    connect(job->watcher, &QFutureWatcherBase::finished, this, [this, raw] { onJobEnded(raw); });

    const bool wasRunning = m_current != nullptr;
    m_current = raw;
    m_jobs.push_back(std::move(job));

    std::shared_ptr<Feedback> feedback = raw->feedback;
    QFuture<Outcome> future =
        QtConcurrent::run(&m_pool, [feedback, work = std::move(work)](QPromise<Outcome> &promise) {
            promise.setProgressRange(0, ProgressSteps);
            feedback->setCallback([&promise, &feedback](double fraction) {
                promise.setProgressValue(int(fraction * ProgressSteps));
                if (promise.isCanceled())
                    feedback->cancel();
            });
            Outcome outcome;
            try {
                feedback->throwIfCanceled();
                outcome.value = work(*feedback);
                if (feedback->isCanceled())
                    outcome.status = Outcome::Status::Canceled;
            } catch (const CanceledError &) {
                outcome.status = Outcome::Status::Canceled;
            } catch (...) {
                outcome.status = Outcome::Status::Failed;
                outcome.message = ErrorText::describeCurrent();
            }
            feedback->setCallback({});
            promise.addResult(std::move(outcome));
        });
    raw->watcher->setFuture(future);

    emit started(raw->id, title);
    if (!wasRunning)
        emit runningChanged(true);
    return raw->id;
}

void JobRunner::onJobEnded(Job *job)
{
    const bool current = job == m_current;
    Outcome outcome;
    const QFuture<Outcome> future = job->watcher->future();
    if (future.resultCount() > 0)
        outcome = future.result();
    else
        outcome.status = Outcome::Status::Canceled;
    const quint64 id = job->id;
    job->watcher->deleteLater();
    auto it = std::find_if(m_jobs.begin(), m_jobs.end(),
                           [job](const std::unique_ptr<Job> &j) { return j.get() == job; });
    if (it != m_jobs.end())
        m_jobs.erase(it);
    if (!current)
        return;

    m_current = nullptr;
    auto onResult = std::move(m_onResult);
    m_onResult = nullptr;
    switch (outcome.status) {
    case Outcome::Status::Done:
        if (onResult)
            onResult(id, outcome.value);
        emit finished(id, outcome.value);
        break;
    case Outcome::Status::Failed:
        emit failed(id, outcome.message);
        break;
    case Outcome::Status::Canceled:
        emit canceled(id);
        break;
    }
    if (!m_current)
        emit runningChanged(false);
}

void JobRunner::cancel()
{
    if (m_current) {
        m_current->feedback->cancel();
        m_current->watcher->cancel();
    }
}

quint64 JobRunner::currentJob() const
{
    return m_current ? m_current->id : 0;
}

QString JobRunner::currentTitle() const
{
    return m_current ? m_current->title : QString();
}

void JobRunner::waitForIdle()
{
    m_pool.waitForDone();
}

} // namespace chipfinder
