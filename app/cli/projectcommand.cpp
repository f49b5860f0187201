// chipfinder-cli project create|label|import|review|show: the labeling loop on the project file
// the app opens. `create` makes a project for a dataset (its path stored relative to the project,
// the absolute path as fallback); `label` labels or clears chips; `import` reads labels from a
// file; `review` accepts, rejects or skips the current round's candidates (see `search PROJECT`
// for the rounds); `show` prints labels, round and candidates. Changes follow the app's review
// rules and are undoable steps in the app.

#include "cli/clicommand.h"
#include "cli/cliconventions.h"
#include "cli/clidataset.h"
#include "cli/cliproject.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "export/labelimporter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace chipfinder::cli {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

int runCreate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Creates a project (a .chipfinder.gpkg file the app opens) for a dataset. The "
                "dataset's path is stored relative to the project, its absolute path as the "
                "fallback."));
    parser.addPositionalArgument(Cli::tr("PROJECT"),
                                 Cli::tr("The new project file (e.g. ponds.chipfinder.gpkg)."));
    parser.addPositionalArgument(Cli::tr("DATASET"),
                                 Cli::tr("Vector file, GeoParquet or embedding raster."));
    addDatasetOptions(parser);
    addProgressOption(parser);
    if (const int exit = parseOrExit(parser, arguments, 2, Cli::tr("PROJECT DATASET")); exit >= 0)
        return exit;
    const QString project = parser.positionalArguments().at(0);
    const QString datasetPath = parser.positionalArguments().at(1);
    if (QFile::exists(project))
        throw UsageError(Cli::tr("PROJECT '%1' exists already (open it with the other project "
                                 "commands)")
                             .arg(project)
                             .toStdString());
    const DatasetOpenOptions options = datasetOptions(parser);
    // The dataset is read first: a dataset that cannot be opened leaves no project behind.
    CliProgress progress(parser, Cli::tr("Reading the dataset"));
    const Dataset dataset = openDataset(datasetPath.toStdString(), options, progress.feedback());
    progress.done();
    auto store = ProjectStore::create(
        project.toStdString(),
        DatasetReference::forProject(project.toStdString(), datasetPath.toStdString(), options));
    store->checkDataset(dataset); // records the dataset's identity
    QTextStream(stdout) << Cli::tr("Created %1 for %2 (%3 chips, %4 dimensions)")
                               .arg(project, datasetPath)
                               .arg(dataset.size())
                               .arg(dataset.dim())
                        << "\n";
    return 0;
}

void printCounts(const CliProject &project)
{
    int positives = 0, negatives = 0;
    for (const auto &[chip, label] : project.labels())
        (label.value == LabelValue::Positive ? positives : negatives)++;
    QTextStream(stdout) << Cli::tr("Labels: %1 positive, %2 negative; round %3, %4 candidates, "
                                   "%5 skipped")
                               .arg(positives)
                               .arg(negatives)
                               .arg(project.round())
                               .arg(project.candidates().size())
                               .arg(project.skipped().size())
                        << "\n";
}

// Ids given to two options at once are a usage error.
void refuseOverlap(const CliProject &project,
                   const std::vector<std::pair<QString, std::vector<int64_t>>> &lists)
{
    for (size_t a = 0; a < lists.size(); ++a)
        for (size_t b = a + 1; b < lists.size(); ++b)
            for (const int64_t chip : lists[a].second)
                if (std::find(lists[b].second.begin(), lists[b].second.end(), chip) !=
                    lists[b].second.end())
                    throw UsageError(Cli::tr("chip '%1' is given to both --%2 and --%3")
                                         .arg(qs(project.dataset().ids[size_t(chip)]),
                                              lists[a].first, lists[b].first)
                                         .toStdString());
}

int runLabel(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Labels chips of a project positive or negative, or clears their labels (as "
                "clicks and box selections in the app do; each change is an undoable step "
                "there)."));
    parser.addPositionalArgument(Cli::tr("PROJECT"), Cli::tr("The project file."));
    parser.addOption({QStringLiteral("positive"),
                      Cli::tr("Ids of chips to label positive, comma-separated (repeatable)."),
                      Cli::tr("IDS")});
    parser.addOption({QStringLiteral("negative"),
                      Cli::tr("Ids of chips to label negative, comma-separated (repeatable)."),
                      Cli::tr("IDS")});
    parser.addOption({QStringLiteral("clear"),
                      Cli::tr("Ids of chips whose labels to remove, comma-separated (repeatable)."),
                      Cli::tr("IDS")});
    for (const char *option : {"positive", "negative", "clear"})
        addIdsFileOption(parser, QString::fromLatin1(option),
                         Cli::tr("File of ids for --%1, one per line (ids with any characters).")
                             .arg(QString::fromLatin1(option)));
    addProgressOption(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("PROJECT")); exit >= 0)
        return exit;
    if (!idsGiven(parser, QStringLiteral("positive")) &&
        !idsGiven(parser, QStringLiteral("negative")) && !idsGiven(parser, QStringLiteral("clear")))
        throw UsageError(Cli::tr("give --positive, --negative or --clear").toStdString());
    CliProgress progress(parser, Cli::tr("Reading the dataset"));
    CliProject project(parser.positionalArguments().at(0), false, progress.feedback());
    progress.done();
    const auto positives =
        project.chips(givenIds(parser, QStringLiteral("positive")), QStringLiteral("positive"));
    const auto negatives =
        project.chips(givenIds(parser, QStringLiteral("negative")), QStringLiteral("negative"));
    const auto cleared =
        project.chips(givenIds(parser, QStringLiteral("clear")), QStringLiteral("clear"));
    refuseOverlap(project, {{QStringLiteral("positive"), positives},
                            {QStringLiteral("negative"), negatives},
                            {QStringLiteral("clear"), cleared}});
    const int p = project.labelChips(positives, LabelValue::Positive);
    const int n = project.labelChips(negatives, LabelValue::Negative);
    const int c = project.clearLabels(cleared);
    QTextStream(stdout)
        << Cli::tr("Labeled %1 positive, %2 negative, cleared %3.").arg(p).arg(n).arg(c) << "\n";
    printCounts(project);
    return 0;
}

int runReview(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Reviews the candidates of the project's current round (written by 'search "
                "PROJECT'): accepted ones become positive, rejected ones negative labels that "
                "record the strategy that proposed them; skipped ones stay unlabeled and are not "
                "proposed again."));
    parser.addPositionalArgument(Cli::tr("PROJECT"), Cli::tr("The project file."));
    parser.addOption({QStringLiteral("accept"),
                      Cli::tr("Ids of candidates to accept, comma-separated (repeatable)."),
                      Cli::tr("IDS")});
    parser.addOption({QStringLiteral("reject"),
                      Cli::tr("Ids of candidates to reject, comma-separated (repeatable)."),
                      Cli::tr("IDS")});
    parser.addOption({QStringLiteral("skip"),
                      Cli::tr("Ids of candidates to skip, comma-separated (repeatable)."),
                      Cli::tr("IDS")});
    for (const char *option : {"accept", "reject", "skip"})
        addIdsFileOption(parser, QString::fromLatin1(option),
                         Cli::tr("File of ids for --%1, one per line (ids with any characters).")
                             .arg(QString::fromLatin1(option)));
    addProgressOption(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("PROJECT")); exit >= 0)
        return exit;
    if (!idsGiven(parser, QStringLiteral("accept")) &&
        !idsGiven(parser, QStringLiteral("reject")) && !idsGiven(parser, QStringLiteral("skip")))
        throw UsageError(Cli::tr("give --accept, --reject or --skip").toStdString());
    CliProgress progress(parser, Cli::tr("Reading the dataset"));
    CliProject project(parser.positionalArguments().at(0), false, progress.feedback());
    progress.done();
    const auto accepted =
        project.chips(givenIds(parser, QStringLiteral("accept")), QStringLiteral("accept"));
    const auto rejected =
        project.chips(givenIds(parser, QStringLiteral("reject")), QStringLiteral("reject"));
    const auto skipped =
        project.chips(givenIds(parser, QStringLiteral("skip")), QStringLiteral("skip"));
    refuseOverlap(project, {{QStringLiteral("accept"), accepted},
                            {QStringLiteral("reject"), rejected},
                            {QStringLiteral("skip"), skipped}});
    const int a = project.review(accepted, LabelValue::Positive);
    const int r = project.review(rejected, LabelValue::Negative);
    const int s = project.skip(skipped);
    QTextStream(stdout) << Cli::tr("Accepted %1, rejected %2, skipped %3.").arg(a).arg(r).arg(s)
                        << "\n";
    printCounts(project);
    return 0;
}

int runImport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Imports labels into a project from a vector file: a layer with a chip_id "
                "column (e.g. an export read back), or polygons that label the chips they cover. "
                "FILE '-' reads GeoJSON from standard input."));
    parser.addPositionalArgument(Cli::tr("PROJECT"), Cli::tr("The project file."));
    parser.addPositionalArgument(Cli::tr("FILE"),
                                 Cli::tr("GeoJSON, GeoPackage, FlatGeobuf or any OGR format."));
    parser.addOption(
        {QStringLiteral("layer"), Cli::tr("Layer to read (default: the first)."), Cli::tr("NAME")});
    parser.addOption({QStringLiteral("mode"),
                      Cli::tr("ids, polygons or auto (ids when the layer has the chip id column; "
                              "default: auto)."),
                      Cli::tr("MODE"), QStringLiteral("auto")});
    parser.addOption({QStringLiteral("chip-id-field"),
                      Cli::tr("Column of the chip ids (default: chip_id)."), Cli::tr("COLUMN"),
                      QStringLiteral("chip_id")});
    parser.addOption({QStringLiteral("label-field"),
                      Cli::tr("Column of the labels: positive/negative, 1/0, true/false, yes/no "
                              "(default: label)."),
                      Cli::tr("COLUMN"), QStringLiteral("label")});
    parser.addOption({QStringLiteral("label"),
                      Cli::tr("Give every row this label instead: positive or negative."),
                      Cli::tr("VALUE")});
    parser.addOption({QStringLiteral("min-coverage"),
                      Cli::tr("Polygons: chip fraction they must cover (default: 0.5)."),
                      Cli::tr("FRACTION"), QStringLiteral("0.5")});
    parser.addOption({QStringLiteral("skip-unknown"),
                      Cli::tr("Ids: ignore ids the dataset does not have (default: an error).")});
    addProgressOption(parser);
    if (const int exit = parseOrExit(parser, arguments, 2, Cli::tr("PROJECT FILE")); exit >= 0)
        return exit;

    LabelImportOptions options;
    const QString mode = parser.value(QStringLiteral("mode"));
    if (mode == QLatin1String("ids"))
        options.mode = LabelImportOptions::Mode::ChipIds;
    else if (mode == QLatin1String("polygons"))
        options.mode = LabelImportOptions::Mode::Polygons;
    else if (mode != QLatin1String("auto"))
        throw UsageError(
            Cli::tr("--mode: '%1' is not ids, polygons or auto").arg(mode).toStdString());
    options.layer = parser.value(QStringLiteral("layer")).toStdString();
    options.chipIdField = parser.value(QStringLiteral("chip-id-field")).toStdString();
    options.labelField = parser.value(QStringLiteral("label-field")).toStdString();
    if (parser.isSet(QStringLiteral("label"))) {
        options.fixedLabel =
            LabelImporter::parseLabelValue(parser.value(QStringLiteral("label")).toStdString());
        if (!options.fixedLabel)
            throw UsageError(Cli::tr("--label: '%1' is not positive or negative")
                                 .arg(parser.value(QStringLiteral("label")))
                                 .toStdString());
    }
    options.minCoverage = realOption(parser, QStringLiteral("min-coverage"), 1e-9, 1.0);
    options.skipUnknownChips = parser.isSet(QStringLiteral("skip-unknown"));

    const QString file = parser.positionalArguments().at(1);
    StdinFile input(file, ".geojson");
    CliProgress progress(parser, Cli::tr("Reading the dataset"));
    CliProject project(parser.positionalArguments().at(0), false, progress.feedback());
    progress.done();
    options.round = project.round();
    CliProgress reading(parser, Cli::tr("Reading the labels"));
    const auto changes =
        LabelImporter(project.dataset()).read(input.path(), options, reading.feedback());
    reading.done();
    if (changes.empty())
        throw DataError(file.toStdString(), "labels no chip of the project's dataset");
    const int applied = project.importLabels(changes);
    QTextStream(stdout)
        << Cli::tr("Imported %1 labels (%2 changed).").arg(changes.size()).arg(applied) << "\n";
    printCounts(project);
    return 0;
}

int runShow(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("Shows a project: its dataset, labels, the current round's candidates with "
                "the strategy that proposed each and the review decisions."));
    parser.addPositionalArgument(Cli::tr("PROJECT"), Cli::tr("The project file."));
    addJsonOption(parser);
    addProgressOption(parser);
    if (const int exit = parseOrExit(parser, arguments, 1, Cli::tr("PROJECT")); exit >= 0)
        return exit;
    CliProgress progress(parser, Cli::tr("Reading the dataset"));
    CliProject project(parser.positionalArguments().at(0), true, progress.feedback());
    progress.done();
    const Dataset &dataset = project.dataset();
    const auto decision = [&](int64_t chip) -> QString {
        if (const auto it = project.labels().find(chip); it != project.labels().end()) {
            if (it->second.source == LabelSource::Accepted)
                return QStringLiteral("accepted");
            if (it->second.source == LabelSource::Rejected)
                return QStringLiteral("rejected");
            return qs(labelValueName(it->second.value));
        }
        return project.skipped().count(chip) ? QStringLiteral("skipped") : QString();
    };

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray labels, candidates, skipped;
        for (const auto &[chip, label] : project.labels()) {
            QJsonObject object{{QStringLiteral("id"), qs(label.chipId)},
                               {QStringLiteral("label"), qs(labelValueName(label.value))},
                               {QStringLiteral("source"), qs(labelSourceName(label.source))},
                               {QStringLiteral("round"), label.round}};
            if (!label.strategy.empty())
                object.insert(QStringLiteral("strategy"), qs(label.strategy));
            if (std::isfinite(label.score))
                object.insert(QStringLiteral("score"), label.score);
            labels.append(object);
        }
        for (size_t rank = 0; rank < project.candidates().size(); ++rank) {
            const ScoredChip &c = project.candidates()[rank];
            const QString d = decision(c.chip);
            candidates.append(QJsonObject{
                {QStringLiteral("rank"), qint64(rank + 1)},
                {QStringLiteral("id"), qs(dataset.ids[size_t(c.chip)])},
                {QStringLiteral("score"), double(c.score)},
                {QStringLiteral("proposed_by"), qs(project.proposerOf(c.chip))},
                {QStringLiteral("decision"), d.isEmpty() ? QJsonValue() : QJsonValue(d)}});
        }
        for (const int64_t chip : project.skipped())
            skipped.append(qs(dataset.ids[size_t(chip)]));
        QJsonObject shares;
        for (const auto &[name, share] : project.shares())
            shares.insert(qs(name), share);
        const QJsonObject result{{QStringLiteral("project"), parser.positionalArguments().at(0)},
                                 {QStringLiteral("dataset"), project.datasetPath()},
                                 {QStringLiteral("chips"), qint64(dataset.size())},
                                 {QStringLiteral("round"), project.round()},
                                 {QStringLiteral("strategy"), qs(project.candidateStrategy())},
                                 {QStringLiteral("shares"), shares},
                                 {QStringLiteral("labels"), labels},
                                 {QStringLiteral("candidates"), candidates},
                                 {QStringLiteral("skipped"), skipped}};
        writeText(parser.value(QStringLiteral("json")),
                  QJsonDocument(result).toJson(QJsonDocument::Indented));
        return 0;
    }
    QTextStream out(stdout);
    out << Cli::tr("Project: %1").arg(parser.positionalArguments().at(0)) << "\n"
        << Cli::tr("Dataset: %1 (%2 chips)").arg(project.datasetPath()).arg(dataset.size()) << "\n";
    out.flush();
    printCounts(project);
    if (project.candidates().empty())
        return 0;
    out << Cli::tr("Candidates of round %1 (%2):")
               .arg(project.round())
               .arg(qs(project.candidateStrategy()))
        << "\n";
    for (size_t rank = 0; rank < project.candidates().size(); ++rank) {
        const ScoredChip &c = project.candidates()[rank];
        out << QStringLiteral("%1  %2  %3  %4  %5")
                   .arg(rank + 1, 3)
                   .arg(qs(dataset.ids[size_t(c.chip)]), -16)
                   .arg(double(c.score), 8, 'f', 4)
                   .arg(qs(project.proposerOf(c.chip)), -20)
                   .arg(decision(c.chip))
                   .trimmed()
            << "\n";
    }
    return 0;
}

int runProject(const QStringList &arguments)
{
    struct Sub
    {
        const char *name;
        int (*run)(const QStringList &);
    };
    static const Sub subs[] = {{"create", runCreate},
                               {"label", runLabel},
                               {"import", runImport},
                               {"review", runReview},
                               {"show", runShow}};
    const QString usage =
        Cli::tr("Usage: chipfinder-cli project create|label|import|review|show PROJECT ...\n"
                "  create PROJECT DATASET   make a project for a dataset\n"
                "  label PROJECT --positive IDS --negative IDS --clear IDS\n"
                "  import PROJECT FILE      labels from a file (chip ids or polygons)\n"
                "  review PROJECT --accept IDS --reject IDS --skip IDS\n"
                "  show PROJECT [--json FILE|-]\n"
                "Rounds of candidates: chipfinder-cli search PROJECT. "
                "'chipfinder-cli project COMMAND --help' lists a command's options.");
    const QString sub = arguments.value(1);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        QTextStream(stdout) << usage << "\n";
        return 0;
    }
    for (const Sub &s : subs)
        if (sub == QLatin1String(s.name)) {
            QStringList rest = arguments.mid(2);
            rest.prepend(arguments.value(0) + QLatin1Char(' ') + sub);
            return s.run(rest);
        }
    QTextStream(stderr) << "chipfinder-cli: "
                        << (sub.isEmpty() ? Cli::tr("project: a command is missing")
                                          : Cli::tr("project: unknown command '%1'").arg(sub))
                        << "\n"
                        << usage << "\n";
    return kExitUsage;
}

} // namespace

CliCommand makeProjectCommand()
{
    return {QStringLiteral("project"),
            Cli::tr("Create a project, label chips, import labels, review candidates"), runProject};
}

} // namespace chipfinder::cli
