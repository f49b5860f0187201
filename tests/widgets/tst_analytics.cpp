// AnalysisPanel and EmbeddingReport, offscreen, on the real NAIP fixture: the panel's figures and
// the exported JSON equal diversity()/coverage() computed directly, retrieval quality equals the
// metric functions on the same queries, the PDF is written (two pages), and the panel is grabbed.

#include "analytics/analysispanel.h"
#include "common/analyticsteststrategies.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "common/rasterchipfixture.h"
#include "metrics/embeddinganalysis.h"
#include "metrics/retrievalmetrics.h"
#include "search/flatindex.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
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
        QCOMPARE(report->coverage->mean, labeledCoverage.mean);
        // The labeled set here is spread over the scene: more diverse than the whole set, whose
        // chips all have a close neighbour.
        QVERIFY(labeledDiversity.mean > allDiversity.mean);

        // Retrieval: recompute query 0 of the centroid strategy and compare the mean of all.
        QCOMPARE(report->retrieval.size(), size_t(2));
        QCOMPARE(report->k, size_t(20));
        for (const RetrievalQuality &r : report->retrieval) {
            QCOMPARE(r.queries, size_t(5));
            QVERIFY(r.precisionAtK >= 0 && r.precisionAtK <= 1);
            QVERIFY(r.mapAtR >= 0 && r.mapAtR <= 1);
        }
        QVERIFY(report->retrieval[0].precisionAtK > report->retrieval[1].precisionAtK);

        // Export: JSON figures equal the direct computations; the PDF has two pages.
        const QString pdfPath = QStringLiteral(TEST_OUTPUT_DIR "/embedding_report.pdf");
        const QString jsonPath = QStringLiteral(TEST_OUTPUT_DIR "/embedding_report.json");
        QFile::remove(pdfPath);
        QVERIFY2(panel.exportReport(pdfPath, jsonPath), qPrintable(panel.errorString()));
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(root["chips"].toInteger(), qint64(m_embeddings->rows()));
        const QJsonArray sets = root["diversity"].toArray();
        QCOMPARE(sets.size(), 4);
        QCOMPARE(sets[0].toObject()["set"].toString(), QStringLiteral("all"));
        compareSummary(sets[0].toObject()["summary"].toObject(), allDiversity);
        compareSummary(sets[1].toObject()["summary"].toObject(), labeledDiversity);
        compareSummary(sets[2].toObject()["summary"].toObject(), positiveDiversity);
        const double upper =
            std::max({allDiversity.max, labeledDiversity.max, positiveDiversity.max,
                      report->diversity[3].summary->max});
        compareHistogram(sets[1].toObject()["histogram"].toObject(),
                         labeledDiversity.histogram(30, 0.0, upper));
        const QJsonObject cov = root["coverage"].toObject();
        compareSummary(cov["summary"].toObject(), labeledCoverage);
        compareHistogram(cov["histogram"].toObject(),
                         labeledCoverage.histogram(30, 0.0, labeledCoverage.max));
        const QJsonArray retrieval = root["retrieval"].toObject()["strategies"].toArray();
        QCOMPARE(retrieval.size(), 2);
        QCOMPARE(retrieval[0].toObject()["map_at_r"].toDouble(), report->retrieval[0].mapAtR);

        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.size() > 5000);
        QCOMPARE(bytes.count("/Type /Page\n") + bytes.count("/Type /Page\r") +
                     bytes.count("/Type /Page "),
                 2);
        QVERIFY(panel.grab().save(QStringLiteral(TEST_OUTPUT_DIR "/analysis_panel.png")));
    }

    void retrievalMatchesMetrics()
    {
        // One query by hand: the report's protocol for query 0 and the metric functions.
        EmbeddingReportInput input;
        input.embeddings = m_embeddings;
        input.index = m_index;
        input.truth = m_truth;
        input.strategies = {"test-centroid"};
        input.factory = testing::testFactory();
        input.k = 15;
        input.queries = 1;
        input.labeled = m_labeled;
        input.positives = m_positives;
        Feedback feedback;
        const EmbeddingReport report = computeEmbeddingReport(input, feedback);

        std::vector<int64_t> p, n;
        for (size_t i = 0; i < m_truth->size(); ++i)
            ((*m_truth)[i] ? p : n).push_back(int64_t(i));
        const size_t relevantAll = p.size();
        std::mt19937_64 rng(input.seed * 1000003ull);
        std::shuffle(p.begin(), p.end(), rng);
        std::shuffle(n.begin(), n.end(), rng);
        p.resize(3);
        n.resize(3);
        std::vector<int64_t> query = p;
        query.insert(query.end(), n.begin(), n.end());
        const ChipMask mask = ChipMask::fromIndices(m_truth->size(), query);
        auto strategy = testing::testFactory()("test-centroid", {});
        StrategyInput in;
        in.index = m_index.get();
        in.positives = p;
        in.negatives = n;
        in.labeled = &mask;
        in.k = std::max<size_t>(15, relevantAll - 3);
        in.rng = &rng;
        const auto ranked = strategy->propose(in);
        QCOMPARE(report.retrieval[0].precisionAtK, precisionAtK(ranked, *m_truth, 15));
        QCOMPARE(report.retrieval[0].recallAtK, recallAtK(ranked, *m_truth, 15, &mask));
        QCOMPARE(report.retrieval[0].mapAtR, mapAtR(ranked, *m_truth, &mask));
    }

    void smallSetsAndNoTruth()
    {
        EmbeddingReportInput input;
        input.embeddings = m_embeddings;
        input.labeled = {5};
        input.positives = {};
        Feedback feedback;
        const EmbeddingReport report = computeEmbeddingReport(input, feedback);
        QVERIFY(!report.diversity[1].summary);
        QVERIFY(!report.diversity[1].note.isEmpty());
        QVERIFY(report.coverage);
        QVERIFY(report.retrieval.empty());
        QVERIFY(!report.retrievalNote.isEmpty());
        Feedback canceled;
        canceled.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, computeEmbeddingReport(input, canceled));
    }
};

QTEST_MAIN(TestAnalytics)
#include "tst_analytics.moc"
