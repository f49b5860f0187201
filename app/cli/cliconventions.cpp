#include "cli/cliconventions.h"

#include "cli/clicommand.h"
#include "common/errors.h"
#include "common/feedback.h"

#include <QTextStream>

#include <cpl_vsi.h>

#include <cstdio>
#include <unistd.h>

namespace chipfinder::cli {

int usageError(const QString &message, const QString &command, const QString &usageLine)
{
    QTextStream err(stderr);
    err << "chipfinder-cli: " << message << Qt::endl;
    if (!usageLine.isEmpty()) {
        err << usageLine << Qt::endl;
        return kExitUsage;
    }
    err << (command.isEmpty()
                ? Cli::tr("Run 'chipfinder-cli --help' for the commands.")
                : Cli::tr("Run 'chipfinder-cli %1 --help' for its options.").arg(command))
        << Qt::endl;
    return kExitUsage;
}

void addJsonOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("json"),
                      Cli::tr("Write the result as JSON to FILE ('-': standard output)."),
                      Cli::tr("FILE")});
}

void addProgressOption(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("progress"),
         Cli::tr("Report progress on standard error (default: when it is a terminal).")});
}

QStringList withJsonValue(const QStringList &arguments)
{
    QStringList out;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        out << arguments[i];
        if (arguments[i] != QLatin1String("--json"))
            continue;
        const QString next = arguments.value(i + 1);
        if (i + 1 >= arguments.size() ||
            (next.startsWith(QLatin1Char('-')) && next != QLatin1String("-")))
            out << QStringLiteral("-");
    }
    return out;
}

struct CliProgress::State
{
    QString step;
    bool terminal = false;
    int lastPercent = -1;
    std::unique_ptr<Feedback> feedback;
};

CliProgress::CliProgress(const QCommandLineParser &parser, const QString &step)
    : m_state(std::make_unique<State>())
{
    m_state->step = step;
    m_state->terminal = isatty(fileno(stderr)) != 0;
    const bool wanted = parser.optionNames().contains(QStringLiteral("progress")) &&
                        parser.isSet(QStringLiteral("progress"));
    if (!wanted && !m_state->terminal)
        return;
    State *state = m_state.get();
    m_state->feedback = std::make_unique<Feedback>([state](double fraction) {
        const int percent = int(fraction * 100.0);
        // A terminal line is rewritten at every percent; a log gets one line per 10 %.
        const int step = state->terminal ? 1 : 10;
        if (percent / step == state->lastPercent / step && state->lastPercent >= 0)
            return;
        state->lastPercent = percent;
        const QByteArray line = QStringLiteral("%1: %2 %").arg(state->step).arg(percent).toUtf8();
        std::fprintf(stderr, state->terminal ? "\r%s" : "%s\n", line.constData());
        std::fflush(stderr);
    });
    m_state->feedback->setProgress(0.0);
}

CliProgress::~CliProgress() = default;

Feedback *CliProgress::feedback() const
{
    return m_state->feedback.get();
}

void CliProgress::done()
{
    if (!m_state->feedback || m_state->lastPercent < 0)
        return;
    const QByteArray line = Cli::tr("%1: done").arg(m_state->step).toUtf8();
    std::fprintf(stderr, m_state->terminal ? "\r%s\033[K\n" : "%s\n", line.constData());
    std::fflush(stderr);
    m_state->lastPercent = -1;
}

StdinFile::StdinFile(const QString &argument, const std::string &extension)
{
    if (argument != QLatin1String("-")) {
        m_path = argument.toStdString();
        return;
    }
    std::string content;
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
        content.append(buffer, n);
    if (std::ferror(stdin))
        throw DataError("<stdin>", "could not be read");
    m_path = "/vsimem/stdin" + extension;
    m_memory = true;
    VSILFILE *file = VSIFOpenL(m_path.c_str(), "wb");
    if (!file || VSIFWriteL(content.data(), 1, content.size(), file) != content.size()) {
        if (file)
            VSIFCloseL(file);
        throw DataError("<stdin>", "could not be buffered in memory");
    }
    VSIFCloseL(file);
}

StdinFile::~StdinFile()
{
    if (m_memory)
        VSIUnlink(m_path.c_str());
}

} // namespace chipfinder::cli
