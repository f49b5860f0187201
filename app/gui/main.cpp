// chipfinder: the desktop labeling application.

#include "language.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Chipfinder"));
    QCoreApplication::setOrganizationName(QStringLiteral("Chipfinder"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHIPFINDER_VERSION));

    // Language: --lang, else the "language" setting, else the system locale (i18n/language.h;
    // chipfinder-cli chooses the same way).
    QStringList arguments = app.arguments();
    chipfinder::i18n::installTranslators(
        chipfinder::i18n::chooseLocale(chipfinder::i18n::takeLanguageOption(arguments)));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Label satellite image chips and find similar ones from their embeddings."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Open the bundled demo dataset."));
    const QCommandLineOption lang(
        QStringLiteral("lang"),
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
