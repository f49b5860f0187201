#include "mainwindow.h"

#include "analyticsdocks.h"
#include "locatecontroller.h"
#include "missingfiles.h"
#include "reviewtools.h"
#include "scorelayercontroller.h"

#include "candidategrid.h"
#include "candidatemodel.h"
#include "chipgeometryindex.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "demoraster.h"
#include "errortext.h"
#include "export/labelexporter.h"
#include "export/labelimporter.h"
#include "jobrunner.h"
#include "mapview.h"
#include "projectsession.h"
#include "rasterlayer.h"
#include "rasterrenderer.h"
#include "strategypanel.h"
#include "thumbnailprovider.h"
#include "usersettings.h"

#if __has_include("embed/demodataset.h")
#include "embed/demodataset.h"
#define CHIPFINDER_HAVE_DEMO 1
#endif

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

namespace chipfinder {

namespace {
const QString KeyStrategy = QStringLiteral("strategy");
const QString KeyParameters = QStringLiteral("strategy.parameters.");
const QString KeyBatchSize = QStringLiteral("batchSize");
const QString KeyAutoRun = QStringLiteral("autoRun");
const QString KeyView = QStringLiteral("view");
const QString KeyBasemap = QStringLiteral("basemap");
const QString KeyImagery = QStringLiteral("imagery");
const QString KeyCurrent = QStringLiteral("review.current"); // chip id selected in review
const QString HintFirstRun = QStringLiteral("firstRun");
} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Chipfinder"));
    m_session = new ProjectSession(this);
    m_map = new MapView(this);
    m_map->setObjectName(QStringLiteral("map"));
    setCentralWidget(m_map);
    m_model = new CandidateModel(this);
    // Views read the session; connected before the window's own slots below, so these see
    // the views already current.
    m_map->setReviewDocument(m_session);
    m_model->setReviewDocument(m_session);

    m_autoRunTimer = new QTimer(this);
    m_autoRunTimer->setSingleShot(true);
    m_autoRunTimer->setInterval(600);
    connect(m_autoRunTimer, &QTimer::timeout, this, [this] { findSimilar(); });
    m_viewSaveTimer = new QTimer(this);
    m_viewSaveTimer->setSingleShot(true);
    m_viewSaveTimer->setInterval(400);
    connect(m_viewSaveTimer, &QTimer::timeout, this, [this] {
        if (m_session->isLoaded())
            m_session->setSetting(KeyView, m_map->viewString());
    });

    createDocks();
    createActions();
    createStatusBar();

    // A dataset or basemap the project cannot find is asked for (not in tests' quiet mode).
    m_session->setLocateHandler([this](const QString &missing) {
        return m_interactive ? askForMissingFile(this, missing) : QString();
    });
    connect(m_session, &ProjectSession::opened, this, &MainWindow::onOpened);
    connect(m_session, &ProjectSession::loaded, this, &MainWindow::onLoaded);
    connect(m_session, &ProjectSession::closed, this, &MainWindow::onClosed);
    connect(m_session, &ProjectSession::labelsChanged, this, &MainWindow::onLabelsChanged);
    connect(m_session, &ProjectSession::candidatesChanged, this, &MainWindow::onCandidatesChanged);
    connect(m_session, &ProjectSession::historyChanged, this, &MainWindow::updateActions);
    connect(m_session, &ProjectSession::errorOccurred, this, &MainWindow::showError);
    connect(m_session, &ProjectSession::projectLocked, this, &MainWindow::onProjectLocked);
    connect(m_session, &ProjectSession::labelsExported, this,
            [this](int count, const QString &path) {
                statusBar()->showMessage(tr("Exported %n label(s) to %1", nullptr, count)
                                             .arg(QDir::toNativeSeparators(path)),
                                         8000);
            });
    connect(m_session, &ProjectSession::labelsImported, this, [this](int count) {
        statusBar()->showMessage(tr("Imported %n label(s)", nullptr, count), 8000);
    });
    for (JobRunner *runner : {m_session->loader(), m_session->searcher(), m_session->io()}) {
        connect(runner, &JobRunner::started, this,
                [this](quint64, const QString &title) { onJobStarted(title); });
        connect(runner, &JobRunner::progressChanged, this,
                [this](quint64, double fraction) { onJobProgress(fraction); });
        connect(runner, &JobRunner::runningChanged, this, [this](bool running) {
            if (!running)
                onJobEnded();
        });
    }

    connect(m_map, &MapView::chipClicked, this,
            [this](qint64 chip, Qt::MouseButton button) { onChipClicked(chip, button); });
    connect(m_map, &MapView::chipsBoxSelected, this, &MainWindow::onBoxSelected);
    connect(m_map, &MapView::chipSelected, this, [this](qint64 chip) { m_grid->selectChip(chip); });
    connect(m_map, &MapView::viewChanged, this, [this] {
        if (!m_restoring && m_session->isLoaded())
            m_viewSaveTimer->start();
    });
    connect(m_grid, &CandidateGrid::currentChipChanged, this, [this](qint64 chip) {
        m_map->setSelectedChip(chip);
        // While a project loads and its state is restored, the grid's automatic first selection
        // must neither move the saved view nor replace the saved selection.
        if (m_restoring || !m_session->isLoaded() || m_map->dataset() != m_session->dataset() ||
            chip < 0)
            return;
        m_map->centerOnChip(chip);
        m_session->setSetting(KeyCurrent,
                              QString::fromStdString(m_session->dataset()->ids[size_t(chip)]));
    });
    connect(m_grid, &CandidateGrid::decisionRequested, this, &MainWindow::onDecision);
    connect(m_strategyPanel, &StrategyPanel::findSimilarRequested, this, [this] { findSimilar(); });
    connect(m_strategyPanel, &StrategyPanel::auditRequested, this, [this] { startAudit(); });
    connect(m_strategyPanel, &StrategyPanel::strategyChanged, this, [this](const QString &name) {
        if (!m_session->isLoaded())
            return;
        const bool restoring = std::exchange(m_restoring, true); // one save, after all editors
        m_strategyPanel->setParametersText(m_session->setting(KeyParameters + name));
        m_restoring = restoring;
    });
    connect(m_strategyPanel, &StrategyPanel::settingsChanged, this,
            &MainWindow::saveSearchSettings);
    AnalyticsDocks::install(this);   // Analysis menu: recall simulation, scatter, analysis docks
    LocateController::install(this); // heat inside the selected chip, tight footprints
    ScoreLayerController::install(this); // every chip's score over the map, threshold, export
    ReviewTools::install(this);          // thumbnail zoom and preview, lasso, scatter labeling
    connect(m_session, &ProjectSession::loaded, this,
            [this] { usersettings::addRecentProject(m_session->projectPath()); });
    createHint();
    m_map->installEventFilter(this);

    updateActions();
    updateStatus();
    resize(1280, 800);
    // The layout as built is what Reset layout returns to; the user's last layout is restored.
    m_defaultLayout = saveState();
    restoreGeometry(usersettings::windowGeometry());
    restoreState(usersettings::windowLayout());
}

MainWindow::~MainWindow()
{
    m_session->searcher()->cancel();
    m_session->loader()->cancel();
}

void MainWindow::createDocks()
{
    m_strategyPanel = new StrategyPanel(this);
    m_searchDock = new QDockWidget(tr("Search"), this);
    m_searchDock->setObjectName(QStringLiteral("searchDock"));
    m_searchDock->setWidget(m_strategyPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_searchDock);

    auto *review = new QWidget(this);
    auto *layout = new QVBoxLayout(review);
    layout->setContentsMargins(2, 2, 2, 2);
    m_grid = new CandidateGrid(review);
    m_grid->setObjectName(QStringLiteral("candidateGrid"));
    m_grid->setCandidateModel(m_model);
    auto *buttons = new QHBoxLayout;
    auto *accept = new QPushButton(tr("Accept (Y)"), review);
    auto *reject = new QPushButton(tr("Reject (N)"), review);
    auto *skip = new QPushButton(tr("Skip (S)"), review);
    accept->setToolTip(tr("Label the selected candidate positive"));
    reject->setToolTip(tr("Label the selected candidate negative"));
    skip->setToolTip(tr("Leave the selected candidate unlabeled and go to the next"));
    for (QPushButton *b : {accept, reject, skip}) {
        b->setFocusPolicy(Qt::NoFocus);
        buttons->addWidget(b);
    }
    connect(accept, &QPushButton::clicked, m_grid, &CandidateGrid::acceptCurrent);
    connect(reject, &QPushButton::clicked, m_grid, &CandidateGrid::rejectCurrent);
    connect(skip, &QPushButton::clicked, m_grid, &CandidateGrid::skipCurrent);
    layout->addLayout(buttons);
    m_shares = new QLabel(review);
    m_shares->setObjectName(QStringLiteral("shares"));
    m_shares->setWordWrap(true);
    m_shares->setToolTip(tr("How the strategy shared this round among the strategies it runs, "
                            "from what you accepted and rejected so far"));
    m_shares->hide();
    layout->addWidget(m_shares);
    layout->addWidget(m_grid, 1);
    m_reviewDock = new QDockWidget(tr("Review candidates"), this);
    m_reviewDock->setObjectName(QStringLiteral("reviewDock"));
    m_reviewDock->setWidget(review);
    addDockWidget(Qt::RightDockWidgetArea, m_reviewDock);
    splitDockWidget(m_searchDock, m_reviewDock, Qt::Vertical);
    resizeDocks({m_searchDock}, {360}, Qt::Horizontal);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_fileMenu = file;
    QAction *newProject = file->addAction(tr("&New project…"), this, &MainWindow::newProjectDialog);
    newProject->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(tr("&Open project…"), this, &MainWindow::openProjectDialog);
    open->setShortcut(QKeySequence::Open);
    QAction *openData = file->addAction(tr("Open &dataset…"), this, &MainWindow::openDatasetDialog);
    openData->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    file->addAction(tr("Open the d&emo"), this, &MainWindow::openDemo);
    m_recentMenu = file->addMenu(tr("&Recent projects"));
    m_recentMenu->setObjectName(QStringLiteral("recentProjects"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    m_import = file->addAction(tr("&Import labels…"), this, &MainWindow::importDialog);
    m_export = file->addAction(tr("&Export labels…"), this, &MainWindow::exportDialog);
    m_export->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_export->setObjectName(QStringLiteral("exportLabels"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = edit->addAction(tr("&Undo"), this, [this] { m_session->undo(); });
    m_undo->setShortcut(QKeySequence(tr("Ctrl+Z")));
    m_redo = edit->addAction(tr("&Redo"), this, [this] { m_session->redo(); });
    m_redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    // The toolbar shows a fixed word (the buttons do not move as the step's name changes); the
    // menu and the tooltip name the step.
    m_undo->setIconText(tr("Undo"));
    m_redo->setIconText(tr("Redo"));

    // Review keys work wherever the focus is in the window, except while typing in a field
    // (line edits and spin boxes take their keys first).
    QMenu *review = menuBar()->addMenu(tr("&Review"));
    m_reviewMenu = review;
    m_accept = review->addAction(tr("&Accept candidate"), m_grid, &CandidateGrid::acceptCurrent);
    m_accept->setShortcut(QKeySequence(tr("Y")));
    m_reject = review->addAction(tr("&Reject candidate"), m_grid, &CandidateGrid::rejectCurrent);
    m_reject->setShortcut(QKeySequence(tr("N")));
    m_skip = review->addAction(tr("&Skip candidate"), m_grid, &CandidateGrid::skipCurrent);
    m_skip->setShortcut(QKeySequence(tr("S")));
    for (QAction *action : {m_accept, m_reject, m_skip})
        action->setShortcutContext(Qt::WindowShortcut);

    QMenu *search = menuBar()->addMenu(tr("&Search"));
    m_find = search->addAction(tr("&Find similar"), this, [this] { findSimilar(); });
    m_find->setShortcuts({QKeySequence(tr("Ctrl+F")), QKeySequence(tr("Ctrl+Return"))});
    QAction *cancel = search->addAction(tr("&Cancel"), this, [this] {
        m_session->searcher()->cancel();
        m_session->loader()->cancel();
        m_session->io()->cancel();
    });
    cancel->setShortcut(QKeySequence(tr("Esc")));
    m_audit = search->addAction(tr("&Audit round"), this, [this] { startAudit(); });
    m_audit->setObjectName(QStringLiteral("auditRound"));
    m_audit->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    m_audit->setToolTip(tr("Propose a random sample of unlabeled chips, stratified by score, to "
                           "estimate how many positives are left"));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *zoomIn = m_viewMenu->addAction(tr("Zoom &in"), m_map, &MapView::zoomIn);
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction *zoomOut = m_viewMenu->addAction(tr("Zoom &out"), m_map, &MapView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    m_zoomToChips = m_viewMenu->addAction(tr("Zoom to &all chips"), m_map, &MapView::zoomToChips);
    m_zoomToChips->setShortcut(QKeySequence(tr("Ctrl+0")));
    m_basemapAction =
        m_viewMenu->addAction(tr("Set &basemap…"), this, &MainWindow::setBasemapFromUser);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_searchDock->toggleViewAction());
    m_viewMenu->addAction(m_reviewDock->toggleViewAction());
    m_viewMenu->addSeparator();
    m_resetLayout = m_viewMenu->addAction(tr("&Reset layout"), this, [this] {
        restoreState(m_defaultLayout);
        m_searchDock->show();
        m_reviewDock->show();
    });

    m_analysisMenu = menuBar()->addMenu(tr("&Analysis"));
    m_analysisMenu->menuAction()->setVisible(false); // shown once an analysis view is added

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&How to label"), this, [this] {
        QMessageBox::information(
            this, tr("How to label"),
            tr("<p><b>Map:</b> left click = positive, right click = negative, click a labeled "
               "chip again = clear. Shift+drag a box to label many (left button = positive, "
               "right = negative); Ctrl+Shift+drag draws a free-hand lasso. Drag to pan, wheel or "
               "+/− to zoom, Ctrl+click to select.</p>"
               "<p><b>Search:</b> pick a strategy and press <i>Find similar</i> (Ctrl+F).</p>"
               "<p><b>Review:</b> Y = accept, N = reject, S = skip, arrows move. Rest the "
               "mouse on a thumbnail to see it larger.</p>"
               "<p>Undo with Ctrl+Z, redo with Ctrl+Shift+Z. Everything is saved as you go.</p>"));
    });
    help->addAction(tr("&About Chipfinder"), this, [this] {
        QMessageBox::about(this, tr("About Chipfinder"),
                           tr("<p><b>Chipfinder</b> finds satellite image chips similar to the "
                              "ones you label, from their embeddings.</p>"));
    });

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->addAction(open);
    bar->addAction(m_undo);
    bar->addAction(m_redo);
    bar->addAction(m_find);
    bar->addAction(m_zoomToChips);
    bar->addAction(m_export);
}

void MainWindow::createStatusBar()
{
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("counts"));
    statusBar()->addWidget(m_counts, 1);
    m_jobLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(200);
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_session->searcher()->cancel();
        m_session->loader()->cancel();
        m_session->io()->cancel();
    });
    statusBar()->addPermanentWidget(m_jobLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_jobLabel->hide();
    m_progress->hide();
    m_cancel->hide();
    updateStatus();
}

// ---- opening ----

bool MainWindow::openProject(const QString &path, bool readOnly)
{
    return m_session->openProject(path, readOnly);
}

void MainWindow::onProjectLocked(const QString &path, const QString &holder)
{
    const QString file = QDir::toNativeSeparators(path);
    m_lastError = holder.isEmpty()
                      ? tr("%1 is open for writing in another Chipfinder.").arg(file)
                      : tr("%1 is open for writing in another Chipfinder (%2).").arg(file, holder);
    statusBar()->showMessage(m_lastError, 10000);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Project in use"),
                                m_lastError + QLatin1Char('\n') +
                                    tr("Open it read-only? You can view and export its labels "
                                       "but not change them."),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("projectLockedBox"));
    QPushButton *readOnly = box->addButton(tr("Open &read-only"), QMessageBox::AcceptRole);
    box->setDefaultButton(readOnly);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, path, readOnly](QAbstractButton *b) {
        if (b == readOnly)
            openProject(path, true);
    });
    box->open();
}

bool MainWindow::openDataset(const QString &datasetPath)
{
    const QString project = ProjectSession::projectPathFor(datasetPath);
    if (QFileInfo::exists(project))
        return openProject(project);
    return createProject(project, datasetPath);
}

bool MainWindow::createProject(const QString &projectPath, const QString &datasetPath)
{
    return m_session->createProject(projectPath, datasetPath);
}

void MainWindow::openDemo()
{
#ifdef CHIPFINDER_HAVE_DEMO
    const QString source = demoRasterPath();
    if (source.isEmpty()) {
        showError(tr("The demo raster is not installed (looked for %1 in %2).")
                      .arg(QStringLiteral(CHIPFINDER_DEMO_FILE),
                           QDir::toNativeSeparators(
                               QDir::cleanPath(QCoreApplication::applicationDirPath() +
                                               QStringLiteral("/" CHIPFINDER_DEMO_INSTALLED)))));
        return;
    }
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(cache);
    QDir().mkpath(data);
    if (m_interactive) {
        m_demoProgress =
            new QProgressDialog(tr("Preparing the demo dataset…"), tr("Cancel"), 0, 1000, this);
        m_demoProgress->setWindowModality(Qt::WindowModal);
        m_demoProgress->setMinimumDuration(0);
        m_demoProgress->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_demoProgress, &QProgressDialog::canceled, m_session->loader(),
                &JobRunner::cancel);
    }
    auto *runner = m_session->loader();
    auto progress = connect(runner, &JobRunner::progressChanged, this, [this](quint64, double f) {
        if (m_demoProgress)
            m_demoProgress->setValue(int(f * 1000));
    });
    auto done = std::make_shared<QMetaObject::Connection>();
    *done = connect(runner, &JobRunner::runningChanged, this, [this, progress, done](bool running) {
        if (running)
            return;
        disconnect(progress);
        disconnect(*done);
        if (m_demoProgress)
            m_demoProgress->close();
    });
    runner->run<DemoDataset>(
        tr("Preparing the demo dataset"),
        [source, cache](Feedback &feedback) {
            return ensureDemoDataset(source.toStdString(), cache.toStdString(), &feedback);
        },
        [this, data](quint64, DemoDataset &demo) {
            const QString datasetPath = QString::fromStdString(demo.datasetPath);
            const QString project = QDir(data).filePath(QStringLiteral("demo.chipfinder.gpkg"));
            bool ok = QFileInfo::exists(project) ? openProject(project)
                                                 : createProject(project, datasetPath);
            if (ok && m_session->setting(LocateController::imageryKey()).isEmpty())
                m_session->setSetting(LocateController::imageryKey(),
                                      QString::fromStdString(demo.imageryPath));
            if (ok && m_session->setting(KeyBasemap).isEmpty() && !demo.basemapPath.empty()) {
                m_session->setSetting(KeyBasemap, QString::fromStdString(demo.basemapPath));
                if (m_session->isLoaded())
                    applyBasemap(QString::fromStdString(demo.basemapPath));
            }
        });
#else
    showError(tr("The demo dataset is not available in this build."));
#endif
}

void MainWindow::onOpened()
{
    const QString name = QFileInfo(m_session->projectPath()).fileName();
    setWindowTitle(m_session->isReadOnly() ? tr("%1 (read-only) — Chipfinder").arg(name)
                                           : tr("%1 — Chipfinder").arg(name));
    updateActions();
    updateStatus();
}

void MainWindow::onLoaded()
{
    const auto dataset = m_session->dataset();
    m_restoring = true;
    m_map->setDataset(dataset, m_session->geometry());
    m_model->setDataset(dataset);

    // Basemap: the project's choice, else the dataset's imagery.
    QString basemap = m_session->filePathSetting(KeyBasemap);
    if (basemap.isEmpty())
        basemap = QString::fromStdString(dataset->imageryPath);
    applyBasemap(basemap);

    restoreSettings();
    onLabelsChanged({});
    onCandidatesChanged();
    m_restoring = false;
    updateActions();
    updateStatus();
    showSkippedRows(*dataset);
}

void MainWindow::showSkippedRows(const Dataset &dataset)
{
    const SkipReport &skipped = dataset.skipped;
    if (skipped.count == 0)
        return;
    QStringList rows;
    for (const auto &row : skipped.first)
        rows << tr("row %1%2: %3")
                    .arg(row.row)
                    .arg(row.id.empty() ? QString()
                                        : tr(" (id %1)").arg(QString::fromStdString(row.id)))
                    .arg(QString::fromStdString(row.reason));
    QStringList kinds;
    for (const auto &[kind, count] : skipped.byKind)
        kinds << QStringLiteral("%1 × %2").arg(count).arg(QString::fromStdString(kind));
    m_lastNotice = tr("%n row(s) of the dataset could not be used and were skipped (%1).", "",
                      int(skipped.count))
                       .arg(kinds.join(QStringLiteral(", ")));
    statusBar()->showMessage(m_lastNotice, 30000);
    if (!m_interactive)
        return;
    auto *box = new QMessageBox(QMessageBox::Information, tr("Rows skipped"), m_lastNotice,
                                QMessageBox::Ok, this);
    box->setInformativeText(tr("First skipped:") + QLatin1Char('\n') +
                            rows.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::applyBasemap(const QString &source)
{
    const auto dataset = m_session->dataset();
    delete m_thumbnails;
    m_thumbnails = nullptr;
    try {
        const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                              QStringLiteral("/tiles");
        m_map->setBasemap(source, cache);
        QString imagery = dataset ? QString::fromStdString(dataset->imageryPath) : QString();
        if (imagery.isEmpty())
            imagery = m_session->setting(KeyImagery);
        m_map->setImagery(imagery);
        const QString thumbSource = !imagery.isEmpty() ? imagery : source;
        if (!thumbSource.isEmpty() && m_session->geometry()) {
            auto renderer = imagery.isEmpty() || imagery == source
                                ? m_map->basemapLayer()->rendererPtr()
                                : std::make_shared<RasterRenderer>(imagery);
            m_thumbnails = new ThumbnailProvider(renderer, m_session->geometry(),
                                                 m_grid->thumbnailSize(), this);
        }
    } catch (...) {
        showError(ErrorText::describeCurrent());
    }
    m_model->setThumbnailProvider(m_thumbnails);
}

void MainWindow::restoreSettings()
{
    const QString view = m_session->setting(KeyView);
    if (view.isEmpty() || !m_map->setViewString(view))
        m_map->zoomToChips();
    const QString strategy = m_session->setting(KeyStrategy);
    if (!strategy.isEmpty())
        m_strategyPanel->setStrategy(strategy);
    m_strategyPanel->setParametersText(
        m_session->setting(KeyParameters + m_strategyPanel->strategy()));
    m_strategyPanel->setBatchSize(m_session->setting(KeyBatchSize, QStringLiteral("25")).toInt());
    m_strategyPanel->setAutoRun(m_session->setting(KeyAutoRun) == QLatin1String("true"));
    const int64_t current =
        m_session->dataset()->indexOf(m_session->setting(KeyCurrent).toStdString());
    if (current >= 0)
        m_grid->selectChip(current);
}

void MainWindow::saveSearchSettings()
{
    if (m_restoring || !m_session->isLoaded())
        return;
    m_session->setSetting(KeyStrategy, m_strategyPanel->strategy());
    m_session->setSetting(KeyParameters + m_strategyPanel->strategy(),
                          m_strategyPanel->parametersText());
    m_session->setSetting(KeyBatchSize, QString::number(m_strategyPanel->batchSize()));
    m_session->setSetting(KeyAutoRun, m_strategyPanel->autoRun() ? QStringLiteral("true")
                                                                 : QStringLiteral("false"));
}

void MainWindow::onClosed()
{
    m_map->setDataset(nullptr);
    m_model->setDataset(nullptr);
    setWindowTitle(tr("Chipfinder"));
    updateActions();
    updateStatus();
}

// ---- labels ----

void MainWindow::onLabelsChanged(const QList<qint64> &chips)
{
    if (!m_session->isLoaded())
        return;
    if (!chips.isEmpty())
        scheduleAutoRun();
    updateStatus();
}

void MainWindow::onChipClicked(qint64 chip, Qt::MouseButton button)
{
    if (!m_session->isLoaded())
        return;
    m_session->clickChip(chip,
                         button == Qt::RightButton ? LabelValue::Negative : LabelValue::Positive);
    m_grid->selectChip(chip);
}

void MainWindow::onBoxSelected(const QList<qint64> &chips, Qt::MouseButton button)
{
    if (!m_session->isLoaded() || chips.isEmpty())
        return;
    m_session->labelChips(std::vector<int64_t>(chips.begin(), chips.end()),
                          button == Qt::RightButton ? LabelValue::Negative : LabelValue::Positive);
}

void MainWindow::onDecision(qint64 chip, CandidateDecision decision)
{
    if (!m_session->isLoaded())
        return;
    switch (decision) {
    case CandidateDecision::Accepted:
        m_session->accept(chip);
        break;
    case CandidateDecision::Rejected:
        m_session->reject(chip);
        break;
    case CandidateDecision::Skipped:
        m_session->skip(chip);
        break;
    case CandidateDecision::Pending:
        break;
    }
    updateStatus();
}

void MainWindow::onCandidatesChanged()
{
    // How a strategy shared the batch (auto).
    QStringList shares;
    if (!m_session->shares().empty()) {
        for (const auto &[strategy, share] : m_session->shares())
            shares << tr("%1 %2 %")
                          .arg(StrategyPanel::strategyTitle(strategy))
                          .arg(qRound(share * 100.0));
    }
    m_shares->setText(shares.isEmpty()
                          ? QString()
                          : tr("Round %1 by %2: %3")
                                .arg(m_session->round())
                                .arg(StrategyPanel::strategyTitle(m_session->candidateStrategy()))
                                .arg(shares.join(QStringLiteral(", "))));
    m_shares->setVisible(!shares.isEmpty());
    if (!m_session->candidates().empty())
        m_reviewDock->raise();
    updateStatus();
}

// ---- search ----

bool MainWindow::findSimilar()
{
    if (!m_session->isLoaded())
        return false;
    saveSearchSettings();
    return m_session->findSimilar(m_strategyPanel->strategy(), m_strategyPanel->parameters(),
                                  size_t(m_strategyPanel->batchSize())) != 0;
}

bool MainWindow::startAudit()
{
    if (!m_session->isLoaded())
        return false;
    return m_session->startAudit(size_t(m_strategyPanel->batchSize())) != 0;
}

void MainWindow::scheduleAutoRun()
{
    if (m_strategyPanel->autoRun() && m_session->isLoaded() && m_session->positiveCount() > 0)
        m_autoRunTimer->start();
}

void MainWindow::onJobStarted(const QString &title)
{
    m_jobLabel->setText(title);
    m_progress->setValue(0);
    m_jobLabel->show();
    m_progress->show();
    m_cancel->show();
}

void MainWindow::onJobProgress(double fraction)
{
    m_progress->setValue(int(fraction * 1000));
}

void MainWindow::onJobEnded()
{
    if (m_session->loader()->isRunning() || m_session->searcher()->isRunning() ||
        m_session->io()->isRunning())
        return;
    m_jobLabel->hide();
    m_progress->hide();
    m_cancel->hide();
}

// ---- export / import ----

bool MainWindow::exportLabels(const QString &path)
{
    return m_session->exportLabels(path) != 0;
}

bool MainWindow::importLabels(const QString &path, int mode, double minCoverage)
{
    LabelImportOptions options;
    options.mode = LabelImportOptions::Mode(mode);
    options.minCoverage = minCoverage;
    return m_session->importLabels(path, options) != 0;
}

void MainWindow::exportDialog()
{
    QString selected;
    const QString geojson = tr("GeoJSON (*.geojson)");
    const QString gpkg = tr("GeoPackage (*.gpkg)");
    const QString fgb = tr("FlatGeobuf (*.fgb)");
    const QString base =
        QDir(usersettings::folder(QStringLiteral("export"),
                                  QFileInfo(m_session->projectPath()).absolutePath()))
            .filePath(QStringLiteral("labels.geojson"));
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export labels"), base, QStringList{geojson, gpkg, fgb}.join(QStringLiteral(";;")),
        &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected == gpkg  ? QStringLiteral(".gpkg")
                : selected == fgb ? QStringLiteral(".fgb")
                                  : QStringLiteral(".geojson");
    usersettings::rememberFolder(QStringLiteral("export"), path);
    exportLabels(path);
}

void MainWindow::importDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import labels"),
        usersettings::folder(QStringLiteral("import"),
                             QFileInfo(m_session->projectPath()).absolutePath()),
        tr("Vector files (*.geojson *.json *.gpkg *.fgb *.shp);;All files (*)"));
    if (path.isEmpty())
        return;
    usersettings::rememberFolder(QStringLiteral("import"), path);
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Import labels"));
    auto *form = new QFormLayout(&dialog);
    auto *mode = new QComboBox(&dialog);
    mode->addItem(tr("Automatic (chip ids if present, else polygons)"), 0);
    mode->addItem(tr("Chip ids (chip_id and label columns)"), 1);
    mode->addItem(tr("Polygons covering chips"), 2);
    form->addRow(tr("Read as:"), mode);
    auto *coverage = new QDoubleSpinBox(&dialog);
    coverage->setRange(0.01, 1.0);
    coverage->setSingleStep(0.05);
    coverage->setValue(0.5);
    coverage->setToolTip(tr("A polygon labels a chip when it covers at least this fraction of it"));
    form->addRow(tr("Minimum coverage:"), coverage);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() == QDialog::Accepted)
        importLabels(path, mode->currentData().toInt(), coverage->value());
}

void MainWindow::newProjectDialog()
{
    const QString dataset = QFileDialog::getOpenFileName(
        this, tr("Dataset for the new project"), usersettings::folder(QStringLiteral("open")),
        tr("Chip datasets (*.gpkg *.geojson *.json *.fgb *.shp *.parquet *.tif);;All files (*)"));
    if (dataset.isEmpty())
        return;
    usersettings::rememberFolder(QStringLiteral("open"), dataset);
    const QString project = QFileDialog::getSaveFileName(
        this, tr("New project"), ProjectSession::projectPathFor(dataset),
        tr("Chipfinder projects (*.chipfinder.gpkg)"));
    if (project.isEmpty())
        return;
    if (QFileInfo::exists(project)) {
        showError(tr("%1 exists already; open it with File > Open project.")
                      .arg(QDir::toNativeSeparators(project)));
        return;
    }
    createProject(project, dataset);
}

void MainWindow::openProjectDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open project"), usersettings::folder(QStringLiteral("open")),
        tr("Chipfinder projects (*.chipfinder.gpkg);;GeoPackages (*.gpkg)"));
    if (path.isEmpty())
        return;
    usersettings::rememberFolder(QStringLiteral("open"), path);
    openProject(path);
}

void MainWindow::openDatasetDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open dataset"), usersettings::folder(QStringLiteral("open")),
        tr("Chip datasets (*.gpkg *.geojson *.json *.fgb *.shp *.parquet *.tif);;All files (*)"));
    if (path.isEmpty())
        return;
    usersettings::rememberFolder(QStringLiteral("open"), path);
    openDataset(path);
}

void MainWindow::setBasemapFromUser()
{
    if (!m_session->isLoaded())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Basemap"));
    auto *form = new QVBoxLayout(&dialog);
    form->addWidget(new QLabel(tr("A raster file (GeoTIFF, MBTiles, GeoPackage) or an XYZ URL with "
                                  "{z}/{x}/{y}; empty for none:"),
                               &dialog));
    auto *row = new QHBoxLayout;
    auto *source = new QComboBox(&dialog);
    source->setObjectName(QStringLiteral("basemapSource"));
    source->setEditable(true);
    source->setMinimumContentsLength(40);
    source->addItems(usersettings::recentBasemaps());
    source->setCurrentText(m_map->basemap());
    auto *browse = new QPushButton(tr("Browse…"), &dialog);
    connect(browse, &QPushButton::clicked, &dialog, [this, source, &dialog] {
        const QString path = QFileDialog::getOpenFileName(
            &dialog, tr("Basemap raster"),
            usersettings::folder(QStringLiteral("basemap"),
                                 QFileInfo(m_session->projectPath()).absolutePath()),
            tr("Rasters (*.tif *.tiff *.vrt *.mbtiles *.gpkg *.jp2 *.png *.jpg);;All files (*)"));
        if (path.isEmpty())
            return;
        usersettings::rememberFolder(QStringLiteral("basemap"), path);
        source->setCurrentText(path);
    });
    row->addWidget(source, 1);
    row->addWidget(browse);
    form->addLayout(row);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    setBasemap(source->currentText().trimmed());
}

void MainWindow::setBasemap(const QString &source)
{
    if (!m_session->isLoaded())
        return;
    m_session->setFilePathSetting(KeyBasemap, source);
    usersettings::addRecentBasemap(source);
    applyBasemap(source);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = usersettings::recentProjects();
    for (const QString &path : recent) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName(), this,
                                                  [this, path] { openProject(path); });
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear the list"), this, [] { usersettings::clearRecentProjects(); })
        ->setEnabled(!recent.isEmpty());
}

void MainWindow::createHint()
{
    m_hint = new QFrame(m_map);
    m_hint->setObjectName(QStringLiteral("firstRunHint"));
    m_hint->setFrameShape(QFrame::StyledPanel);
    m_hint->setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(m_hint);
    layout->setContentsMargins(10, 6, 4, 6);
    auto *text = new QLabel(
        tr("<b>Start here:</b> left-click a few chips that show what you are looking for, "
           "right-click a few that do not, then press <i>Find similar</i>. Review the candidates "
           "with Y (yes), N (no) and S (skip)."),
        m_hint);
    text->setWordWrap(true);
    layout->addWidget(text, 1);
    auto *close = new QToolButton(m_hint);
    close->setObjectName(QStringLiteral("dismissHint"));
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Do not show this hint again"));
    close->setAutoRaise(true);
    layout->addWidget(close, 0, Qt::AlignTop);
    connect(close, &QToolButton::clicked, this, [this] {
        usersettings::dismissHint(HintFirstRun);
        updateHint();
    });
    m_hint->hide();
}

void MainWindow::updateHint()
{
    if (!m_hint)
        return;
    const bool show = m_session->isLoaded() && m_session->positiveCount() == 0 &&
                      m_session->round() == 0 && !usersettings::hintDismissed(HintFirstRun);
    if (show) {
        const int width = std::max(200, std::min(520, m_map->width() - 24));
        QLayout *layout = m_hint->layout();
        m_hint->setFixedSize(width, layout->hasHeightForWidth() ? layout->totalHeightForWidth(width)
                                                                : m_hint->sizeHint().height());
        m_hint->move((m_map->width() - m_hint->width()) / 2, 12);
        m_hint->raise();
    }
    m_hint->setVisible(show);
}

// ---- status ----

QString MainWindow::statusText() const
{
    if (!m_session->isOpen())
        return tr("No project open: File > Open dataset… or Open the demo");
    if (!m_session->isLoaded())
        return m_session->loader()->isRunning() ? tr("Loading…")
                                                : tr("The project's dataset could not be loaded");
    QString text = tr("Positives: %1 · Negatives: %2 · Candidates: %3 (%4 to review) · Round %5")
                       .arg(m_session->positiveCount())
                       .arg(m_session->negativeCount())
                       .arg(m_model->rowCount())
                       .arg(m_model->pendingCount())
                       .arg(m_session->round());
    if (const auto audit = m_session->auditEstimate()) {
        text += QStringLiteral(" · ") +
                tr("about %1 positives left (95 %: %2–%3), estimated recall %4 %")
                    .arg(std::lround(audit->remaining.estimate))
                    .arg(std::lround(std::floor(audit->remaining.low)))
                    .arg(std::lround(std::ceil(audit->remaining.high)))
                    .arg(std::lround(audit->recall.estimate * 100.0));
        if (audit->acceptedPrecision)
            text += QStringLiteral(" · ") +
                    tr("accepted precision %1 % (95 %: %2–%3 %)")
                        .arg(std::lround(audit->acceptedPrecision->estimate * 100.0))
                        .arg(std::lround(audit->acceptedPrecision->low * 100.0))
                        .arg(std::lround(audit->acceptedPrecision->high * 100.0));
        if (audit->recallReached)
            text += QStringLiteral(" · ") + tr("recall target %1 % reached: you may stop")
                                                .arg(std::lround(audit->recallTarget * 100.0));
    }
    return text;
}

void MainWindow::updateStatus()
{
    updateHint();
    m_counts->setText(statusText());
    m_counts->setToolTip(m_counts->text()); // whole, when the bar is too narrow for it
}

void MainWindow::updateActions()
{
    const bool loaded = m_session->isLoaded();
    m_undo->setEnabled(loaded && m_session->canUndo());
    m_redo->setEnabled(loaded && m_session->canRedo());
    m_undo->setText(m_session->canUndo() ? tr("&Undo %1").arg(m_session->undoText()) : tr("&Undo"));
    m_redo->setText(m_session->canRedo() ? tr("&Redo %1").arg(m_session->redoText()) : tr("&Redo"));
    m_undo->setToolTip(m_undo->text().remove(QLatin1Char('&')));
    m_redo->setToolTip(m_redo->text().remove(QLatin1Char('&')));
    const bool writable = loaded && !m_session->isReadOnly();
    for (QAction *action : {m_accept, m_reject, m_skip})
        action->setEnabled(writable);
    m_find->setEnabled(writable);
    m_audit->setEnabled(writable);
    m_export->setEnabled(loaded);
    m_import->setEnabled(writable);
    m_basemapAction->setEnabled(loaded); // shown, saved only when writable
    m_strategyPanel->setSearchEnabled(writable);
}

void MainWindow::showError(const QString &message)
{
    m_lastError = message;
    statusBar()->showMessage(message, 10000);
    if (m_interactive)
        QMessageBox::warning(this, tr("Chipfinder"), message);
}

void MainWindow::addAnalysisDock(QDockWidget *dock)
{
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(m_reviewDock, dock);
    m_reviewDock->raise();
    // Turning a dock on from the menu brings it to the front of its tab group (else it would
    // open hidden behind Review candidates).
    connect(dock->toggleViewAction(), &QAction::triggered, dock, [dock](bool checked) {
        if (checked)
            dock->raise();
    });
    m_analysisMenu->addAction(dock->toggleViewAction());
    m_analysisMenu->menuAction()->setVisible(true);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_map && event->type() == QEvent::Resize && m_hint && m_hint->isVisible())
        updateHint();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_viewSaveTimer->isActive()) {
        m_viewSaveTimer->stop();
        if (m_session->isLoaded())
            m_session->setSetting(KeyView, m_map->viewString());
    }
    m_session->searcher()->cancel();
    m_session->loader()->cancel();
    usersettings::setWindowGeometry(saveGeometry());
    usersettings::setWindowLayout(saveState());
    event->accept();
}

} // namespace chipfinder
