#include "projectsession.h"

#include "chipgeometryindex.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetreader.h"
#include "dataset/groundtruth.h"
#include "errortext.h"
#include "export/labelexporter.h"
#include "jobrunner.h"
#include "project/labelhistory.h"
#include "project/projectlock.h"
#include "search/approximateindex.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

namespace chipfinder {

namespace {
// The last round's attribution by `auto` (JSON: {"proposed_by": {chip id: strategy},
// "shares": [[strategy, share], ...]}), a project setting.
const char *const KeyRoundReport = "round.report";

struct SearchResult
{
    std::vector<ScoredChip> candidates;
    StrategyReport report;
};
} // namespace

struct ProjectSession::LoadResult
{
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const ChipGeometryIndex> geometry;
    std::shared_ptr<const FlatIndex> index;
    std::map<std::string, std::shared_ptr<const std::vector<uint8_t>>> truths;
};

ProjectSession::ProjectSession(QObject *parent)
    : ReviewDocument(parent), m_loader(new JobRunner(this)), m_searcher(new JobRunner(this)),
      m_io(new JobRunner(this))
{
    for (JobRunner *runner : {m_searcher, m_io})
        connect(runner, &JobRunner::failed, this,
                [this](quint64, const QString &message) { emit errorOccurred(message); });
    // A project created for a dataset that then fails to load is removed again: a failed open
    // leaves no file behind.
    connect(m_loader, &JobRunner::failed, this, [this](quint64, const QString &message) {
        if (!m_createdPath.isEmpty() && !m_dataset) {
            const QString path = m_createdPath;
            close();
            for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"),
                                          QStringLiteral("-journal")})
                QFile::remove(path + suffix);
        }
        emit errorOccurred(message);
    });
}

ProjectSession::~ProjectSession()
{
    m_io->cancel();
    m_searcher->cancel();
    m_loader->cancel();
}

QString ProjectSession::projectPathFor(const QString &datasetPath)
{
    const QFileInfo info(datasetPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".chipfinder.gpkg"));
}

QString ProjectSession::projectPath() const
{
    return m_store ? QString::fromStdString(m_store->path()) : QString();
}

bool ProjectSession::openProject(const QString &path, bool readOnly)
{
    close();
    m_createdPath.clear();
    try {
        m_store = readOnly ? ProjectStore::openReadOnly(path.toStdString())
                           : ProjectStore::open(path.toStdString());
        m_history = std::make_unique<LabelHistory>(*m_store);
    } catch (const ProjectLockedError &locked) {
        m_store.reset();
        m_history.reset();
        emit projectLocked(path, QString::fromStdString(locked.holder()));
        return false;
    } catch (...) {
        m_store.reset();
        m_history.reset();
        emit errorOccurred(ErrorText::describeCurrent());
        return false;
    }
    emit opened();
    emit historyChanged();
    startLoading();
    return true;
}

bool ProjectSession::createProject(const QString &projectPath, const QString &datasetPath,
                                   const DatasetOpenOptions &options)
{
    try {
        ProjectStore::create(projectPath.toStdString(),
                             DatasetReference::forProject(projectPath.toStdString(),
                                                          datasetPath.toStdString(), options));
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
        return false;
    }
    if (!openProject(projectPath))
        return false;
    m_createdPath = projectPath;
    return true;
}

void ProjectSession::close()
{
    if (!m_store)
        return;
    m_io->cancel();
    m_searcher->cancel();
    m_loader->cancel();
    m_history.reset();
    m_store.reset();
    m_dataset.reset();
    m_geometry.reset();
    m_index.reset();
    m_truths.clear();
    m_labelState.clear();
    m_labels.clear();
    m_positives = m_negatives = 0;
    m_candidates.clear();
    m_candidateScore.clear();
    m_skipped.clear();
    m_skipUndo.clear();
    m_skipRedo.clear();
    m_datasetBeforeLocate.reset();
    m_round = 0;
    m_candidateStrategy.clear();
    m_proposers.clear();
    m_shares.clear();
    emit candidatesChanged();
    emit labelsChanged({});
    emit closed();
}

void ProjectSession::startLoading()
{
    std::string path = m_store->resolvedDatasetPath();
    DatasetOpenOptions options;
    try {
        options = m_store->dataset().openOptions();
        path = locateDataset(path, options);
        options.embeddingCache = EmbeddingCacheMode::Float32; // large sets: mapped next time
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
        return;
    }
    m_loader->run<LoadResult>(
        tr("Loading the dataset"),
        [path, options](Feedback &feedback) {
            LoadResult result;
            Feedback reading(&feedback, 0.0, 0.75);
            auto dataset = std::make_shared<Dataset>(openDataset(path, options, &reading));
            result.geometry =
                std::make_shared<ChipGeometryIndex>(ChipGeometryIndex::build(*dataset));
            feedback.throwIfCanceled();
            feedback.setProgress(0.85);
            // Exact search; from kApproximateFrom chips on, plus an approximate index kept
            // beside the dataset (built on first open, then loaded).
            // The index searches the dataset's own matrix, normalised in place once (cosine
            // scores need unit rows; nothing in the app needs the raw lengths): no copy.
            dataset->embeddings.normalizeRows();
            auto search = makeSearchIndex(
                std::shared_ptr<const EmbeddingMatrix>(dataset, &dataset->embeddings),
                Metric::Cosine, IndexChoice::Automatic, approximateIndexPath(path, Metric::Cosine),
                kApproximateFrom, &feedback);
            if (!search.warning.empty())
                qWarning("%s", search.warning.c_str());
            result.index = std::move(search.index);
            for (auto &[name, truth] : truthColumns(*dataset))
                result.truths.emplace(
                    name, std::make_shared<const std::vector<uint8_t>>(std::move(truth)));
            feedback.setProgress(1.0);
            result.dataset = std::move(dataset);
            return result;
        },
        [this](quint64, LoadResult &result) { setLoaded(result); });
}

void ProjectSession::setLoaded(LoadResult &result)
{
    if (!m_store)
        return;
    {
        auto before = std::exchange(m_datasetBeforeLocate, std::nullopt);
        try {
            m_store->checkDataset(*result.dataset); // its labels would land on other chips
        } catch (...) {
            const QString message = ErrorText::describeCurrent();
            if (before) {
                try {
                    m_store->setDataset(*before); // the located file is not taken
                } catch (...) {                   // the first error is the one reported
                }
            }
            close();
            emit errorOccurred(message);
            return;
        }
    }
    m_createdPath.clear(); // loaded once: the project is the analyst's now
    m_dataset = std::move(result.dataset);
    m_geometry = std::move(result.geometry);
    m_index = std::move(result.index);
    m_truths = std::move(result.truths);
    loadState();
    // Views are current before the window restores its view and selection on loaded().
    emit labelsChanged({});
    emit candidatesChanged();
    emit loaded();
}

// The only place the session reads labels, candidates and skips from the project: once, when
// the dataset has loaded. Everything after is written through and kept here.
void ProjectSession::loadState()
{
    const size_t n = m_dataset ? m_dataset->size() : 0;
    m_labelState.assign(n, -1);
    m_labels.clear();
    m_positives = m_negatives = 0;
    m_skipped.clear();
    m_candidates.clear();
    m_candidateScore.assign(n, std::numeric_limits<float>::quiet_NaN());
    m_round = 0;
    m_candidateStrategy.clear();
    m_audits.clear();
    if (!m_store || !m_dataset)
        return;
    loadAudits();
    try {
        for (Label &label : m_store->labels()) {
            const int64_t chip = m_dataset->indexOf(label.chipId);
            if (chip < 0)
                continue; // a label of a chip the dataset no longer has: kept in the file only
            label.chip = chip;
            m_labelState[size_t(chip)] = label.value == LabelValue::Positive ? 0 : 1;
            (label.value == LabelValue::Positive ? m_positives : m_negatives)++;
            m_labels[chip] = std::move(label);
        }
        std::vector<ScoredChip> candidates;
        for (const Candidate &c : m_store->candidates()) {
            const int64_t chip = m_dataset->indexOf(c.chipId);
            if (chip >= 0)
                candidates.push_back({chip, c.score});
        }
        setCandidateList(std::move(candidates));
        m_round = m_store->round();
        m_candidateStrategy = QString::fromStdString(m_store->candidateStrategy());
        m_proposers.clear();
        m_shares.clear();
        if (const auto report = m_store->setting(KeyRoundReport)) {
            const QJsonObject object =
                QJsonDocument::fromJson(QByteArray::fromStdString(*report)).object();
            const QJsonObject by = object.value(QStringLiteral("proposed_by")).toObject();
            for (auto it = by.begin(); it != by.end(); ++it) {
                const int64_t chip = m_dataset->indexOf(it.key().toStdString());
                if (chip >= 0 && isCandidate(chip))
                    m_proposers[chip] = it.value().toString();
            }
            for (const QJsonValue &share : object.value(QStringLiteral("shares")).toArray())
                m_shares.emplace_back(share.toArray().at(0).toString(),
                                      share.toArray().at(1).toDouble());
        }
        for (const SkippedChip &s : m_store->skipped()) {
            const int64_t chip = m_dataset->indexOf(s.chipId);
            if (chip >= 0)
                m_skipped.insert(chip); // ids the dataset no longer has stay in the file only
        }
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
    }
}

void ProjectSession::setCandidateList(std::vector<ScoredChip> candidates)
{
    for (const ScoredChip &c : m_candidates)
        m_candidateScore[size_t(c.chip)] = std::numeric_limits<float>::quiet_NaN();
    m_candidates = bestFirstUnique(std::move(candidates));
    std::erase_if(m_candidates, [this](const ScoredChip &c) {
        return size_t(c.chip) >= m_candidateScore.size();
    });
    for (const ScoredChip &c : m_candidates)
        m_candidateScore[size_t(c.chip)] = c.score;
}

std::optional<LabelValue> ProjectSession::labelOf(int64_t chip) const
{
    if (chip < 0 || size_t(chip) >= m_labelState.size() || m_labelState[size_t(chip)] < 0)
        return std::nullopt;
    return m_labelState[size_t(chip)] == 0 ? LabelValue::Positive : LabelValue::Negative;
}

std::optional<Label> ProjectSession::label(int64_t chip) const
{
    const auto it = m_labels.find(chip);
    if (it == m_labels.end())
        return std::nullopt;
    return it->second;
}

QString ProjectSession::proposerOf(int64_t chip) const
{
    const auto it = m_proposers.find(chip);
    return it != m_proposers.end() ? it->second : m_candidateStrategy;
}

QString ProjectSession::delegateOf(int64_t chip) const
{
    const auto it = m_proposers.find(chip);
    return it != m_proposers.end() && !m_shares.empty() ? it->second : QString();
}

std::vector<int64_t> ProjectSession::labeledChips() const
{
    std::vector<int64_t> chips;
    chips.reserve(m_labels.size());
    for (const auto &entry : m_labels)
        chips.push_back(entry.first);
    std::sort(chips.begin(), chips.end());
    return chips;
}

std::vector<Label> ProjectSession::labels() const
{
    std::vector<Label> out;
    out.reserve(m_labels.size());
    for (const auto &[chip, label] : m_labels)
        out.push_back(label);
    std::sort(out.begin(), out.end(),
              [](const Label &a, const Label &b) { return a.chip < b.chip; });
    return out;
}

LabelChange ProjectSession::makeChange(int64_t chip, std::optional<LabelValue> value,
                                       LabelSource source) const
{
    LabelChange change;
    change.chipId = m_dataset->ids[size_t(chip)];
    if (value) {
        Label label;
        label.chip = chip;
        label.chipId = change.chipId;
        label.value = *value;
        label.source = source;
        label.round = round();
        label.labeledAtMs = QDateTime::currentMSecsSinceEpoch();
        if (source == LabelSource::Accepted || source == LabelSource::Rejected) {
            label.score = candidateScore(chip);
            label.strategy = proposerOf(chip).toStdString();
        }
        change.label = label;
    }
    return change;
}

bool ProjectSession::applyChanges(const std::vector<LabelChange> &changes, const char *description,
                                  int count)
{
    if (!m_history || !m_dataset || changes.empty() || isReadOnly())
        return false;
    std::vector<LabelChange> applied;
    std::string stored = description;
    if (count >= 0) {
        stored += '#';
        stored += std::to_string(count);
    }
    try {
        applied = m_history->apply(changes, stored);
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
        return false;
    }
    if (applied.empty())
        return false;
    m_skipRedo.clear(); // a new step: the undone skips cannot be redone (as the label steps)
    QList<qint64> chips;
    updateLabelState(applied, chips);
    dropSkipsOfLabeled(applied);
    emit historyChanged();
    if (!chips.isEmpty())
        emit labelsChanged(chips);
    return true;
}

bool ProjectSession::clickChip(int64_t chip, LabelValue wanted)
{
    if (!m_dataset || chip < 0 || size_t(chip) >= m_dataset->size())
        return false;
    if (wanted == LabelValue::Positive && recheckOf(chip) == RecheckState::Pending)
        return accept(chip);
    if (labelOf(chip) == wanted)
        return applyChanges({makeChange(chip, std::nullopt, LabelSource::Click)},
                            QT_TR_NOOP("Clear label"));
    if (isCandidate(chip))
        return wanted == LabelValue::Positive ? accept(chip) : reject(chip);
    return applyChanges({makeChange(chip, wanted, LabelSource::Click)},
                        wanted == LabelValue::Positive ? QT_TR_NOOP("Label positive")
                                                       : QT_TR_NOOP("Label negative"));
}

bool ProjectSession::labelChips(const std::vector<int64_t> &chips, LabelValue value,
                                LabelSource source)
{
    if (!m_dataset)
        return false;
    std::vector<LabelChange> changes;
    changes.reserve(chips.size());
    for (int64_t chip : chips)
        if (chip >= 0 && size_t(chip) < m_dataset->size() && labelOf(chip) != value)
            changes.push_back(makeChange(chip, value, source));
    if (changes.empty())
        return false;
    return applyChanges(changes,
                        value == LabelValue::Positive ? QT_TR_N_NOOP("Label %n chips positive")
                                                      : QT_TR_N_NOOP("Label %n chips negative"),
                        int(changes.size()));
}

bool ProjectSession::accept(int64_t chip)
{
    return review(chip, LabelValue::Positive);
}

bool ProjectSession::reject(int64_t chip)
{
    return review(chip, LabelValue::Negative);
}

bool ProjectSession::review(int64_t chip, LabelValue value)
{
    if (!m_dataset || chip < 0 || size_t(chip) >= m_dataset->size())
        return false;
    if (value == LabelValue::Positive && recheckOf(chip) == RecheckState::Pending) {
        // Confirmed on re-check: the same label, recorded again in this round.
        LabelChange change;
        change.chipId = m_dataset->ids[size_t(chip)];
        Label label = m_labels.at(chip);
        label.round = round();
        label.labeledAtMs = QDateTime::currentMSecsSinceEpoch();
        change.label = label;
        return applyChanges({change}, QT_TR_NOOP("Confirm accepted chip"));
    }
    if (labelOf(chip) == value)
        return false;
    const bool positive = value == LabelValue::Positive;
    return applyChanges(
        {makeChange(chip, value, positive ? LabelSource::Accepted : LabelSource::Rejected)},
        positive ? QT_TR_NOOP("Accept candidate") : QT_TR_NOOP("Reject candidate"));
}

QString ProjectSession::describeStep(const std::string &stored)
{
    const size_t hash = stored.rfind('#');
    int count = -1;
    std::string text = stored;
    if (hash != std::string::npos && hash + 1 < stored.size() &&
        stored.find_first_not_of("0123456789", hash + 1) == std::string::npos) {
        count = std::stoi(stored.substr(hash + 1));
        text = stored.substr(0, hash);
    }
    return QCoreApplication::translate("chipfinder::ProjectSession", text.c_str(), nullptr, count);
}

void ProjectSession::dropSkipsOfLabeled(const std::vector<LabelChange> &changes)
{
    std::vector<std::string> ids;
    for (const LabelChange &change : changes) {
        if (!change.label)
            continue;
        const int64_t chip = m_dataset->indexOf(change.chipId);
        if (chip >= 0 && m_skipped.erase(chip))
            ids.push_back(change.chipId);
    }
    if (ids.empty())
        return;
    try {
        m_store->removeSkipped(ids); // the session already dropped them: no read back
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
    }
}

void ProjectSession::updateLabelState(const std::vector<LabelChange> &changes, QList<qint64> &chips)
{
    for (const LabelChange &change : changes) {
        const int64_t chip = m_dataset->indexOf(change.chipId);
        if (chip < 0)
            continue;
        if (change.label) {
            Label label = *change.label;
            label.chip = chip;
            m_labels[chip] = std::move(label);
        } else {
            m_labels.erase(chip);
        }
        int8_t &state = m_labelState[size_t(chip)];
        if (state == 0)
            --m_positives;
        else if (state == 1)
            --m_negatives;
        state = !change.label ? -1 : change.label->value == LabelValue::Positive ? 0 : 1;
        if (state == 0)
            ++m_positives;
        else if (state == 1)
            ++m_negatives;
        chips.append(chip);
    }
}

bool ProjectSession::canUndo() const
{
    return !isReadOnly() && ((m_history && m_history->canUndo()) || skipStepNext(false));
}

bool ProjectSession::canRedo() const
{
    return !isReadOnly() && ((m_history && m_history->canRedo()) || skipStepNext(true));
}

QString ProjectSession::undoText() const
{
    if (skipStepNext(false))
        return tr("Skip candidate");
    return m_history && m_history->canUndo() ? describeStep(m_history->undoDescription())
                                             : QString();
}

QString ProjectSession::redoText() const
{
    if (skipStepNext(true))
        return tr("Skip candidate");
    return m_history && m_history->canRedo() ? describeStep(m_history->redoDescription())
                                             : QString();
}

bool ProjectSession::undo()
{
    return skipStepNext(false) ? stepSkip(false) : stepHistory(false);
}

bool ProjectSession::redo()
{
    return skipStepNext(true) ? stepSkip(true) : stepHistory(true);
}

bool ProjectSession::stepHistory(bool forward)
{
    if (!(forward ? canRedo() : canUndo()) || !m_dataset)
        return false;
    std::vector<LabelChange> applied;
    try {
        applied = forward ? m_history->redo() : m_history->undo();
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
        return false;
    }
    QList<qint64> chips;
    updateLabelState(applied, chips);
    dropSkipsOfLabeled(applied);
    emit historyChanged();
    emit labelsChanged(chips);
    return true;
}

float ProjectSession::candidateScore(int64_t chip) const
{
    return chip >= 0 && size_t(chip) < m_candidateScore.size()
               ? m_candidateScore[size_t(chip)]
               : std::numeric_limits<float>::quiet_NaN();
}

bool ProjectSession::skip(int64_t chip)
{
    if (!m_store || isReadOnly() || !m_dataset || chip < 0 || size_t(chip) >= m_dataset->size() ||
        labelOf(chip) || isSkipped(chip))
        return false;
    SkippedChip skipped;
    skipped.chipId = m_dataset->ids[size_t(chip)];
    skipped.chip = chip;
    skipped.round = round();
    skipped.skippedAtMs = QDateTime::currentMSecsSinceEpoch();
    try {
        m_store->addSkipped(skipped);
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
        return false;
    }
    m_skipped.insert(chip);
    m_skipUndo.push_back({chip, m_history ? m_history->undoCount() : 0});
    m_skipRedo.clear();
    emit labelsChanged({chip});
    emit historyChanged();
    return true;
}

bool ProjectSession::isSkipped(int64_t chip) const
{
    return m_skipped.count(chip) > 0;
}

quint64 ProjectSession::findSimilar(const QString &strategy, const StrategyParameters &parameters,
                                    size_t k)
{
    if (!m_dataset || !m_index || !m_store || isReadOnly())
        return 0;
    const std::string name = strategy.toStdString();
    if (!StrategyRegistry::instance().find(name)) {
        emit errorOccurred(tr("Unknown strategy “%1”.").arg(strategy));
        return 0;
    }
    std::vector<int64_t> positives, negatives;
    ChipMask labeled(m_dataset->size());
    for (size_t chip = 0; chip < m_labelState.size(); ++chip) {
        if (m_labelState[chip] < 0)
            continue;
        (m_labelState[chip] == 0 ? positives : negatives).push_back(int64_t(chip));
        labeled.set(int64_t(chip));
    }
    for (int64_t chip : m_skipped)
        labeled.set(chip);
    if (positives.empty()) {
        emit errorOccurred(
            tr("Label at least one chip as positive (left click) before searching."));
        return 0;
    }
    // Outcomes so far, by the strategy that proposed each reviewed chip (what `auto` learns from).
    auto proposers = std::make_shared<std::unordered_map<int64_t, std::string>>();
    auto proposedIn = std::make_shared<std::unordered_map<int64_t, int>>();
    for (const auto &[chip, label] : m_labels)
        if ((label.source == LabelSource::Accepted || label.source == LabelSource::Rejected) &&
            !label.strategy.empty()) {
            (*proposers)[chip] = label.strategy;
            (*proposedIn)[chip] = label.round;
        }
    const int nextRound = round() + 1;
    std::shared_ptr<const FlatIndex> index = m_index;
    return m_searcher->run<SearchResult>(
        tr("Finding similar chips (%1)").arg(strategy),
        [index, positives = std::move(positives), negatives = std::move(negatives),
         labeled = std::move(labeled), proposers, proposedIn, name, parameters, k,
         nextRound](Feedback &feedback) {
            auto instance = StrategyRegistry::instance().create(name, parameters);
            std::mt19937_64 rng(0x5eed0000ULL + uint64_t(nextRound));
            SearchResult result;
            StrategyInput input;
            input.index = index.get();
            input.positives = positives;
            input.negatives = negatives;
            input.labeled = &labeled;
            input.k = k;
            input.rng = &rng;
            input.feedback = &feedback;
            input.proposers = proposers.get();
            input.proposedIn = proposedIn.get();
            input.round = nextRound;
            input.report = &result.report;
            result.candidates = instance->propose(input);
            return result;
        },
        [this, name, nextRound](quint64, SearchResult &result) {
            if (!m_store || !m_dataset)
                return;
            std::vector<Candidate> list;
            list.reserve(result.candidates.size());
            for (const ScoredChip &c : result.candidates)
                list.push_back({m_dataset->ids[size_t(c.chip)], c.chip, c.score});
            const StrategyReport &report = result.report;
            const bool attributed = report.proposedBy.size() == result.candidates.size();
            QJsonObject by;
            QJsonArray shares;
            if (attributed) {
                for (size_t i = 0; i < list.size(); ++i)
                    by.insert(QString::fromStdString(list[i].chipId),
                              QString::fromStdString(report.proposedBy[i]));
                for (const auto &[strategy, share] : report.shares)
                    shares.append(QJsonArray{QString::fromStdString(strategy), share});
            }
            try {
                m_store->setCandidates(nextRound, name, list);
                m_store->setSetting(KeyRoundReport,
                                    QJsonDocument(QJsonObject{{QStringLiteral("proposed_by"), by},
                                                              {QStringLiteral("shares"), shares}})
                                        .toJson(QJsonDocument::Compact)
                                        .toStdString());
            } catch (...) {
                emit errorOccurred(ErrorText::describeCurrent());
                return;
            }
            setCandidateList(std::move(result.candidates));
            m_round = nextRound;
            m_candidateStrategy = QString::fromStdString(name);
            m_proposers.clear();
            m_shares.clear();
            if (attributed) {
                for (size_t i = 0; i < m_candidates.size(); ++i)
                    m_proposers[m_candidates[i].chip] =
                        QString::fromStdString(report.proposedBy[i]);
                for (const auto &[strategy, share] : report.shares)
                    m_shares.emplace_back(QString::fromStdString(strategy), share);
            }
            emit candidatesChanged();
            emit searchFinished(int(m_candidates.size()));
        });
}

quint64 ProjectSession::importLabels(const QString &path, const LabelImportOptions &options)
{
    if (!m_dataset || isReadOnly())
        return 0;
    LabelImportOptions withRound = options;
    withRound.round = m_round;
    std::shared_ptr<const Dataset> dataset = m_dataset;
    return m_io->run<std::vector<LabelChange>>(
        tr("Importing labels"),
        [dataset, file = path.toStdString(), withRound](Feedback &feedback) {
            return LabelImporter(*dataset).read(file, withRound, &feedback);
        },
        [this, path](quint64, std::vector<LabelChange> &changes) {
            if (!m_dataset)
                return;
            if (changes.empty()) {
                emit errorOccurred(
                    tr("%1 labels no chip of this dataset.").arg(QDir::toNativeSeparators(path)));
                return;
            }
            const int count = int(changes.size());
            if (applyChanges(changes, QT_TR_N_NOOP("Import %n label(s)"), count))
                emit labelsImported(count);
        });
}

quint64 ProjectSession::exportLabels(const QString &path)
{
    if (!m_dataset)
        return 0;
    std::vector<Label> labels = this->labels();
    std::shared_ptr<const Dataset> dataset = m_dataset;
    return m_io->run<size_t>(
        tr("Exporting labels"),
        [dataset, file = path.toStdString(), labels = std::move(labels)](Feedback &feedback) {
            feedback.throwIfCanceled();
            const size_t written = LabelExporter(*dataset).write(file, labels);
            feedback.setProgress(1.0);
            return written;
        },
        [this, path](quint64, size_t &written) { emit labelsExported(int(written), path); });
}

QString ProjectSession::setting(const QString &key, const QString &fallback) const
{
    if (!m_store)
        return fallback;
    try {
        const auto value = m_store->setting(key.toStdString());
        return value ? QString::fromStdString(*value) : fallback;
    } catch (...) {
        return fallback;
    }
}

void ProjectSession::setSetting(const QString &key, const QString &value)
{
    if (!m_store || isReadOnly())
        return;
    try {
        m_store->setSetting(key.toStdString(), value.toStdString());
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
    }
}

} // namespace chipfinder
