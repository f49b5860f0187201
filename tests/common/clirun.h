#pragma once
// Test helper: runs chipfinder-cli (CHIPFINDER_CLI, a compile definition of every test) and
// returns its exit code and output. A run that does not finish in time is killed and reported
// with exit code -1 and "<timed out>" on stderr; a crash gives exit code -2.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace chipfinder::test {

struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

inline CliResult
runCli(const QStringList &arguments,
       const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
       int timeoutMs = 120000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CHIPFINDER_CLI), arguments);
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

} // namespace chipfinder::test
