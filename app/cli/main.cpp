// chipfinder-cli: the engine from the command line (info, search, simulate, analyze, export, ...).

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "common/errors.h"
#include "language.h"

#include <QCoreApplication>
#include <QTextStream>

#include <exception>
#include <new>
#include <stdexcept>

using namespace chipfinder::cli;

static void printUsage(const std::vector<CliCommand> &commands, FILE *stream)
{
    QTextStream out(stream);
    out << Cli::tr("Usage: chipfinder-cli COMMAND [options]") << "\n\n"
        << Cli::tr("Commands:") << "\n";
    for (const auto &command : commands)
        out << "  " << command.name.leftJustified(11) << " " << command.summary << "\n";
    out << "\n"
        << Cli::tr("Run 'chipfinder-cli COMMAND --help' for a command's options.") << "\n"
        << Cli::tr("--lang CODE (with any command) sets the language of the messages, e.g. de or "
                   "en (default: the \"language\" setting, else the system language).")
        << "\n\n"
        << Cli::tr("Exit status: 0 success, 1 a data error (a file that cannot be read or "
                   "written, bad content), 2 a usage error (unknown command or option, missing "
                   "argument, bad option value).")
        << "\n";
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chipfinder-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHIPFINDER_VERSION));
    // Language as in the GUI: --lang CODE (anywhere), else the "language" setting, else the
    // system locale (LANG, LC_ALL, ...).
    QStringList arguments = app.arguments();
    const QString language = chipfinder::i18n::takeLanguageOption(arguments);
    chipfinder::i18n::installTranslators(chipfinder::i18n::chooseLocale(language));

    const auto commands = allCommands();
    if (arguments.size() < 2) {
        printUsage(commands, stderr);
        return kExitUsage;
    }
    if (arguments[1] == QLatin1String("--help") || arguments[1] == QLatin1String("-h") ||
        arguments[1] == QLatin1String("help")) {
        printUsage(commands, stdout);
        return 0;
    }
    if (arguments[1] == QLatin1String("--version")) {
        QTextStream(stdout) << "chipfinder-cli " << CHIPFINDER_VERSION << "\n";
        return 0;
    }
    for (const auto &command : commands) {
        if (command.name == arguments[1]) {
            QStringList rest = arguments.mid(2);
            rest.prepend(arguments[0] + QLatin1Char(' ') + command.name);
            try {
                return command.run(rest);
            } catch (const chipfinder::UsageError &e) {
                return usageError(QString::fromStdString(e.what()), command.name);
            } catch (const std::bad_alloc &) {
                return fail(Cli::tr("not enough memory for this request (a very large --k, "
                                    "--batch, --runs or dataset?)"));
            } catch (const std::length_error &) {
                return fail(Cli::tr("not enough memory for this request (a very large --k, "
                                    "--batch, --runs or dataset?)"));
            } catch (const std::exception &e) {
                return fail(QString::fromStdString(e.what()));
            }
        }
    }
    QTextStream(stderr) << "chipfinder-cli: " << Cli::tr("unknown command '%1'").arg(arguments[1])
                        << "\n\n";
    printUsage(commands, stderr);
    return kExitUsage;
}
