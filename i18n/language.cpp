#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace chipfinder::i18n {

QLocale chooseLocale(const QString &explicitLanguage)
{
    QString language = explicitLanguage.trimmed();
    if (language.isEmpty()) {
        const QSettings settings(QStringLiteral("Chipfinder"), QStringLiteral("Chipfinder"));
        language = settings.value(QStringLiteral("language")).toString().trimmed();
    }
    return language.isEmpty() ? QLocale::system() : QLocale(language);
}

QString takeLanguageOption(QStringList &arguments)
{
    QString language;
    for (qsizetype i = 1; i < arguments.size();) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--lang") && i + 1 < arguments.size()) {
            language = arguments.at(i + 1);
            arguments.remove(i, 2);
        } else if (argument.startsWith(QLatin1String("--lang="))) {
            language = argument.mid(7);
            arguments.remove(i);
        } else {
            ++i;
        }
    }
    return language;
}

bool installTranslators(const QLocale &locale)
{
    auto *application = QCoreApplication::instance();
    auto *own = new QTranslator(application);
    const bool found = own->load(locale, QStringLiteral("chipfinder"), QStringLiteral("_"),
                                 QStringLiteral(":/i18n"));
    if (found)
        QCoreApplication::installTranslator(own);
    else
        delete own;
    auto *qt = new QTranslator(application);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return found;
}

} // namespace chipfinder::i18n
