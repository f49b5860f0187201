#pragma once
// One chipfinder-cli subcommand. run() gets the arguments after the subcommand name, prints its
// output to stdout, errors to stderr, and returns the process exit code (0 = success).

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace chipfinder::cli {

// The translation context of every chipfinder-cli message: Cli::tr("...") is
// QCoreApplication::translate("cli", "..."), and lupdate files it under "cli" in i18n/*.ts.
struct Cli
{
    Q_DECLARE_TR_FUNCTIONS(cli)
};

struct CliCommand
{
    QString name;
    QString summary; // already translated
    std::function<int(const QStringList &arguments)> run;
};

// Every subcommand, in --help order. Defined in commands.cpp.
std::vector<CliCommand> allCommands();

// Prints "chipfinder-cli: <message>" to stderr and returns 1 (for `return fail(...)`).
int fail(const QString &message);

} // namespace chipfinder::cli
