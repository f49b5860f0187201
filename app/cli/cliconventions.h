#pragma once
// The conventions every chipfinder-cli command follows:
// - exit codes: 0 success, 1 a data error (bad file, bad content, failed write), 2 a usage error
//   (unknown option, missing argument, bad option value; the usage goes to stderr);
// - --json FILE|- writes the command's result as JSON to FILE, or to stdout with "-";
// - progress of long steps on stderr when stderr is a terminal, or always with --progress;
// - "-" reads standard input where an input file is expected, writes stdout for an output.

#include <QCommandLineParser>
#include <QString>

#include <memory>
#include <string>

namespace chipfinder {
class Feedback;
}

namespace chipfinder::cli {

inline constexpr int kExitData = 1;
inline constexpr int kExitUsage = 2;

// Prints "chipfinder-cli: <message>" and the usage line, or without one a pointer to --help, on
// stderr; returns kExitUsage.
int usageError(const QString &message, const QString &command = {}, const QString &usageLine = {});

// Adds --json FILE|- ("-" = stdout).
void addJsonOption(QCommandLineParser &parser);
// Adds --progress.
void addProgressOption(QCommandLineParser &parser);

// Accepts the old flag spelling `--json` (print JSON to stdout) of info and strategies: a bare
// --json (last, or followed by another option) becomes "--json -". Returns the rewritten list.
QStringList withJsonValue(const QStringList &arguments);

// Progress of one step on stderr (a percentage line, rewritten in place on a terminal), when
// stderr is a terminal or --progress is set; otherwise feedback() is null and nothing prints.
class CliProgress
{
public:
    CliProgress(const QCommandLineParser &parser, const QString &step);
    ~CliProgress();
    Feedback *feedback() const;
    void done(); // ends the line ("step: done")

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// An input file argument: "-" reads standard input whole into a GDAL in-memory file named with
// `extension` (e.g. ".geojson"), removed again by the destructor; any other path as it is.
class StdinFile
{
public:
    StdinFile(const QString &argument, const std::string &extension);
    ~StdinFile();
    StdinFile(const StdinFile &) = delete;
    StdinFile &operator=(const StdinFile &) = delete;
    const std::string &path() const { return m_path; }

private:
    std::string m_path;
    bool m_memory = false;
};

} // namespace chipfinder::cli
