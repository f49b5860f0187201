#pragma once
// The Chipfinder main window: the map in the centre, the search panel and the candidate review
// grid in docks, a status line with counts, progress and Cancel. It wires the widgets to one
// ProjectSession (labels, candidates, history, settings, background jobs).
// Extension point for analysis views: addAnalysisDock() puts a dock on the right and a toggle
// into the Analysis menu (analysisMenu()).

#include "project/label.h"

#include <QMainWindow>
#include <QPointer>

class QDockWidget;
class QFrame;
class QLabel;
class QMenu;
class QProgressBar;
class QProgressDialog;
class QTimer;
class QToolButton;

namespace chipfinder {

class CandidateGrid;
class CandidateModel;
class Dataset;
class MapView;
class ProjectSession;
class StrategyPanel;
class ThumbnailProvider;
enum class CandidateDecision;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a project file (returns false and shows why on failure).
    // Read-only (`readOnly`, or chosen by the analyst when another Chipfinder writes the
    // project: a dialog offers it): the title says so and labeling, review, undo, search,
    // audit and import are disabled.
    bool openProject(const QString &path, bool readOnly = false);
    // Opens a dataset through its project beside it (created on first use).
    bool openDataset(const QString &datasetPath);
    // Creates a project at projectPath for a dataset and opens it.
    bool createProject(const QString &projectPath, const QString &datasetPath);
    // Builds (or reuses) the demo dataset in the cache and opens its project (asynchronous).
    void openDemo();

    // Runs the chosen strategy in the background (returns false if it cannot start).
    bool findSimilar();
    // Draws an audit round of the batch size in the background (returns false if it cannot
    // start); its estimate of the positives left shows in the status bar once reviewed.
    bool startAudit();
    // Starts writing the labels to path in the background (format from the extension; progress
    // and Cancel in the status bar). Returns false if nothing is loaded.
    bool exportLabels(const QString &path);
    // Starts importing labels (chip ids or polygons with a minimum coverage) in the background;
    // they are applied as one undoable step.
    bool importLabels(const QString &path, int mode, double minCoverage);

    // Uses source (raster path or XYZ URL; empty = none) as the project's basemap, remembered
    // among the recent basemaps.
    void setBasemap(const QString &source);

    // Adds an analysis dock on the right and a toggle for it in the Analysis menu.
    void addAnalysisDock(QDockWidget *dock);
    QMenu *analysisMenu() const { return m_analysisMenu; }
    QMenu *fileMenu() const { return m_fileMenu; }
    QMenu *viewMenu() const { return m_viewMenu; }
    QMenu *reviewMenu() const { return m_reviewMenu; }

    ProjectSession *session() const { return m_session; }
    MapView *mapView() const { return m_map; }
    CandidateGrid *candidateGrid() const { return m_grid; }
    CandidateModel *candidateModel() const { return m_model; }
    StrategyPanel *strategyPanel() const { return m_strategyPanel; }
    QString statusText() const;

    // Shows errors in message boxes (default) or only remembers the last one (tests).
    void setInteractive(bool interactive) { m_interactive = interactive; }
    QString lastError() const { return m_lastError; }
    // The last notice shown after loading (rows of the dataset skipped), for tests.
    QString lastNotice() const { return m_lastNotice; }

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void createDocks();
    void createStatusBar();
    void onOpened();
    // Another session or process writes `path`: offers to open it read-only (a window-modal
    // QMessageBox named "projectLockedBox", shown also when not interactive).
    void onProjectLocked(const QString &path, const QString &holder);
    void onLoaded();
    // Tells the analyst which rows the reader skipped (status bar, and a dialog when
    // interactive).
    void showSkippedRows(const Dataset &dataset);
    void onClosed();
    void onLabelsChanged(const QList<qint64> &chips);
    void onCandidatesChanged();
    void onChipClicked(qint64 chip, Qt::MouseButton button);
    void onBoxSelected(const QList<qint64> &chips, Qt::MouseButton button);
    void onDecision(qint64 chip, CandidateDecision decision);
    void onJobStarted(const QString &title);
    void onJobProgress(double fraction);
    void onJobEnded();
    void saveSearchSettings();
    void restoreSettings();
    void updateActions();
    void updateStatus();
    void showError(const QString &message);
    void scheduleAutoRun();
    void setBasemapFromUser();
    void applyBasemap(const QString &source);
    void fillRecentMenu();
    // The dismissible first-run hint over the map: shown until the first positive or search.
    void createHint();
    void updateHint();

    // UI actions.
    void newProjectDialog();
    void openProjectDialog();
    void openDatasetDialog();
    void exportDialog();
    void importDialog();

    ProjectSession *m_session = nullptr;
    MapView *m_map = nullptr;
    CandidateGrid *m_grid = nullptr;
    CandidateModel *m_model = nullptr;
    ThumbnailProvider *m_thumbnails = nullptr;
    StrategyPanel *m_strategyPanel = nullptr;
    QDockWidget *m_searchDock = nullptr;
    QDockWidget *m_reviewDock = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_reviewMenu = nullptr;
    QMenu *m_analysisMenu = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_find = nullptr;
    QAction *m_audit = nullptr;
    QAction *m_accept = nullptr;
    QAction *m_reject = nullptr;
    QAction *m_skip = nullptr;
    QAction *m_export = nullptr;
    QAction *m_import = nullptr;
    QAction *m_basemapAction = nullptr;
    QAction *m_zoomToChips = nullptr;
    QAction *m_resetLayout = nullptr;
    QMenu *m_recentMenu = nullptr;
    QFrame *m_hint = nullptr;
    QByteArray m_defaultLayout;
    QLabel *m_counts = nullptr;
    QLabel *m_shares = nullptr; // how auto shared the round
    QLabel *m_jobLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_cancel = nullptr;
    QTimer *m_autoRunTimer = nullptr;
    QTimer *m_viewSaveTimer = nullptr;
    QPointer<QProgressDialog> m_demoProgress;
    bool m_interactive = true;
    bool m_restoring = false;
    QString m_lastError;
    QString m_lastNotice;
};

} // namespace chipfinder
