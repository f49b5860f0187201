// Candidate review: the model (checked by QAbstractItemModelTester) orders best first and loads
// thumbnails from real imagery off the UI thread; the grid decides with Y/N/S and moves on.

#include "candidategrid.h"
#include "candidatemodel.h"
#include "chipgeometryindex.h"
#include "rasterrenderer.h"
#include "thumbnailprovider.h"
#include "widgets/griddataset.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace chipfinder;
using namespace chipfinder::testing;

namespace {
const QString NaipPath = QStringLiteral(SHARED_DATA_DIR "/naip/m_4709963_se_14_1_20200831.tif");
}

class TestCandidateGrid : public QObject
{
    Q_OBJECT
private slots:
    void modelIsSane()
    {
        CandidateModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto dataset = gridDataset(naipBox(), 6, 4);
        model.setDataset(dataset);
        ReviewTable review;
        model.setReviewDocument(&review);
        review.setCandidates({{3, 0.2f}, {7, 0.9f}, {11, 0.5f}, {7, 0.1f}});
        QCOMPARE(model.rowCount(), 3); // duplicate chip dropped
        QCOMPARE(model.chip(0), 7);
        QCOMPARE(model.chip(1), 11);
        QCOMPARE(model.chip(2), 3);
        QCOMPARE(model.rowOf(11), 1);
        QCOMPARE(model.rowOf(4), -1);
        QCOMPARE(model.data(model.index(0), CandidateModel::ChipIdRole).toString(),
                 QStringLiteral("chip-7"));
        QCOMPARE(model.data(model.index(1), CandidateModel::ScoreRole).toDouble(), 0.5);
        // Decisions are the document's labels and skips, announced per row.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        review.setLabel(11, LabelValue::Positive);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.decision(1), CandidateDecision::Accepted);
        QCOMPARE(model.pendingCount(), 2);
        review.setSkipped(3, true);
        QCOMPARE(model.decision(2), CandidateDecision::Skipped);
        review.setLabel(3, LabelValue::Negative);
        QCOMPARE(model.decision(2), CandidateDecision::Rejected);
        review.setLabel(99, LabelValue::Negative); // not a candidate: no row changes
        QCOMPARE(changed.count(), 3);
        review.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void thumbnailsLoadInTheBackground()
    {
        auto dataset = gridDataset(naipBox(), 6, 4);
        auto geometry = std::make_shared<ChipGeometryIndex>(ChipGeometryIndex::build(*dataset));
        ThumbnailProvider provider(std::make_shared<RasterRenderer>(NaipPath), geometry, 64);
        CandidateModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDataset(dataset);
        model.setThumbnailProvider(&provider);
        ReviewTable review;
        model.setReviewDocument(&review);
        review.setCandidates({{8, 0.9f}, {9, 0.8f}});
        QSignalSpy ready(&provider, &ThumbnailProvider::thumbnailReady);
        QVERIFY(model.data(model.index(0), Qt::DecorationRole).isNull()); // queued, not ready
        QTRY_VERIFY(!model.data(model.index(0), Qt::DecorationRole).isNull());
        const QImage image = model.data(model.index(0), Qt::DecorationRole).value<QImage>();
        QCOMPARE(image.size(), QSize(64, 64));
        // Real imagery: not a flat colour.
        QVERIFY(image.pixelColor(20, 20) != image.pixelColor(40, 45) ||
                image.pixelColor(10, 30) != image.pixelColor(50, 12));
        QVERIFY(ready.count() >= 1);
    }

    void keysDecideAndMoveOn()
    {
        auto dataset = gridDataset(naipBox(), 6, 4);
        CandidateModel model;
        model.setDataset(dataset);
        CandidateGrid grid;
        grid.setCandidateModel(&model);
        grid.resize(400, 300);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        ReviewTable review;
        model.setReviewDocument(&review);
        // The controller's part: record what the grid asks for in the document.
        connect(&grid, &CandidateGrid::decisionRequested, &review,
                [&review](qint64 chip, CandidateDecision decision) {
                    if (decision == CandidateDecision::Skipped)
                        review.setSkipped(chip, true);
                    else
                        review.setLabel(chip, decision == CandidateDecision::Accepted
                                                  ? LabelValue::Positive
                                                  : LabelValue::Negative);
                });
        review.setCandidates({{1, 0.9f}, {2, 0.8f}, {3, 0.7f}, {4, 0.6f}});
        QCOMPARE(grid.currentChip(), 1);

        QSignalSpy decided(&grid, &CandidateGrid::decisionRequested);
        QSignalSpy current(&grid, &CandidateGrid::currentChipChanged);
        QTest::keyClick(&grid, Qt::Key_Y);
        QCOMPARE(decided.count(), 1);
        QCOMPARE(decided.at(0).at(0).toLongLong(), 1);
        QCOMPARE(decided.at(0).at(1).value<CandidateDecision>(), CandidateDecision::Accepted);
        QCOMPARE(grid.currentChip(), 2);
        QCOMPARE(current.last().at(0).toLongLong(), 2);
        QCOMPARE(model.decision(0), CandidateDecision::Accepted);

        QTest::keyClick(&grid, Qt::Key_S);
        QCOMPARE(model.decision(1), CandidateDecision::Skipped);
        QCOMPARE(grid.currentChip(), 3);

        QTest::keyClick(&grid, Qt::Key_N);
        QCOMPARE(decided.at(2).at(1).value<CandidateDecision>(), CandidateDecision::Rejected);
        QCOMPARE(decided.at(2).at(0).toLongLong(), 3);
        QCOMPARE(model.decision(2), CandidateDecision::Rejected);
        QCOMPARE(grid.currentChip(), 4);

        QTest::keyClick(&grid, Qt::Key_Left);
        QCOMPARE(grid.currentChip(), 3);

        QVERIFY(grid.selectChip(2));
        QCOMPARE(grid.currentChip(), 2);
        QVERIFY(!grid.selectChip(17));
    }

    void doubleClickAccepts()
    {
        auto dataset = gridDataset(naipBox(), 6, 4);
        CandidateModel model;
        model.setDataset(dataset);
        CandidateGrid grid;
        grid.setCandidateModel(&model);
        grid.resize(400, 300);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        ReviewTable review;
        model.setReviewDocument(&review);
        review.setCandidates({{5, 0.9f}, {6, 0.8f}});
        QSignalSpy decided(&grid, &CandidateGrid::decisionRequested);
        const QRect second = grid.visualRect(model.index(1));
        QTest::mouseClick(grid.viewport(), Qt::LeftButton, {}, second.center());
        QTest::mouseDClick(grid.viewport(), Qt::LeftButton, {}, second.center());
        QCOMPARE(decided.count(), 1);
        QCOMPARE(decided.at(0).at(0).toLongLong(), 6);
        QCOMPARE(decided.at(0).at(1).value<CandidateDecision>(), CandidateDecision::Accepted);
    }
};

QTEST_MAIN(TestCandidateGrid)
#include "tst_candidategrid.moc"
