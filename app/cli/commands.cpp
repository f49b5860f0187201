#include "cli/clicommand.h"

#include <QCoreApplication>
#include <QTextStream>

namespace chipfinder::cli {

// Each subcommand lives in its own <name>command.cpp and exposes one factory here.
// (Add new subcommands to this list.)

std::vector<CliCommand> allCommands()
{
    std::vector<CliCommand> commands;
    return commands;
}

int fail(const QString &message)
{
    QTextStream(stderr) << "chipfinder-cli: " << message << Qt::endl;
    return 1;
}

} // namespace chipfinder::cli
