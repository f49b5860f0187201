// Every chip's score for the score layer (strategies/chipscores.h) against brute force, on a
// real Dataset tiled from a NAIP scene, and the candidate export (export/candidateexporter.h):
// CSV quoting and columns, GeoJSON read back through OGR, refused extensions, cancel.

#include "common/errors.h"
#include "common/feedback.h"
#include "core/naipchipdataset.h"
#include "export/candidateexporter.h"
#include "search/flatindex.h"
#include "strategies/chipscores.h"
#include "strategies/strategysupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>

using namespace chipfinder;

class TestChipScores : public QObject
{
    Q_OBJECT
private:
    Dataset m_dataset;
    QTemporaryDir m_dir{QStringLiteral(TEST_OUTPUT_DIR "/chipscores-XXXXXX")};

private slots:
    void initTestCase()
    {
        m_dataset = test::makeNaipChipDataset(64);
        QVERIFY(m_dataset.size() > 100);
        QVERIFY(m_dir.isValid());
    }

    void fallbackIsCosineToThePositivesCentre_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("parameters");
        QTest::addColumn<int>("metric");
        QTest::newRow("auto") << "auto"
                              << "" << int(Metric::Cosine);
        QTest::newRow("knn-union") << "knn-union"
                                   << "" << int(Metric::Cosine);
        QTest::newRow("classifier uncertainty") << "classifier"
                                                << "uncertainty=true" << int(Metric::Cosine);
        QTest::newRow("auto euclidean") << "auto"
                                        << "" << int(Metric::Euclidean);
    }

    void fallbackIsCosineToThePositivesCentre()
    {
        QFETCH(QString, strategy);
        QFETCH(QString, parameters);
        QFETCH(int, metric);
        const FlatIndex index(m_dataset.embeddings, Metric(metric));
        const std::vector<int64_t> positives{3, 17, 40}, negatives{90};
        ChipMask excluded(m_dataset.size());
        for (const int64_t chip : {3, 17, 40, 90, 55})
            excluded.set(chip);
        const StrategyParameters given = StrategyParameters::parse(parameters.toStdString());
        QVERIFY(!strategyScoresEveryChip(strategy.toStdString(), given));
        const ChipScores scores =
            scoreEveryChip(index, strategy.toStdString(), given, positives, negatives, excluded);
        QCOMPARE(scores.source, std::string(ChipScores::centroidSource));
        QCOMPARE(scores.scores.size(), m_dataset.size());
        // Brute force on the raw rows.
        const size_t d = m_dataset.embeddings.dim();
        auto unit = [&](size_t chip) {
            std::vector<double> v(d);
            double norm = 0.0;
            for (size_t j = 0; j < d; ++j)
                norm += std::pow(v[j] = m_dataset.embeddings.row(chip)[j], 2);
            for (double &x : v)
                x /= std::sqrt(norm);
            return v;
        };
        std::vector<double> centre(d, 0.0);
        for (const int64_t p : positives) {
            const auto v = unit(size_t(p));
            for (size_t j = 0; j < d; ++j)
                centre[j] += v[j];
        }
        double norm = 0.0;
        for (const double x : centre)
            norm += x * x;
        for (size_t chip = 0; chip < m_dataset.size(); ++chip) {
            if (excluded.test(int64_t(chip))) {
                QVERIFY(std::isnan(scores.scores[chip]));
                continue;
            }
            const auto v = unit(chip);
            double dot = 0.0;
            for (size_t j = 0; j < d; ++j)
                dot += v[j] * centre[j];
            QVERIFY2(std::abs(scores.scores[chip] - dot / std::sqrt(norm)) < 1e-4,
                     qPrintable(QString::number(chip)));
        }
    }

    void strategiesThatScoreEveryChipGiveTheirOwn()
    {
        const FlatIndex index(m_dataset.embeddings, Metric::Cosine);
        const std::vector<int64_t> positives{3, 17, 40}, negatives{90, 91};
        ChipMask excluded(m_dataset.size());
        for (const int64_t chip : {3, 17, 40, 90, 91})
            excluded.set(chip);
        // centroid: the index's score of the positives' mean, for every open chip.
        const ChipScores centroid =
            scoreEveryChip(index, "centroid", {}, positives, negatives, excluded);
        QCOMPARE(centroid.source, std::string("centroid"));
        const std::vector<float> expected = index.scoreAll(meanOfRows(index, positives));
        for (size_t chip = 0; chip < m_dataset.size(); ++chip) {
            if (excluded.test(int64_t(chip)))
                QVERIFY(std::isnan(centroid.scores[chip]));
            else
                QVERIFY(std::abs(centroid.scores[chip] - expected[chip]) < 1e-5);
        }
        // classifier: logits, one per open chip, same ranking as its own top-k.
        const ChipScores classifier =
            scoreEveryChip(index, "classifier", {}, positives, negatives, excluded);
        QCOMPARE(classifier.source, std::string("classifier"));
        size_t scored = 0;
        for (const float s : classifier.scores)
            scored += std::isfinite(s) ? 1 : 0;
        QCOMPARE(scored, m_dataset.size() - 5);
        QVERIFY_THROWS_EXCEPTION(UsageError,
                                 scoreEveryChip(index, "centroid", {}, {}, negatives, excluded));
    }

    void exportsCsvAndGeoJson()
    {
        Dataset dataset = m_dataset;
        dataset.ids[5] = "odd, \"id\"";
        const std::vector<ExportedCandidate> list{{5, 0.75f, "classifier", false},
                                                  {9, 0.5f, "rocchio", false},
                                                  {12, 0.25f, "centroid-cosine", true}};
        const std::string csv = m_dir.filePath(QStringLiteral("c.csv")).toStdString();
        QCOMPARE(CandidateExporter(dataset).write(csv, list, 3), size_t(3));
        QFile file(QString::fromStdString(csv));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
        QCOMPARE(lines[0],
                 QStringLiteral("chip_id,rank,score,proposed_by,selection,round,lon,lat"));
        QVERIFY2(lines[1].startsWith(QStringLiteral("\"odd, \"\"id\"\"\",1,0.75,classifier,"
                                                    "candidate,3,")),
                 qPrintable(lines[1]));
        QVERIFY(
            lines[3].startsWith(QStringLiteral("naip-0-12,3,0.25,centroid-cosine,threshold,3,")));
        const QStringList fields = lines[2].split(QLatin1Char(','));
        QCOMPARE(fields.size(), 8);
        QVERIFY(std::abs(fields[6].toDouble() + 99.15) < 0.1); // lon of the NAIP scene
        QVERIFY(std::abs(fields[7].toDouble() - 47.02) < 0.1);

        const std::string geojson = m_dir.filePath(QStringLiteral("c.geojson")).toStdString();
        QCOMPARE(CandidateExporter(dataset).write(geojson, list, 3), size_t(3));
        GDALAllRegister();
        GDALDatasetUniquePtr read(GDALDataset::Open(geojson.c_str(), GDAL_OF_VECTOR));
        QVERIFY(read);
        OGRLayer *layer = read->GetLayer(0);
        QCOMPARE(int(layer->GetFeatureCount()), 3);
        OGRFeatureUniquePtr first(layer->GetNextFeature());
        QCOMPARE(QString::fromUtf8(first->GetFieldAsString("chip_id")),
                 QStringLiteral("odd, \"id\""));
        QCOMPARE(first->GetFieldAsDouble("score"), 0.75);
        QCOMPARE(QString::fromUtf8(first->GetFieldAsString("proposed_by")),
                 QStringLiteral("classifier"));
        QCOMPARE(QString::fromUtf8(first->GetFieldAsString("selection")),
                 QStringLiteral("candidate"));
        QCOMPARE(wkbFlatten(first->GetGeometryRef()->getGeometryType()), wkbPolygon);
        OGREnvelope box;
        first->GetGeometryRef()->getEnvelope(&box);
        QVERIFY(box.MinX > -100 && box.MaxX < -99 && box.MinY > 46.9 && box.MaxY < 47.1);

        // Refused before writing: unknown extension, a chip outside the dataset; canceled: no file.
        const std::string bad = m_dir.filePath(QStringLiteral("c.txt")).toStdString();
        QVERIFY_THROWS_EXCEPTION(DataError, CandidateExporter(dataset).write(bad, list, 3));
        const std::vector<ExportedCandidate> outside{{int64_t(dataset.size()), 1.0f, "x", false}};
        const std::string out = m_dir.filePath(QStringLiteral("o.csv")).toStdString();
        QVERIFY_THROWS_EXCEPTION(DataError, CandidateExporter(dataset).write(out, outside, 1));
        Feedback canceled;
        canceled.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError,
                                 CandidateExporter(dataset).write(out, list, 1, &canceled));
        QVERIFY(!QFile::exists(QString::fromStdString(out)));
    }
};

QTEST_GUILESS_MAIN(TestChipScores)
#include "tst_chipscores.moc"
