// The German translation (i18n/chipfinder_de.ts) is complete and used: no unfinished or vanished
// message, placeholders and plural forms intact, and lupdate over the sources finds nothing new
// or gone; every registered strategy's title, description and parameter texts are listed for
// translation and translated; the GUI's strategy picker and chart show them in German;
// chipfinder-cli speaks German under LANG=de_DE.UTF-8, with --lang de and with the "language"
// setting, and English under C.UTF-8.

#include "cli/clicommand.h"
#include "common/clirun.h"
#include "gui/strategypanel.h"
#include "language.h"
#include "strategies/strategyregistry.h"
#include "strategytext.h"

#include "analytics/recallchartwidget.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <map>
#include <set>

using namespace chipfinder;

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QString type; // the translation's type attribute: "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
    QStringList translations; // one, or one per plural form
};

std::vector<TsMessage> readTs(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    QXmlStreamReader xml(&file);
    std::vector<TsMessage> messages;
    QString context;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            TsMessage message;
            message.context = context;
            message.numerus =
                xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            messages.push_back(message);
        } else if (xml.name() == QLatin1String("source")) {
            messages.back().source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            messages.back().type = xml.attributes().value(QLatin1String("type")).toString();
            if (!messages.back().numerus)
                messages.back().translations << xml.readElementText();
        } else if (xml.name() == QLatin1String("numerusform")) {
            messages.back().translations << xml.readElementText();
        }
    }
    if (xml.hasError())
        qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return messages;
}

std::multiset<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    std::multiset<QString> found;
    for (const auto &match : re.globalMatch(text))
        found.insert(match.captured(0));
    return found;
}

// chipfinder-cli with the locale variables replaced by `locale` (e.g. {"LANG", "de_DE.UTF-8"})
// and the settings read from `configHome` (so that the user's own settings do not interfere).
using Result = test::CliResult;

Result runCli(const QStringList &arguments, const QStringList &locale, const QString &configHome)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"})
        env.remove(QString::fromLatin1(name));
    for (qsizetype i = 0; i + 1 < locale.size(); i += 2)
        env.insert(locale[i], locale[i + 1]);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);
    return test::runCli(arguments, env);
}

} // namespace

class TestI18n : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        m_messages = readTs(QStringLiteral(CHIPFINDER_TS_FILE));
        QVERIFY(m_messages.size() > 400);
    }

    void tsIsComplete()
    {
        for (const TsMessage &m : m_messages) {
            const QString where = m.context + QLatin1String(": ") + m.source;
            QVERIFY2(m.type.isEmpty(), qPrintable(m.type + QLatin1String(": ") + where));
            QVERIFY2(!m.translations.isEmpty(), qPrintable(where));
            if (m.numerus)
                QVERIFY2(m.translations.size() == 2, qPrintable(where)); // German: one, other
            for (const QString &t : m.translations) {
                QVERIFY2(!t.trimmed().isEmpty() || m.source.trimmed().isEmpty(), qPrintable(where));
                QVERIFY2(placeholders(t) == placeholders(m.source),
                         qPrintable(QLatin1String("placeholders differ: ") + where +
                                    QLatin1String(" → ") + t));
            }
        }
    }

    // lupdate over the sources finds nothing new and nothing gone: every tr() string of app/,
    // widgets/ and i18n/ is in the .ts with a translation. On failure: run
    // `cmake --build build/dev --target update_translations` and translate what it marks
    // unfinished (drop vanished entries with lupdate -no-obsolete).
    void tsMatchesSources()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(QStringLiteral("chipfinder_de.ts"));
        QVERIFY(QFile::copy(QStringLiteral(CHIPFINDER_TS_FILE), copy));
        const QString root = QStringLiteral(CHIPFINDER_SOURCE_DIR);
        QStringList arguments{QStringLiteral("-locations"), QStringLiteral("none")};
        for (const char *folder : {"app", "widgets", "core", "i18n"})
            arguments << QStringLiteral("-I") << root + QLatin1Char('/') + QLatin1String(folder);
        for (const char *folder : {"app", "widgets", "i18n", "core/strategies"})
            arguments << root + QLatin1Char('/') + QLatin1String(folder);
        arguments << QStringLiteral("-ts") << copy;
        QProcess lupdate;
        lupdate.start(QStringLiteral(CHIPFINDER_LUPDATE), arguments);
        QVERIFY(lupdate.waitForFinished(300000));
        QCOMPARE(lupdate.exitCode(), 0);
        QStringList stale;
        for (const TsMessage &m : readTs(copy))
            if (!m.type.isEmpty())
                stale << m.type + QLatin1String(": ") + m.context + QLatin1String(": ") + m.source;
        QVERIFY2(stale.isEmpty(), qPrintable(stale.join(QLatin1Char('\n'))));
    }

    // A strategy text in core not marked with QT_TRANSLATE_NOOP("strategy", ...) (lupdate does
    // not see it) or without its German translation in the .ts fails here.
    void everyStrategyTextIsTranslated()
    {
        std::map<QString, QString> german;
        for (const TsMessage &m : m_messages)
            if (m.context == QLatin1String("strategy") && m.type.isEmpty())
                german[m.source] = m.translations.value(0);
        const auto &registry = StrategyRegistry::instance();
        QVERIFY(registry.names().size() >= 10);
        for (const std::string &name : registry.names()) {
            const StrategyInfo *info = registry.find(name);
            QVERIFY(info);
            QVERIFY2(!info->title.empty(), name.c_str());
            QVERIFY2(!info->description.empty(), name.c_str());
            for (const std::string &text : i18n::userTexts(*info)) {
                const QString english = QString::fromStdString(text);
                const QString where = QString::fromStdString(name) + QLatin1String(": ") + english;
                QVERIFY2(german.count(english) && !german[english].trimmed().isEmpty(),
                         qPrintable(QLatin1String("no German translation: ") + where));
            }
        }
    }

    void chooseLanguage()
    {
        QStringList arguments{QStringLiteral("chipfinder-cli"),
                              QStringLiteral("--lang"),
                              QStringLiteral("de"),
                              QStringLiteral("info"),
                              QStringLiteral("--lang=en"),
                              QStringLiteral("x.gpkg")};
        QCOMPARE(i18n::takeLanguageOption(arguments), QStringLiteral("en"));
        QCOMPARE(arguments, (QStringList{QStringLiteral("chipfinder-cli"), QStringLiteral("info"),
                                         QStringLiteral("x.gpkg")}));
        QCOMPARE(i18n::chooseLocale(QStringLiteral("de")).language(), QLocale::German);
    }

    // In-process: the compiled translation is linked in (:/i18n) and the GUI shows German.
    void guiShowsGerman()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), QStringLiteral("chipfinder"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCoreApplication::installTranslator(&translator);

        QCOMPARE(i18n::strategyTitle("centroid"), QStringLiteral("Schwerpunkt"));
        QCOMPARE(i18n::strategyTitle("random-positive"), QStringLiteral("Zufälliges Positives"));
        QCOMPARE(RecallChartWidget::strategyTitle("knn-union"), QStringLiteral("k-NN-Vereinigung"));
        QCOMPARE(i18n::strategyTitle("no-such-strategy"), QStringLiteral("no-such-strategy"));

        StrategyPanel panel;
        auto *combo = panel.findChild<QComboBox *>(QStringLiteral("strategyCombo"));
        QVERIFY(combo);
        const int rocchio = combo->findData(QStringLiteral("rocchio"));
        QVERIFY(rocchio >= 0);
        QCOMPARE(combo->itemText(combo->findData(QStringLiteral("learned-metric"))),
                 QStringLiteral("Gelernte Metrik"));
        panel.setStrategy(QStringLiteral("rocchio"));
        QStringList labels;
        for (const QLabel *label : panel.findChildren<QLabel *>())
            labels << label->text();
        const QString all = labels.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("die klassische Relevance-Feedback-Abfrage")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Gewicht der Negativen β")), qPrintable(all));

        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(i18n::strategyTitle("centroid"), QStringLiteral("Centroid"));
    }

    void cliGermanFromLang()
    {
        const Result help =
            runCli({QStringLiteral("--help")},
                   {QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8")}, m_config.path());
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(QStringLiteral("Aufruf: chipfinder-cli BEFEHL [Optionen]")),
                 qPrintable(help.out));
        QVERIFY2(help.out.contains(QStringLiteral("Suchstrategien und ihre Parameter auflisten")),
                 qPrintable(help.out));
        QVERIFY(!help.out.contains(QStringLiteral("Usage")));

        const Result unknown =
            runCli({QStringLiteral("bogus")},
                   {QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8")}, m_config.path());
        QCOMPARE(unknown.exitCode, 2); // a usage error
        QVERIFY2(unknown.err.contains(QStringLiteral("unbekannter Befehl „bogus“")),
                 qPrintable(unknown.err));

        const Result missing =
            runCli({QStringLiteral("info")},
                   {QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8")}, m_config.path());
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("erwartet: DATENSATZ (siehe --help)")),
                 qPrintable(missing.err));

        // Qt's own parser messages come from the same .ts (qtbase_de.qm is often not installed).
        const Result option =
            runCli({QStringLiteral("search"), QStringLiteral("--bogus")},
                   {QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8")}, m_config.path());
        QCOMPARE(option.exitCode, 2);
        QVERIFY2(option.err.contains(QStringLiteral("Unbekannte Option „bogus“.")),
                 qPrintable(option.err));
    }

    void cliGermanFromOption()
    {
        const QStringList english{QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8")};
        const Result strategies =
            runCli({QStringLiteral("strategies"), QStringLiteral("--lang"), QStringLiteral("de")},
                   english, m_config.path());
        QCOMPARE(strategies.exitCode, 0);
        QVERIFY2(strategies.out.contains(QStringLiteral("centroid  —  Schwerpunkt")),
                 qPrintable(strategies.out));
        QVERIFY(strategies.out.contains(QStringLiteral("Gemeinsam kontrastiv (nutzt Negative)")));
        QVERIFY(strategies.out.contains(QStringLiteral("Gewicht der Positiven α")));
        QVERIFY(strategies.out.contains(
            QStringLiteral("%1 Strategien").arg(StrategyRegistry::instance().names().size())));

        const Result help = runCli({QStringLiteral("--lang"), QStringLiteral("de"),
                                    QStringLiteral("simulate"), QStringLiteral("--help")},
                                   english, m_config.path());
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(QStringLiteral("Optionen:")), qPrintable(help.out));
        QVERIFY(help.out.contains(QStringLiteral("Durchläufe je Strategie (Standard: 10).")));
        QVERIFY(
            help.out.contains(QStringLiteral("Zeigt die Hilfe zu den Befehlszeilenoptionen an.")));
    }

    void cliEnglishByDefault()
    {
        const Result help =
            runCli({QStringLiteral("--help")},
                   {QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8")}, m_config.path());
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(QStringLiteral("Usage: chipfinder-cli COMMAND [options]")),
                 qPrintable(help.out));
        // --lang en wins over a German environment.
        const Result forced =
            runCli({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("strategies")},
                   {QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8")}, m_config.path());
        QVERIFY2(forced.out.contains(QStringLiteral("centroid  —  Centroid")),
                 qPrintable(forced.out));
    }

    // The GUI's "language" setting applies to the CLI too.
    void cliLanguageSetting()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        {
            QSettings settings(home.path() + QLatin1String("/Chipfinder/Chipfinder.conf"),
                               QSettings::IniFormat);
            settings.setValue(QStringLiteral("language"), QStringLiteral("de"));
        }
        const Result help =
            runCli({QStringLiteral("--help")},
                   {QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8")}, home.path());
        QVERIFY2(help.out.contains(QStringLiteral("Aufruf: chipfinder-cli BEFEHL")),
                 qPrintable(help.out));
    }

private:
    QTemporaryDir m_config; // an empty XDG_CONFIG_HOME
    std::vector<TsMessage> m_messages;
};

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
