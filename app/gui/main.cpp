// chipfinder: the desktop labeling application.

#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Chipfinder"));
    QCoreApplication::setOrganizationName(QStringLiteral("Chipfinder"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHIPFINDER_VERSION));

    // Language: --lang, else the "language" setting, else the system locale.
    QString language;
    for (int i = 1; i + 1 < argc; ++i)
        if (QString::fromLocal8Bit(argv[i]) == QLatin1String("--lang"))
            language = QString::fromLocal8Bit(argv[i + 1]);
    if (language.isEmpty())
        language = QSettings().value(QStringLiteral("language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QTranslator translator;
    if (translator.load(locale, QStringLiteral("chipfinder"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    QTranslator qtTranslator;
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Label satellite image chips and find similar ones from their embeddings."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QCoreApplication::translate("main", "Open the bundled demo dataset."));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QCoreApplication::translate("main", "User interface language (e.g. de, en)."),
                                  QCoreApplication::translate("main", "code"));
    parser.addOption(demo);
    parser.addOption(lang);
    parser.addPositionalArgument(
        QStringLiteral("path"),
        QCoreApplication::translate("main", "A project (*.chipfinder.gpkg) or a dataset to open."),
        QStringLiteral("[path]"));
    parser.process(app);

    chipfinder::MainWindow window;
    window.show();
    if (parser.isSet(demo)) {
        window.openDemo();
    } else if (!parser.positionalArguments().isEmpty()) {
        const QString path = parser.positionalArguments().constFirst();
        if (path.endsWith(QLatin1String(".chipfinder.gpkg")))
            window.openProject(path);
        else
            window.openDataset(path);
    }
    return app.exec();
}
