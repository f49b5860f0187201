// chipfinder-cli simulate DATASET --truth COLUMN [--strategies NAME[,NAME...]] --runs R
// --out FILE.csv [--batch 25] [--start-pos 3] [--start-neg 3] [--threshold 0.95] [--max-iter 200]
// [--noise 0] [--seed 0] [--audit N [--audit-every 5]]: the labeling simulation of DESIGN §4 from
// the command line, with the `oracle` and `random` reference curves after the named strategies
// (default: auto). Scripts depend on this form and on the CSV columns
// strategy,run,iteration,recall,...

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"
#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "search/flatindex.h"
#include "simulation/simulation.h"
#include "strategies/strategyregistry.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace chipfinder::cli {

namespace {

// "--params name:key=value,key=value" (repeatable) → per strategy parameters.
std::map<std::string, StrategyParameters> strategyParameters(const QStringList &values,
                                                             const std::vector<std::string> &names)
{
    std::map<std::string, StrategyParameters> out;
    for (const QString &value : values) {
        const qsizetype colon = value.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            throw UsageError(
                Cli::tr("--params: '%1' is not name:key=value,...").arg(value).toStdString());
        const std::string name = value.left(colon).toStdString();
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw UsageError(Cli::tr("--params: '%1' is not one of the simulated strategies")
                                 .arg(QString::fromStdString(name))
                                 .toStdString());
        const auto parsed = StrategyParameters::parse(value.mid(colon + 1).toStdString());
        for (const auto &[key, v] : parsed.values())
            out[name].set(key, v);
    }
    return out;
}

QString number(double value, int decimals = 3)
{
    return QString::number(value, 'f', decimals);
}

int runSimulate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Simulates labeling sessions against ground truth (the Clay seed issue's procedure): "
        "from random start sets, each strategy proposes a batch per iteration, an oracle "
        "labels it (with optional noise), until recall reaches the threshold or the "
        "iteration limit. Writes one CSV row per strategy, run and iteration and prints the "
        "mean recall curves and iterations-to-threshold quartiles."));
    parser.addPositionalArgument(Cli::tr("DATASET"),
                                 Cli::tr("Vector file, GeoParquet or embedding raster."));
    addTruthOptions(parser);
    parser.addOption({QStringLiteral("strategies"),
                      Cli::tr("Strategy names, comma-separated (default: auto). The reference "
                              "curves oracle and random are always added."),
                      Cli::tr("NAMES"), QStringLiteral("auto")});
    parser.addOption({QStringLiteral("runs"), Cli::tr("Runs per strategy (default: 10)."),
                      QStringLiteral("R"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("out"), Cli::tr("CSV output file ('-': standard output)."),
                      Cli::tr("FILE")});
    addJsonOption(parser);
    parser.addOption({QStringLiteral("batch"),
                      Cli::tr("Chips proposed per iteration (default: 25)."), QStringLiteral("K"),
                      QStringLiteral("25")});
    parser.addOption({QStringLiteral("start-pos"), Cli::tr("Random start positives (default: 3)."),
                      QStringLiteral("N"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("start-neg"), Cli::tr("Random start negatives (default: 3)."),
                      QStringLiteral("N"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("threshold"), Cli::tr("Recall to reach (default: 0.95)."),
                      QStringLiteral("T"), QStringLiteral("0.95")});
    parser.addOption({QStringLiteral("max-iter"),
                      Cli::tr("Iteration limit per run (default: 200)."), QStringLiteral("N"),
                      QStringLiteral("200")});
    parser.addOption({QStringLiteral("noise"),
                      Cli::tr("Probability that the oracle flips a label (default: 0)."),
                      QStringLiteral("P"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("seed"), Cli::tr("Random seed (default: 0)."), Cli::tr("SEED"),
                      QStringLiteral("0")});
    parser.addOption({QStringLiteral("metric"), Cli::tr("cosine or euclidean (default: cosine)."),
                      Cli::tr("METRIC"), QStringLiteral("cosine")});
    parser.addOption({QStringLiteral("params"),
                      Cli::tr("Parameters of one strategy, name:key=value,... (repeatable)."),
                      Cli::tr("PARAMS")});
    parser.addOption({QStringLiteral("every"),
                      Cli::tr("Print the mean recall every N iterations (default: chosen to fit)."),
                      QStringLiteral("N"), QStringLiteral("0")});
    addProgressOption(parser);
    parser.addOption(
        {QStringLiteral("audit"),
         Cli::tr("Add an audit round of N unlabeled chips, drawn at random stratified by score and "
                 "labeled by the truth, every --audit-every iterations, and write the estimate "
                 "of the positives left with its 95 % interval and whether it holds the truth "
                 "(default: 0, no audits)."),
         QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("audit-every"),
                      Cli::tr("Iterations between audit rounds (default: 5)."), QStringLiteral("N"),
                      QStringLiteral("5")});
    addDatasetOptions(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("DATASET")); exit >= 0)
        return exit;

    if (!hasTruthOption(parser))
        return usageError(Cli::tr("--truth (or --truth-polygons) is required (see --help)"),
                          QStringLiteral("simulate"));
    if (!parser.isSet(QStringLiteral("out")))
        return usageError(Cli::tr("--%1 is required (see --help)").arg(QStringLiteral("out")),
                          QStringLiteral("simulate"));

    refuseOutputsOverInputs(parser, {QStringLiteral("out"), QStringLiteral("json")}, true);

    SimulationConfig config;
    for (const QString &name :
         parser.value(QStringLiteral("strategies")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        config.strategies.push_back(name.trimmed().toStdString());
    if (config.strategies.empty())
        return usageError(Cli::tr("--strategies: no strategy named"), QStringLiteral("simulate"));
    const auto &registry = StrategyRegistry::instance();
    for (const auto &name : config.strategies)
        if (name == "oracle" || name == "random")
            return usageError(Cli::tr("--strategies: %1 is a reference curve, always added")
                                  .arg(QString::fromStdString(name)),
                              QStringLiteral("simulate"));
        else if (!registry.find(name))
            registry.create(name); // throws, naming the known strategies
    config.parameters =
        strategyParameters(parser.values(QStringLiteral("params")), config.strategies);
    for (const auto &[name, parameters] : config.parameters)
        registry.create(name, parameters); // bad parameters fail before the load
    config.runs = sizeOption(parser, QStringLiteral("runs"), 1);
    config.batch = sizeOption(parser, QStringLiteral("batch"), 1);
    config.startPositives = sizeOption(parser, QStringLiteral("start-pos"), 1);
    config.startNegatives = sizeOption(parser, QStringLiteral("start-neg"), 0);
    config.threshold = realOption(parser, QStringLiteral("threshold"), 0.0, 1.0);
    config.maxIterations = sizeOption(parser, QStringLiteral("max-iter"), 1);
    config.labelNoise = realOption(parser, QStringLiteral("noise"), 0.0, 1.0);
    config.seed = sizeOption(parser, QStringLiteral("seed"));
    const Metric metric = metricOption(parser, QStringLiteral("metric"));
    const size_t every = sizeOption(parser, QStringLiteral("every"));
    config.references = true;
    config.auditSize = sizeOption(parser, QStringLiteral("audit"));
    config.auditEvery = sizeOption(parser, QStringLiteral("audit-every"), 1);

    const QString path = parser.positionalArguments().at(0);
    Dataset dataset = openDatasetFromOptions(parser, path);
    QString truthName;
    const std::vector<uint8_t> truth = truthFromOptions(parser, dataset, &truthName);
    const FlatIndex index(searchMatrix(dataset, metric), metric);

    CliProgress progress(parser, Cli::tr("Simulating"));
    Feedback quiet;
    Feedback &feedback = progress.feedback() ? *progress.feedback() : quiet;
    if (config.batch > dataset.size())
        return fail(Cli::tr("--batch: %1 is more than the %2 chips of the dataset")
                        .arg(config.batch)
                        .arg(dataset.size()));
    const SimulationResult result = simulate(index, truth, config, &feedback);
    // Complete files or none (AtomicFile): a full disk is an error, not a truncated CSV.
    std::ostringstream csv;
    result.writeCsv(csv);
    progress.done();
    writeText(parser.value(QStringLiteral("out")), QByteArray::fromStdString(csv.str()));
    if (parser.isSet(QStringLiteral("json"))) {
        std::ostringstream json;
        result.writeJson(json);
        writeText(parser.value(QStringLiteral("json")), QByteArray::fromStdString(json.str()));
    }

    // With "--out -" or "--json -" standard output carries that file alone.
    QString discarded;
    QTextStream out(stdout);
    if (parser.value(QStringLiteral("out")) == QLatin1String("-") ||
        parser.value(QStringLiteral("json")) == QLatin1String("-"))
        out.setString(&discarded);
    out << Cli::tr("Dataset %1: %2 chips, %3 dimensions, %4; truth from %5: %6 positives")
               .arg(path)
               .arg(result.chips)
               .arg(dataset.dim())
               .arg(QString::fromStdString(metricName(metric)))
               .arg(truthName)
               .arg(result.truePositives)
        << "\n";
    out << Cli::tr("%1 runs per strategy, batch %2, start %3+/%4-, threshold %5, at most %6 "
                   "iterations, noise %7, seed %8")
               .arg(config.runs)
               .arg(config.batch)
               .arg(config.startPositives)
               .arg(config.startNegatives)
               .arg(config.threshold)
               .arg(config.maxIterations)
               .arg(config.labelNoise)
               .arg(config.seed)
        << "\n\n";

    for (const auto &strategy : result.strategies) {
        const auto mean = strategy.meanRecall();
        const size_t last = mean.empty() ? 0 : mean.size() - 1;
        const size_t step = every > 0 ? every : std::max<size_t>(1, (last + 11) / 12);
        out << QString::fromStdString(strategy.strategy);
        if (strategy.reference)
            out << " " << Cli::tr("(reference)");
        out << "\n";
        out << "  " << Cli::tr("mean recall by iteration:") << "\n   ";
        for (size_t i = 0; i <= last; i += step)
            out << " " << i << ":" << number(mean[i], 2);
        if (last % step != 0)
            out << " " << last << ":" << number(mean[last], 2);
        out << "\n";
        const auto quartiles = strategy.iterationsQuartiles();
        out << "  "
            << Cli::tr("runs reaching %1: %2 of %3")
                   .arg(config.threshold)
                   .arg(strategy.runsReachingThreshold())
                   .arg(strategy.runs.size())
            << "\n";
        if (quartiles)
            out << "  "
                << Cli::tr("iterations to threshold: q1 %1, median %2, q3 %3")
                       .arg(number((*quartiles)[0], 1), number((*quartiles)[1], 1),
                            number((*quartiles)[2], 1))
                << "\n";
        double precision = 0.0;
        size_t batches = 0;
        for (const auto &run : strategy.runs)
            for (const double p : run.batchPrecision) {
                precision += p;
                ++batches;
            }
        out << "  "
            << Cli::tr("labels spent (mean): %1; mean batch precision: %2")
                   .arg(number(strategy.meanLabelsSpent(), 1),
                        number(batches ? precision / double(batches) : 0.0))
            << "\n";
        if (const auto coverage = strategy.auditCoverage()) {
            double truthSum = 0.0;
            for (const auto &run : strategy.runs)
                for (const auto &point : run.audit)
                    truthSum += double(point.trueRemaining);
            out << "  "
                << Cli::tr("audit: the 95 % interval of the positives left held the truth in %1 "
                           "of %2 rounds (%3 %); mean width %4, mean true number left %5")
                       .arg(size_t(std::lround(*coverage * double(strategy.auditPoints()))))
                       .arg(strategy.auditPoints())
                       .arg(number(*coverage * 100.0, 1))
                       .arg(number(strategy.meanAuditWidth(), 1))
                       .arg(number(truthSum / double(strategy.auditPoints()), 1))
                << "\n";
        }
        out << "\n";
    }
    // One line per strategy, for comparing at a glance.
    out << Cli::tr("Summary") << "\n  " << Cli::tr("strategy").leftJustified(20) << " "
        << Cli::tr("reached").rightJustified(8) << " " << Cli::tr("q1").rightJustified(6) << " "
        << Cli::tr("median").rightJustified(6) << " " << Cli::tr("q3").rightJustified(6) << " "
        << Cli::tr("labels").rightJustified(8) << " " << Cli::tr("final recall").rightJustified(12)
        << " " << Cli::tr("vs oracle").rightJustified(9) << " "
        << Cli::tr("random/x").rightJustified(8) << "\n";
    for (const auto &strategy : result.strategies) {
        const auto quartiles = strategy.iterationsQuartiles();
        const auto cell = [&quartiles](int i) {
            return quartiles ? number((*quartiles)[size_t(i)], 1) : QStringLiteral("-");
        };
        const auto mean = strategy.meanRecall();
        out << "  " << QString::fromStdString(strategy.strategy).leftJustified(20) << " "
            << QStringLiteral("%1/%2")
                   .arg(strategy.runsReachingThreshold())
                   .arg(strategy.runs.size())
                   .rightJustified(8)
            << " " << cell(0).rightJustified(6) << " " << cell(1).rightJustified(6) << " "
            << cell(2).rightJustified(6) << " "
            << number(strategy.meanLabelsSpent(), 1).rightJustified(8) << " "
            << number(mean.empty() ? 0.0 : mean.back()).rightJustified(12);
        const LabelEfficiency efficiency = result.labelEfficiency(strategy);
        const auto ratio = [](const std::optional<double> &value) {
            return value ? number(*value, 2) + QLatin1Char('x') : QStringLiteral("-");
        };
        out << " " << ratio(efficiency.roundsOverOracle).rightJustified(9) << " "
            << ratio(efficiency.randomOverRounds).rightJustified(8);
        if (strategy.reference)
            out << "  " << Cli::tr("(reference)");
        out << "\n";
    }
    out << "  "
        << Cli::tr("vs oracle = median iterations to threshold / the oracle's (1x is the best "
                   "possible); random/x = random labeling's median / this one's (above 1x beats "
                   "random).")
        << "\n";
    out << "\n" << Cli::tr("Wrote %1").arg(parser.value(QStringLiteral("out")));
    if (parser.isSet(QStringLiteral("json")))
        out << ", " << parser.value(QStringLiteral("json"));
    out << "\n";
    return 0;
}

} // namespace

CliCommand makeSimulateCommand()
{
    return {QStringLiteral("simulate"),
            Cli::tr("Simulate labeling with strategies against ground truth (recall curves)"),
            runSimulate};
}

} // namespace chipfinder::cli
