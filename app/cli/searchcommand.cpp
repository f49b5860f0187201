// chipfinder-cli search DATASET --positives IDS [--negatives IDS] --strategy NAME: one round of a
// strategy (default: auto); ranked candidates out as JSON, or as GeoJSON (RFC 7946, WGS 84,
// written by OGR), each with the strategy that proposed it (auto's arms) and the batch's shares.

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"
#include "cli/cliproject.h"
#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/text.h"
#include "dataset/datasetreader.h"
#include "project/projectstore.h"
#include "search/approximateindex.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <random>

namespace chipfinder::cli {

namespace {

// The labeled ids echoed in the result; bytes that are not UTF-8 written as \xNN.
QJsonArray idArray(const Dataset &dataset, const std::vector<int64_t> &chips)
{
    QJsonArray out;
    for (const int64_t chip : chips)
        out.append(QString::fromStdString(escapedUtf8(dataset.ids[size_t(chip)])));
    return out;
}

// The candidates as an RFC 7946 FeatureCollection through OGR's GeoJSON driver, which reprojects
// the source footprints to WGS 84. path empty = stdout.
void writeGeoJson(const Dataset &dataset, const std::vector<ScoredChip> &candidates,
                  const std::string &strategy, const std::vector<std::string> &proposedBy,
                  const QString &path)
{
    GDALAllRegister();
    // Built in memory, then written out whole (AtomicFile) or to stdout, every write checked.
    const std::string destination = path.isEmpty() ? std::string("-") : path.toStdString();
    const std::string target = "/vsimem/chipfinder-search-candidates.geojson";
    VSIUnlink(target.c_str());
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    if (!driver)
        throw DataError(target, "GDAL has no GeoJSON driver");
    GDALDatasetUniquePtr out(driver->Create(target.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!out)
        throw DataError(target, "cannot be created: " + std::string(CPLGetLastErrorMsg()));

    OGRSpatialReference source;
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool haveSource = !dataset.sourceCrsWkt.empty() &&
                            source.importFromWkt(dataset.sourceCrsWkt.c_str()) == OGRERR_NONE;
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char **layerOptions = nullptr;
    layerOptions = CSLSetNameValue(layerOptions, "RFC7946", "YES");
    OGRLayer *layer =
        out->CreateLayer("candidates", haveSource ? &source : &wgs84, wkbPolygon, layerOptions);
    CSLDestroy(layerOptions);
    if (!layer)
        throw DataError(target, "cannot create the layer: " + std::string(CPLGetLastErrorMsg()));
    OGRFieldDefn idField("chip_id", OFTString), rankField("rank", OFTInteger),
        scoreField("score", OFTReal), indexField("chip_index", OFTInteger64),
        strategyField("strategy", OFTString), proposedField("proposed_by", OFTString);
    for (OGRFieldDefn *field :
         {&idField, &rankField, &scoreField, &indexField, &strategyField, &proposedField})
        if (layer->CreateField(field) != OGRERR_NONE)
            throw DataError(target, "cannot create a field", std::nullopt, field->GetNameRef());

    for (size_t rank = 0; rank < candidates.size(); ++rank) {
        const size_t chip = size_t(candidates[rank].chip);
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        feature->SetField("chip_id", dataset.ids[chip].c_str());
        feature->SetField("rank", int(rank + 1));
        feature->SetField("score", double(candidates[rank].score));
        feature->SetField("chip_index", GIntBig(chip));
        feature->SetField("strategy", strategy.c_str());
        feature->SetField("proposed_by", proposedBy[rank].c_str());
        OGRGeometry *geometry = nullptr;
        if (haveSource && chip < dataset.sourceWkb.size() && !dataset.sourceWkb[chip].empty()) {
            OGRGeometryFactory::createFromWkb(dataset.sourceWkb[chip].data(), nullptr, &geometry,
                                              dataset.sourceWkb[chip].size());
        } else if (chip + 1 < dataset.ringOffsets.size()) {
            // No source geometry: the lon/lat ring (the layer is WGS 84 then).
            auto *ring = new OGRLinearRing;
            for (uint32_t i = dataset.ringOffsets[chip]; i < dataset.ringOffsets[chip + 1]; ++i)
                ring->addPoint(dataset.ringCoords[i].lon, dataset.ringCoords[i].lat);
            auto *polygon = new OGRPolygon;
            polygon->addRingDirectly(ring);
            geometry = polygon;
        }
        if (geometry)
            feature->SetGeometryDirectly(geometry);
        if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
            throw DataError(target, "cannot write a feature", int64_t(rank));
    }
    out.reset(); // flush and close
    commitMemoryFile(target, destination);
}

// The ranked candidates as --format asks, to --json, --out or stdout. `extra` adds fields to the
// JSON (the project and its round).
void writeResult(const QCommandLineParser &parser, const Dataset &dataset,
                 const std::vector<ScoredChip> &candidates, const std::string &strategyName,
                 const StrategyParameters &parameters, const StrategyReport &report,
                 const QJsonArray &positives, const QJsonArray &negatives, const QJsonObject &extra)
{
    const QString out = parser.isSet(QStringLiteral("json")) ? parser.value(QStringLiteral("json"))
                                                             : parser.value(QStringLiteral("out"));
    // JSON and GeoJSON are UTF-8: an id that is not is refused, never mangled.
    const std::string outName = out.isEmpty() ? std::string("standard output") : out.toStdString();
    for (const ScoredChip &candidate : candidates)
        requireUtf8Id(dataset.ids[size_t(candidate.chip)], outName, candidate.chip);
    if (parser.value(QStringLiteral("format")) == QLatin1String("geojson")) {
        writeGeoJson(dataset, candidates, strategyName, report.proposedBy, out);
        return;
    }
    QJsonArray list;
    for (size_t rank = 0; rank < candidates.size(); ++rank) {
        const size_t chip = size_t(candidates[rank].chip);
        list.append(QJsonObject{
            {QStringLiteral("rank"), qint64(rank + 1)},
            {QStringLiteral("id"), QString::fromStdString(dataset.ids[chip])},
            {QStringLiteral("index"), qint64(chip)},
            {QStringLiteral("score"), double(candidates[rank].score)},
            {QStringLiteral("proposed_by"), QString::fromStdString(report.proposedBy[rank])}});
    }
    QJsonObject shares;
    for (const auto &[name, share] : report.shares)
        shares.insert(QString::fromStdString(name), share);
    QJsonObject parametersJson;
    for (const auto &[key, value] : parameters.values())
        parametersJson.insert(QString::fromStdString(key), QString::fromStdString(value));
    QJsonObject result{{QStringLiteral("dataset"), parser.positionalArguments().at(0)},
                       {QStringLiteral("strategy"), QString::fromStdString(strategyName)},
                       {QStringLiteral("parameters"), parametersJson},
                       {QStringLiteral("metric"), parser.value(QStringLiteral("metric"))},
                       {QStringLiteral("k"), parser.value(QStringLiteral("k")).toLongLong()},
                       {QStringLiteral("positives"), positives},
                       {QStringLiteral("negatives"), negatives},
                       {QStringLiteral("shares"), shares},
                       {QStringLiteral("candidates"), list}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        result.insert(it.key(), it.value());
    writeText(out, QJsonDocument(result).toJson(QJsonDocument::Indented));
}

// A project file: named *.chipfinder.gpkg, or, without --positives/--negatives, a file that
// opens as a project.
bool isProject(const QCommandLineParser &parser)
{
    const QString path = parser.positionalArguments().at(0);
    if (path.endsWith(QLatin1String(".chipfinder.gpkg"), Qt::CaseInsensitive))
        return true;
    if (idsGiven(parser, QStringLiteral("positives")) ||
        idsGiven(parser, QStringLiteral("negatives")) ||
        !path.endsWith(QLatin1String(".gpkg"), Qt::CaseInsensitive))
        return false;
    try {
        ProjectStore::openReadOnly(path.toStdString());
        return true;
    } catch (const std::exception &) {
        return false;
    }
}

// search PROJECT: the app's "Find similar" on the project's labels, the round written into it.
int searchProject(const QCommandLineParser &parser)
{
    for (const char *option :
         {"positives", "negatives", "positives-file", "negatives-file", "metric", "index",
          "embedding-column", "id-column", "layer", "npy", "npy-id-column"})
        if (parser.isSet(QString::fromLatin1(option)))
            return usageError(Cli::tr("--%1 does not apply to a project: its labels and dataset "
                                      "are the project's (label chips with 'chipfinder-cli "
                                      "project label')")
                                  .arg(QString::fromLatin1(option)),
                              QStringLiteral("search"));
    const std::string strategyName = parser.value(QStringLiteral("strategy")).toStdString();
    const StrategyParameters parameters =
        StrategyParameters::parse(parser.value(QStringLiteral("params")).toStdString());
    StrategyRegistry::instance().create(strategyName, parameters); // before the (slow) load
    const size_t k = sizeOption(parser, QStringLiteral("k"), 1);
    std::optional<uint64_t> seed;
    if (parser.isSet(QStringLiteral("seed")))
        seed = sizeOption(parser, QStringLiteral("seed"));

    CliProgress loading(parser, Cli::tr("Reading the dataset"));
    CliProject project(parser.positionalArguments().at(0), false, loading.feedback());
    loading.done();
    CliProgress searching(parser, Cli::tr("Searching"));
    const StrategyReport report =
        project.search(strategyName, parameters, k, seed, searching.feedback());
    searching.done();
    if (!report.summary.empty())
        std::fprintf(stderr, "%s\n", report.summary.c_str());
    QJsonArray positives, negatives;
    for (const auto &[chip, label] : project.labels())
        (label.value == LabelValue::Positive ? positives : negatives)
            .append(QString::fromStdString(label.chipId));
    writeResult(parser, project.dataset(), project.candidates(), strategyName, parameters, report,
                positives, negatives,
                QJsonObject{{QStringLiteral("project"), parser.positionalArguments().at(0)},
                            {QStringLiteral("dataset"), project.datasetPath()},
                            {QStringLiteral("round"), project.round()}});
    return 0;
}

int runSearch(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Runs one search strategy from labeled chips and prints the ranked candidates. "
                "Labeled chips are never returned. Given a project (see 'chipfinder-cli "
                "project'), the labels are the project's, skipped chips are left out too, and "
                "the candidates become the project's next round, as in the app (review them "
                "with 'chipfinder-cli project review')."));
    parser.addPositionalArgument(
        Cli::tr("DATASET|PROJECT"),
        Cli::tr("Vector file, GeoParquet or embedding raster, or a project file."));
    parser.addOption({QStringLiteral("positives"),
                      Cli::tr("Ids of positive chips, comma-separated."), Cli::tr("IDS")});
    parser.addOption({QStringLiteral("negatives"),
                      Cli::tr("Ids of negative chips, comma-separated."), Cli::tr("IDS")});
    for (const char *option : {"positives", "negatives"})
        addIdsFileOption(parser, QString::fromLatin1(option),
                         Cli::tr("File of ids for --%1, one per line (ids with any characters).")
                             .arg(QString::fromLatin1(option)));
    parser.addOption({QStringLiteral("strategy"),
                      Cli::tr("Strategy name (see 'chipfinder-cli strategies'; default: auto)."),
                      Cli::tr("NAME"), QStringLiteral("auto")});
    parser.addOption({QStringLiteral("params"), Cli::tr("Strategy parameters, key=value,..."),
                      Cli::tr("PARAMS")});
    parser.addOption({QStringLiteral("k"), Cli::tr("Number of candidates (default: 25)."),
                      QStringLiteral("K"), QStringLiteral("25")});
    parser.addOption({QStringLiteral("metric"), Cli::tr("cosine or euclidean (default: cosine)."),
                      Cli::tr("METRIC"), QStringLiteral("cosine")});
    parser.addOption(
        {QStringLiteral("index"),
         Cli::tr("Search index: auto (exact, plus an approximate IVF index saved beside "
                 "the dataset from %1 chips on), exact, or approximate (default: auto).")
             .arg(qulonglong(kApproximateFrom)),
         Cli::tr("KIND"), QStringLiteral("auto")});
    parser.addOption({QStringLiteral("format"), Cli::tr("json or geojson (default: json)."),
                      Cli::tr("FORMAT"), QStringLiteral("json")});
    parser.addOption(
        {QStringLiteral("out"), Cli::tr("Output file (default: stdout)."), Cli::tr("FILE")});
    parser.addOption({QStringLiteral("seed"),
                      Cli::tr("Random seed for randomised strategies (default: 0; for a project "
                              "the app's seed of the round)."),
                      Cli::tr("SEED"), QStringLiteral("0")});
    addJsonOption(parser);
    addProgressOption(parser);
    addDatasetOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("DATASET|PROJECT")); exit >= 0)
        return exit;

    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("json") && format != QLatin1String("geojson"))
        return usageError(Cli::tr("--format: '%1' is not json or geojson").arg(format),
                          QStringLiteral("search"));
    if (parser.isSet(QStringLiteral("json")) &&
        (parser.isSet(QStringLiteral("out")) || format != QLatin1String("json")))
        return usageError(Cli::tr("--json FILE writes the JSON result: give it or --out "
                                  "with --format"),
                          QStringLiteral("search"));
    refuseOutputsOverInputs(parser, {QStringLiteral("out"), QStringLiteral("json")}, false);
    if (isProject(parser))
        return searchProject(parser);
    if (!idsGiven(parser, QStringLiteral("positives")))
        return usageError(Cli::tr("--positives: at least one positive chip id is required "
                                  "(or give a project file)"),
                          QStringLiteral("search"));
    const std::string strategyName = parser.value(QStringLiteral("strategy")).toStdString();
    const auto &registry = StrategyRegistry::instance();
    const StrategyParameters parameters =
        StrategyParameters::parse(parser.value(QStringLiteral("params")).toStdString());
    auto strategy = registry.create(strategyName, parameters); // before the (slow) load
    const size_t k = sizeOption(parser, QStringLiteral("k"), 1);
    const Metric metric = metricOption(parser, QStringLiteral("metric"));
    const IndexChoice indexChoice =
        indexChoiceFromName(parser.value(QStringLiteral("index")).toStdString());
    const uint64_t seed = sizeOption(parser, QStringLiteral("seed"));

    Dataset dataset = openDatasetFromOptions(parser, parser.positionalArguments().at(0));
    const auto positives = chipIndices(dataset, givenIds(parser, QStringLiteral("positives")),
                                       QStringLiteral("positives"));
    const auto negatives = chipIndices(dataset, givenIds(parser, QStringLiteral("negatives")),
                                       QStringLiteral("negatives"));
    if (positives.empty())
        return usageError(Cli::tr("--positives: at least one positive chip id is required"),
                          QStringLiteral("search"));
    for (const int64_t p : positives)
        if (std::find(negatives.begin(), negatives.end(), p) != negatives.end())
            return usageError(Cli::tr("chip '%1' is both positive and negative")
                                  .arg(QString::fromStdString(dataset.ids[size_t(p)])),
                              QStringLiteral("search"));

    const auto search = makeSearchIndex(
        searchMatrix(dataset, metric), metric, indexChoice,
        approximateIndexPath(parser.positionalArguments().at(0).toStdString(), metric));
    if (!search.warning.empty())
        std::fprintf(stderr, "%s\n", search.warning.c_str());
    const FlatIndex &index = *search.index;
    ChipMask labeled(dataset.size());
    for (const int64_t chip : positives)
        labeled.set(chip);
    for (const int64_t chip : negatives)
        labeled.set(chip);
    std::mt19937_64 rng(seed);
    StrategyInput input;
    input.index = &index;
    input.positives = positives;
    input.negatives = negatives;
    input.labeled = &labeled;
    input.k = std::min(k, dataset.size()); // a huge --k asks for every chip, not for memory
    input.rng = &rng;
    StrategyReport report;
    input.report = &report;
    const auto candidates = strategy->propose(input);
    for (const ScoredChip &candidate : candidates) // NaN never reaches a ranking
        if (!std::isfinite(candidate.score))
            return fail(Cli::tr("strategy '%1' gave chip '%2' a score that is not a finite number")
                            .arg(QString::fromStdString(strategyName),
                                 QString::fromStdString(dataset.ids[size_t(candidate.chip)])));
    if (report.proposedBy.size() != candidates.size()) {
        // A strategy that does not delegate proposed every candidate itself.
        report.proposedBy.assign(candidates.size(), strategyName);
        report.shares = {{strategyName, 1.0}};
    }
    if (!report.summary.empty())
        std::fprintf(stderr, "%s\n", report.summary.c_str());

    writeResult(parser, dataset, candidates, strategyName, parameters, report,
                idArray(dataset, positives), idArray(dataset, negatives), {});
    return 0;
}

} // namespace

CliCommand makeSearchCommand()
{
    return {QStringLiteral("search"),
            Cli::tr("Rank candidate chips from positive/negative ids (JSON or GeoJSON)"),
            runSearch};
}

} // namespace chipfinder::cli
