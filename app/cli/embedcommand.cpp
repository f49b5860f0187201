// chipfinder-cli embed RASTER --out FILE: tiles a raster into chips, embeds them with the built-in
// MOSAIKS random-feature embedder and writes footprints + embeddings (+ NDWI water/pond ground
// truth, chip thumbnails, water polygons) with writeDataset.

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetwriter.h"
#include "embed/chipdatasetbuilder.h"
#include "embed/chipthumbnails.h"
#include "embed/watertruth.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace chipfinder::cli {

namespace {

// Parses option `name` as a number in [min, max]; sets error and returns false otherwise.
template <typename T>
bool number(const QCommandLineParser &parser, const QCommandLineOption &option, T min, T max,
            T &value, QString &error)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const QString text = parser.value(option);
    double parsed = text.toDouble(&ok);
    if (!ok || parsed < double(min) || parsed > double(max) ||
        (std::is_integral_v<T> && parsed != double(static_cast<long long>(parsed)))) {
        error = Cli::tr("--%1 must be a number from %2 to %3, not '%4'")
                    .arg(option.names().first())
                    .arg(double(min))
                    .arg(double(max))
                    .arg(text);
        return false;
    }
    value = static_cast<T>(parsed);
    return true;
}

int runEmbed(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Tiles a raster (any GDAL format, band count, data type and CRS) into square chips and "
        "embeds each chip with the built-in training-free embedder (MOSAIKS-style random "
        "convolutional features plus per-band statistics). Writes footprints and a float32 "
        "'embedding' column; the format follows the extension (.gpkg, .geojson, .fgb, .shp)."));
    parser.addPositionalArgument(Cli::tr("RASTER"), Cli::tr("Raster to tile."));
    const QCommandLineOption out(QStringLiteral("out"), Cli::tr("Output vector file."),
                                 Cli::tr("FILE"));
    const QCommandLineOption chipSize(QStringLiteral("chip-size"),
                                      Cli::tr("Chip side in pixels (default 32)."), Cli::tr("PX"));
    const QCommandLineOption stride(
        QStringLiteral("stride"), Cli::tr("Pixels between chip origins (default: the chip size)."),
        Cli::tr("PX"));
    const QCommandLineOption features(
        QStringLiteral("features"),
        Cli::tr("Random filters K; the vector has 2K conv features per "
                "pooling cell plus 4 statistics per band (default 256)."),
        Cli::tr("K"));
    const QCommandLineOption kernel(QStringLiteral("kernel"),
                                    Cli::tr("Filter side in pixels (default 3)."), Cli::tr("PX"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  Cli::tr("Filter sampling seed (default 0)."), Cli::tr("N"));
    const QCommandLineOption bias(QStringLiteral("bias"),
                                  Cli::tr("ReLU threshold in standard deviations (default 1)."),
                                  Cli::tr("B"));
    const QCommandLineOption pooling(
        QStringLiteral("pooling"),
        Cli::tr("Average-pool over G×G cells of the chip (default 1: whole chip, MOSAIKS)."),
        Cli::tr("G"));
    const QCommandLineOption rawValues(
        QStringLiteral("no-normalize"),
        Cli::tr("Use raw pixel values instead of per-band z-scores."));
    const QCommandLineOption rawFeatures(
        QStringLiteral("no-standardize"),
        Cli::tr("Keep the raw features instead of standardising them over the chips (square root, "
                "z-score per feature, whitening)."));
    const QCommandLineOption maxNodata(
        QStringLiteral("max-nodata"),
        Cli::tr("Skip chips with a larger nodata fraction (default 0.5)."), Cli::tr("F"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     Cli::tr("Worker threads (default: all cores)."), Cli::tr("N"));
    const QCommandLineOption waterTruth(
        QStringLiteral("water-truth"),
        Cli::tr(
            "Add NDWI ground truth: water_fraction, pond_fraction, water and pond columns; a chip "
            "is water/pond when that fraction is at least F (e.g. 0.05)."),
        Cli::tr("F"));
    const QCommandLineOption ndwi(QStringLiteral("ndwi"),
                                  Cli::tr("Water where NDWI = (G − NIR)/(G + NIR) exceeds T "
                                          "(default 0.2)."),
                                  Cli::tr("T"));
    const QCommandLineOption pondArea(QStringLiteral("max-pond-area"),
                                      Cli::tr("Water bodies up to this many m² are ponds (default "
                                              "50000)."),
                                      Cli::tr("M2"));
    const QCommandLineOption greenBand(QStringLiteral("green-band"),
                                       Cli::tr("1-based green band (default 2, NAIP R,G,B,NIR)."),
                                       Cli::tr("N"));
    const QCommandLineOption nirBand(QStringLiteral("nir-band"),
                                     Cli::tr("1-based near-infrared band (default 4)."),
                                     Cli::tr("N"));
    const QCommandLineOption waterPolygons(
        QStringLiteral("water-polygons"),
        Cli::tr("Also write the water bodies (kind pond|lake, area_m2) as polygons to FILE."),
        Cli::tr("FILE"));
    const QCommandLineOption thumbnails(QStringLiteral("thumbnails"),
                                        Cli::tr("Also write one PNG per chip into DIR."),
                                        Cli::tr("DIR"));
    parser.addOptions({out, chipSize, stride, features, kernel, seed, bias, pooling, rawValues,
                       rawFeatures, maxNodata, threads, waterTruth, ndwi, pondArea, greenBand,
                       nirBand, waterPolygons, thumbnails});
    addJsonOption(parser);
    addProgressOption(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("RASTER")); exit >= 0)
        return exit;
    const QStringList positionals = parser.positionalArguments();
    if (!parser.isSet(out) || parser.value(out).isEmpty())
        return usageError(Cli::tr("embed needs --out FILE"), QStringLiteral("embed"));

    const std::string raster = positionals[0].toStdString();
    if (isSameFile(parser.value(out).toStdString(), raster))
        return usageError(Cli::tr("--out '%1' is the raster: an output never overwrites an input")
                              .arg(parser.value(out)),
                          QStringLiteral("embed"));
    if (parser.isSet(waterPolygons) &&
        (isSameFile(parser.value(waterPolygons).toStdString(), raster) ||
         isSameFile(parser.value(waterPolygons).toStdString(), parser.value(out).toStdString())))
        return usageError(
            Cli::tr("--water-polygons '%1' is the raster or the --out file: an output "
                    "never overwrites an input or another output")
                .arg(parser.value(waterPolygons)),
            QStringLiteral("embed"));

    ChipDatasetOptions options;
    QString error;
    int threadCount = 0;
    if (!number(parser, chipSize, 1, 1 << 16, options.chipper.chipSize, error))
        return usageError(error, QStringLiteral("embed"));
    options.chipper.stride = options.chipper.chipSize;
    if (!number(parser, stride, 1, 1 << 16, options.chipper.stride, error) ||
        !number(parser, maxNodata, 0.0, 1.0, options.chipper.maxNodataFraction, error) ||
        !number(parser, features, 1, 1 << 16, options.embedder.features, error) ||
        !number(parser, kernel, 1, 1 << 10, options.embedder.kernelSize, error) ||
        !number(parser, seed, uint64_t(0), uint64_t(1) << 53, options.embedder.seed, error) ||
        !number(parser, bias, -1e6f, 1e6f, options.embedder.bias, error) ||
        !number(parser, pooling, 1, 64, options.embedder.poolingGrid, error) ||
        !number(parser, threads, 0, 1024, threadCount, error) ||
        !number(parser, ndwi, -1.0, 1.0, options.water.ndwiThreshold, error) ||
        !number(parser, pondArea, 0.0, 1e12, options.water.maxPondAreaM2, error) ||
        !number(parser, greenBand, 1, 1 << 16, options.water.greenBand, error) ||
        !number(parser, nirBand, 1, 1 << 16, options.water.nirBand, error))
        return usageError(error, QStringLiteral("embed"));
    options.embedder.threads = unsigned(threadCount);
    options.embedder.normalize = !parser.isSet(rawValues);
    options.embedder.standardize = !parser.isSet(rawFeatures);
    options.waterTruth = parser.isSet(waterTruth);
    if (options.waterTruth &&
        !number(parser, waterTruth, 0.0, 1.0, options.water.minChipFraction, error))
        return usageError(error, QStringLiteral("embed"));
    if (parser.isSet(waterPolygons) && !options.waterTruth)
        return usageError(Cli::tr("--water-polygons needs --water-truth"), QStringLiteral("embed"));

    refuseOutputsOverInputs(parser, {QStringLiteral("out"), QStringLiteral("json")}, false, false);
    // Everything the writing needs is checked before the embedding, not after it.
    checkDatasetOutputPath(parser.value(out).toStdString());
    if (parser.isSet(thumbnails))
        checkOutputFolder(parser.value(thumbnails), QStringLiteral("thumbnails"));
    if (options.waterTruth)
        WaterTruth(options.water).checkRaster(raster);
    CliProgress progress(parser, Cli::tr("Embedding the chips"));
    ChipDatasetBuilder builder(options);
    const Dataset dataset = builder.build(raster, progress.feedback());
    progress.done();
    writeDataset(dataset, parser.value(out).toStdString());
    // With "--json -" standard output carries the JSON alone.
    QString discarded;
    QTextStream stdOut(stdout);
    if (parser.value(QStringLiteral("json")) == QLatin1String("-"))
        stdOut.setString(&discarded);
    QJsonObject summary{{QStringLiteral("raster"), positionals[0]},
                        {QStringLiteral("out"), parser.value(out)},
                        {QStringLiteral("chips"), qint64(dataset.size())},
                        {QStringLiteral("dimensions"), qint64(dataset.dim())}};
    stdOut << Cli::tr("Wrote %1 chips × %2 dimensions to %3")
                  .arg(dataset.size())
                  .arg(dataset.dim())
                  .arg(parser.value(out))
           << Qt::endl;
    if (options.waterTruth) {
        size_t ponds = 0, water = 0;
        for (const auto &v : dataset.attribute("pond")->values)
            ponds += v == "1";
        for (const auto &v : dataset.attribute("water")->values)
            water += v == "1";
        stdOut << Cli::tr("Ground truth: %1 chips with water, %2 pond chips (columns water, pond)")
                      .arg(water)
                      .arg(ponds)
               << Qt::endl;
        summary.insert(QStringLiteral("water_chips"), qint64(water));
        summary.insert(QStringLiteral("pond_chips"), qint64(ponds));
        if (parser.isSet(waterPolygons)) {
            // Written beside the destination and renamed over it when complete.
            AtomicFile polygons(parser.value(waterPolygons).toStdString());
            if (polygons.direct())
                return fail(Cli::tr("--water-polygons '%1' is not a regular file")
                                .arg(parser.value(waterPolygons)));
            builder.waterTruth()->writePolygons(polygons.writePath(), "water", false);
            polygons.commit();
            stdOut << Cli::tr("Wrote %1 water bodies to %2")
                          .arg(builder.waterTruth()->waterBodies().size())
                          .arg(parser.value(waterPolygons))
                   << Qt::endl;
            summary.insert(QStringLiteral("water_bodies"),
                           qint64(builder.waterTruth()->waterBodies().size()));
        }
    }
    if (parser.isSet(thumbnails)) {
        const size_t written =
            writeChipThumbnails(builder.grid(), parser.value(thumbnails).toStdString());
        stdOut << Cli::tr("Wrote %1 thumbnails to %2").arg(written).arg(parser.value(thumbnails))
               << Qt::endl;
        summary.insert(QStringLiteral("thumbnails"), qint64(written));
    }
    if (parser.isSet(QStringLiteral("json")))
        writeText(parser.value(QStringLiteral("json")),
                  QJsonDocument(summary).toJson(QJsonDocument::Indented));
    return 0;
}

} // namespace

CliCommand makeEmbedCommand()
{
    return {QStringLiteral("embed"),
            Cli::tr("Tile a raster into chips and embed them (built-in MOSAIKS embedder)"),
            runEmbed};
}

} // namespace chipfinder::cli
