#include "cli/clidataset.h"

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "common/text.h"
#include "dataset/datasetreader.h"
#include "dataset/embeddingcolumns.h"
#include "dataset/groundtruth.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTextStream>

#include <cmath>
#include <cstdio>

#include <unistd.h>

namespace chipfinder::cli {

void addDatasetOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("embedding-column"),
                      Cli::tr("Column holding the embeddings (default: detected)."),
                      Cli::tr("COLUMN")});
    parser.addOption({QStringLiteral("id-column"),
                      Cli::tr("Column holding the chip ids (default: detected, else row number)."),
                      Cli::tr("COLUMN")});
    parser.addOption({QStringLiteral("layer"),
                      Cli::tr("Layer to read (default: the first with geometry)."),
                      Cli::tr("NAME")});
    parser.addOption(
        {QStringLiteral("npy"),
         Cli::tr("Read the embeddings from this .npy matrix (N x D) instead of a column."),
         Cli::tr("FILE")});
    parser.addOption(
        {QStringLiteral("npy-id-column"),
         Cli::tr("Match .npy rows to features by this integer column (default: by row)."),
         Cli::tr("COLUMN")});
    parser.addOption(
        {QStringLiteral("embedding-cache"),
         Cli::tr("Keep large embedding matrices in the user cache so that later runs map them: "
                 "float32, float16 or off (default: float32)."),
         Cli::tr("MODE"), QStringLiteral("float32")});
    parser.addOption({QStringLiteral("chip-size"),
                      Cli::tr("Pixels per chip side for embedding rasters (default: 16)."),
                      Cli::tr("PIXELS"), QStringLiteral("16")});
    parser.addOption({QStringLiteral("chip-size-m"),
                      Cli::tr("Ground size of the square chip around each point, in metres "
                              "(default: the file's chip_size_m metadata)."),
                      Cli::tr("METRES")});
    parser.addOption({QStringLiteral("crs"),
                      Cli::tr("CRS of the coordinates, e.g. EPSG:32614 (overrides the file's)."),
                      Cli::tr("CRS")});
    parser.addOption({QStringLiteral("blob-type"),
                      Cli::tr("Element type of blob embeddings: f16, f32 or f64 (default: "
                              "detected)."),
                      Cli::tr("TYPE")});
    parser.addOption({QStringLiteral("strict"),
                      Cli::tr("Fail on rows that cannot be chips instead of skipping them.")});
    parser.addOption({QStringLiteral("no-dequantize"),
                      Cli::tr("Read signed 8-bit or scaled embedding rasters as stored.")});
}

DatasetOpenOptions datasetOptions(const QCommandLineParser &parser)
{
    DatasetOpenOptions options;
    const QString cache = parser.value(QStringLiteral("embedding-cache"));
    if (cache == QLatin1String("float32"))
        options.embeddingCache = EmbeddingCacheMode::Float32;
    else if (cache == QLatin1String("float16"))
        options.embeddingCache = EmbeddingCacheMode::Float16;
    else if (cache != QLatin1String("off"))
        throw UsageError(Cli::tr("--embedding-cache: '%1' is not float32, float16 or off")
                             .arg(cache)
                             .toStdString());
    options.embeddingColumn = parser.value(QStringLiteral("embedding-column")).toStdString();
    options.idColumn = parser.value(QStringLiteral("id-column")).toStdString();
    options.layer = parser.value(QStringLiteral("layer")).toStdString();
    options.npyPath = parser.value(QStringLiteral("npy")).toStdString();
    options.npyIdColumn = parser.value(QStringLiteral("npy-id-column")).toStdString();
    options.rasterChipSize = int(sizeOption(parser, QStringLiteral("chip-size"), 1, 1 << 16));
    if (parser.isSet(QStringLiteral("chip-size-m")))
        options.chipSizeMeters = realOption(parser, QStringLiteral("chip-size-m"), 1e-3, 1e7);
    options.crs = parser.value(QStringLiteral("crs")).toStdString();
    options.blobType = parser.value(QStringLiteral("blob-type")).toStdString();
    if (!parseElementType(options.blobType))
        throw UsageError(Cli::tr("--blob-type: '%1' is not f16, f32 or f64")
                             .arg(parser.value(QStringLiteral("blob-type")))
                             .toStdString());
    options.strict = parser.isSet(QStringLiteral("strict"));
    options.dequantize = !parser.isSet(QStringLiteral("no-dequantize"));
    return options;
}

Dataset openDatasetFromOptions(const QCommandLineParser &parser, const QString &path,
                               bool loadEmbeddings)
{
    DatasetOpenOptions options = datasetOptions(parser);
    options.loadEmbeddings = loadEmbeddings;
    CliProgress progress(parser, Cli::tr("Reading the dataset"));
    Dataset dataset = openDataset(path.toStdString(), options, progress.feedback());
    progress.done();
    if (dataset.skipped.count > 0)
        QTextStream(stderr) << Cli::tr("%1: %2 (--strict makes this an error)")
                                   .arg(path, QString::fromStdString(dataset.skipped.summary()))
                            << "\n";
    return dataset;
}

std::shared_ptr<const EmbeddingMatrix> searchMatrix(Dataset &dataset, Metric metric)
{
    if (metric == Metric::Cosine && !dataset.embeddings.rowsNormalized())
        dataset.embeddings.normalizeRows();
    return {std::shared_ptr<const void>(), &dataset.embeddings};
}

int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, int positionals,
                const QString &positionalNames)
{
    const QCommandLineOption help = parser.addHelpOption();
    const QString command = arguments.value(0).section(QLatin1Char(' '), -1);
    // Qt names the executable in "Usage:"; name the subcommand too (arguments[0] is
    // "<executable> <command>", see main.cpp).
    const auto helpText = [&parser, &command] {
        QString text = parser.helpText();
        const QString executable = QCoreApplication::arguments().value(0);
        const qsizetype at = text.indexOf(executable);
        if (at >= 0 && !executable.isEmpty())
            text.replace(at, executable.size(), QStringLiteral("chipfinder-cli ") + command);
        return text;
    };
    if (!parser.parse(arguments))
        return usageError(parser.errorText(), command, helpText().section(QLatin1Char('\n'), 0, 0));
    if (parser.isSet(help)) {
        QTextStream(stdout) << helpText();
        return 0;
    }
    if (parser.positionalArguments().size() != positionals)
        return usageError(Cli::tr("expected %1 (see --help)").arg(positionalNames), command,
                          helpText().section(QLatin1Char('\n'), 0, 0));
    return -1;
}

std::vector<int64_t> chipIndices(const Dataset &dataset, const QString &ids, const QString &option)
{
    std::vector<int64_t> out;
    QSet<int64_t> seen;
    for (const QString &raw : ids.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString id = raw.trimmed();
        const int64_t index = dataset.indexOf(id.toStdString());
        if (index < 0)
            throw UsageError(
                Cli::tr("--%1: no chip has the id '%2'").arg(option, id).toStdString());
        if (!seen.contains(index)) {
            seen.insert(index);
            out.push_back(index);
        }
    }
    return out;
}

void addIdsFileOption(QCommandLineParser &parser, const QString &option, const QString &help)
{
    parser.addOption({option + QStringLiteral("-file"), help, Cli::tr("FILE")});
}

bool idsGiven(const QCommandLineParser &parser, const QString &option)
{
    return parser.isSet(option) || parser.isSet(option + QStringLiteral("-file"));
}

std::vector<std::string> givenIds(const QCommandLineParser &parser, const QString &option)
{
    std::vector<std::string> ids;
    for (const QString &list : parser.values(option))
        for (const QString &raw : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (const QString id = raw.trimmed(); !id.isEmpty())
                ids.push_back(id.toStdString());
    const QString fileOption = option + QStringLiteral("-file");
    for (const QString &path : parser.values(fileOption)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw DataError(
                path.toStdString(), "cannot be read (" + file.errorString().toStdString() + ")",
                std::nullopt, {}, "a file of chip ids for --" + fileOption.toStdString());
        const QByteArray bytes = file.readAll();
        if (file.error() != QFileDevice::NoError)
            throw DataError(path.toStdString(),
                            "cannot be read (" + file.errorString().toStdString() + ")");
        for (QByteArray line : bytes.split('\n')) {
            if (line.endsWith('\r'))
                line.chop(1);
            if (!line.isEmpty())
                ids.push_back(line.toStdString());
        }
    }
    return ids;
}

std::vector<int64_t> chipIndices(const Dataset &dataset, const std::vector<std::string> &ids,
                                 const QString &option)
{
    std::vector<int64_t> out;
    QSet<int64_t> seen;
    for (const std::string &id : ids) {
        const int64_t index = dataset.indexOf(id);
        if (index < 0)
            throw UsageError(Cli::tr("--%1: no chip has the id '%2'")
                                 .arg(option, printableId(id))
                                 .toStdString());
        if (!seen.contains(index)) {
            seen.insert(index);
            out.push_back(index);
        }
    }
    return out;
}

QString printableId(const std::string &id)
{
    return QString::fromStdString(escapedUtf8(id));
}

std::vector<uint8_t> truthFromColumnText(const Dataset &dataset, const QString &column)
{
    if (!dataset.attribute(column.toStdString())) {
        QStringList known;
        for (const auto &a : dataset.attributes)
            known << QString::fromStdString(a.name);
        throw UsageError(
            Cli::tr("--truth: the dataset has no column '%1' (columns: %2)")
                .arg(column, known.isEmpty() ? Cli::tr("none") : known.join(QStringLiteral(", ")))
                .toStdString());
    }
    return truthFromColumn(dataset, column.toStdString());
}

void addTruthOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("truth"),
                      Cli::tr("Column holding the ground truth (1/0, true/false, yes/no)."),
                      Cli::tr("COLUMN")});
    parser.addOption(
        {QStringLiteral("truth-polygons"),
         Cli::tr("Ground truth from a polygon file instead: a chip is positive when the "
                 "polygons cover at least --min-coverage of it."),
         Cli::tr("FILE")});
    parser.addOption({QStringLiteral("truth-layer"),
                      Cli::tr("Layer of --truth-polygons (default: the first polygon layer)."),
                      Cli::tr("NAME")});
    parser.addOption({QStringLiteral("min-coverage"),
                      Cli::tr("Chip fraction the polygons must cover (default: 0.3)."),
                      Cli::tr("FRACTION"), QStringLiteral("0.3")});
}

bool hasTruthOption(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("truth")) || parser.isSet(QStringLiteral("truth-polygons"));
}

std::vector<uint8_t> truthFromOptions(const QCommandLineParser &parser, const Dataset &dataset,
                                      QString *description)
{
    if (parser.isSet(QStringLiteral("truth")) && parser.isSet(QStringLiteral("truth-polygons")))
        throw UsageError(Cli::tr("--truth and --truth-polygons exclude each other").toStdString());
    if (parser.isSet(QStringLiteral("truth-polygons"))) {
        const QString file = parser.value(QStringLiteral("truth-polygons"));
        const double minCoverage = realOption(parser, QStringLiteral("min-coverage"), 0.0, 1.0);
        if (description)
            *description = Cli::tr("polygons %1 covering >= %2").arg(file).arg(minCoverage);
        return truthFromPolygons(dataset, file.toStdString(), minCoverage,
                                 parser.value(QStringLiteral("truth-layer")).toStdString());
    }
    const QString column = parser.value(QStringLiteral("truth"));
    if (description)
        *description = Cli::tr("column '%1'").arg(column);
    return truthFromColumnText(dataset, column);
}

Metric metricOption(const QCommandLineParser &parser, const QString &option)
{
    const QString value = parser.value(option);
    if (value == QLatin1String("cosine"))
        return Metric::Cosine;
    if (value == QLatin1String("euclidean"))
        return Metric::Euclidean;
    throw UsageError(Cli::tr("--%1: '%2' is not a metric (cosine or euclidean)")
                         .arg(option, value)
                         .toStdString());
}

size_t sizeOption(const QCommandLineParser &parser, const QString &option, size_t minimum,
                  size_t maximum)
{
    bool ok = false;
    const qulonglong value = parser.value(option).toULongLong(&ok);
    if (ok && value >= minimum && value > maximum)
        throw UsageError(Cli::tr("--%1: '%2' is more than the largest allowed value, %3")
                             .arg(option, parser.value(option))
                             .arg(qulonglong(maximum))
                             .toStdString());
    if (!ok || value < minimum)
        throw UsageError(Cli::tr("--%1: '%2' is not a whole number of at least %3")
                             .arg(option, parser.value(option))
                             .arg(minimum)
                             .toStdString());
    return size_t(value);
}

double realOption(const QCommandLineParser &parser, const QString &option, double minimum,
                  double maximum)
{
    bool ok = false;
    const double value = parser.value(option).toDouble(&ok);
    if (!ok || !std::isfinite(value) || !(value >= minimum && value <= maximum))
        throw UsageError(Cli::tr("--%1: '%2' is not a number in [%3, %4]")
                             .arg(option, parser.value(option))
                             .arg(minimum)
                             .arg(maximum)
                             .toStdString());
    return value;
}

void writeText(const QString &path, const QByteArray &text)
{
    const std::string_view content(text.constData(), size_t(text.size()));
    if (path.isEmpty() || path == QLatin1String("-"))
        writeStdout(content);
    else
        writeFileAtomically(path.toStdString(), content);
}

void checkOutputFolder(const QString &path, const QString &option)
{
    QFileInfo info(path);
    if (info.exists() && !info.isDir())
        throw DataError(path.toStdString(), "exists and is not a folder", std::nullopt,
                        "--" + option.toStdString(), "a folder");
    QString ancestor = info.absoluteFilePath();
    while (!QFileInfo::exists(ancestor) && QFileInfo(ancestor).absolutePath() != ancestor)
        ancestor = QFileInfo(ancestor).absolutePath();
    if (!QFileInfo(ancestor).isDir())
        throw DataError(path.toStdString(),
                        "cannot be created: " + ancestor.toStdString() + " is not a folder",
                        std::nullopt, "--" + option.toStdString(), "a folder");
}

void refuseOutputsOverInputs(const QCommandLineParser &parser, const QStringList &outputOptions,
                             bool truthOptions, bool datasetOptions)
{
    QList<QPair<QString, QString>> inputs; // description, path
    inputs.append({Cli::tr("the dataset"), parser.positionalArguments().value(0)});
    if (datasetOptions && parser.isSet(QStringLiteral("npy")))
        inputs.append({QStringLiteral("--npy"), parser.value(QStringLiteral("npy"))});
    if (truthOptions && parser.isSet(QStringLiteral("truth-polygons")))
        inputs.append(
            {QStringLiteral("--truth-polygons"), parser.value(QStringLiteral("truth-polygons"))});
    QList<QPair<QString, QString>> outputs;
    for (const QString &option : outputOptions) {
        if (!parser.isSet(option))
            continue;
        const QString output = parser.value(option);
        if (output == QLatin1String("-")) {
            for (const auto &[other, otherPath] : outputs)
                if (otherPath == QLatin1String("-"))
                    throw UsageError(Cli::tr("--%1 and --%2 both name standard output ('-')")
                                         .arg(other, option)
                                         .toStdString());
            outputs.append({option, output});
            continue;
        }
        const QFileInfo info(output);
        if (info.isDir())
            throw DataError(output.toStdString(), "is a folder", std::nullopt,
                            "--" + option.toStdString(), "a file name");
        if (!info.absoluteDir().exists())
            throw DataError(
                output.toStdString(),
                "cannot be written: the folder " +
                    QDir::toNativeSeparators(info.absolutePath()).toStdString() + " does not exist",
                std::nullopt, "--" + option.toStdString(), "a file in an existing folder");
        for (const auto &[description, input] : inputs)
            if (isSameFile(output.toStdString(), input.toStdString()))
                throw UsageError(Cli::tr("--%1 '%2' is %3 '%4': an output never overwrites an "
                                         "input")
                                     .arg(option, output, description, input)
                                     .toStdString());
        for (const auto &[other, otherPath] : outputs)
            if (isSameFile(output.toStdString(), otherPath.toStdString()))
                throw UsageError(Cli::tr("--%1 and --%2 name the same file '%3'")
                                     .arg(other, option, output)
                                     .toStdString());
        outputs.append({option, output});
    }
}

} // namespace chipfinder::cli
