// The main window end to end (offscreen): clicking chips on the map labels them (left =
// positive, right = negative, again = clear), Shift+box-select labels many as one step,
// undo/redo, a search fills the review grid while the event loop keeps running, accepting a
// candidate updates the map and the project file, GeoJSON export parses, and reopening restores
// labels, candidates, skipped candidates and the view; on the bundled demo, Find similar after
// labeling ponds proposes water chips. Also grabs the window to PNG (look at it).

#include "candidategrid.h"
#include "candidatemodel.h"
#include "dataset/datasetwriter.h"
#include "embed/demodataset.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/strategypanel.h"
#include "jobrunner.h"
#include "mapview.h"
#include "project/projectstore.h"
#include "rasterlayer.h"
#include "strategies/strategyregistry.h"
#include "widgets/griddataset.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace chipfinder;
using namespace chipfinder::testing;

namespace {
constexpr int Cols = 16;
constexpr int Rows = 12;

// A dataset file of Cols × Rows chips over the NAIP scene.
QString writeGridDataset(const QString &dir)
{
    auto dataset = gridDataset(naipBox(), Cols, Rows, 8);
    const QString path = dir + QStringLiteral("/grid.gpkg");
    DatasetWriteOptions options;
    options.wgs84 = true;
    writeDataset(*dataset, path.toStdString(), options);
    return path;
}

// The dataset loads in the background; loaded() cannot fire before we return to the event loop.
bool waitLoaded(MainWindow &window)
{
    QSignalSpy loaded(window.session(), &ProjectSession::loaded);
    return window.session()->isLoaded() || loaded.wait(30000);
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/mainwindow-XXXXXX")};
    QString m_dataset;
    int m_projects = 0;

    QString newProjectPath()
    {
        return m_dir.filePath(QStringLiteral("p%1.chipfinder.gpkg").arg(++m_projects));
    }

    // A window showing a fresh project, loaded, 1000×700.
    std::unique_ptr<MainWindow> openFresh(QString *projectPath = nullptr)
    {
        auto window = std::make_unique<MainWindow>();
        window->setInteractive(false);
        window->resize(1100, 750);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return nullptr;
        const QString path = newProjectPath();
        if (projectPath)
            *projectPath = path;
        if (!window->createProject(path, m_dataset))
            return nullptr;
        if (!waitLoaded(*window))
            return nullptr;
        return window;
    }

    static void click(MapView *map, qint64 chip, Qt::MouseButton button,
                      Qt::KeyboardModifiers modifiers = {})
    {
        QTest::mouseClick(map, button, modifiers, map->screenPosition(chip));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataset = writeGridDataset(m_dir.path());
    }

    void clicksLabelAndUndoRedo()
    {
        QString projectPath;
        auto window = openFresh(&projectPath);
        QVERIFY(window);
        MapView *map = window->mapView();
        ProjectSession *session = window->session();
        QCOMPARE(int(session->dataset()->size()), Cols * Rows);

        click(map, 20, Qt::LeftButton);
        QCOMPARE(session->labelOf(20), LabelValue::Positive);
        QCOMPARE(map->chipState(20), ChipState::Positive);
        click(map, 21, Qt::RightButton);
        QCOMPARE(session->labelOf(21), LabelValue::Negative);
        QCOMPARE(map->chipState(21), ChipState::Negative);
        click(map, 20, Qt::LeftButton); // again = clear
        QVERIFY(!session->labelOf(20));
        QCOMPARE(map->chipState(20), ChipState::Unlabeled);
        QVERIFY(window->statusText().contains(QStringLiteral("Negatives: 1")));

        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Z")));
        QCOMPARE(session->labelOf(20), LabelValue::Positive);
        QCOMPARE(map->chipState(20), ChipState::Positive);
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Shift+Z")));
        QVERIFY(!session->labelOf(20));

        // The project file agrees (a second connection reads what was committed).
        auto store = ProjectStore::openReadOnly(projectPath.toStdString());
        QVERIFY(!store->label("chip-20"));
        QCOMPARE(store->label("chip-21")->value, LabelValue::Negative);
        QCOMPARE(store->label("chip-21")->source, LabelSource::Click);
    }

    void boxSelectIsOneUndoableStep()
    {
        auto window = openFresh();
        QVERIFY(window);
        MapView *map = window->mapView();
        ProjectSession *session = window->session();
        // Rows 1..2, columns 1..3 (Cols chips per row).
        const QPoint from = (map->screenPosition(Cols + 1) + map->screenPosition(0)) / 2;
        const QPoint to =
            (map->screenPosition(2 * Cols + 3) + map->screenPosition(3 * Cols + 4)) / 2;
        QTest::mousePress(map, Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(map, (from + to) / 2);
        QTest::mouseMove(map, to);
        QTest::mouseRelease(map, Qt::LeftButton, Qt::ShiftModifier, to);
        const QList<qint64> expected{Cols + 1,     Cols + 2,     Cols + 3,
                                     2 * Cols + 1, 2 * Cols + 2, 2 * Cols + 3};
        for (qint64 chip : expected)
            QCOMPARE(session->labelOf(chip), LabelValue::Positive);
        QCOMPARE(session->positiveCount(), 6);
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Z")));
        QCOMPARE(session->positiveCount(), 0);
        for (qint64 chip : expected)
            QCOMPARE(map->chipState(chip), ChipState::Unlabeled);
        QVERIFY(!session->canUndo());
    }

    void searchFillsTheGridWithoutBlocking()
    {
        if (StrategyRegistry::instance().names().empty())
            QSKIP("no search strategy is registered in this build yet");
        QString projectPath;
        auto window = openFresh(&projectPath);
        QVERIFY(window);
        MapView *map = window->mapView();
        click(map, 30, Qt::LeftButton);
        click(map, 31, Qt::LeftButton);
        click(map, 90, Qt::RightButton);
        window->strategyPanel()->setBatchSize(10);

        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(0);
        QSignalSpy finished(window->session(), &ProjectSession::searchFinished);
        QVERIFY(window->findSimilar());
        // findSimilar only started the job: the grid fills later, through the event loop.
        QCOMPARE(window->candidateModel()->rowCount(), 0);
        QVERIFY(window->session()->searcher()->isRunning());
        QVERIFY(finished.wait(30000));
        QVERIFY(ticks > 0);
        CandidateModel *model = window->candidateModel();
        QCOMPARE(model->rowCount(), 10);
        for (int row = 0; row + 1 < model->rowCount(); ++row)
            QVERIFY(model->score(row) >= model->score(row + 1));
        for (int row = 0; row < model->rowCount(); ++row) {
            QVERIFY(!window->session()->labelOf(model->chip(row)));
            QVERIFY(map->isCandidate(model->chip(row)));
        }
        QCOMPARE(window->session()->round(), 1);

        // Accept the first candidate with Y in the grid.
        CandidateGrid *grid = window->candidateGrid();
        const qint64 first = model->chip(0);
        QCOMPARE(grid->currentChip(), first);
        QTest::keyClick(grid, Qt::Key_Y);
        QCOMPARE(window->session()->labelOf(first), LabelValue::Positive);
        QCOMPARE(map->chipState(first), ChipState::Positive);
        QCOMPARE(model->decision(0), CandidateDecision::Accepted);
        // Reject the second with N.
        const qint64 second = model->chip(1);
        QCOMPARE(grid->currentChip(), second);
        QTest::keyClick(grid, Qt::Key_N);
        QCOMPARE(map->chipState(second), ChipState::Negative);

        auto store = ProjectStore::openReadOnly(projectPath.toStdString());
        const auto accepted = store->label(window->session()->dataset()->ids[size_t(first)]);
        QVERIFY(accepted);
        QCOMPARE(accepted->value, LabelValue::Positive);
        QCOMPARE(accepted->source, LabelSource::Accepted);
        QCOMPARE(accepted->round, 1);
        // The label names the strategy that proposed the chip: with auto (the default) the one
        // it delegated that chip to, which the grid shows with the candidate.
        const QString proposer = window->session()->proposerOf(first);
        QCOMPARE(QString::fromStdString(accepted->strategy), proposer);
        QVERIFY(StrategyRegistry::instance().find(proposer.toStdString()));
        if (window->strategyPanel()->strategy() == QLatin1String("auto")) {
            QVERIFY(proposer != QLatin1String("auto"));
            QCOMPARE(model->data(model->index(0), CandidateModel::ProposedByRole).toString(),
                     StrategyPanel::strategyTitle(proposer));
            QVERIFY(!window->session()->shares().empty());
        }
        QCOMPARE(float(accepted->score), model->score(0));
        const auto rejected = store->label(window->session()->dataset()->ids[size_t(second)]);
        QCOMPARE(rejected->source, LabelSource::Rejected);
        QCOMPARE(int(store->candidates().size()), 10);

        // Undo the rejection: the candidate is pending again.
        QTest::keySequence(window.get(), QKeySequence(QStringLiteral("Ctrl+Z")));
        QCOMPARE(model->decision(1), CandidateDecision::Pending);
    }

    // S skips a candidate: saved in the project at once, shown as skipped again after reopening,
    // and never proposed by a later round (also after reopening); labeling it drops the skip.
    void skippedCandidatesSurviveReopen()
    {
        if (StrategyRegistry::instance().names().empty())
            QSKIP("no search strategy is registered in this build yet");
        QString projectPath;
        qint64 skipped = -1, pending = -1;
        {
            auto window = openFresh(&projectPath);
            QVERIFY(window);
            MapView *map = window->mapView();
            click(map, 30, Qt::LeftButton);
            click(map, 31, Qt::LeftButton);
            click(map, 90, Qt::RightButton);
            window->strategyPanel()->setBatchSize(8);
            QSignalSpy finished(window->session(), &ProjectSession::searchFinished);
            QVERIFY(window->findSimilar());
            QVERIFY(finished.wait(30000));
            CandidateModel *model = window->candidateModel();
            QCOMPARE(model->rowCount(), 8);
            CandidateGrid *grid = window->candidateGrid();
            skipped = model->chip(0);
            pending = model->chip(1);
            QCOMPARE(grid->currentChip(), skipped);
            QTest::keyClick(grid, Qt::Key_S);
            QCOMPARE(model->decision(0), CandidateDecision::Skipped);
            QVERIFY(window->session()->isSkipped(skipped));
            QVERIFY(!window->session()->labelOf(skipped));
            // In the file already, before the window closes.
            const auto stored = ProjectStore::openReadOnly(projectPath.toStdString())->skipped();
            QCOMPARE(stored.size(), size_t(1));
            QCOMPARE(stored[0].chipId, window->session()->dataset()->ids[size_t(skipped)]);
            QCOMPARE(stored[0].round, 1);
            window->close();
        }
        MainWindow window;
        window.setInteractive(false);
        window.resize(1100, 750);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openProject(projectPath));
        QVERIFY(waitLoaded(window));
        CandidateModel *model = window.candidateModel();
        QCOMPARE(model->rowCount(), 8);
        QVERIFY(window.session()->isSkipped(skipped));
        QCOMPARE(window.session()->skippedCount(), 1);
        QCOMPARE(model->decision(model->rowOf(skipped)), CandidateDecision::Skipped);
        QCOMPARE(model->decision(model->rowOf(pending)), CandidateDecision::Pending);
        QCOMPARE(model->pendingCount(), 7);

        // The next round leaves the skipped chip out, even with a batch covering every chip.
        window.strategyPanel()->setBatchSize(Cols * Rows);
        QSignalSpy finished(window.session(), &ProjectSession::searchFinished);
        QVERIFY(window.findSimilar());
        QVERIFY(finished.wait(30000));
        QVERIFY(model->rowCount() > 8);
        QCOMPARE(model->rowOf(skipped), -1);
        QVERIFY(model->rowOf(pending) >= 0);
        QCOMPARE(window.session()->round(), 2);

        // Labeling the skipped chip on the map drops its skip (in the file too).
        click(window.mapView(), skipped, Qt::RightButton);
        QCOMPARE(window.session()->labelOf(skipped), LabelValue::Negative);
        QVERIFY(!window.session()->isSkipped(skipped));
        QVERIFY(ProjectStore::openReadOnly(projectPath.toStdString())->skipped().empty());
    }

    void exportWritesGeoJson()
    {
        auto window = openFresh();
        QVERIFY(window);
        click(window->mapView(), 3, Qt::LeftButton);
        click(window->mapView(), 4, Qt::RightButton);
        const QString path = m_dir.filePath(QStringLiteral("labels.geojson"));
        QSignalSpy exported(window->session(), &ProjectSession::labelsExported);
        QVERIFY2(window->exportLabels(path), qPrintable(window->lastError()));
        QVERIFY2(exported.wait(30000), qPrintable(window->lastError()));
        QCOMPARE(exported.at(0).at(0).toInt(), 2);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QStringLiteral("type")).toString(),
                 QStringLiteral("FeatureCollection"));
        const QJsonArray features = doc.object().value(QStringLiteral("features")).toArray();
        QCOMPARE(features.size(), 2);
        QMap<QString, QString> labels;
        for (const QJsonValue &f : features) {
            const QJsonObject properties =
                f.toObject().value(QStringLiteral("properties")).toObject();
            labels[properties.value(QStringLiteral("chip_id")).toString()] =
                properties.value(QStringLiteral("label")).toString();
            QCOMPARE(properties.value(QStringLiteral("source")).toString(),
                     QStringLiteral("click"));
            QCOMPARE(f.toObject()
                         .value(QStringLiteral("geometry"))
                         .toObject()
                         .value(QStringLiteral("type"))
                         .toString(),
                     QStringLiteral("Polygon"));
        }
        QCOMPARE(labels.value(QStringLiteral("chip-3")), QStringLiteral("positive"));
        QCOMPARE(labels.value(QStringLiteral("chip-4")), QStringLiteral("negative"));

        // Importing it into another project labels the same chips in one step.
        auto other = openFresh();
        QVERIFY(other);
        QSignalSpy imported(other->session(), &ProjectSession::labelsImported);
        QVERIFY2(other->importLabels(path, 1, 0.5), qPrintable(other->lastError()));
        QVERIFY2(imported.wait(30000), qPrintable(other->lastError()));
        QCOMPARE(other->session()->labelOf(3), LabelValue::Positive);
        QCOMPARE(other->session()->labelOf(4), LabelValue::Negative);
        QCOMPARE(other->session()->label(3)->source, LabelSource::Imported);
    }

    void reopenRestoresLabelsAndView()
    {
        QString projectPath;
        QString view;
        {
            auto window = openFresh(&projectPath);
            QVERIFY(window);
            MapView *map = window->mapView();
            click(map, 40, Qt::LeftButton);
            click(map, 41, Qt::RightButton);
            map->zoomIn();
            map->setView(map->center() + QPointF(120.0, -80.0), map->resolution());
            view = map->viewString();
            window->strategyPanel()->setBatchSize(17);
            window->close(); // saves the view now
        }
        MainWindow window;
        window.setInteractive(false);
        window.resize(1100, 750);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openProject(projectPath));
        QVERIFY(waitLoaded(window));
        QCOMPARE(window.session()->labelOf(40), LabelValue::Positive);
        QCOMPARE(window.session()->labelOf(41), LabelValue::Negative);
        QCOMPARE(window.mapView()->chipState(40), ChipState::Positive);
        QCOMPARE(window.mapView()->chipState(41), ChipState::Negative);
        QCOMPARE(window.mapView()->viewString(), view);
        QCOMPARE(window.strategyPanel()->batchSize(), 17);
        // Undo history survives reopening.
        QVERIFY(window.session()->canUndo());
        window.session()->undo();
        QVERIFY(!window.session()->labelOf(41));
    }

    void badDatasetIsReported()
    {
        MainWindow window;
        window.setInteractive(false);
        const QString bogus = m_dir.filePath(QStringLiteral("bogus.geojson"));
        QFile file(bogus);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ not json");
        file.close();
        const QString project = newProjectPath();
        QVERIFY(window.createProject(project, bogus));
        QTRY_VERIFY_WITH_TIMEOUT(!window.lastError().isEmpty(), 20000);
        QVERIFY2(window.lastError().contains(QStringLiteral("bogus.geojson")),
                 qPrintable(window.lastError()));
        QVERIFY(!window.session()->isLoaded());
        // The failed open leaves nothing behind: no project, no WAL or SHM file.
        QVERIFY(!window.session()->isOpen());
        for (const char *suffix : {"", "-wal", "-shm"})
            QVERIFY2(!QFile::exists(project + QLatin1String(suffix)), suffix);
    }

    // Rows the reader skips (a zero vector, a null embedding) are told after loading; the rest
    // of the dataset opens.
    void skippedRowsAreReported()
    {
        MainWindow window;
        window.setInteractive(false);
        const QString path = m_dir.filePath(QStringLiteral("some-unusable.geojson"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray json = "{\"type\":\"FeatureCollection\",\"features\":[";
        const char *embeddings[] = {"[1,2,3]", "[0,0,0]", "[2,1,3]", "null", "[3,2,1]"};
        for (int i = 0; i < 5; ++i) {
            const QByteArray x = QByteArray::number(-99.5 + 0.01 * i, 'f', 3);
            const QByteArray x1 = QByteArray::number(-99.49 + 0.01 * i, 'f', 3);
            json += (i ? "," : "") +
                    QByteArray("{\"type\":\"Feature\",\"properties\":{\"id\":\"c") +
                    QByteArray::number(i) + "\",\"embedding\":" + embeddings[i] +
                    "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + x + ",47.2],[" +
                    x1 + ",47.2],[" + x1 + ",47.21],[" + x + ",47.2]]]}}";
        }
        file.write(json + "]}");
        file.close();
        QVERIFY(window.createProject(newProjectPath(), path));
        QVERIFY(waitLoaded(window));
        QCOMPARE(window.session()->dataset()->size(), size_t(3));
        QVERIFY2(window.lastNotice().contains(QStringLiteral("skipped")) &&
                     window.lastNotice().contains(QStringLiteral("zero embedding")),
                 qPrintable(window.lastNotice()));
        QVERIFY(window.lastError().isEmpty());
    }

    // The demo end to end, as a new user runs it: the bundled NAIP scene (resources/demo) with
    // its basemap; three pond chips labeled positive and two dry chips negative on the map;
    // Find similar proposes water (the truth columns of the demo dataset check it); Y/N/S in
    // the grid. Grabs the window to mainwindow.png (the README screenshot).
    void demoFindsPondsAndScreenshot()
    {
        if (StrategyRegistry::instance().names().empty())
            QSKIP("no search strategy is registered in this build yet");
        const DemoDataset demo = ensureDemoDataset(DEMO_DATA_DIR "/m_4709963_se_14_1_20200831.tif",
                                                   TEST_OUTPUT_DIR "/demo-cache");
        const QString projectPath = newProjectPath();
        {
            MainWindow window;
            window.setInteractive(false);
            QVERIFY(window.createProject(projectPath, QString::fromStdString(demo.datasetPath)));
            QVERIFY(waitLoaded(window));
            window.session()->setSetting(QStringLiteral("basemap"),
                                         QString::fromStdString(demo.basemapPath));
            window.close();
        }
        MainWindow shown;
        shown.setInteractive(false);
        shown.resize(1280, 800);
        shown.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shown));
        QVERIFY(shown.openProject(projectPath));
        QVERIFY(waitLoaded(shown));
        const auto dataset = shown.session()->dataset();
        QCOMPARE(dataset->size(), size_t(1140));
        const AttributeColumn *water = dataset->attribute("water");
        const AttributeColumn *pond = dataset->attribute("pond");
        QVERIFY(water && pond);
        auto isOne = [](const std::optional<std::string> &v) { return v && *v == "1"; };

        MapView *map = shown.mapView();
        map->zoomToChips();
        // Dark open ponds (pond fraction > 0.9) and two dry chips (a bare field, grassland).
        for (const char *id : {"r11_c22", "r26_c19", "r17_c1"}) {
            const int64_t chip = dataset->indexOf(id);
            QVERIFY2(chip >= 0 && isOne(pond->values[size_t(chip)]), id);
            click(map, chip, Qt::LeftButton);
            QCOMPARE(shown.session()->labelOf(chip), LabelValue::Positive);
        }
        for (const char *id : {"r22_c33", "r8_c10"}) {
            const int64_t chip = dataset->indexOf(id);
            QVERIFY2(chip >= 0 && !isOne(water->values[size_t(chip)]), id);
            click(map, chip, Qt::RightButton);
            QCOMPARE(shown.session()->labelOf(chip), LabelValue::Negative);
        }
        QSignalSpy finished(shown.session(), &ProjectSession::searchFinished);
        QVERIFY(shown.findSimilar());
        QVERIFY(finished.wait(60000));
        CandidateModel *model = shown.candidateModel();
        QCOMPARE(model->rowCount(), 25);
        int wet = 0, ponds = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            wet += isOne(water->values[size_t(model->chip(row))]);
            ponds += isOne(pond->values[size_t(model->chip(row))]);
        }
        qInfo("demo, %s: %d of 25 candidates are water chips, %d pond chips (base rate 10.8 %%)",
              qPrintable(shown.strategyPanel()->strategy()), wet, ponds);
        QVERIFY2(wet >= 20, qPrintable(QString::number(wet)));
        QVERIFY2(ponds >= 6, qPrintable(QString::number(ponds))); // > 2× the base rate

        // Review: accept two, reject one, skip one.
        CandidateGrid *grid = shown.candidateGrid();
        for (const char *key : {"y", "y", "n", "s"})
            QTest::keyClick(grid, key[0]);
        QCOMPARE(model->decision(0), CandidateDecision::Accepted);
        QCOMPARE(model->decision(2), CandidateDecision::Rejected);
        QCOMPARE(model->decision(3), CandidateDecision::Skipped);
        QCOMPARE(shown.session()->positiveCount(), 5);

        map->zoomToChips();
        shown.grab();
        QTRY_COMPARE_WITH_TIMEOUT(map->basemapLayer()->pendingCount(), 0, 30000);
        for (int row = 0; row < std::min(model->rowCount(), 12); ++row)
            QTRY_VERIFY_WITH_TIMEOUT(!model->data(model->index(row), Qt::DecorationRole).isNull(),
                                     20000);
        grid->selectChip(model->chip(4));
        map->zoomToChips();
        const QImage image = shown.grab().toImage();
        QVERIFY(image.save(QStringLiteral(TEST_OUTPUT_DIR "/mainwindow.png")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
