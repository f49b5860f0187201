// Locate-in-chip in the main window on the bundled demo, as an analyst uses it: label ponds and
// dry chips on the map, Find similar, select a candidate in the review grid and see the heat over
// its thumbnail and on the map, export the tight footprints, reopen the project and get the
// heatmap from the project's cache; without the imagery the window says the data cannot localise.

#include "candidategrid.h"
#include "candidatemodel.h"
#include "embed/demodataset.h"
#include "gui/locatecontroller.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/strategypanel.h"
#include "jobrunner.h"
#include "mapview.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

using namespace chipfinder;

namespace {

bool waitLoaded(MainWindow &window)
{
    QSignalSpy loaded(window.session(), &ProjectSession::loaded);
    return window.session()->isLoaded() || loaded.wait(60000);
}

void click(MapView *map, qint64 chip, Qt::MouseButton button)
{
    QTest::mouseClick(map, button, {}, map->screenPosition(chip));
}

void labelPondsAndDryChips(MainWindow &window)
{
    const auto dataset = window.session()->dataset();
    MapView *map = window.mapView();
    map->zoomToChips();
    for (const char *id : {"r11_c22", "r26_c19", "r17_c1"}) // ponds
        click(map, dataset->indexOf(id), Qt::LeftButton);
    for (const char *id : {"r22_c33", "r8_c10"}) // a bare field, grassland
        click(map, dataset->indexOf(id), Qt::RightButton);
}

LocateController *controllerOf(MainWindow &window)
{
    return window.findChild<LocateController *>(QStringLiteral("locateController"));
}

// Share of pixels that differ between two grabs of the same widget inside rect.
double changed(const QImage &a, const QImage &b, const QRect &rect)
{
    int differ = 0, total = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x) {
            if (!a.rect().contains(x, y))
                continue;
            ++total;
            differ += a.pixel(x, y) != b.pixel(x, y);
        }
    return total ? double(differ) / total : 0.0;
}

} // namespace

class TestLocateView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/locateview-XXXXXX")};
    DemoDataset m_demo;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = ensureDemoDataset(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif",
                                   TEST_OUTPUT_DIR "/demo-cache");
    }

    void heatOnCandidateThenExportAndReopen()
    {
        const QString projectPath = m_dir.filePath(QStringLiteral("locate.chipfinder.gpkg"));
        const QString exportPath = m_dir.filePath(QStringLiteral("tight.geojson"));
        qint64 located = -1;
        {
            MainWindow window;
            window.setInteractive(false);
            window.resize(1280, 800);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.createProject(projectPath, QString::fromStdString(m_demo.datasetPath)));
            QVERIFY(waitLoaded(window));
            // What File › Open the demo records for the demo's project.
            window.session()->setSetting(LocateController::imageryKey(),
                                         QString::fromStdString(m_demo.imageryPath));
            LocateController *locate = controllerOf(window);
            QVERIFY(locate);
            labelPondsAndDryChips(window);

            QSignalSpy finished(window.session(), &ProjectSession::searchFinished);
            auto *find =
                window.strategyPanel()->findChild<QPushButton *>(QStringLiteral("findSimilar"));
            QVERIFY(find);
            QTest::mouseClick(find, Qt::LeftButton);
            QVERIFY2(finished.wait(120000), qPrintable(window.lastError()));
            CandidateModel *model = window.candidateModel();
            QVERIFY(model->rowCount() > 0);

            // Select the first candidate the way a reviewer does: focus the grid, Home.
            QSignalSpy shown(locate, &LocateController::heatmapShown);
            CandidateGrid *grid = window.candidateGrid();
            const QImage mapBefore = window.mapView()->grab().toImage();
            grid->setFocus();
            grid->setCurrentIndex(model->index(1));
            QTest::keyClick(grid, Qt::Key_Home);
            located = grid->currentChip();
            QCOMPARE(located, model->chip(0));
            QVERIFY2(shown.wait(120000), qPrintable(window.lastError()));
            QCOMPARE(shown.last().at(0).toLongLong(), located);
            QCOMPARE(locate->mode(), LocateMode::SubWindows);
            const LocatedChip *heat = locate->located(located);
            QVERIFY(heat);
            QCOMPARE(heat->heatmap.width, 24);
            QVERIFY(heat->heatmap.maximum > heat->heatmap.minimum);
            QVERIFY(!heat->tight.empty());

            // Seen by the user: the overlay on the thumbnail and on the map, and the note.
            QVERIFY(!grid->chipOverlay(located).isNull());
            QCOMPARE(window.mapView()->overlayChip(), located);
            auto *note = window.findChild<QLabel *>(QStringLiteral("locateNote"));
            QVERIFY(note && note->isVisible());
            const QString id =
                QString::fromStdString(window.session()->dataset()->ids[size_t(located)]);
            QVERIFY2(note->text().contains(id), qPrintable(note->text()));
            const QPoint centre = window.mapView()->screenPosition(located);
            const QImage mapAfter = window.mapView()->grab().toImage();
            // The map centred on the chip both times; around it the heat is painted.
            QVERIFY(changed(mapBefore, mapAfter, QRect(centre - QPoint(4, 4), QSize(9, 9))) > 0.5);

            // File › Export tight footprints… (the dialog's path goes here).
            QSignalSpy exported(locate, &LocateController::tightFootprintsExported);
            QVERIFY(locate->exportTightFootprints(exportPath));
            QVERIFY2(exported.wait(120000), qPrintable(window.lastError()));
            const int chips = exported.last().at(0).toInt();
            QCOMPARE(chips, model->rowCount() + window.session()->positiveCount());
            GDALAllRegister();
            GDALDatasetUniquePtr file(
                GDALDataset::Open(exportPath.toUtf8().constData(), GDAL_OF_VECTOR));
            QVERIFY(file);
            OGRLayer *layer = file->GetLayer(0);
            int chipFeatures = 0, tightFeatures = 0;
            double chipArea = 0.0, tightArea = 0.0;
            for (auto &feature : *layer) {
                const bool tight =
                    QString(feature->GetFieldAsString("footprint")) == QLatin1String("tight");
                (tight ? tightFeatures : chipFeatures) += 1;
                (tight ? tightArea : chipArea) += feature->GetFieldAsDouble("area_m2");
                QCOMPARE(QString(feature->GetFieldAsString("method")),
                         QStringLiteral("sub-windows"));
            }
            QCOMPARE(chipFeatures, chips);
            QCOMPARE(tightFeatures, chips);
            QVERIFY(tightArea < 0.8 * chipArea);
        }
        // Reopened: the heatmap of the same chip for the same labels comes from the project.
        {
            MainWindow window;
            window.setInteractive(false);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.openProject(projectPath));
            QVERIFY(waitLoaded(window));
            LocateController *locate = controllerOf(window);
            QSignalSpy started(locate->runner(), &JobRunner::started);
            QSignalSpy shown(locate, &LocateController::heatmapShown);
            CandidateGrid *grid = window.candidateGrid();
            CandidateModel *model = window.candidateModel();
            QVERIFY(model->rowCount() > 1);
            grid->setFocus();
            grid->setCurrentIndex(model->index(1)); // exported, so cached as well
            grid->setCurrentIndex(model->index(0));
            QCOMPARE(grid->currentChip(), located);
            QCOMPARE(shown.size(), 2);
            QCOMPARE(shown.last().at(0).toLongLong(), located);
            QCOMPARE(started.size(), 0); // nothing computed: read from the project
            QCOMPARE(window.mapView()->overlayChip(), located);
            QVERIFY(!grid->chipOverlay(located).isNull());
        }
    }

    void unavailableDataSaysSo()
    {
        MainWindow window;
        window.setInteractive(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The demo's chips as another tool writes them: same file, no record of the imagery.
        const QString bare = m_dir.filePath(QStringLiteral("bare.gpkg"));
        QVERIFY(QFile::copy(QString::fromStdString(m_demo.datasetPath), bare));
        QFile::setPermissions(bare, QFile::ReadOwner | QFile::WriteOwner);
        {
            GDALDatasetUniquePtr ds(
                GDALDataset::Open(bare.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            QVERIFY(ds && ds->GetLayerCount() > 0);
            QVERIFY(ds->GetLayer(0)->SetMetadata(nullptr) == CE_None);
        }
        QVERIFY(window.createProject(m_dir.filePath(QStringLiteral("noimagery.chipfinder.gpkg")),
                                     bare));
        QVERIFY(waitLoaded(window));
        QVERIFY(window.session()->dataset()->imageryPath.empty());
        LocateController *locate = controllerOf(window);
        labelPondsAndDryChips(window);
        const auto dataset = window.session()->dataset();
        QSignalSpy ended(locate->runner(), &JobRunner::runningChanged);
        // Ctrl+click selects a chip on the map without labeling it.
        QTest::mouseClick(window.mapView(), Qt::LeftButton, Qt::ControlModifier,
                          window.mapView()->screenPosition(dataset->indexOf("r12_c22")));
        QTRY_VERIFY_WITH_TIMEOUT(locate->modeKnown(), 60000);
        QCOMPARE(locate->mode(), LocateMode::Unavailable);
        auto *note = window.findChild<QLabel *>(QStringLiteral("locateNote"));
        QVERIFY(note && note->isVisible());
        QVERIFY2(note->text().contains(QStringLiteral("cannot localise")),
                 qPrintable(note->text()));
        QCOMPARE(window.mapView()->overlayChip(), qint64(-1));
    }
};

QTEST_MAIN(TestLocateView)
#include "tst_locateview.moc"
