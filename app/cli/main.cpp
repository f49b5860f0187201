// chipfinder-cli: the engine from the command line (info, search, simulate, analyze, export, ...).

#include "cli/clicommand.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTextStream>
#include <QTranslator>

#include <exception>

using namespace chipfinder::cli;

static void printUsage(const std::vector<CliCommand> &commands)
{
    QTextStream out(stdout);
    out << QCoreApplication::translate("cli", "Usage: chipfinder-cli COMMAND [options]") << "\n\n"
        << QCoreApplication::translate("cli", "Commands:") << "\n";
    for (const auto &command : commands)
        out << "  " << command.name.leftJustified(10) << " " << command.summary << "\n";
    out << "\n"
        << QCoreApplication::translate(
               "cli", "Run 'chipfinder-cli COMMAND --help' for a command's options.")
        << "\n";
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chipfinder-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHIPFINDER_VERSION));
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("chipfinder"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    const auto commands = allCommands();
    QStringList arguments = app.arguments();
    if (arguments.size() < 2 || arguments[1] == QLatin1String("--help") ||
        arguments[1] == QLatin1String("-h") || arguments[1] == QLatin1String("help")) {
        printUsage(commands);
        return arguments.size() < 2 ? 1 : 0;
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
            } catch (const std::exception &e) {
                return fail(QString::fromStdString(e.what()));
            }
        }
    }
    fail(QCoreApplication::translate("cli", "unknown command '%1'").arg(arguments[1]));
    printUsage(commands);
    return 1;
}
