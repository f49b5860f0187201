#include "projectsession.h"

#include "chipgeometryindex.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetreader.h"
#include "errortext.h"
#include "jobrunner.h"
#include "project/labelhistory.h"
#include "search/approximateindex.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <cmath>
#include <limits>
#include <random>

namespace chipfinder {

struct ProjectSession::LoadResult
{
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const ChipGeometryIndex> geometry;
    std::shared_ptr<const FlatIndex> index;
};

ProjectSession::ProjectSession(QObject *parent)
    : QObject(parent), m_loader(new JobRunner(this)), m_searcher(new JobRunner(this))
{
    connect(m_loader, &JobRunner::failed, this, [this](quint64, const QString &message) {
        emit errorOccurred(message);
    });
    connect(m_searcher, &JobRunner::failed, this, [this](quint64, const QString &message) {
        emit errorOccurred(message);
    });
}

ProjectSession::~ProjectSession()
{
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

bool ProjectSession::openProject(const QString &path)
{
    close();
    try {
        m_store = ProjectStore::open(path.toStdString());
        m_history = std::make_unique<LabelHistory>(*m_store);
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
        const QString absolute = QFileInfo(datasetPath).absoluteFilePath();
        ProjectStore::create(projectPath.toStdString(),
                             DatasetReference::fromOpenOptions(absolute.toStdString(), options));
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
        return false;
    }
    return openProject(projectPath);
}

void ProjectSession::close()
{
    if (!m_store)
        return;
    m_searcher->cancel();
    m_loader->cancel();
    m_history.reset();
    m_store.reset();
    m_dataset.reset();
    m_geometry.reset();
    m_index.reset();
    m_labelState.clear();
    m_positives = m_negatives = 0;
    m_candidates.clear();
    m_candidateScore.clear();
    m_skipped.clear();
    emit closed();
}

void ProjectSession::startLoading()
{
    const std::string path = m_store->resolvedDatasetPath();
    DatasetOpenOptions options;
    try {
        options = m_store->dataset().openOptions();
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
        return;
    }
    m_loader->run<LoadResult>(
        tr("Loading the dataset"),
        [path, options](Feedback &feedback) {
            LoadResult result;
            auto dataset = std::make_shared<Dataset>(openDataset(path, options, &feedback));
            feedback.setProgress(0.75);
            result.geometry = std::make_shared<ChipGeometryIndex>(ChipGeometryIndex::build(*dataset));
            feedback.throwIfCanceled();
            feedback.setProgress(0.85);
            // Exact search; from kApproximateFrom chips on, plus an approximate index kept
            // beside the dataset (built on first open, then loaded).
            auto search = makeSearchIndex(dataset->embeddings, Metric::Cosine,
                                          IndexChoice::Automatic,
                                          approximateIndexPath(path, Metric::Cosine),
                                          kApproximateFrom, &feedback);
            if (!search.warning.empty())
                qWarning("%s", search.warning.c_str());
            result.index = std::move(search.index);
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
    m_dataset = std::move(result.dataset);
    m_geometry = std::move(result.geometry);
    m_index = std::move(result.index);
    rebuildLabelState();
    reloadCandidates();
    reloadSkipped();
    emit loaded();
    emit labelsChanged({});
    emit candidatesChanged();
}

void ProjectSession::rebuildLabelState()
{
    m_labelState.assign(m_dataset ? m_dataset->size() : 0, -1);
    m_positives = m_negatives = 0;
    if (!m_store || !m_dataset)
        return;
    for (const Label &label : m_store->labels()) {
        const int64_t chip = m_dataset->indexOf(label.chipId);
        if (chip < 0)
            continue; // a label of a chip the dataset no longer has: kept in the file, not shown
        m_labelState[size_t(chip)] = label.value == LabelValue::Positive ? 0 : 1;
        (label.value == LabelValue::Positive ? m_positives : m_negatives)++;
    }
}

void ProjectSession::reloadCandidates()
{
    m_candidates.clear();
    m_candidateScore.assign(m_dataset ? m_dataset->size() : 0,
                            std::numeric_limits<float>::quiet_NaN());
    if (!m_store || !m_dataset)
        return;
    for (const Candidate &c : m_store->candidates()) {
        const int64_t chip = m_dataset->indexOf(c.chipId);
        if (chip < 0)
            continue;
        m_candidates.push_back({chip, c.score});
        m_candidateScore[size_t(chip)] = c.score;
    }
}

void ProjectSession::reloadSkipped()
{
    m_skipped.clear();
    if (!m_store || !m_dataset)
        return;
    try {
        for (const SkippedChip &s : m_store->skipped()) {
            const int64_t chip = m_dataset->indexOf(s.chipId);
            if (chip >= 0)
                m_skipped.insert(chip); // ids the dataset no longer has stay in the file only
        }
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
    }
}

std::optional<LabelValue> ProjectSession::labelOf(int64_t chip) const
{
    if (chip < 0 || size_t(chip) >= m_labelState.size() || m_labelState[size_t(chip)] < 0)
        return std::nullopt;
    return m_labelState[size_t(chip)] == 0 ? LabelValue::Positive : LabelValue::Negative;
}

std::optional<Label> ProjectSession::label(int64_t chip) const
{
    if (!m_store || !m_dataset || chip < 0 || size_t(chip) >= m_dataset->size())
        return std::nullopt;
    return m_store->label(m_dataset->ids[size_t(chip)]);
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
            label.strategy = candidateStrategy().toStdString();
        }
        change.label = label;
    }
    return change;
}

bool ProjectSession::applyChanges(const std::vector<LabelChange> &changes,
                                  const QString &description)
{
    if (!m_history || !m_dataset || changes.empty())
        return false;
    std::vector<LabelChange> applied;
    try {
        applied = m_history->apply(changes, description.toStdString());
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
        return false;
    }
    QList<qint64> chips;
    updateLabelState(applied, chips);
    dropSkipsOfLabeled(applied);
    emit historyChanged();
    if (!chips.isEmpty())
        emit labelsChanged(chips);
    return true;
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
        m_store->removeSkipped(ids);
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
    }
}

void ProjectSession::updateLabelState(const std::vector<LabelChange> &changes,
                                      QList<qint64> &chips)
{
    for (const LabelChange &change : changes) {
        const int64_t chip = m_dataset->indexOf(change.chipId);
        if (chip < 0)
            continue;
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
    return m_history && m_history->canUndo();
}

bool ProjectSession::canRedo() const
{
    return m_history && m_history->canRedo();
}

QString ProjectSession::undoText() const
{
    return m_history ? QString::fromStdString(m_history->undoDescription()) : QString();
}

QString ProjectSession::redoText() const
{
    return m_history ? QString::fromStdString(m_history->redoDescription()) : QString();
}

bool ProjectSession::undo()
{
    return stepHistory(false);
}

bool ProjectSession::redo()
{
    return stepHistory(true);
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

bool ProjectSession::isCandidate(int64_t chip) const
{
    return chip >= 0 && size_t(chip) < m_candidateScore.size() &&
           !std::isnan(m_candidateScore[size_t(chip)]);
}

float ProjectSession::candidateScore(int64_t chip) const
{
    return isCandidate(chip) ? m_candidateScore[size_t(chip)]
                             : std::numeric_limits<float>::quiet_NaN();
}

int ProjectSession::round() const
{
    return m_store ? m_store->round() : 0;
}

QString ProjectSession::candidateStrategy() const
{
    return m_store ? QString::fromStdString(m_store->candidateStrategy()) : QString();
}

bool ProjectSession::skip(int64_t chip)
{
    if (!m_store || !m_dataset || chip < 0 || size_t(chip) >= m_dataset->size())
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
    return true;
}

bool ProjectSession::isSkipped(int64_t chip) const
{
    return m_skipped.count(chip) > 0;
}

quint64 ProjectSession::findSimilar(const QString &strategy, const StrategyParameters &parameters,
                                    size_t k)
{
    if (!m_dataset || !m_index || !m_store)
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
        emit errorOccurred(tr("Label at least one chip as positive (left click) before searching."));
        return 0;
    }
    const int nextRound = round() + 1;
    std::shared_ptr<const FlatIndex> index = m_index;
    return m_searcher->run<std::vector<ScoredChip>>(
        tr("Finding similar chips (%1)").arg(strategy),
        [index, positives = std::move(positives), negatives = std::move(negatives),
         labeled = std::move(labeled), name, parameters, k, nextRound](Feedback &feedback) {
            auto instance = StrategyRegistry::instance().create(name, parameters);
            std::mt19937_64 rng(0x5eed0000ULL + uint64_t(nextRound));
            StrategyInput input;
            input.index = index.get();
            input.positives = positives;
            input.negatives = negatives;
            input.labeled = &labeled;
            input.k = k;
            input.rng = &rng;
            input.feedback = &feedback;
            return instance->propose(input);
        },
        [this, name, nextRound](quint64, std::vector<ScoredChip> &result) {
            if (!m_store || !m_dataset)
                return;
            std::vector<Candidate> list;
            list.reserve(result.size());
            for (const ScoredChip &c : result)
                list.push_back({m_dataset->ids[size_t(c.chip)], c.chip, c.score});
            try {
                m_store->setCandidates(nextRound, name, list);
            } catch (...) {
                emit errorOccurred(ErrorText::describeCurrent());
                return;
            }
            reloadCandidates();
            emit candidatesChanged();
            emit searchFinished(int(result.size()));
        });
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
    if (!m_store)
        return;
    try {
        m_store->setSetting(key.toStdString(), value.toStdString());
    } catch (...) {
        emit errorOccurred(ErrorText::describeCurrent());
    }
}

} // namespace chipfinder
