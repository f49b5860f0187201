#include "cli/cliproject.h"

#include "cli/clicommand.h"
#include "cli/clidataset.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetreader.h"
#include "project/labelhistory.h"
#include "search/approximateindex.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_map>

namespace chipfinder::cli {

// The history texts are the app's (context chipfinder::ProjectSession), so that the app
// translates them in its Undo menu: "Label %n chips positive#12" etc.
namespace {
std::string stepText(const char *text, int count = -1)
{
    std::string stored = text;
    if (count >= 0)
        stored += '#' + std::to_string(count);
    return stored;
}
} // namespace

CliProject::CliProject(const QString &path, bool readOnly, Feedback *feedback)
{
    m_store = readOnly ? ProjectStore::openReadOnly(path.toStdString())
                       : ProjectStore::open(path.toStdString());
    m_datasetPath = m_store->resolvedDatasetPath();
    DatasetOpenOptions options = m_store->dataset().openOptions();
    options.embeddingCache = EmbeddingCacheMode::Float32; // large sets: mapped next time
    m_dataset = openDataset(m_datasetPath, options, feedback);
    m_store->checkDataset(m_dataset);
    if (!readOnly)
        m_history = std::make_unique<LabelHistory>(*m_store);
    loadState();
}

CliProject::~CliProject() = default;

void CliProject::loadState()
{
    for (Label &label : m_store->labels()) {
        const int64_t chip = m_dataset.indexOf(label.chipId);
        if (chip < 0)
            continue; // a label of a chip the dataset no longer has: kept in the file only
        label.chip = chip;
        m_labels[chip] = std::move(label);
    }
    for (const Candidate &c : m_store->candidates()) {
        const int64_t chip = m_dataset.indexOf(c.chipId);
        if (chip >= 0) {
            m_candidates.push_back({chip, c.score});
            m_candidateScore[chip] = c.score;
        }
    }
    m_round = m_store->round();
    m_strategy = m_store->candidateStrategy();
    if (const auto report = m_store->setting(kRoundReportKey)) {
        const QJsonObject object =
            QJsonDocument::fromJson(QByteArray::fromStdString(*report)).object();
        const QJsonObject by = object.value(QStringLiteral("proposed_by")).toObject();
        for (auto it = by.begin(); it != by.end(); ++it) {
            const int64_t chip = m_dataset.indexOf(it.key().toStdString());
            if (chip >= 0 && isCandidate(chip))
                m_proposers[chip] = it.value().toString().toStdString();
        }
        for (const QJsonValue &share : object.value(QStringLiteral("shares")).toArray())
            m_shares.emplace_back(share.toArray().at(0).toString().toStdString(),
                                  share.toArray().at(1).toDouble());
    }
    for (const SkippedChip &s : m_store->skipped()) {
        const int64_t chip = m_dataset.indexOf(s.chipId);
        if (chip >= 0)
            m_skipped.insert(chip);
    }
}

std::optional<LabelValue> CliProject::labelOf(int64_t chip) const
{
    const auto it = m_labels.find(chip);
    if (it == m_labels.end())
        return std::nullopt;
    return it->second.value;
}

bool CliProject::isCandidate(int64_t chip) const
{
    return m_candidateScore.count(chip) > 0;
}

float CliProject::candidateScore(int64_t chip) const
{
    const auto it = m_candidateScore.find(chip);
    return it != m_candidateScore.end() ? it->second : std::nanf("");
}

std::string CliProject::proposerOf(int64_t chip) const
{
    const auto it = m_proposers.find(chip);
    return it != m_proposers.end() ? it->second : m_strategy;
}

std::vector<int64_t> CliProject::chips(const std::vector<std::string> &ids,
                                       const QString &option) const
{
    std::vector<int64_t> out;
    std::set<int64_t> seen;
    for (const std::string &id : ids) {
        const int64_t chip = m_dataset.indexOf(id);
        if (chip < 0)
            throw UsageError(Cli::tr("--%1: the project's dataset has no chip with the id '%2'")
                                 .arg(option, printableId(id))
                                 .toStdString());
        if (seen.insert(chip).second)
            out.push_back(chip);
    }
    return out;
}

LabelChange CliProject::makeChange(int64_t chip, std::optional<LabelValue> value,
                                   LabelSource source) const
{
    LabelChange change;
    change.chipId = m_dataset.ids[size_t(chip)];
    if (value) {
        Label label;
        label.chip = chip;
        label.chipId = change.chipId;
        label.value = *value;
        label.source = source;
        label.round = m_round;
        label.labeledAtMs = QDateTime::currentMSecsSinceEpoch();
        if (source == LabelSource::Accepted || source == LabelSource::Rejected) {
            label.score = candidateScore(chip);
            label.strategy = proposerOf(chip);
        }
        change.label = label;
    }
    return change;
}

int CliProject::apply(const std::vector<LabelChange> &changes, const std::string &description)
{
    if (changes.empty())
        return 0;
    const std::vector<LabelChange> applied = m_history->apply(changes, description);
    std::vector<std::string> unskipped;
    for (const LabelChange &change : applied) {
        const int64_t chip = m_dataset.indexOf(change.chipId);
        if (chip < 0)
            continue;
        if (change.label) {
            Label label = *change.label;
            label.chip = chip;
            m_labels[chip] = std::move(label);
            if (m_skipped.erase(chip))
                unskipped.push_back(change.chipId); // labeling a skipped chip drops the skip
        } else {
            m_labels.erase(chip);
        }
    }
    if (!unskipped.empty())
        m_store->removeSkipped(unskipped);
    return int(applied.size());
}

int CliProject::labelChips(const std::vector<int64_t> &chips, LabelValue value)
{
    std::vector<LabelChange> changes;
    for (const int64_t chip : chips)
        if (labelOf(chip) != value)
            changes.push_back(makeChange(chip, value, LabelSource::Click));
    const bool positive = value == LabelValue::Positive;
    if (changes.size() == 1)
        return apply(changes, positive ? "Label positive" : "Label negative");
    return apply(changes, stepText(positive ? "Label %n chips positive" : "Label %n chips negative",
                                   int(changes.size())));
}

int CliProject::clearLabels(const std::vector<int64_t> &chips)
{
    int cleared = 0;
    for (const int64_t chip : chips)
        if (labelOf(chip))
            cleared += apply({makeChange(chip, std::nullopt, LabelSource::Click)}, "Clear label");
    return cleared;
}

int CliProject::review(const std::vector<int64_t> &chips, LabelValue value)
{
    const bool positive = value == LabelValue::Positive;
    for (const int64_t chip : chips)
        if (!isCandidate(chip))
            throw DataError(m_store->path(),
                            "chip '" + m_dataset.ids[size_t(chip)] +
                                "' is not a candidate of round " + std::to_string(m_round),
                            std::nullopt, positive ? "--accept" : "--reject",
                            "an id of the current round's candidates (see 'project show')");
    int changed = 0;
    for (const int64_t chip : chips)
        if (labelOf(chip) != value)
            changed += apply(
                {makeChange(chip, value, positive ? LabelSource::Accepted : LabelSource::Rejected)},
                positive ? "Accept candidate" : "Reject candidate");
    return changed;
}

int CliProject::skip(const std::vector<int64_t> &chips)
{
    for (const int64_t chip : chips)
        if (!isCandidate(chip))
            throw DataError(m_store->path(),
                            "chip '" + m_dataset.ids[size_t(chip)] +
                                "' is not a candidate of round " + std::to_string(m_round),
                            std::nullopt, "--skip",
                            "an id of the current round's candidates (see 'project show')");
    int skipped = 0;
    for (const int64_t chip : chips) {
        if (labelOf(chip) || m_skipped.count(chip))
            continue;
        SkippedChip s;
        s.chipId = m_dataset.ids[size_t(chip)];
        s.chip = chip;
        s.round = m_round;
        s.skippedAtMs = QDateTime::currentMSecsSinceEpoch();
        m_store->addSkipped(s);
        m_skipped.insert(chip);
        ++skipped;
    }
    return skipped;
}

int CliProject::importLabels(const std::vector<LabelChange> &changes)
{
    return apply(changes, stepText("Import %n label(s)", int(changes.size())));
}

StrategyReport CliProject::search(const std::string &strategy, const StrategyParameters &parameters,
                                  size_t k, std::optional<uint64_t> seed, Feedback *feedback)
{
    auto instance = StrategyRegistry::instance().create(strategy, parameters);
    std::vector<int64_t> positives, negatives;
    ChipMask labeled(m_dataset.size());
    std::unordered_map<int64_t, std::string> proposers;
    std::unordered_map<int64_t, int> proposedIn;
    for (const auto &[chip, label] : m_labels) {
        (label.value == LabelValue::Positive ? positives : negatives).push_back(chip);
        labeled.set(chip);
        if ((label.source == LabelSource::Accepted || label.source == LabelSource::Rejected) &&
            !label.strategy.empty()) {
            proposers[chip] = label.strategy;
            proposedIn[chip] = label.round;
        }
    }
    for (const int64_t chip : m_skipped)
        labeled.set(chip);
    if (positives.empty())
        throw DataError(m_store->path(), "has no positive label to search from", std::nullopt, {},
                        "at least one positive chip ('project label PROJECT --positive IDS')");

    Feedback loading(feedback, 0.0, 0.5);
    const auto index = makeSearchIndex(m_dataset.embeddings, Metric::Cosine, IndexChoice::Automatic,
                                       approximateIndexPath(m_datasetPath, Metric::Cosine),
                                       kApproximateFrom, &loading);
    if (!index.warning.empty())
        std::fprintf(stderr, "%s\n", index.warning.c_str());
    const int nextRound = m_round + 1;
    std::mt19937_64 rng(seed ? *seed : 0x5eed0000ULL + uint64_t(nextRound));
    Feedback proposing(feedback, 0.5, 1.0);
    StrategyReport report;
    StrategyInput input;
    input.index = index.index.get();
    input.positives = positives;
    input.negatives = negatives;
    input.labeled = &labeled;
    input.k = std::min(k, m_dataset.size());
    input.rng = &rng;
    input.feedback = &proposing;
    input.proposers = &proposers;
    input.proposedIn = &proposedIn;
    input.round = nextRound;
    input.report = &report;
    const std::vector<ScoredChip> found = instance->propose(input);
    for (const ScoredChip &candidate : found) // NaN never reaches a ranking
        if (!std::isfinite(candidate.score))
            throw DataError(m_datasetPath, "strategy '" + strategy + "' gave chip '" +
                                               m_dataset.ids[size_t(candidate.chip)] +
                                               "' a score that is not a finite number");
    const bool attributed = report.proposedBy.size() == found.size();

    std::vector<Candidate> list;
    QJsonObject by;
    QJsonArray shares;
    for (size_t i = 0; i < found.size(); ++i) {
        list.push_back({m_dataset.ids[size_t(found[i].chip)], found[i].chip, found[i].score});
        if (attributed)
            by.insert(QString::fromStdString(list.back().chipId),
                      QString::fromStdString(report.proposedBy[i]));
    }
    if (attributed)
        for (const auto &[name, share] : report.shares)
            shares.append(QJsonArray{QString::fromStdString(name), share});
    m_store->setCandidates(nextRound, strategy, list);
    m_store->setSetting(kRoundReportKey,
                        QJsonDocument(QJsonObject{{QStringLiteral("proposed_by"), by},
                                                  {QStringLiteral("shares"), shares}})
                            .toJson(QJsonDocument::Compact)
                            .toStdString());

    m_candidates = found;
    m_candidateScore.clear();
    for (const ScoredChip &c : found)
        m_candidateScore[c.chip] = c.score;
    m_round = nextRound;
    m_strategy = strategy;
    m_proposers.clear();
    m_shares.clear();
    if (attributed) {
        for (size_t i = 0; i < found.size(); ++i)
            m_proposers[found[i].chip] = report.proposedBy[i];
        m_shares = report.shares;
    } else {
        report.proposedBy.assign(found.size(), strategy);
        report.shares = {{strategy, 1.0}};
    }
    return report;
}

} // namespace chipfinder::cli
