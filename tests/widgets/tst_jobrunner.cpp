// JobRunner: background work with progress, cancel, superseding by job id, and errors turned
// into translated messages instead of exceptions crossing into Qt.

#include "common/errors.h"
#include "common/feedback.h"
#include "jobrunner.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <thread>

using namespace chipfinder;

namespace {
// Work that reports progress until released or canceled; returns its tag.
QVariant spinUntil(Feedback &feedback, const std::atomic<bool> &release, int tag)
{
    double p = 0.0;
    while (!release.load()) {
        feedback.throwIfCanceled();
        p = std::min(0.99, p + 0.01);
        feedback.setProgress(p);
        std::this_thread::yield();
    }
    feedback.setProgress(1.0);
    return tag;
}
} // namespace

class TestJobRunner : public QObject
{
    Q_OBJECT
private slots:
    void deliversResultAndProgress()
    {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy progress(&runner, &JobRunner::progressChanged);
        QSignalSpy running(&runner, &JobRunner::runningChanged);
        const quint64 id = runner.start(QStringLiteral("sum"), [](Feedback &feedback) {
            long long sum = 0;
            for (int i = 1; i <= 100; ++i) {
                sum += i;
                feedback.setProgress(i / 100.0);
            }
            return QVariant::fromValue(sum);
        });
        QVERIFY(runner.isRunning());
        QCOMPARE(runner.currentJob(), id);
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.at(0).at(0).toULongLong(), id);
        QCOMPARE(finished.at(0).at(1).toLongLong(), 5050LL);
        QVERIFY(!runner.isRunning());
        QVERIFY(!progress.isEmpty());
        QCOMPARE(running.count(), 2);
        QCOMPARE(running.at(1).at(0).toBool(), false);
    }

    void typedRunHandsOverResult()
    {
        JobRunner runner;
        std::vector<int> received;
        runner.run<std::vector<int>>(
            QStringLiteral("typed"),
            [](Feedback &) {
                return std::vector<int>{3, 1, 2};
            },
            [&](quint64, std::vector<int> &result) { received = std::move(result); });
        QTRY_COMPARE(received, (std::vector<int>{3, 1, 2}));
    }

    void eventLoopKeepsRunning()
    {
        JobRunner runner;
        std::atomic<bool> release{false};
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] {
            if (++ticks == 5)
                release = true; // only a live event loop can release the job
        });
        timer.start(1);
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(QStringLiteral("spin"),
                     [&](Feedback &feedback) { return spinUntil(feedback, release, 7); });
        QVERIFY(finished.wait(10000));
        QVERIFY(ticks >= 5);
        QCOMPARE(finished.at(0).at(1).toInt(), 7);
    }

    void newestRequestWins()
    {
        JobRunner runner;
        std::atomic<bool> releaseFirst{false};
        std::atomic<bool> firstSawCancel{false};
        std::atomic<bool> firstRunning{false};
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy canceled(&runner, &JobRunner::canceled);
        const quint64 first = runner.start(QStringLiteral("first"), [&](Feedback &feedback) {
            firstRunning = true;
            while (!releaseFirst.load()) {
                if (feedback.isCanceled())
                    firstSawCancel = true;
                std::this_thread::yield();
            }
            return QVariant(1); // ignores cancel on purpose: its result must still be dropped
        });
        QTRY_VERIFY(firstRunning.load());
        const quint64 second =
            runner.start(QStringLiteral("second"), [](Feedback &) { return QVariant(2); });
        QVERIFY(second > first);
        const auto release = qScopeGuard([&] { releaseFirst = true; }); // never leave it spinning
        QTRY_VERIFY(firstSawCancel.load());
        QTRY_COMPARE(finished.count(), 1);
        releaseFirst = true;
        runner.waitForIdle();
        QCoreApplication::processEvents();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toULongLong(), second);
        QCOMPARE(finished.at(0).at(1).toInt(), 2);
        QCOMPARE(canceled.count(), 0);
    }

    void cancelStopsTheJob()
    {
        JobRunner runner;
        std::atomic<bool> never{false};
        QSignalSpy canceled(&runner, &JobRunner::canceled);
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy progress(&runner, &JobRunner::progressChanged);
        const quint64 id = runner.start(QStringLiteral("endless"), [&](Feedback &feedback) {
            return spinUntil(feedback, never, 0);
        });
        QVERIFY(progress.wait(5000));
        runner.cancel();
        QVERIFY(canceled.wait(5000));
        QCOMPARE(canceled.at(0).at(0).toULongLong(), id);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!runner.isRunning());
    }

    void exceptionsBecomeMessages_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("data") << 0 << QStringLiteral("chips.gpkg, row 4, field “embedding”");
        QTest::newRow("usage") << 1 << QStringLiteral("no positives");
        QTest::newRow("std") << 2 << QStringLiteral("boom");
        QTest::newRow("unknown") << 3 << QStringLiteral("unknown type");
    }

    void exceptionsBecomeMessages()
    {
        QFETCH(int, kind);
        QFETCH(QString, expected);
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(QStringLiteral("throws"), [kind](Feedback &) -> QVariant {
            switch (kind) {
            case 0:
                throw DataError("chips.gpkg", "value is NaN", 4, "embedding", "a finite number");
            case 1:
                throw UsageError("no positives");
            case 2:
                throw std::runtime_error("boom");
            default:
                throw 42;
            }
        });
        QVERIFY(failed.wait(5000));
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(finished.count(), 0);
    }
};

QTEST_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
