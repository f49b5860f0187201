// chipfinder-cli locate DATASET --positives IDS [--negatives IDS] (--chips IDS | --top K)
// --out FILE: where inside each chip the query matches; writes the tight footprints beside the
// chip footprints (GeoJSON, GeoPackage or FlatGeobuf through OGR).

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"
#include "common/atomicfile.h"
#include "common/errors.h"
#include "embed/locate.h"
#include "export/footprintexporter.h"
#include "export/labelexporter.h"

#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <numeric>

namespace chipfinder::cli {

namespace {

int runLocate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Finds where inside chips the query (the positives' mean direction, minus the "
        "negatives') matches: a heatmap per chip, and its tight footprint (the heat above a "
        "threshold) written beside the chip footprint. Datasets made by 'embed' localise with "
        "sub-windows of each chip embedded from the raster (--imagery, with the embedder options "
        "'embed' used); other datasets only when their chips overlap."));
    parser.addPositionalArgument(Cli::tr("DATASET"),
                                 Cli::tr("Vector file, GeoParquet or embedding raster."));
    parser.addOption({QStringLiteral("positives"),
                      Cli::tr("Ids of positive chips, comma-separated."), Cli::tr("IDS")});
    parser.addOption({QStringLiteral("negatives"),
                      Cli::tr("Ids of negative chips, comma-separated."), Cli::tr("IDS")});
    parser.addOption({QStringLiteral("chips"),
                      Cli::tr("Ids of the chips to locate, comma-separated."), Cli::tr("IDS")});
    for (const char *option : {"positives", "negatives", "chips"})
        addIdsFileOption(parser, QString::fromLatin1(option),
                         Cli::tr("File of ids for --%1, one per line (ids with any characters).")
                             .arg(QString::fromLatin1(option)));
    parser.addOption({QStringLiteral("top"),
                      Cli::tr("Locate the K unlabeled chips that score best against the query."),
                      QStringLiteral("K")});
    parser.addOption({QStringLiteral("out"),
                      Cli::tr("Output file: .geojson, .json, .gpkg or .fgb."), Cli::tr("FILE")});
    parser.addOption({QStringLiteral("threshold"),
                      Cli::tr("Tight footprint: heat at or above min + T·(max − min) of the chip "
                              "(default 0.7)."),
                      QStringLiteral("T"), QStringLiteral("0.7")});
    parser.addOption({QStringLiteral("imagery"),
                      Cli::tr("The raster the chips were embedded from (as given to 'embed')."),
                      Cli::tr("RASTER")});
    parser.addOption({QStringLiteral("features"),
                      Cli::tr("Embedder option used by 'embed' (default 256)."), Cli::tr("K")});
    parser.addOption({QStringLiteral("kernel"),
                      Cli::tr("Embedder option used by 'embed' (default 3)."), Cli::tr("PX")});
    parser.addOption({QStringLiteral("embed-seed"),
                      Cli::tr("The --seed given to 'embed' (default 0)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("bias"),
                      Cli::tr("Embedder option used by 'embed' (default 1)."), Cli::tr("B")});
    parser.addOption({QStringLiteral("pooling"),
                      Cli::tr("Embedder option used by 'embed' (default 1)."), Cli::tr("G")});
    parser.addOption(
        {QStringLiteral("no-normalize"), Cli::tr("The dataset was embedded with --no-normalize.")});
    parser.addOption({QStringLiteral("no-standardize"),
                      Cli::tr("The dataset was embedded with --no-standardize.")});
    addDatasetOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("DATASET")); exit >= 0)
        return exit;

    if (!idsGiven(parser, QStringLiteral("positives")))
        return usageError(Cli::tr("--positives: at least one positive chip id is required"));
    if (idsGiven(parser, QStringLiteral("chips")) == parser.isSet(QStringLiteral("top")))
        return usageError(Cli::tr("locate needs either --chips IDS or --top K"));
    const QString out = parser.value(QStringLiteral("out"));
    if (out.isEmpty())
        return usageError(Cli::tr("locate needs --out FILE"));
    if (!LabelExporter::formatForPath(out.toStdString()))
        return usageError(
            Cli::tr("--out '%1': the extension must be .geojson, .json, .gpkg or .fgb").arg(out));
    refuseOutputsOverInputs(parser, {QStringLiteral("out")}, false);
    if (parser.isSet(QStringLiteral("imagery")) &&
        isSameFile(out.toStdString(), parser.value(QStringLiteral("imagery")).toStdString()))
        return fail(Cli::tr("--out '%1' is the --imagery raster: an output never overwrites an "
                            "input")
                        .arg(out));
    const double threshold = realOption(parser, QStringLiteral("threshold"), 0.0, 1.0);
    LocateOptions options;
    options.rasterPath = parser.value(QStringLiteral("imagery")).toStdString();
    if (parser.isSet(QStringLiteral("features")))
        options.embedder.features = int(sizeOption(parser, QStringLiteral("features"), 1, 1 << 16));
    if (parser.isSet(QStringLiteral("kernel")))
        options.embedder.kernelSize = int(sizeOption(parser, QStringLiteral("kernel"), 1, 1 << 10));
    if (parser.isSet(QStringLiteral("embed-seed")))
        options.embedder.seed = sizeOption(parser, QStringLiteral("embed-seed"));
    if (parser.isSet(QStringLiteral("bias")))
        options.embedder.bias = float(realOption(parser, QStringLiteral("bias"), -1e6, 1e6));
    if (parser.isSet(QStringLiteral("pooling")))
        options.embedder.poolingGrid = int(sizeOption(parser, QStringLiteral("pooling"), 1, 64));
    options.embedder.normalize = !parser.isSet(QStringLiteral("no-normalize"));
    options.embedder.standardize = !parser.isSet(QStringLiteral("no-standardize"));

    auto dataset = std::make_shared<Dataset>(
        openDatasetFromOptions(parser, parser.positionalArguments().at(0)));
    const auto positives = chipIndices(*dataset, givenIds(parser, QStringLiteral("positives")),
                                       QStringLiteral("positives"));
    const auto negatives = chipIndices(*dataset, givenIds(parser, QStringLiteral("negatives")),
                                       QStringLiteral("negatives"));
    if (positives.empty())
        return fail(Cli::tr("--positives: at least one positive chip id is required"));
    for (const int64_t p : positives)
        if (std::find(negatives.begin(), negatives.end(), p) != negatives.end())
            return fail(Cli::tr("chip '%1' is both positive and negative")
                            .arg(QString::fromStdString(dataset->ids[size_t(p)])));
    const std::vector<float> query = locateQuery(dataset->embeddings, positives, negatives);

    std::vector<int64_t> chips;
    if (idsGiven(parser, QStringLiteral("chips"))) {
        chips = chipIndices(*dataset, givenIds(parser, QStringLiteral("chips")),
                            QStringLiteral("chips"));
    } else {
        const size_t k = sizeOption(parser, QStringLiteral("top"), 1);
        std::vector<uint8_t> labeled(dataset->size(), 0);
        for (const int64_t chip : positives)
            labeled[size_t(chip)] = 1;
        for (const int64_t chip : negatives)
            labeled[size_t(chip)] = 1;
        std::vector<std::pair<float, int64_t>> scored;
        for (size_t i = 0; i < dataset->size(); ++i) {
            if (labeled[i])
                continue;
            const auto row = dataset->embeddings.row(i);
            double dot = 0.0, norm = 0.0;
            for (size_t j = 0; j < row.size(); ++j) {
                dot += double(row[j]) * query[j];
                norm += double(row[j]) * row[j];
            }
            scored.push_back({norm > 0 ? float(dot / std::sqrt(norm)) : 0.0f, int64_t(i)});
        }
        const size_t keep = std::min(k, scored.size());
        std::partial_sort(scored.begin(), scored.begin() + long(keep), scored.end(),
                          [](const auto &a, const auto &b) {
                              return a.first > b.first ||
                                     (a.first == b.first && a.second < b.second);
                          });
        for (size_t i = 0; i < keep; ++i)
            chips.push_back(scored[i].second);
    }
    if (chips.empty())
        return fail(Cli::tr("no chip to locate"));

    QElapsedTimer timer;
    timer.start();
    const std::shared_ptr<const Dataset> shared = dataset;
    const LocatorChoice choice = makeChipLocator(shared, options);
    if (choice.mode == LocateMode::Unavailable)
        return fail(
            Cli::tr("this dataset cannot localise: %1").arg(QString::fromStdString(choice.reason)));
    const qint64 setupMs = timer.restart();
    const std::vector<LocatedChip> located =
        locateChips(*choice.locator, *dataset, chips, LocateQuery{positives, negatives}, threshold);
    const qint64 locateMs = timer.elapsed();
    const size_t features =
        writeLocatedFootprints(*dataset, located, out.toStdString(), choice.mode, threshold);
    QTextStream(stderr) << Cli::tr("Located %1 chips by %2 (%3 ms to prepare, %4 ms per chip); "
                                   "%5 features written to %6")
                               .arg(located.size())
                               .arg(QString::fromLatin1(locateModeName(choice.mode)))
                               .arg(setupMs)
                               .arg(double(locateMs) / double(located.size()), 0, 'f', 1)
                               .arg(features)
                               .arg(out)
                        << Qt::endl;
    return 0;
}

} // namespace

CliCommand makeLocateCommand()
{
    return {QStringLiteral("locate"),
            Cli::tr("Where inside chips the query matches: tight footprints beside the chips"),
            runLocate};
}

} // namespace chipfinder::cli
