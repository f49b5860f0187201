// AnalysisPanel, offscreen, on the real NAIP fixture: the panel's report and the exported JSON
// (core's EmbeddingReport, schema 1) equal diversity()/coverage() computed directly, the tables and
// charts show the report, the PDF is written (two pages), and the panel is grabbed. The report's
// own figures are checked against brute force in tests/core/tst_embeddingreport.cpp.

#include "analytics/analysispanel.h"
#include "common/analyticsteststrategies.h"
#include "common/rasterchipfixture.h"
#include "metrics/embeddinganalysis.h"
#include "search/flatindex.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace chipfinder;

namespace {

void compareSummary(const QJsonObject &json, const DistanceSummary &expected)
{
    QCOMPARE(json["count"].toInteger(), qint64(expected.count));
    QCOMPARE(json["mean"].toDouble(), expected.mean);
    QCOMPARE(json["min"].toDouble(), expected.min);
    QCOMPARE(json["max"].toDouble(), expected.max);
    const QJsonArray distances = json["distances"].toArray();
    QCOMPARE(size_t(distances.size()), expected.distances.size());
    for (qsizetype i = 0; i < distances.size(); i += 37)
        QCOMPARE(float(distances[i].toDouble()), expected.distances[size_t(i)]);
}

void compareHistogram(const QJsonObject &json, const Histogram &expected)
{
    QCOMPARE(json["lower"].toDouble(), expected.lower);
    QCOMPARE(json["upper"].toDouble(), expected.upper);
    const QJsonArray counts = json["counts"].toArray();
    QCOMPARE(size_t(counts.size()), expected.counts.size());
    for (qsizetype i = 0; i < counts.size(); ++i)
        QCOMPARE(counts[i].toInteger(), qint64(expected.counts[size_t(i)]));
}

} // namespace

class TestAnalytics : public QObject
{
    Q_OBJECT
private:
    testing::RasterChipFixture m_fixture;
    std::shared_ptr<EmbeddingMatrix> m_embeddings;
    std::shared_ptr<FlatIndex> m_index;
    std::shared_ptr<std::vector<uint8_t>> m_truth;
    std::vector<int64_t> m_labeled;
    std::vector<int64_t> m_positives;

private slots:
    void initTestCase()
    {
        m_fixture = testing::makeRasterChipFixture();
        m_embeddings = std::make_shared<EmbeddingMatrix>(m_fixture.embeddings);
        m_index = std::make_shared<FlatIndex>(*m_embeddings, Metric::Cosine, 1);
        m_truth = std::make_shared<std::vector<uint8_t>>(m_fixture.truth);
        // A labeled set as an analyst might have it: every 9th water chip positive, every 23rd
        // other chip negative.
        size_t water = 0, other = 0;
        for (size_t i = 0; i < m_truth->size(); ++i) {
            if ((*m_truth)[i] && water++ % 9 == 0) {
                m_labeled.push_back(int64_t(i));
                m_positives.push_back(int64_t(i));
            } else if (!(*m_truth)[i] && other++ % 23 == 0) {
                m_labeled.push_back(int64_t(i));
            }
        }
        QVERIFY(m_positives.size() > 30 && m_labeled.size() > 100);
    }

    void panelComputesAndExports()
    {
        AnalysisPanel panel;
        panel.resize(1100, 800);
        panel.setData(m_embeddings, Metric::Cosine, m_labeled, m_positives);
        panel.setRetrievalData(m_index, {{QStringLiteral("water (NDWI)"), m_truth}});
        panel.setStrategies({"test-centroid", "test-random"}, testing::testFactory());
        panel.setK(20);
        QSignalSpy ready(&panel, &AnalysisPanel::reportReady);
        panel.compute();
        QVERIFY(panel.isRunning());
        QVERIFY(ready.wait(60000));
        const EmbeddingReport *report = panel.report();
        QVERIFY(report);
        QCOMPARE(report->diversity.size(), size_t(4));
        QCOMPARE(report->selected, std::string("labeled"));

        // Direct computations of the same figures.
        std::vector<int64_t> all(m_embeddings->rows());
        std::iota(all.begin(), all.end(), 0);
        const DistanceSummary allDiversity = diversity(*m_embeddings, all, Metric::Cosine);
        const DistanceSummary labeledDiversity =
            diversity(*m_embeddings, m_labeled, Metric::Cosine);
        const DistanceSummary positiveDiversity =
            diversity(*m_embeddings, m_positives, Metric::Cosine);
        const DistanceSummary labeledCoverage = coverage(*m_embeddings, m_labeled, Metric::Cosine);
        QCOMPARE(report->diversity[0].summary->mean, allDiversity.mean);
        QCOMPARE(report->diversity[1].summary->mean, labeledDiversity.mean);
        QCOMPARE(report->diversity[2].summary->max, positiveDiversity.max);
        QCOMPARE(report->diversity[3].members, m_labeled.size());
        QCOMPARE(report->coverage.size(), size_t(2));
        QCOMPARE(report->coverage[0].summary->mean, labeledCoverage.mean);
        QCOMPARE(report->coverage[1].members, m_labeled.size());
        // The labeled set here is spread over the scene: more diverse than the whole set, whose
        // chips all have a close neighbour.
        QVERIFY(labeledDiversity.mean > allDiversity.mean);

        QCOMPARE(report->retrieval.status, RetrievalStatus::Computed);
        QCOMPARE(report->retrieval.strategies.size(), size_t(2));
        QCOMPARE(report->retrieval.k, size_t(20));
        QCOMPARE(report->retrieval.truthName, std::string("water (NDWI)"));
        for (const RetrievalQuality &r : report->retrieval.strategies) {
            QCOMPARE(r.queries, size_t(5));
            QVERIFY(r.precisionAtK >= 0 && r.precisionAtK <= 1);
            QVERIFY(r.mapAtR >= 0 && r.mapAtR <= 1);
        }
        QVERIFY(report->retrieval.strategies[0].precisionAtK >
                report->retrieval.strategies[1].precisionAtK);

        // The tables show the report's sets under their titles.
        const QList<QTableWidget *> tables = panel.findChildren<QTableWidget *>();
        QCOMPARE(tables.size(), 3);
        QCOMPARE(tables[0]->rowCount(), 4);
        QCOMPARE(tables[0]->item(3, 0)->text(), AnalysisPanel::setTitle("random"));
        QCOMPARE(tables[0]->item(1, 2)->text(), QString::number(labeledDiversity.mean, 'f', 4));
        QCOMPARE(tables[1]->rowCount(), 2);
        QCOMPARE(tables[1]->item(0, 0)->text(), AnalysisPanel::setTitle("labeled"));
        QCOMPARE(tables[2]->rowCount(), 2);
        // The coverage chart: the labeled set as an area that owns its outline, the random set
        // as a line.
        const QList<QChartView *> views = panel.findChildren<QChartView *>();
        QCOMPARE(views.size(), 2);
        const QList<QAbstractSeries *> coverageSeries = views[1]->chart()->series();
        QCOMPARE(coverageSeries.size(), 2);
        auto *area = qobject_cast<QAreaSeries *>(coverageSeries[0]);
        QVERIFY(area && area->upperSeries());
        QCOMPARE(area->upperSeries()->parent(), area);
        QCOMPARE(views[0]->chart()->series().size(), 4);

        // Export: the JSON is the core report's schema 1 with the same figures; the PDF has two
        // pages.
        const QString pdfPath = QStringLiteral(TEST_OUTPUT_DIR "/embedding_report.pdf");
        const QString jsonPath = QStringLiteral(TEST_OUTPUT_DIR "/embedding_report.json");
        QFile::remove(pdfPath);
        QVERIFY2(panel.exportReport(pdfPath, jsonPath), qPrintable(panel.errorString()));
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray bytes = json.readAll();
        QCOMPARE(bytes.toStdString(), report->toJson());
        const QJsonObject root = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(root["schema"].toInt(), 1);
        QCOMPARE(root["chips"].toInteger(), qint64(m_embeddings->rows()));
        QCOMPARE(root["selected"].toString(), QStringLiteral("labeled"));
        const QJsonArray sets = root["diversity"].toArray();
        QCOMPARE(sets.size(), 4);
        QCOMPARE(sets[0].toObject()["set"].toString(), QStringLiteral("all"));
        compareSummary(sets[0].toObject()["summary"].toObject(), allDiversity);
        compareSummary(sets[1].toObject()["summary"].toObject(), labeledDiversity);
        compareSummary(sets[2].toObject()["summary"].toObject(), positiveDiversity);
        const double upper = std::max({allDiversity.max, labeledDiversity.max,
                                       positiveDiversity.max, report->diversity[3].summary->max});
        compareHistogram(sets[1].toObject()["histogram"].toObject(),
                         labeledDiversity.histogram(30, 0.0, upper));
        const QJsonArray cov = root["coverage"].toArray();
        QCOMPARE(cov.size(), 2);
        QCOMPARE(cov[0].toObject()["set"].toString(), QStringLiteral("labeled"));
        compareSummary(cov[0].toObject()["summary"].toObject(), labeledCoverage);
        const double coverageUpper =
            std::max(labeledCoverage.max, report->coverage[1].summary->max);
        compareHistogram(cov[0].toObject()["histogram"].toObject(),
                         labeledCoverage.histogram(30, 0.0, coverageUpper));
        const QJsonObject retrieval = root["retrieval"].toObject();
        QCOMPARE(retrieval["status"].toString(), QStringLiteral("computed"));
        QCOMPARE(retrieval["truth"].toString(), QStringLiteral("water (NDWI)"));
        const QJsonArray strategies = retrieval["strategies"].toArray();
        QCOMPARE(strategies.size(), 2);
        QCOMPARE(strategies[0].toObject()["map_at_r"].toDouble(),
                 report->retrieval.strategies[0].mapAtR);

        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray pdfBytes = pdf.readAll();
        QVERIFY(pdfBytes.startsWith("%PDF"));
        QVERIFY(pdfBytes.size() > 5000);
        QCOMPARE(pdfBytes.count("/Type /Page\n") + pdfBytes.count("/Type /Page\r") +
                     pdfBytes.count("/Type /Page "),
                 2);
        QVERIFY(panel.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/analysis_panel.png")));
    }

    void exportFailsWithMessage()
    {
        AnalysisPanel panel;
        QVERIFY(!panel.exportReport(QStringLiteral(TEST_OUTPUT_DIR "/none.pdf"),
                                    QStringLiteral(TEST_OUTPUT_DIR "/none.json")));
        QVERIFY(!panel.errorString().isEmpty());
        panel.setData(m_embeddings, Metric::Cosine, {5}, {});
        QSignalSpy ready(&panel, &AnalysisPanel::reportReady);
        panel.compute();
        QVERIFY(ready.wait(60000));
        // One labeled chip, no truth: no diversity of it, retrieval not computed.
        QVERIFY(!panel.report()->diversityOf("labeled")->summary);
        QCOMPARE(panel.report()->retrieval.status, RetrievalStatus::NoTruth);
        const QString missing = QStringLiteral(TEST_OUTPUT_DIR "/no-such-dir/report.json");
        QVERIFY(!panel.exportReport(QStringLiteral(TEST_OUTPUT_DIR "/report.pdf"), missing));
        QVERIFY2(panel.errorString().contains(missing), qPrintable(panel.errorString()));
    }
};

QTEST_MAIN(TestAnalytics)
#include "tst_analytics.moc"
