#pragma once
// Runs long core work (a function taking Feedback&) on Qt Concurrent's pool and reports back on
// the thread that owns the runner (the UI thread). One runner = one kind of job (e.g. "search"):
// starting a job supersedes the previous one, which is canceled and whose result is dropped
// (newest request wins, by job id). Progress arrives as progressChanged(id, 0..1).
// No exception crosses into Qt: DataError, UsageError, std::exception and anything else thrown
// by the work become failed(id, translated message); CanceledError becomes canceled(id).
// Exactly one of finished/failed/canceled is emitted for each job that is still current when it
// ends; superseded jobs emit nothing.

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QVariant>

#include <functional>
#include <memory>

namespace chipfinder {

class Feedback;

class JobRunner : public QObject
{
    Q_OBJECT
public:
    using Work = std::function<QVariant(Feedback &)>;

    explicit JobRunner(QObject *parent = nullptr);
    // Cancels a running job and waits for it (the work may reference objects being destroyed).
    ~JobRunner() override;

    // Starts work in the background and returns its id (ids increase). A running job is canceled
    // and superseded. title is shown by progress UIs.
    quint64 start(const QString &title, Work work);

    // Typed convenience: the result of work(feedback) is handed to onResult on this runner's
    // thread if the job is still current (in addition to the finished signal).
    template <typename Result>
    quint64 run(const QString &title, std::function<Result(Feedback &)> work,
                std::function<void(quint64, Result &)> onResult)
    {
        const quint64 id = start(title, [work = std::move(work)](Feedback &feedback) {
            return QVariant::fromValue(std::make_shared<Result>(work(feedback)));
        });
        m_onResult = [id, onResult = std::move(onResult)](quint64 doneId, const QVariant &value) {
            if (doneId == id && onResult)
                onResult(doneId, *value.value<std::shared_ptr<Result>>());
        };
        return id;
    }

    // Cancels the current job (canceled(id) follows when it has stopped).
    void cancel();
    bool isRunning() const { return m_current != nullptr; }
    quint64 currentJob() const;
    QString currentTitle() const;

    // Blocks until no job of this runner runs (for shutdown and tests).
    void waitForIdle();

signals:
    void started(quint64 id, const QString &title);
    void progressChanged(quint64 id, double fraction);
    void finished(quint64 id, const QVariant &result);
    void failed(quint64 id, const QString &message);
    void canceled(quint64 id);
    void runningChanged(bool running);

private:
    struct Outcome
    {
        enum class Status
        {
            Done,
            Failed,
            Canceled
        } status = Status::Done;
        QVariant value;
        QString message;
    };
    struct Job
    {
        quint64 id = 0;
        QString title;
        std::shared_ptr<Feedback> feedback;
        QFutureWatcher<Outcome> *watcher = nullptr;
    };

    void onJobEnded(Job *job);

    QThreadPool m_pool;
    quint64 m_nextId = 0;
    Job *m_current = nullptr;
    std::vector<std::unique_ptr<Job>> m_jobs; // current and superseded jobs still running
    std::function<void(quint64, const QVariant &)> m_onResult;
};

} // namespace chipfinder
