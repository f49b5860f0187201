// chipfinder-cli export PROJECT --out FILE: writes a project's labels as GeoJSON (RFC 7946),
// GeoPackage or FlatGeobuf, with each labeled chip's footprint from the project's dataset.

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "dataset/datasetreader.h"
#include "export/labelexporter.h"
#include "project/projectstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace chipfinder::cli {

namespace {

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Exports the labels of a project, one feature per labeled chip with its footprint.\n"
        "The format follows the extension: .geojson/.json (RFC 7946, WGS 84), .gpkg, .fgb."));
    parser.addPositionalArgument(Cli::tr("PROJECT"), Cli::tr("Chipfinder project file."));
    const QCommandLineOption outOption(QStringLiteral("out"), Cli::tr("Output file."),
                                       Cli::tr("FILE"));
    const QCommandLineOption datasetOption(
        QStringLiteral("dataset"),
        Cli::tr("Dataset to take the footprints from (default: the one the project references)."),
        Cli::tr("PATH"));
    const QCommandLineOption crsOption(
        QStringLiteral("crs"),
        Cli::tr("CRS of GeoPackage/FlatGeobuf output: wgs84 (default) or source (the dataset's)."),
        Cli::tr("CRS"), QStringLiteral("wgs84"));
    parser.addOption(outOption);
    parser.addOption(datasetOption);
    parser.addOption(crsOption);
    addJsonOption(parser);
    addProgressOption(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("PROJECT")); exit >= 0)
        return exit;
    const QStringList positionals = parser.positionalArguments();
    if (!parser.isSet(outOption) || parser.value(outOption).isEmpty())
        return usageError(Cli::tr("export needs --out FILE"), QStringLiteral("export"));
    const QString out = parser.value(outOption);
    if (!LabelExporter::formatForPath(out.toStdString()))
        return usageError(
            Cli::tr("cannot tell the format of '%1': use .geojson, .json, .gpkg or .fgb").arg(out),
            QStringLiteral("export"));
    LabelExportOptions options;
    const QString crs = parser.value(crsOption).toLower();
    if (crs == QLatin1String("source"))
        options.crs = LabelExportOptions::Crs::SourceCrs;
    else if (crs != QLatin1String("wgs84"))
        return usageError(
            Cli::tr("--crs must be wgs84 or source, not '%1'").arg(parser.value(crsOption)),
            QStringLiteral("export"));

    const auto refuse = [&out](const QString &role, const std::string &input) {
        if (isSameFile(out.toStdString(), input))
            throw UsageError(Cli::tr("--out '%1' is %2 '%3': an output never overwrites an input")
                                 .arg(out, role, QString::fromStdString(input))
                                 .toStdString());
    };
    refuse(Cli::tr("the project"), positionals[0].toStdString());
    refuseOutputsOverInputs(parser, {QStringLiteral("out"), QStringLiteral("json")}, false, false);
    const auto store = ProjectStore::openReadOnly(positionals[0].toStdString()); // never written
    const DatasetReference reference = store->dataset();
    const std::string datasetPath = parser.isSet(datasetOption)
                                        ? parser.value(datasetOption).toStdString()
                                        : store->resolvedDatasetPath();
    if (datasetPath.empty())
        return fail(Cli::tr("the project names no dataset: give one with --dataset"));
    if (!QFileInfo::exists(QString::fromStdString(datasetPath)))
        return fail(Cli::tr("the dataset '%1' does not exist (moved? give its new place with "
                            "--dataset)")
                        .arg(QString::fromStdString(datasetPath)));
    DatasetOpenOptions openOptions = reference.openOptions();
    openOptions.loadEmbeddings = false; // footprints and ids are all an export needs
    // From the user cache when an earlier open put the dataset there (large datasets).
    openOptions.embeddingCache = EmbeddingCacheMode::Float32;
    refuse(Cli::tr("the dataset"), datasetPath);
    if (!openOptions.npyPath.empty())
        refuse(QStringLiteral("the .npy matrix"), openOptions.npyPath);
    CliProgress progress(parser, Cli::tr("Reading the dataset"));
    const Dataset dataset = openDataset(datasetPath, openOptions, progress.feedback());
    progress.done();
    store->checkDataset(dataset); // labels of another dataset would land on other chips
    const std::vector<Label> labels = store->labels();
    const size_t written = LabelExporter(dataset).write(out.toStdString(), labels, options);
    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject summary{{QStringLiteral("project"), positionals[0]},
                                  {QStringLiteral("dataset"), QString::fromStdString(datasetPath)},
                                  {QStringLiteral("out"), out},
                                  {QStringLiteral("labels"), qint64(written)}};
        writeText(parser.value(QStringLiteral("json")),
                  QJsonDocument(summary).toJson(QJsonDocument::Indented));
        if (parser.value(QStringLiteral("json")) == QLatin1String("-"))
            return 0; // stdout carries the JSON alone
    }
    QTextStream(stdout) << Cli::tr("Exported %n label(s) to %1", nullptr, int(written)).arg(out)
                        << Qt::endl;
    return 0;
}

} // namespace

CliCommand makeExportCommand()
{
    return {QStringLiteral("export"),
            Cli::tr("Export a project's labels as GeoJSON/GPKG/FlatGeobuf"), runExport};
}

} // namespace chipfinder::cli
