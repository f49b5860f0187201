#pragma once
// The user interface language of chipfinder and chipfinder-cli, chosen the same way by both:
// --lang CODE, else the "language" key of the settings file (QSettings of organisation and
// application "Chipfinder"), else the system locale (LANG / LC_ALL / LC_MESSAGES).

#include <QLocale>
#include <QString>
#include <QStringList>

namespace chipfinder::i18n {

// The locale for an explicit language code (empty = none given): the code, else the setting,
// else QLocale::system().
QLocale chooseLocale(const QString &explicitLanguage = {});

// Removes "--lang CODE" / "--lang=CODE" from arguments (anywhere after the program name) and
// returns CODE (the last one given; empty if none).
QString takeLanguageOption(QStringList &arguments);

// Installs the application's translation for `locale` (from :/i18n/chipfinder_<lang>.qm) and
// Qt's own (qtbase, when installed) on the running QCoreApplication. Returns true if the
// application's translation was found (English needs none and returns false). Call once.
bool installTranslators(const QLocale &locale);

} // namespace chipfinder::i18n
