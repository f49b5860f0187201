// What the main window remembers for the analyst, driven as a person would (offscreen): the
// Recent projects menu reopens a project; reopening keeps the saved view and the selected
// candidate (instead of recentring on candidate #1); the dock layout survives a restart and
// View › Reset layout brings hidden docks back; the first-run hint over the map shows on a new
// project, goes away with the first positive and stays away once dismissed; file dialogs start
// in the folder last used, never in the application's hidden data folder; the basemap dialog
// takes a raster path and remembers it among recent basemaps.
// Each test run uses its own XDG_CONFIG_HOME (tests/CMakeLists.txt), so the user's settings are
// neither read nor changed.

#include "candidategrid.h"
#include "candidatemodel.h"
#include "dataset/datasetwriter.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/strategypanel.h"
#include "gui/usersettings.h"
#include "mapview.h"
#include "widgets/griddataset.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFrame>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace chipfinder;
using namespace chipfinder::testing;

namespace {
constexpr int Cols = 16;
constexpr int Rows = 12;

bool waitLoaded(MainWindow &window)
{
    QSignalSpy loaded(window.session(), &ProjectSession::loaded);
    return window.session()->isLoaded() || loaded.wait(30000);
}

QAction *actionNamed(QWidget *window, const QString &text)
{
    for (QAction *action : window->findChildren<QAction *>())
        if (action->text().remove(QLatin1Char('&')) == text)
            return action;
    return nullptr;
}
} // namespace

class TestWindowState : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/windowstate-XXXXXX")};
    QString m_dataset;
    int m_projects = 0;

    std::unique_ptr<MainWindow> newWindow()
    {
        auto window = std::make_unique<MainWindow>();
        window->setInteractive(false);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return nullptr;
        return window;
    }

    std::unique_ptr<MainWindow> openFresh(QString *projectPath = nullptr)
    {
        auto window = newWindow();
        const QString path =
            m_dir.filePath(QStringLiteral("p%1.chipfinder.gpkg").arg(++m_projects));
        if (projectPath)
            *projectPath = path;
        if (!window || !window->createProject(path, m_dataset) || !waitLoaded(*window))
            return nullptr;
        return window;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Settings must not come from (or go to) the user's own configuration.
        QVERIFY(qEnvironmentVariable("XDG_CONFIG_HOME").contains(QLatin1String("windowstate")));
        QFile::remove(qEnvironmentVariable("XDG_CONFIG_HOME") +
                      QStringLiteral("/Chipfinder/Chipfinder.conf"));
        auto dataset = gridDataset(naipBox(), Cols, Rows, 8);
        m_dataset = m_dir.filePath(QStringLiteral("grid.gpkg"));
        DatasetWriteOptions options;
        options.wgs84 = true;
        writeDataset(*dataset, m_dataset.toStdString(), options);
    }

    void firstRunHintUntilFirstPositiveOrDismissed()
    {
        auto window = openFresh();
        QVERIFY(window);
        auto *hint = window->findChild<QFrame *>(QStringLiteral("firstRunHint"));
        QVERIFY(hint);
        QTRY_VERIFY(hint->isVisible());
        MapView *map = window->mapView();
        // On the map, not over the side docks.
        QVERIFY(map->rect().contains(hint->geometry()));
        QTest::mouseClick(map, Qt::LeftButton, {}, map->screenPosition(20));
        QVERIFY(!hint->isVisible());
        QTest::mouseClick(map, Qt::LeftButton, {}, map->screenPosition(20)); // cleared again
        QVERIFY(hint->isVisible());
        QTest::mouseClick(hint->findChild<QToolButton *>(QStringLiteral("dismissHint")),
                          Qt::LeftButton);
        QVERIFY(!hint->isVisible());
        auto another = openFresh();
        QVERIFY(another);
        QVERIFY(!another->findChild<QFrame *>(QStringLiteral("firstRunHint"))->isVisible());
    }

    void recentProjectsMenuReopens()
    {
        QString first, second;
        {
            auto a = openFresh(&first);
            QVERIFY(a);
            auto b = openFresh(&second);
            QVERIFY(b);
        }
        auto window = newWindow();
        QVERIFY(window);
        auto *menu = window->findChild<QMenu *>(QStringLiteral("recentProjects"));
        QVERIFY(menu);
        emit menu->aboutToShow();
        QStringList shown;
        for (QAction *action : menu->actions())
            if (!action->isSeparator())
                shown << action->text();
        QVERIFY2(shown.size() >= 3, qPrintable(shown.join(QLatin1Char('|'))));
        QCOMPARE(shown.at(0), QFileInfo(second).fileName()); // newest first
        QCOMPARE(shown.at(1), QFileInfo(first).fileName());
        menu->actions().at(1)->trigger();
        QVERIFY(waitLoaded(*window));
        QCOMPARE(QFileInfo(window->session()->projectPath()).canonicalFilePath(),
                 QFileInfo(first).canonicalFilePath());
        // A project that no longer exists is not offered.
        QFile::remove(second);
        emit menu->aboutToShow();
        for (QAction *action : menu->actions())
            QVERIFY(action->text() != QFileInfo(second).fileName());
    }

    void reopenKeepsTheViewAndTheSelectedCandidate()
    {
        QString project;
        QString view;
        qint64 selected = -1;
        {
            auto window = openFresh(&project);
            QVERIFY(window);
            MapView *map = window->mapView();
            for (qint64 chip : {30, 31, 47})
                QTest::mouseClick(map, Qt::LeftButton, {}, map->screenPosition(chip));
            QTest::mouseClick(map, Qt::RightButton, {}, map->screenPosition(100));
            window->strategyPanel()->setBatchSize(8);
            QSignalSpy finished(window->session(), &ProjectSession::searchFinished);
            QVERIFY(window->findSimilar());
            QVERIFY(finished.wait(30000));
            CandidateGrid *grid = window->candidateGrid();
            grid->setFocus();
            QTest::keyClick(grid, Qt::Key_Right);
            QTest::keyClick(grid, Qt::Key_Right);
            selected = grid->currentChip();
            QCOMPARE(selected, window->candidateModel()->chip(2));
            // The analyst then pans elsewhere; that view is what reopening must show.
            map->setView(map->center() + QPointF(35.0, -20.0), map->resolution() * 1.5);
            view = map->viewString();
            window->close();
        }
        auto window = newWindow();
        QVERIFY(window);
        QVERIFY(window->openProject(project));
        QVERIFY(waitLoaded(*window));
        QTest::qWait(600); // longer than the view-save delay: nothing may overwrite the view
        QCOMPARE(window->candidateGrid()->currentChip(), selected);
        QCOMPARE(window->mapView()->selectedChip(), selected);
        QCOMPARE(window->mapView()->viewString(), view);
        QCOMPARE(window->session()->setting(QStringLiteral("view")), view);
    }

    void layoutSurvivesARestartAndResets()
    {
        {
            auto window = newWindow();
            QVERIFY(window);
            auto *search = window->findChild<QDockWidget *>(QStringLiteral("searchDock"));
            QVERIFY(search && search->isVisible());
            search->toggleViewAction()->trigger();
            QVERIFY(!search->isVisible());
            window->close();
        }
        auto window = newWindow();
        QVERIFY(window);
        auto *search = window->findChild<QDockWidget *>(QStringLiteral("searchDock"));
        auto *review = window->findChild<QDockWidget *>(QStringLiteral("reviewDock"));
        QVERIFY(!search->isVisible()); // restored as the analyst left it
        review->toggleViewAction()->trigger();
        QVERIFY(!review->isVisible());
        QAction *reset = actionNamed(window.get(), QStringLiteral("Reset layout"));
        QVERIFY(reset);
        reset->trigger();
        QVERIFY(search->isVisible());
        QVERIFY(review->isVisible());
        window->close();
    }

    void fileDialogsStartWhereTheAnalystWorks()
    {
        const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(appData);
        // Never the hidden application folder (where the demo's project lives).
        QCOMPARE(usersettings::folder(QStringLiteral("export-test"), appData), QDir::homePath());
        QCOMPARE(usersettings::folder(QStringLiteral("export-test"), m_dir.path()), m_dir.path());
        const QString sub = m_dir.filePath(QStringLiteral("exports"));
        QDir().mkpath(sub);
        usersettings::rememberFolder(QStringLiteral("export-test"),
                                     sub + QStringLiteral("/x.geojson"));
        QCOMPARE(usersettings::folder(QStringLiteral("export-test"), m_dir.path()), sub);
    }

    void basemapDialogTakesARasterAndRemembersIt()
    {
        auto window = openFresh();
        QVERIFY(window);
        const QString raster =
            QStringLiteral(SHARED_DATA_DIR "/naip/m_4709963_se_14_1_20200831.tif");
        QVERIFY(QFileInfo::exists(raster));
        bool sawDialog = false;
        QTimer::singleShot(200, this, [&] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            sawDialog = true;
            auto *source = dialog->findChild<QComboBox *>(QStringLiteral("basemapSource"));
            QVERIFY(source);
            QVERIFY(dialog->findChild<QPushButton *>()); // Browse…
            source->setCurrentText(raster);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        QAction *action = actionNamed(window.get(), QStringLiteral("Set basemap…"));
        QVERIFY(action);
        action->trigger();
        QVERIFY(sawDialog);
        QCOMPARE(window->mapView()->basemap(), raster);
        // Kept relative to the project, so that a folder holding both can move.
        const QString stored = window->session()->setting(QStringLiteral("basemap"));
        QVERIFY(QDir::isRelativePath(stored));
        QCOMPARE(QFileInfo(QFileInfo(window->session()->projectPath()).dir(), stored)
                     .canonicalFilePath(),
                 QFileInfo(raster).canonicalFilePath());
        QCOMPARE(usersettings::recentBasemaps().value(0), raster);
    }
};

QTEST_MAIN(TestWindowState)
#include "tst_windowstate.moc"
