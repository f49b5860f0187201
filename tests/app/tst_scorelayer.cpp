// The score layer as an analyst uses it (offscreen main window on a dataset file): label a few
// chips on the map, turn on View › Score layer (Ctrl+L) and the scores arrive from the
// background (cosine to the positives' centre for the default strategy, checked against a brute
// force; the classifier's own logits when it is picked), the legend strip sits under the map and
// never over it, the threshold slider moves with the keyboard and the count follows,
// Review › Accept all above threshold labels exactly the open chips above it in ONE step with
// source "threshold", Ctrl+Z undoes all of it, and File › Export candidates… writes CSV and
// GeoJSON that read back with the candidates' scores and proposers (and the threshold chips).

#include "dataset/datasetwriter.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/scorelayercontroller.h"
#include "gui/strategypanel.h"
#include "mapview.h"
#include "scorebar.h"
#include "scorelayer.h"
#include "strategies/chipscores.h"
#include "widgets/griddataset.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <cmath>

using namespace chipfinder;
using namespace chipfinder::testing;

namespace {
constexpr int Cols = 16;
constexpr int Rows = 12;

QString writeGridDataset(const QString &dir)
{
    auto dataset = gridDataset(naipBox(), Cols, Rows, 8);
    const QString path = dir + QStringLiteral("/grid.gpkg");
    DatasetWriteOptions options;
    options.wgs84 = true;
    writeDataset(*dataset, path.toStdString(), options);
    return path;
}

// Cosine of every chip to the mean of the positives' unit vectors, from the dataset's raw rows.
std::vector<double> bruteCosines(const Dataset &dataset, const std::vector<int64_t> &positives)
{
    const size_t d = dataset.embeddings.dim();
    std::vector<double> centre(d, 0.0);
    auto unit = [&](size_t chip) {
        std::vector<double> v(d);
        double norm = 0.0;
        for (size_t j = 0; j < d; ++j) {
            v[j] = dataset.embeddings.row(chip)[j];
            norm += v[j] * v[j];
        }
        for (double &x : v)
            x /= std::sqrt(norm);
        return v;
    };
    for (const int64_t p : positives) {
        const auto v = unit(size_t(p));
        for (size_t j = 0; j < d; ++j)
            centre[j] += v[j] / double(positives.size());
    }
    double norm = 0.0;
    for (const double x : centre)
        norm += x * x;
    std::vector<double> cosines(dataset.size());
    for (size_t chip = 0; chip < dataset.size(); ++chip) {
        const auto v = unit(chip);
        double dot = 0.0;
        for (size_t j = 0; j < d; ++j)
            dot += v[j] * centre[j];
        cosines[chip] = dot / std::sqrt(norm);
    }
    return cosines;
}

QStringList splitCsvLine(const QString &line)
{
    return line.split(QLatin1Char(','));
}
} // namespace

class TestScoreLayer : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/scorelayer-XXXXXX")};
    QString m_dataset;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_dataset = writeGridDataset(m_dir.path());
    }

    void layerThresholdAcceptUndoExport()
    {
        MainWindow window;
        window.setInteractive(false);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(window.session(), &ProjectSession::loaded);
        QVERIFY(
            window.createProject(m_dir.filePath(QStringLiteral("a.chipfinder.gpkg")), m_dataset));
        QVERIFY(window.session()->isLoaded() || loaded.wait(30000));
        ProjectSession *session = window.session();
        MapView *map = window.mapView();
        auto *controller = window.findChild<ScoreLayerController *>();
        QVERIFY(controller);
        ScoreLayer *layer = controller->layer();
        ScoreBar *bar = controller->bar();
        QCOMPARE(map->scoreLayer(), layer);

        // Label on the map: two positives, one negative.
        for (const auto &[chip, button] :
             {std::pair{40, Qt::LeftButton}, std::pair{41, Qt::LeftButton},
              std::pair{120, Qt::RightButton}})
            QTest::mouseClick(map, button, {}, map->screenPosition(chip));
        QCOMPARE(session->positiveCount(), 2);
        QCOMPARE(session->negativeCount(), 1);

        // View › Score layer by its shortcut: the layer and its strip appear, scores follow.
        QVERIFY(!layer->isVisible());
        QSignalSpy ready(controller, &ScoreLayerController::scoresReady);
        map->setFocus();
        QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
        QVERIFY(controller->toggleAction()->isChecked());
        QVERIFY(layer->isVisible());
        QVERIFY(ready.wait(20000));
        QVERIFY(layer->hasScores());
        QCOMPARE(layer->source(), QString::fromLatin1(ChipScores::centroidSource));
        const auto dataset = session->dataset();
        const std::vector<double> expected = bruteCosines(*dataset, {40, 41});
        for (size_t chip = 0; chip < dataset->size(); ++chip) {
            if (chip == 40 || chip == 41 || chip == 120) {
                QVERIFY(std::isnan(layer->score(int64_t(chip))));
                continue;
            }
            QVERIFY2(std::abs(layer->score(int64_t(chip)) - expected[chip]) < 1e-4,
                     qPrintable(QString::number(chip)));
        }
        // The legend strip is beside the map, not over it.
        auto *strip = window.findChild<QToolBar *>(QStringLiteral("scoreToolBar"));
        QVERIFY(strip && strip->isVisible());
        const QRect mapRect(map->mapTo(&window, QPoint(0, 0)), map->size());
        const QRect stripRect(strip->mapTo(&window, QPoint(0, 0)), strip->size());
        QVERIFY(!mapRect.intersects(stripRect));
        QVERIFY(bar->legend()->isVisible());

        // The heat is on the map: an unlabeled chip's centre has the layer's colour in it.
        {
            const QImage shown = map->grab().toImage();
            int64_t best = -1;
            for (size_t chip = 0; chip < dataset->size(); ++chip)
                if (std::isfinite(layer->score(int64_t(chip))) &&
                    (best < 0 || layer->score(int64_t(chip)) > layer->score(best)))
                    best = int64_t(chip);
            QVERIFY(best >= 0);
            const QColor heat = layer->colorAt(layer->score(best));
            const QColor pixel = shown.pixelColor(map->screenPosition(best));
            const QColor background(226, 228, 224);
            QVERIFY2(pixel != background, qPrintable(pixel.name()));
            layer->setVisible(false); // without the layer the same pixel is the background
            const QColor plain = map->grab().toImage().pixelColor(map->screenPosition(best));
            QCOMPARE(plain, background);
            layer->setVisible(true);
            Q_UNUSED(heat);
        }

        // The threshold slider, with the keyboard: lower it and the count grows.
        QSlider *slider = bar->slider();
        slider->setFocus();
        const float before = layer->threshold();
        const size_t countBefore = layer->countAbove();
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(slider, Qt::Key_PageDown);
        QVERIFY(layer->threshold() < before);
        const float threshold = layer->threshold();
        size_t brute = 0;
        for (size_t chip = 0; chip < dataset->size(); ++chip)
            if (chip != 40 && chip != 41 && chip != 120 && expected[chip] >= threshold - 1e-6)
                ++brute;
        const size_t above = layer->countAbove();
        QVERIFY(above > countBefore);
        QVERIFY2(std::abs(double(above) - double(brute)) <= 1.0,
                 qPrintable(QStringLiteral("%1 vs %2").arg(above).arg(brute)));
        QVERIFY2(bar->countLabel()->text().contains(QString::number(above)),
                 qPrintable(bar->countLabel()->text()));
        QTest::keyClick(slider, Qt::Key_Right); // one step up
        QVERIFY(layer->threshold() > threshold);
        const size_t toAccept = layer->countAbove();
        QVERIFY(toAccept > 1);
        const std::vector<ScoredChip> chips = layer->chipsAbove();
        QCOMPARE(chips.size(), toAccept);

        // Review › Accept all above threshold: one step, source "threshold".
        QVERIFY(controller->acceptAboveAction()->isEnabled());
        QSignalSpy history(session, &ProjectSession::historyChanged);
        controller->acceptAboveAction()->trigger();
        QCOMPARE(history.count(), 1);
        QCOMPARE(session->positiveCount(), 2 + int(toAccept));
        for (const ScoredChip &c : chips) {
            const auto label = session->label(c.chip);
            QVERIFY(label);
            QCOMPARE(label->value, LabelValue::Positive);
            QCOMPARE(label->source, LabelSource::Threshold);
            QCOMPARE(float(label->score), c.score);
            QCOMPARE(label->strategy, std::string(ChipScores::centroidSource));
        }
        QVERIFY(session->undoText().contains(QString::number(toAccept)));
        QCOMPARE(layer->countAbove(), size_t(0)); // all of them are labeled now

        // Ctrl+Z undoes the whole step.
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(session->positiveCount(), 2);
        for (const ScoredChip &c : chips)
            QVERIFY(!session->labelOf(c.chip));
        QVERIFY(session->label(40));

        // A round of candidates, then export them with the chips above the threshold.
        QVERIFY(ready.wait(20000)); // the undo changed the labels: scores come again
        QSignalSpy finished(session, &ProjectSession::searchFinished);
        QVERIFY(window.findSimilar());
        QVERIFY(finished.wait(30000));
        const std::vector<ScoredChip> candidates = session->candidates();
        QVERIFY(!candidates.empty());
        const size_t extra = [&] {
            size_t n = 0;
            for (const ScoredChip &c : layer->chipsAbove())
                n += session->isCandidate(c.chip) ? 0 : 1;
            return n;
        }();
        QSignalSpy exported(controller, &ScoreLayerController::candidatesExported);
        const QString csvPath = m_dir.filePath(QStringLiteral("candidates.csv"));
        QVERIFY(controller->exportCandidates(csvPath, true));
        QVERIFY(exported.wait(20000));
        QCOMPARE(exported.last().at(0).toInt(), int(candidates.size() + extra));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(),
                 QStringLiteral("chip_id,rank,score,proposed_by,selection,round,lon,lat"));
        QCOMPARE(lines.size(), int(candidates.size() + extra) + 1);
        for (size_t i = 0; i < candidates.size(); ++i) {
            const QStringList fields = splitCsvLine(lines[int(i) + 1]);
            QCOMPARE(fields.size(), 8);
            QCOMPARE(fields[0], QString::fromStdString(dataset->ids[size_t(candidates[i].chip)]));
            QCOMPARE(fields[1].toInt(), int(i) + 1);
            QVERIFY(std::abs(fields[2].toDouble() - candidates[i].score) < 1e-6);
            QCOMPARE(fields[3], session->proposerOf(candidates[i].chip));
            QCOMPARE(fields[4], QStringLiteral("candidate"));
            QCOMPARE(fields[5].toInt(), session->round());
            QVERIFY(std::abs(fields[6].toDouble() - -99.155) < 0.05); // inside the NAIP box
            QVERIFY(std::abs(fields[7].toDouble() - 47.02) < 0.03);
        }
        for (int i = int(candidates.size()) + 1; i < lines.size(); ++i) {
            const QStringList fields = splitCsvLine(lines[i]);
            QCOMPARE(fields[4], QStringLiteral("threshold"));
            QCOMPARE(fields[3], QString::fromLatin1(ChipScores::centroidSource));
            QVERIFY(fields[2].toDouble() >= layer->threshold() - 1e-6);
        }

        const QString jsonPath = m_dir.filePath(QStringLiteral("candidates.geojson"));
        QVERIFY(controller->exportCandidates(jsonPath, false));
        QVERIFY(exported.wait(20000));
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject collection = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(collection.value(QStringLiteral("type")).toString(),
                 QStringLiteral("FeatureCollection"));
        const QJsonArray features = collection.value(QStringLiteral("features")).toArray();
        QCOMPARE(features.size(), int(candidates.size()));
        const QJsonObject first =
            features.first().toObject().value(QStringLiteral("properties")).toObject();
        QCOMPARE(first.value(QStringLiteral("chip_id")).toString(),
                 QString::fromStdString(dataset->ids[size_t(candidates[0].chip)]));
        QVERIFY(std::abs(first.value(QStringLiteral("score")).toDouble() - candidates[0].score) <
                1e-6);
        QCOMPARE(first.value(QStringLiteral("proposed_by")).toString(),
                 session->proposerOf(candidates[0].chip));
        QCOMPARE(features.first()
                     .toObject()
                     .value(QStringLiteral("geometry"))
                     .toObject()
                     .value(QStringLiteral("type"))
                     .toString(),
                 QStringLiteral("Polygon"));

        // A strategy that scores every chip gives its own scores (the classifier's logits).
        window.strategyPanel()->setStrategy(QStringLiteral("classifier"));
        QVERIFY(controller->computeScores());
        QVERIFY(ready.wait(20000));
        QCOMPARE(layer->source(), QStringLiteral("classifier"));
        QVERIFY(layer->maximum() > layer->minimum());

        QVERIFY(window.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/scorelayer.png")));
    }
};

QTEST_MAIN(TestScoreLayer)
#include "tst_scorelayer.moc"
