// chipfinder-cli analyze DATASET [--selected IDS | --truth COLUMN] [--json FILE]: the embedding
// analysis of DESIGN §5 (LightlyOne's report): diversity (distance from each member to its
// nearest other member) of all chips, of the selected set and of a random set of the same size,
// and coverage (distance from every chip to its nearest selected chip), with text histograms.

#include "cli/clicommand.h"
#include "cli/clidataset.h"
#include "common/errors.h"
#include "metrics/embeddinganalysis.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <numeric>
#include <random>

namespace chipfinder::cli {

namespace {

std::vector<int64_t> randomSubset(size_t n, size_t count, std::mt19937_64 &rng)
{
    std::vector<int64_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    for (size_t i = 0; i < count; ++i) {
        std::uniform_int_distribution<size_t> pick(i, n - 1);
        std::swap(all[i], all[pick(rng)]);
    }
    all.resize(count);
    return all;
}

struct Entry
{
    QString kind; // diversity | coverage
    QString set;  // all | selected | random
    size_t size = 0;
    DistanceSummary summary;
};

QJsonObject toJson(const Entry &entry, const Histogram &histogram)
{
    QJsonArray counts;
    for (const size_t c : histogram.counts)
        counts.append(qint64(c));
    return QJsonObject{
        {QStringLiteral("metric"), entry.kind},
        {QStringLiteral("set"), entry.set},
        {QStringLiteral("set_size"), qint64(entry.size)},
        {QStringLiteral("count"), qint64(entry.summary.count)},
        {QStringLiteral("mean"), entry.summary.mean},
        {QStringLiteral("min"), entry.summary.min},
        {QStringLiteral("max"), entry.summary.max},
        {QStringLiteral("histogram"), QJsonObject{{QStringLiteral("lower"), histogram.lower},
                                                  {QStringLiteral("upper"), histogram.upper},
                                                  {QStringLiteral("counts"), counts}}}};
}

void printHistogram(QTextStream &out, const Histogram &histogram)
{
    const size_t peak =
        std::max<size_t>(1, *std::max_element(histogram.counts.begin(), histogram.counts.end()));
    const double width = (histogram.upper - histogram.lower) / double(histogram.counts.size());
    for (size_t b = 0; b < histogram.counts.size(); ++b) {
        const double lo = histogram.lower + width * double(b);
        const int bar = int(std::lround(40.0 * double(histogram.counts[b]) / double(peak)));
        out << "    " << QString::number(lo, 'f', 3).rightJustified(7) << " – "
            << QString::number(lo + width, 'f', 3).leftJustified(7) << " "
            << QString::number(histogram.counts[b]).rightJustified(7) << " "
            << QString(bar, QLatin1Char('#')) << "\n";
    }
}

int runAnalyze(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Embedding analysis: diversity (each member's distance to its nearest other member) "
        "of all chips, of a selected set and of a random set of the same size, and coverage "
        "(each chip's distance to its nearest selected chip). Distances are Euclidean on "
        "L2-normalised embeddings (cosine) or raw ones (euclidean)."));
    parser.addPositionalArgument(Cli::tr("DATASET"),
                                 Cli::tr("Vector file, GeoParquet or embedding raster."));
    parser.addOption({QStringLiteral("selected"),
                      Cli::tr("Ids of the selected chips, comma-separated."), Cli::tr("IDS")});
    addTruthOptions(parser); // the positives of the truth as the selected set
    parser.addOption(
        {QStringLiteral("json"), Cli::tr("Also write every figure as JSON."), Cli::tr("FILE")});
    parser.addOption({QStringLiteral("metric"), Cli::tr("cosine or euclidean (default: cosine)."),
                      Cli::tr("METRIC"), QStringLiteral("cosine")});
    parser.addOption({QStringLiteral("bins"), Cli::tr("Histogram bins (default: 10)."),
                      QStringLiteral("N"), QStringLiteral("10")});
    parser.addOption(
        {QStringLiteral("max-all"),
         Cli::tr("Diversity of 'all' uses a random sample of at most N chips (its cost "
                 "grows with N squared; default: 20000)."),
         QStringLiteral("N"), QStringLiteral("20000")});
    parser.addOption({QStringLiteral("seed"), Cli::tr("Seed of the random sets (default: 0)."),
                      Cli::tr("SEED"), QStringLiteral("0")});
    addDatasetOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("DATASET")); exit >= 0)
        return exit;
    if (parser.isSet(QStringLiteral("selected")) && hasTruthOption(parser))
        return fail(Cli::tr("--selected and --truth/--truth-polygons exclude each other"));
    refuseOutputsOverInputs(parser, {QStringLiteral("json")}, true);
    const Metric metric = metricOption(parser, QStringLiteral("metric"));
    const size_t bins = sizeOption(parser, QStringLiteral("bins"), 1, 10000);
    const size_t maxAll = sizeOption(parser, QStringLiteral("max-all"), 2);
    std::mt19937_64 rng(sizeOption(parser, QStringLiteral("seed")));

    const QString path = parser.positionalArguments().at(0);
    const Dataset dataset = openDatasetFromOptions(parser, path);
    const size_t n = dataset.size();
    if (n < 2)
        return fail(Cli::tr("%1: diversity needs at least 2 chips").arg(path));

    std::vector<int64_t> selected;
    QString selectedName;
    if (parser.isSet(QStringLiteral("selected"))) {
        selected = chipIndices(dataset, parser.value(QStringLiteral("selected")),
                               QStringLiteral("selected"));
        selectedName = Cli::tr("selected");
    } else if (hasTruthOption(parser)) {
        QString truthName;
        const auto truth = truthFromOptions(parser, dataset, &truthName);
        for (size_t i = 0; i < n; ++i)
            if (truth[i])
                selected.push_back(int64_t(i));
        selectedName = Cli::tr("positives of the truth from %1").arg(truthName);
        if (selected.empty())
            return fail(Cli::tr("the truth from %1 has no positive chip").arg(truthName));
    }

    std::vector<Entry> entries;
    const std::vector<int64_t> all = randomSubset(n, std::min(n, maxAll), rng);
    entries.push_back({QStringLiteral("diversity"), QStringLiteral("all"), all.size(),
                       diversity(dataset.embeddings, all, metric)});
    if (!selected.empty()) {
        const std::vector<int64_t> random = randomSubset(n, selected.size(), rng);
        if (selected.size() >= 2) {
            entries.push_back({QStringLiteral("diversity"), QStringLiteral("selected"),
                               selected.size(), diversity(dataset.embeddings, selected, metric)});
            entries.push_back({QStringLiteral("diversity"), QStringLiteral("random"), random.size(),
                               diversity(dataset.embeddings, random, metric)});
        }
        entries.push_back({QStringLiteral("coverage"), QStringLiteral("selected"), selected.size(),
                           coverage(dataset.embeddings, selected, metric)});
        entries.push_back({QStringLiteral("coverage"), QStringLiteral("random"), random.size(),
                           coverage(dataset.embeddings, random, metric)});
    }

    // One histogram range per metric so that the sets compare bin by bin.
    const auto upperOf = [&entries](const QString &kind) {
        double upper = 0.0;
        for (const auto &e : entries)
            if (e.kind == kind)
                upper = std::max(upper, e.summary.max);
        return upper > 0.0 ? upper : 1.0;
    };

    QTextStream out(stdout);
    out << Cli::tr("Dataset %1: %2 chips, %3 dimensions; distances: %4")
               .arg(path)
               .arg(n)
               .arg(dataset.dim())
               .arg(metric == Metric::Cosine ? Cli::tr("Euclidean on L2-normalised embeddings")
                                             : Cli::tr("Euclidean"))
        << "\n";
    if (all.size() < n)
        out << Cli::tr("Diversity of all chips from a random sample of %1.").arg(all.size())
            << "\n";
    if (!selectedName.isEmpty())
        out << Cli::tr("Selected: %1 (%2 chips); random: a random set of the same size.")
                   .arg(selectedName)
                   .arg(selected.size())
            << "\n";
    QJsonArray json;
    for (const auto &entry : entries) {
        const Histogram histogram = entry.summary.histogram(bins, 0.0, upperOf(entry.kind));
        json.append(toJson(entry, histogram));
        out << "\n"
            << (entry.kind == QLatin1String("diversity") ? Cli::tr("Diversity")
                                                         : Cli::tr("Coverage"))
            << " — " << entry.set << " (" << entry.size << "): "
            << Cli::tr("mean %1, min %2, max %3")
                   .arg(QString::number(entry.summary.mean, 'f', 4),
                        QString::number(entry.summary.min, 'f', 4),
                        QString::number(entry.summary.max, 'f', 4))
            << "\n";
        printHistogram(out, histogram);
    }
    out.flush();
    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject root{{QStringLiteral("dataset"), path},
                               {QStringLiteral("chips"), qint64(n)},
                               {QStringLiteral("metric"), metric == Metric::Cosine
                                                              ? QStringLiteral("cosine")
                                                              : QStringLiteral("euclidean")},
                               {QStringLiteral("results"), json}};
        writeText(parser.value(QStringLiteral("json")),
                  QJsonDocument(root).toJson(QJsonDocument::Indented));
    }
    return 0;
}

} // namespace

CliCommand makeAnalyzeCommand()
{
    return {QStringLiteral("analyze"),
            Cli::tr("Embedding diversity and coverage (all, selected, random set)"), runAnalyze};
}

} // namespace chipfinder::cli
