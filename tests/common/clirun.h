#pragma once
// Test helper: runs chipfinder-cli (CHIPFINDER_CLI, a compile definition of every test) and
// returns its exit code and output. A run that does not finish in time is killed and reported
// with exit code -1 and "<timed out>" on stderr; a crash gives exit code -2.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <csignal>
#include <sys/resource.h>

namespace chipfinder::test {

struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Waits for a started CLI process and collects its exit code (-2 if it crashed) and output.
inline CliResult finishCli(QProcess &process, int timeoutMs)
{
    CliResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("<timed out>");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

inline CliResult
runCli(const QStringList &arguments,
       const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
       int timeoutMs = 120000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CHIPFINDER_CLI), arguments);
    return finishCli(process, timeoutMs);
}

// runCli with the child's file size limit (RLIMIT_FSIZE) set to `maxFileBytes` and SIGXFSZ
// ignored: every write that would grow a file past that size fails with EFBIG, as on a full
// disk, without mounting anything (works as root, where read-only folders do not stop writes).
inline CliResult runCliWithFileLimit(const QStringList &arguments, qint64 maxFileBytes,
                                     int timeoutMs = 120000)
{
    QProcess process;
    process.setChildProcessModifier([maxFileBytes] {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{rlim_t(maxFileBytes), rlim_t(maxFileBytes)};
        setrlimit(RLIMIT_FSIZE, &limit);
    });
    process.start(QStringLiteral(CHIPFINDER_CLI), arguments);
    return finishCli(process, timeoutMs);
}

} // namespace chipfinder::test
