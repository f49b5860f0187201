// chipfinder-cli info DATASET: what a dataset holds (driver, chips, dimensions, CRS, extent,
// columns, embedding source) and whether every embedding is finite and non-zero: rows the reader
// skipped (NaN/Inf, zero, null, bad geometry) are counted by kind, the first ones listed; exit 1
// when there are any.

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <ogr_spatialref.h>

#include <cmath>

namespace chipfinder::cli {

namespace {

// "NAD83 / UTM zone 14N (EPSG:26914)" from WKT; the raw start of the WKT if OGR cannot parse it.
QString crsName(const std::string &wkt)
{
    if (wkt.empty())
        return Cli::tr("unknown");
    OGRSpatialReference srs;
    if (srs.importFromWkt(wkt.c_str()) != OGRERR_NONE)
        return QString::fromStdString(wkt.substr(0, 60));
    QString name = QString::fromUtf8(srs.GetName() ? srs.GetName() : "");
    srs.AutoIdentifyEPSG();
    const char *authority = srs.GetAuthorityName(nullptr);
    const char *code = srs.GetAuthorityCode(nullptr);
    if (authority && code)
        name +=
            QStringLiteral(" (%1:%2)").arg(QString::fromUtf8(authority), QString::fromUtf8(code));
    return name;
}

struct EmbeddingCheck
{
    size_t nonFinite = 0;
    size_t zero = 0;
    int64_t firstBad = -1;
};

EmbeddingCheck checkEmbeddings(const Dataset &dataset)
{
    const EmbeddingMatrix &m = dataset.embeddings;
    EmbeddingCheck check;
    const auto count = [&](const char *kind) {
        const auto it = dataset.skipped.byKind.find(kind);
        return it == dataset.skipped.byKind.end() ? size_t(0) : it->second;
    };
    check.nonFinite = count("NaN/Inf embedding");
    check.zero = count("zero embedding");
    if (!dataset.skipped.first.empty())
        check.firstBad = dataset.skipped.first.front().row;
    for (size_t i = 0; i < m.rows(); ++i) {
        bool finite = true, nonZero = false;
        for (const float v : m.row(i)) {
            finite = finite && std::isfinite(v);
            nonZero = nonZero || v != 0.0f;
        }
        if (!finite)
            ++check.nonFinite;
        else if (!nonZero)
            ++check.zero;
        if ((!finite || !nonZero) && check.firstBad < 0 && dataset.skipped.count == 0)
            check.firstBad = int64_t(i);
    }
    return check;
}

int runInfo(const QStringList &arguments)
{
    const auto setUp = [](QCommandLineParser &parser) {
        parser.setApplicationDescription(
            Cli::tr("Describes a dataset of chip footprints and embeddings."));
        parser.addPositionalArgument(Cli::tr("DATASET"),
                                     Cli::tr("Vector file, GeoParquet or embedding raster."));
        addDatasetOptions(parser);
        addJsonOption(parser);
        addProgressOption(parser);
        parser.addOption(
            {QStringLiteral("no-check"),
             Cli::tr("Do not read the embeddings: no NaN/zero check, dimensions not shown.")});
    };
    // The old flag spelling: `--json` alone, or `--json DATASET` with no other argument, prints
    // JSON to stdout as "--json -" does.
    QStringList given = withJsonValue(arguments);
    {
        QCommandLineParser probe;
        setUp(probe);
        probe.addHelpOption();
        if (probe.parse(given) && probe.positionalArguments().isEmpty() &&
            probe.isSet(QStringLiteral("json")) &&
            probe.value(QStringLiteral("json")) != QLatin1String("-") &&
            QFileInfo::exists(probe.value(QStringLiteral("json")))) {
            const qsizetype at = given.indexOf(QStringLiteral("--json"));
            if (at >= 0 && at + 1 < given.size()) {
                given.append(given[at + 1]);
                given[at + 1] = QStringLiteral("-");
            }
        }
    }
    QCommandLineParser parser;
    setUp(parser);
    if (const int exit = parseOrExit(parser, given, 1, Cli::tr("DATASET")); exit >= 0)
        return exit;
    refuseOutputsOverInputs(parser, {QStringLiteral("json")}, false);

    const QString path = parser.positionalArguments().at(0);
    const bool noCheck = parser.isSet(QStringLiteral("no-check"));
    const Dataset dataset = openDatasetFromOptions(parser, path, !noCheck);
    const BoundingBox extent = dataset.extent();
    const EmbeddingCheck check = noCheck ? EmbeddingCheck{} : checkEmbeddings(dataset);
    const size_t skipped = dataset.skipped.count;
    QJsonArray skippedRows;
    for (const auto &row : dataset.skipped.first)
        skippedRows.append(
            QJsonObject{{QStringLiteral("row"), qint64(row.row)},
                        {QStringLiteral("id"), QString::fromStdString(row.id)},
                        {QStringLiteral("reason"), QString::fromStdString(row.reason)}});
    QJsonObject skippedByKind;
    for (const auto &[kind, n] : dataset.skipped.byKind)
        skippedByKind.insert(QString::fromStdString(kind), qint64(n));
    QStringList columns;
    for (const auto &column : dataset.attributes)
        columns << QString::fromStdString(column.name);

    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject info{
            {QStringLiteral("file"), path},
            {QStringLiteral("driver"), QString::fromStdString(dataset.driver)},
            {QStringLiteral("chips"), qint64(dataset.size())},
            {QStringLiteral("dimensions"),
             noCheck ? QJsonValue(QJsonValue::Null) : QJsonValue(qint64(dataset.dim()))},
            {QStringLiteral("embedding"), QString::fromStdString(dataset.embeddingSource)},
            {QStringLiteral("blob_element_type"), QString::fromStdString(dataset.blobElementType)},
            {QStringLiteral("crs"), crsName(dataset.sourceCrsWkt)},
            {QStringLiteral("extent_wgs84"),
             QJsonArray{extent.minLon, extent.minLat, extent.maxLon, extent.maxLat}},
            {QStringLiteral("columns"), QJsonArray::fromStringList(columns)},
            {QStringLiteral("non_finite_embeddings"),
             noCheck ? QJsonValue(QJsonValue::Null) : QJsonValue(qint64(check.nonFinite))},
            {QStringLiteral("zero_embeddings"),
             noCheck ? QJsonValue(QJsonValue::Null) : QJsonValue(qint64(check.zero))},
            {QStringLiteral("skipped_rows"), qint64(skipped)},
            {QStringLiteral("skipped_by_kind"), skippedByKind},
            {QStringLiteral("first_skipped"), skippedRows}};
        writeText(parser.value(QStringLiteral("json")),
                  QJsonDocument(info).toJson(QJsonDocument::Indented));
        return check.nonFinite + check.zero + skipped == 0 ? 0 : 1;
    }

    QTextStream out(stdout);
    const auto line = [&out](const QString &label, const QString &value) {
        out << (label + QLatin1Char(':')).leftJustified(14) << value << "\n";
    };
    line(Cli::tr("File"), path);
    line(Cli::tr("Driver"), QString::fromStdString(dataset.driver));
    line(Cli::tr("Chips"), QString::number(dataset.size()));
    line(Cli::tr("Dimensions"),
         noCheck ? Cli::tr("not read (--no-check)") : QString::number(dataset.dim()));
    line(Cli::tr("Embedding"),
         QString::fromStdString(dataset.embeddingSource) +
             (dataset.blobElementType.empty()
                  ? QString()
                  : QStringLiteral(" (%1 blob)")
                        .arg(QString::fromStdString(dataset.blobElementType))));
    line(Cli::tr("CRS"), crsName(dataset.sourceCrsWkt));
    line(Cli::tr("Extent"), Cli::tr("lon %1 .. %2, lat %3 .. %4 (WGS 84)")
                                .arg(extent.minLon, 0, 'f', 6)
                                .arg(extent.maxLon, 0, 'f', 6)
                                .arg(extent.minLat, 0, 'f', 6)
                                .arg(extent.maxLat, 0, 'f', 6));
    line(Cli::tr("Columns"),
         columns.isEmpty() ? Cli::tr("(none)") : columns.join(QStringLiteral(", ")));
    if (!dataset.imageryPath.empty())
        line(Cli::tr("Imagery"), QString::fromStdString(dataset.imageryPath));
    if (!dataset.embeddingCache.empty())
        line(Cli::tr("Cache"), QString::fromStdString(dataset.embeddingCache));
    if (noCheck && skipped == 0)
        return 0;
    if (check.nonFinite + check.zero + skipped == 0) {
        line(Cli::tr("Check"), Cli::tr("every embedding is finite and non-zero"));
        return 0;
    }
    line(Cli::tr("Check"), Cli::tr("%1 embeddings hold NaN/Inf, %2 are zero (first: row %3)")
                               .arg(check.nonFinite)
                               .arg(check.zero)
                               .arg(check.firstBad));
    if (skipped > 0)
        line(Cli::tr("Skipped"), Cli::tr("%1 rows not loaded: %2")
                                     .arg(skipped)
                                     .arg(QString::fromStdString(dataset.skipped.summary())));
    return 1;
}

} // namespace

CliCommand makeInfoCommand()
{
    return {QStringLiteral("info"),
            Cli::tr("Describe a dataset (driver, chips, dimensions, CRS, columns)"), runInfo};
}

} // namespace chipfinder::cli
