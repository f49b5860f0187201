#include "cli/clicommand.h"

#include <QCoreApplication>
#include <QTextStream>

namespace chipfinder::cli {

// Each subcommand lives in its own <name>command.cpp and exposes one factory here.
// (Add new subcommands to this list.)
CliCommand makeExportCommand();

std::vector<CliCommand> allCommands()
{
    std::vector<CliCommand> commands;
    commands.push_back(makeExportCommand());
    return commands;
}

int fail(const QString &message)
{
    QTextStream(stderr) << "chipfinder-cli: " << message << Qt::endl;
    return 1;
}

} // namespace chipfinder::cli
