// chipfinder-cli strategies: every registered search strategy with its parameters and defaults.

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"
#include "strategies/strategyregistry.h"
#include "strategytext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace chipfinder::cli {

namespace {

QString kindName(ParameterSpec::Kind kind)
{
    switch (kind) {
    case ParameterSpec::Kind::Real:
        return QStringLiteral("real");
    case ParameterSpec::Kind::Integer:
        return QStringLiteral("integer");
    case ParameterSpec::Kind::Boolean:
        return QStringLiteral("boolean");
    case ParameterSpec::Kind::Choice:
        return QStringLiteral("choice");
    }
    return {};
}

QString defaultText(const ParameterSpec &spec)
{
    switch (spec.kind) {
    case ParameterSpec::Kind::Boolean:
        return spec.defaultValue != 0.0 ? QStringLiteral("true") : QStringLiteral("false");
    case ParameterSpec::Kind::Choice:
        return QString::fromStdString(spec.defaultChoice);
    case ParameterSpec::Kind::Integer:
        return QString::number(qlonglong(spec.defaultValue));
    case ParameterSpec::Kind::Real:
        return QString::number(spec.defaultValue);
    }
    return {};
}

QString rangeText(const ParameterSpec &spec)
{
    switch (spec.kind) {
    case ParameterSpec::Kind::Choice: {
        QStringList choices;
        for (const auto &c : spec.choices)
            choices << QString::fromStdString(c);
        return choices.join(QLatin1Char('|'));
    }
    case ParameterSpec::Kind::Boolean:
        return QStringLiteral("true|false");
    default:
        return QStringLiteral("%1..%2").arg(spec.minimum).arg(spec.maximum);
    }
}

int runStrategies(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Lists the search strategies, their parameters and defaults. Pass parameters to "
                "'search --params key=value,...' or 'simulate --params name:key=value,...'."));
    addJsonOption(parser);
    // `--json` alone (the old flag) prints to stdout, as "--json -" does.
    if (const int exit = parseOrExit(parser, withJsonValue(arguments), 0, Cli::tr("no arguments"));
        exit >= 0)
        return exit;

    const auto &registry = StrategyRegistry::instance();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const auto &name : registry.names()) {
            const StrategyInfo *info = registry.find(name);
            QJsonArray parameters;
            for (const auto &spec : info->parameters) {
                QJsonObject p{
                    {QStringLiteral("key"), QString::fromStdString(spec.key)},
                    {QStringLiteral("label"), QString::fromStdString(spec.label)},
                    {QStringLiteral("description"), QString::fromStdString(spec.description)},
                    {QStringLiteral("kind"), kindName(spec.kind)},
                    {QStringLiteral("default"), defaultText(spec)}};
                if (spec.kind == ParameterSpec::Kind::Choice) {
                    QJsonArray choices;
                    for (const auto &c : spec.choices)
                        choices.append(QString::fromStdString(c));
                    p.insert(QStringLiteral("choices"), choices);
                } else if (spec.kind != ParameterSpec::Kind::Boolean) {
                    p.insert(QStringLiteral("minimum"), spec.minimum);
                    p.insert(QStringLiteral("maximum"), spec.maximum);
                }
                parameters.append(p);
            }
            list.append(QJsonObject{
                {QStringLiteral("name"), QString::fromStdString(info->name)},
                {QStringLiteral("title"), QString::fromStdString(info->title)},
                {QStringLiteral("description"), QString::fromStdString(info->description)},
                {QStringLiteral("uses_negatives"), info->usesNegatives},
                {QStringLiteral("parameters"), parameters}});
        }
        writeText(parser.value(QStringLiteral("json")),
                  QJsonDocument(list).toJson(QJsonDocument::Indented));
        return 0;
    }

    QTextStream out(stdout);
    for (const auto &name : registry.names()) {
        const StrategyInfo *info = registry.find(name);
        out << QString::fromStdString(info->name) << "  —  " << i18n::strategyText(info->title)
            << (info->usesNegatives ? Cli::tr(" (uses negatives)") : QString()) << "\n";
        if (!info->description.empty())
            out << "    " << i18n::strategyText(info->description) << "\n";
        for (const auto &spec : info->parameters)
            out << "    " << QString::fromStdString(spec.key).leftJustified(14) << " "
                << kindName(spec.kind).leftJustified(8) << " "
                << Cli::tr("default %1").arg(defaultText(spec)).leftJustified(18) << " ["
                << rangeText(spec) << "]  " << i18n::strategyText(spec.label) << "\n";
        out << "\n";
    }
    out << Cli::tr("%n strategies", nullptr, int(registry.names().size())) << "\n";
    return 0;
}

} // namespace

CliCommand makeStrategiesCommand()
{
    return {QStringLiteral("strategies"), Cli::tr("List search strategies and their parameters"),
            runStrategies};
}

} // namespace chipfinder::cli
