#include "cli/clicommand.h"

#include <QCoreApplication>
#include <QTextStream>

namespace chipfinder::cli {

// Each subcommand lives in its own <name>command.cpp and exposes one factory here.
// (Add new subcommands to this list.)
CliCommand makeInfoCommand();
CliCommand makeStrategiesCommand();
CliCommand makeSearchCommand();
CliCommand makeSimulateCommand();
CliCommand makeAnalyzeCommand();
CliCommand makeExportCommand();
CliCommand makeEmbedCommand();
CliCommand makeProjectCommand();
CliCommand makeLocateCommand();

std::vector<CliCommand> allCommands()
{
    std::vector<CliCommand> commands;
    commands.push_back(makeInfoCommand());
    commands.push_back(makeStrategiesCommand());
    commands.push_back(makeProjectCommand());
    commands.push_back(makeSearchCommand());
    commands.push_back(makeSimulateCommand());
    commands.push_back(makeAnalyzeCommand());
    commands.push_back(makeExportCommand());
    commands.push_back(makeEmbedCommand());
    commands.push_back(makeLocateCommand());
    return commands;
}

int fail(const QString &message)
{
    QTextStream(stderr) << "chipfinder-cli: " << message << Qt::endl;
    return 1;
}

} // namespace chipfinder::cli
