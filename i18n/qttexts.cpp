// Qt's own command-line help and errors (QCommandLineParser, used by chipfinder and
// chipfinder-cli), listed so that lupdate keeps their German translations in i18n/*.ts: Debian
// does not install Qt's qtbase_de.qm by default (qt6-translations-l10n), and without it "Usage:",
// "Options:" and the parse errors would stay English. The strings are Qt 6's, verbatim.

#include <QtGlobal>

namespace {

[[maybe_unused]] const char *const kQtTexts[] = {
    QT_TRANSLATE_NOOP("QCommandLineParser", "Displays version information."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Displays help on commandline options."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Displays help including Qt specific options."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Unknown option '%1'."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Unknown options: %1."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Missing value after '%1'."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Unexpected value after '%1'."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "[options]"),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Usage: %1"),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Options:"),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Arguments:"),
};

} // namespace
