// chipfinder-cli analyze DATASET [--selected IDS | --truth COLUMN [--strategies NAMES]]
// [--json FILE]: the embedding report of core/metrics/embeddingreport.h (DESIGN §5, LightlyOne's
// report) as text with histograms, and with --json in the report's JSON form (schema 1):
// diversity (distance from each member to its nearest other member) of all chips, of the selected
// set and of a random set of the same size; coverage (distance from every chip to its nearest
// selected / random chip); with --strategies, retrieval quality of those strategies on the truth.

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "metrics/embeddingreport.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <optional>

namespace chipfinder::cli {

namespace {

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

void printSets(QTextStream &out, const QString &section, const std::vector<SetDistances> &sets)
{
    for (const SetDistances &set : sets) {
        out << "\n"
            << section << " — " << QString::fromStdString(set.key) << " (" << set.members << "): ";
        if (!set.summary) {
            out << Cli::tr("fewer than 2 chips") << "\n";
            continue;
        }
        out << Cli::tr("mean %1, min %2, max %3")
                   .arg(QString::number(set.summary->mean, 'f', 4),
                        QString::number(set.summary->min, 'f', 4),
                        QString::number(set.summary->max, 'f', 4))
            << "\n";
        if (set.sampled)
            out << "    " << Cli::tr("from a random sample of %1 chips").arg(set.summary->count)
                << "\n";
        printHistogram(out, set.histogram);
    }
}

void printRetrieval(QTextStream &out, const RetrievalReport &retrieval)
{
    if (retrieval.status == RetrievalStatus::TooFewExamples)
        out << "\n"
            << Cli::tr("Retrieval quality not computed: the truth has too few positives or "
                       "negatives.")
            << "\n";
    if (retrieval.status != RetrievalStatus::Computed)
        return;
    out << "\n"
        << Cli::tr("Retrieval quality on %1 (%2 positives): %3 seeded queries of %4 positives "
                   "and %5 negatives each, query chips excluded")
               .arg(QString::fromStdString(retrieval.truthName))
               .arg(retrieval.truePositives.value_or(0))
               .arg(retrieval.queries)
               .arg(retrieval.startPositives)
               .arg(retrieval.startNegatives)
        << "\n";
    out << "  " << Cli::tr("strategy").leftJustified(20) << " "
        << QStringLiteral("precision@%1").arg(retrieval.k).rightJustified(13) << " "
        << QStringLiteral("recall@%1").arg(retrieval.k).rightJustified(13) << " "
        << QStringLiteral("MAP@R").rightJustified(8) << "\n";
    for (const RetrievalQuality &r : retrieval.strategies)
        out << "  " << QString::fromStdString(r.strategy).leftJustified(20) << " "
            << QString::number(r.precisionAtK, 'f', 4).rightJustified(13) << " "
            << QString::number(r.recallAtK, 'f', 4).rightJustified(13) << " "
            << QString::number(r.mapAtR, 'f', 4).rightJustified(8) << "\n";
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
    parser.addOption({QStringLiteral("strategies"),
                      Cli::tr("With a truth: also measure the retrieval quality (precision@k, "
                              "recall@k, MAP@R over 5 seeded queries) of these strategies, "
                              "comma-separated."),
                      Cli::tr("NAMES")});
    parser.addOption({QStringLiteral("k"), Cli::tr("k of precision@k and recall@k (default: 25)."),
                      QStringLiteral("K"), QStringLiteral("25")});
    addJsonOption(parser);
    addProgressOption(parser);
    parser.addOption({QStringLiteral("metric"), Cli::tr("cosine or euclidean (default: cosine)."),
                      Cli::tr("METRIC"), QStringLiteral("cosine")});
    parser.addOption({QStringLiteral("bins"), Cli::tr("Histogram bins (default: 10)."),
                      QStringLiteral("N"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("max-all"),
                      Cli::tr("Diversity of a set of more than N chips uses a random sample of N "
                              "chips (its cost grows with N squared; default: 20000)."),
                      QStringLiteral("N"), QStringLiteral("20000")});
    parser.addOption({QStringLiteral("seed"), Cli::tr("Seed of the random sets (default: 0)."),
                      Cli::tr("SEED"), QStringLiteral("0")});
    addDatasetOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("DATASET")); exit >= 0)
        return exit;
    if (parser.isSet(QStringLiteral("selected")) && hasTruthOption(parser))
        return usageError(Cli::tr("--selected and --truth/--truth-polygons exclude each other"),
                          QStringLiteral("analyze"));
    if (parser.isSet(QStringLiteral("strategies")) && !hasTruthOption(parser))
        return usageError(Cli::tr("--strategies needs --truth or --truth-polygons"),
                          QStringLiteral("analyze"));
    refuseOutputsOverInputs(parser, {QStringLiteral("json")}, true);
    EmbeddingReportInput input;
    input.metric = metricOption(parser, QStringLiteral("metric"));
    input.bins = sizeOption(parser, QStringLiteral("bins"), 1, 10000);
    input.sampleLimit = sizeOption(parser, QStringLiteral("max-all"), 2);
    input.seed = sizeOption(parser, QStringLiteral("seed"));
    input.k = sizeOption(parser, QStringLiteral("k"), 1);
    for (const QString &name :
         parser.value(QStringLiteral("strategies")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        input.strategies.push_back(name.trimmed().toStdString());
    for (const auto &name : input.strategies)
        StrategyRegistry::instance().create(name); // throws, naming the known strategies

    const QString path = parser.positionalArguments().at(0);
    CliProgress reading(parser, Cli::tr("Reading the dataset"));
    const Dataset dataset =
        openDataset(path.toStdString(), datasetOptions(parser), reading.feedback());
    reading.done();
    const size_t n = dataset.size();
    if (n < 2)
        return fail(Cli::tr("%1: diversity needs at least 2 chips").arg(path));
    input.embeddings = &dataset.embeddings;
    input.dataset = path.toStdString();

    QString selectedName;
    std::vector<uint8_t> truth;
    std::optional<FlatIndex> index;
    if (parser.isSet(QStringLiteral("selected"))) {
        input.sets.push_back(
            {"selected", chipIndices(dataset, parser.value(QStringLiteral("selected")),
                                     QStringLiteral("selected"))});
        selectedName = Cli::tr("selected");
    } else if (hasTruthOption(parser)) {
        QString truthName;
        truth = truthFromOptions(parser, dataset, &truthName);
        ChipSet positives{"selected", {}};
        for (size_t i = 0; i < n; ++i)
            if (truth[i])
                positives.chips.push_back(int64_t(i));
        if (positives.chips.empty())
            return fail(Cli::tr("the truth from %1 has no positive chip").arg(truthName));
        selectedName = Cli::tr("positives of the truth from %1").arg(truthName);
        input.sets.push_back(std::move(positives));
        if (!input.strategies.empty()) {
            index.emplace(dataset.embeddings, input.metric);
            input.index = &*index;
            input.truth = truth;
            input.truthName = truthName.toStdString();
        }
    }

    CliProgress progress(parser, Cli::tr("Analysing"));
    Feedback quiet;
    const EmbeddingReport report =
        computeEmbeddingReport(input, progress.feedback() ? *progress.feedback() : quiet);
    progress.done();
    // With "--json -" standard output carries the JSON alone.
    QString discarded;
    QTextStream out(stdout);
    if (parser.value(QStringLiteral("json")) == QLatin1String("-"))
        out.setString(&discarded);
    out << Cli::tr("Dataset %1: %2 chips, %3 dimensions; distances: %4")
               .arg(path)
               .arg(n)
               .arg(dataset.dim())
               .arg(input.metric == Metric::Cosine
                        ? Cli::tr("Euclidean on L2-normalised embeddings")
                        : Cli::tr("Euclidean"))
        << "\n";
    if (!selectedName.isEmpty())
        out << Cli::tr("Selected: %1 (%2 chips); random: a random set of the same size.")
                   .arg(selectedName)
                   .arg(report.diversityOf("selected")->members)
            << "\n";
    printSets(out, Cli::tr("Diversity"), report.diversity);
    printSets(out, Cli::tr("Coverage"), report.coverage);
    printRetrieval(out, report.retrieval);
    out.flush();
    if (parser.isSet(QStringLiteral("json")))
        writeText(parser.value(QStringLiteral("json")), QByteArray::fromStdString(report.toJson()));
    return 0;
}

} // namespace

CliCommand makeAnalyzeCommand()
{
    return {QStringLiteral("analyze"),
            Cli::tr("Embedding diversity and coverage (all, selected, random set)"), runAnalyze};
}

} // namespace chipfinder::cli
