#include "scorelayercontroller.h"

#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/strategypanel.h"
#include "gui/usersettings.h"

#include "common/feedback.h"
#include "dataset/dataset.h"
#include "export/candidateexporter.h"
#include "jobrunner.h"
#include "mapview.h"
#include "scorebar.h"
#include "scorelayer.h"
#include "search/flatindex.h"
#include "strategies/chipscores.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <memory>
#include <unordered_set>

namespace chipfinder {

namespace {
struct ScoreResult
{
    ChipScores scores;
    std::string strategy; // what was asked for
};

// The strategy title for a score source (the registry name, or the centroid fallback).
QString sourceTitle(const std::string &source)
{
    if (source == ChipScores::centroidSource)
        return ScoreLayerController::tr("cosine to the positives' centre");
    return StrategyPanel::strategyTitle(QString::fromStdString(source));
}
} // namespace

ScoreLayerController *ScoreLayerController::install(MainWindow *window)
{
    return new ScoreLayerController(window);
}

ScoreLayerController::ScoreLayerController(MainWindow *window)
    : QObject(window), m_window(window), m_layer(new ScoreLayer(this)),
      m_runner(new JobRunner(this)), m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("scoreLayerController"));
    ProjectSession *session = window->session();
    m_layer->setReviewDocument(session);
    window->mapView()->setScoreLayer(m_layer);

    // The strip under the map: legend, threshold, count, accept. A tool bar, so it sits beside
    // the map (never over it) and its visibility is kept with the window layout.
    m_bar = new ScoreBar(window);
    m_bar->setObjectName(QStringLiteral("scoreBar"));
    m_bar->setLayer(m_layer);
    m_toolBar = new QToolBar(tr("Score layer"), window);
    m_toolBar->setObjectName(QStringLiteral("scoreToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->addWidget(m_bar);
    window->addToolBar(Qt::BottomToolBarArea, m_toolBar);
    m_toolBar->hide();

    m_toggle = m_toolBar->toggleViewAction();
    m_toggle->setObjectName(QStringLiteral("scoreLayerAction"));
    m_toggle->setText(tr("Score &layer"));
    m_toggle->setShortcut(QKeySequence(tr("Ctrl+L")));
    m_toggle->setToolTip(tr("Every chip's score for the current labels as a heat over the map, "
                            "with a threshold"));
    if (QMenu *view = window->viewMenu()) {
        const QList<QAction *> actions = view->actions();
        // After "Set basemap…", before the docks.
        QAction *before = nullptr;
        for (QAction *action : actions)
            if (action->isSeparator()) {
                before = action;
                break;
            }
        view->insertAction(before, m_toggle);
    }
    connect(m_toolBar, &QToolBar::visibilityChanged, this, &ScoreLayerController::setShown);

    m_acceptAbove = new QAction(tr("Accept all &above threshold"), this);
    m_acceptAbove->setObjectName(QStringLiteral("acceptAboveThresholdAction"));
    m_acceptAbove->setToolTip(tr("Label every unlabeled chip at or above the score layer's "
                                 "threshold positive, as one step"));
    connect(m_acceptAbove, &QAction::triggered, this, [this] { acceptAboveThreshold(); });
    connect(m_bar, &ScoreBar::acceptAboveRequested, this, [this] { acceptAboveThreshold(); });
    if (QMenu *review = window->reviewMenu()) {
        review->addSeparator();
        review->addAction(m_acceptAbove);
    }

    m_export = new QAction(tr("Export &candidates…"), this);
    m_export->setObjectName(QStringLiteral("exportCandidates"));
    connect(m_export, &QAction::triggered, this, [this] { exportDialog(false); });
    m_exportAbove = new QAction(tr("Export candidates and chips a&bove threshold…"), this);
    m_exportAbove->setObjectName(QStringLiteral("exportCandidatesAbove"));
    connect(m_exportAbove, &QAction::triggered, this, [this] { exportDialog(true); });
    if (QMenu *file = window->fileMenu()) {
        // Beside Export labels….
        QAction *after = nullptr;
        const QList<QAction *> actions = file->actions();
        for (qsizetype i = 0; i + 1 < actions.size(); ++i)
            if (actions[i]->objectName() == QLatin1String("exportLabels"))
                after = actions[i + 1];
        file->insertAction(after, m_export);
        file->insertAction(after, m_exportAbove);
    }

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, [this] { computeScores(); });
    connect(session, &ProjectSession::loaded, this, [this] {
        m_layer->clear();
        scheduleCompute();
        updateActions();
    });
    connect(session, &ProjectSession::closed, this, [this] {
        m_runner->cancel();
        m_layer->clear();
        updateActions();
    });
    connect(session, &ProjectSession::labelsChanged, this, [this] { scheduleCompute(); });
    connect(session, &ProjectSession::candidatesChanged, this,
            &ScoreLayerController::updateActions);
    connect(window->strategyPanel(), &StrategyPanel::settingsChanged, this,
            &ScoreLayerController::scheduleCompute);
    connect(m_layer, &ScoreLayer::changed, this, &ScoreLayerController::updateActions);
    connect(m_runner, &JobRunner::failed, this, [this](quint64, const QString &message) {
        m_bar->setStatus(QString());
        emit m_window->session()->errorOccurred(message);
    });
    connect(m_runner, &JobRunner::canceled, this, [this](quint64) { m_bar->setStatus(QString()); });
    updateActions();
}

void ScoreLayerController::setShown(bool shown)
{
    m_layer->setVisible(shown);
    if (shown && !m_layer->hasScores())
        computeScores();
    updateActions();
}

void ScoreLayerController::scheduleCompute()
{
    if (m_layer->isVisible())
        m_debounce->start();
}

bool ScoreLayerController::computeScores()
{
    m_debounce->stop();
    ProjectSession *session = m_window->session();
    const auto index = session->index();
    const auto dataset = session->dataset();
    if (!session->isLoaded() || !index || !dataset)
        return false;
    std::vector<int64_t> positives, negatives;
    ChipMask excluded(dataset->size());
    for (const int64_t chip : session->labeledChips()) {
        (session->labelOf(chip) == LabelValue::Positive ? positives : negatives).push_back(chip);
        excluded.set(chip);
    }
    for (size_t chip = 0; chip < dataset->size(); ++chip)
        if (session->isSkipped(int64_t(chip)))
            excluded.set(int64_t(chip));
    if (positives.empty()) {
        m_runner->cancel();
        m_layer->clear();
        m_bar->setStatus(tr("Label a positive chip to see scores"));
        return false;
    }
    const std::string strategy = m_window->strategyPanel()->strategy().toStdString();
    const StrategyParameters parameters = m_window->strategyPanel()->parameters();
    const uint64_t seed = 0x5eed0000ULL + uint64_t(session->round() + 1);
    m_bar->setStatus(tr("Computing scores…"));
    m_runner->run<ScoreResult>(
        tr("Scoring every chip"),
        [index, strategy, parameters, positives = std::move(positives),
         negatives = std::move(negatives), excluded = std::move(excluded),
         seed](Feedback &feedback) {
            ScoreResult result;
            result.strategy = strategy;
            result.scores = scoreEveryChip(*index, strategy, parameters, positives, negatives,
                                           excluded, seed, &feedback);
            return result;
        },
        [this](quint64, ScoreResult &result) {
            const auto dataset = m_window->session()->dataset();
            if (!dataset || result.scores.scores.size() != dataset->size())
                return;
            m_bar->setStatus(QString());
            m_layer->setScores(std::move(result.scores.scores),
                               QString::fromStdString(result.scores.source));
            m_toolBar->setToolTip(tr("Scores: %1").arg(sourceTitle(result.scores.source)));
            m_bar->legend()->setToolTip(tr("Scores: %1").arg(sourceTitle(result.scores.source)));
            emit scoresReady();
        });
    return true;
}

bool ScoreLayerController::acceptAboveThreshold()
{
    ProjectSession *session = m_window->session();
    if (!session->isLoaded() || !m_layer->hasScores())
        return false;
    const std::vector<ScoredChip> chips = m_layer->chipsAbove();
    std::vector<LabelChange> changes;
    changes.reserve(chips.size());
    const std::string source = m_layer->source().toStdString();
    for (const ScoredChip &chip : chips) {
        LabelChange change =
            session->makeChange(chip.chip, LabelValue::Positive, LabelSource::Threshold);
        change.label->score = chip.score;
        change.label->strategy = source;
        changes.push_back(std::move(change));
    }
    if (changes.empty())
        return false;
    return session->applyChanges(
        changes,
        QT_TRANSLATE_N_NOOP("chipfinder::ProjectSession", "Accept %n chips above the threshold"),
        int(changes.size()));
}

bool ScoreLayerController::exportCandidates(const QString &path, bool includeAbove)
{
    ProjectSession *session = m_window->session();
    const auto dataset = session->dataset();
    if (!session->isLoaded() || !dataset)
        return false;
    std::vector<ExportedCandidate> list;
    std::unordered_set<int64_t> taken;
    for (const ScoredChip &c : session->candidates()) {
        list.push_back({c.chip, c.score, session->proposerOf(c.chip).toStdString(), false});
        taken.insert(c.chip);
    }
    if (includeAbove && m_layer->hasScores()) {
        const std::string source = m_layer->source().toStdString();
        for (const ScoredChip &c : m_layer->chipsAbove())
            if (!taken.count(c.chip))
                list.push_back({c.chip, c.score, source, true});
    }
    if (list.empty()) {
        emit session->errorOccurred(tr("There are no candidates to export: run Find similar "
                                       "first."));
        return false;
    }
    const int round = session->round();
    session->io()->run<size_t>(
        tr("Exporting candidates"),
        [dataset, file = path.toStdString(), list = std::move(list), round](Feedback &feedback) {
            return CandidateExporter(*dataset).write(file, list, round, &feedback);
        },
        [this, path](quint64, size_t &written) {
            m_window->statusBar()->showMessage(
                tr("Exported %n candidate(s) to %1", nullptr, int(written))
                    .arg(QDir::toNativeSeparators(path)),
                8000);
            emit candidatesExported(int(written), path);
        });
    return true;
}

void ScoreLayerController::exportDialog(bool includeAbove)
{
    ProjectSession *session = m_window->session();
    if (!session->isLoaded())
        return;
    QString selected;
    const QString geojson = tr("GeoJSON (*.geojson)");
    const QString csv = tr("CSV (*.csv)");
    const QString base =
        QDir(usersettings::folder(QStringLiteral("export"),
                                  QFileInfo(session->projectPath()).absolutePath()))
            .filePath(QStringLiteral("candidates.geojson"));
    QString path = QFileDialog::getSaveFileName(
        m_window,
        includeAbove ? tr("Export candidates and chips above the threshold")
                     : tr("Export candidates"),
        base, QStringList{geojson, csv}.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected == csv ? QStringLiteral(".csv") : QStringLiteral(".geojson");
    usersettings::rememberFolder(QStringLiteral("export"), path);
    exportCandidates(path, includeAbove);
}

void ScoreLayerController::updateActions()
{
    const bool loaded = m_window->session()->isLoaded();
    m_toggle->setEnabled(loaded || m_toggle->isChecked());
    m_acceptAbove->setEnabled(loaded && m_layer->hasScores() && m_layer->isVisible() &&
                              m_layer->countAbove() > 0);
    m_export->setEnabled(loaded);
    m_exportAbove->setEnabled(loaded && m_layer->hasScores());
}

} // namespace chipfinder
