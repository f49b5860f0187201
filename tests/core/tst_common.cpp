// Errors, feedback, masks and parameters: the small shared types every part relies on.

#include "common/errors.h"
#include "common/feedback.h"
#include "search/searchtypes.h"
#include "strategies/strategy.h"

#include <QTest>

using namespace chipfinder;

class TestCommon : public QObject
{
    Q_OBJECT
private slots:
    void dataErrorNamesEverything()
    {
        const DataError error("chips.gpkg", "value is NaN", 41, "embedding", "a finite number");
        QCOMPARE(QString::fromStdString(error.what()),
                 QStringLiteral("chips.gpkg, row 41, field 'embedding': value is NaN "
                                "(expected a finite number)"));
        QCOMPARE(error.row().value(), 41);
    }

    void feedbackReportsAndCancels()
    {
        std::vector<double> seen;
        Feedback feedback([&](double f) { seen.push_back(f); });
        feedback.setProgress(0.0);
        feedback.setProgress(0.001); // throttled
        feedback.setProgress(0.5);
        feedback.setProgress(2.0); // clamped
        QCOMPARE(seen, (std::vector<double>{0.0, 0.5, 1.0}));
        QVERIFY(!feedback.isCanceled());
        feedback.throwIfCanceled();
        feedback.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, feedback.throwIfCanceled());
    }

    void subFeedbackMapsRange()
    {
        Feedback parent;
        SubFeedback sub(&parent, 0.5, 1.0);
        sub.setProgress(0.5);
        QCOMPARE(parent.progress(), 0.75);
    }

    // A child is a Feedback: it nests to any depth, maps progress through every level and is
    // canceled with any ancestor (not the other way round).
    void feedbackNests()
    {
        std::vector<double> top;
        Feedback root([&](double f) { top.push_back(f); });
        Feedback middle(&root, 0.0, 0.5);
        Feedback leaf(&middle, 0.5, 1.0);
        leaf.setProgress(1.0);
        QCOMPARE(middle.progress(), 1.0);
        QCOMPARE(root.progress(), 0.5);
        QCOMPARE(top.back(), 0.5);
        QVERIFY(!leaf.isCanceled());
        leaf.cancel();
        QVERIFY(leaf.isCanceled() && !middle.isCanceled() && !root.isCanceled());
        Feedback other(&middle, 0.0, 0.5);
        root.cancel();
        QVERIFY(other.isCanceled());
        QVERIFY_THROWS_EXCEPTION(CanceledError, other.throwIfCanceled());
        Feedback orphan(nullptr, 0.2, 0.4);
        orphan.setProgress(0.5);
        QCOMPARE(orphan.progress(), 0.5);
    }

    void maskCounts()
    {
        const std::vector<int64_t> chips{1, 3, 3};
        ChipMask mask = ChipMask::fromIndices(5, chips);
        QCOMPARE(mask.count(), size_t(2));
        QVERIFY(mask.test(3));
        mask.set(3, false);
        QCOMPARE(mask.count(), size_t(1));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, mask.set(9));
    }

    void parametersParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("empty") << "" << true;
        QTest::newRow("two") << "beta=0.5,base=centroid" << true;
        QTest::newRow("no-equals") << "beta" << false;
        QTest::newRow("no-key") << "=3" << false;
    }
    void parametersParse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        if (!valid) {
            QVERIFY_THROWS_EXCEPTION(UsageError, StrategyParameters::parse(text.toStdString()));
            return;
        }
        const auto p = StrategyParameters::parse(text.toStdString());
        if (!text.isEmpty()) {
            QCOMPARE(p.real("beta", 0), 0.5);
            QCOMPARE(p.text("base", ""), std::string("centroid"));
            QVERIFY_THROWS_EXCEPTION(UsageError, p.real("base", 0));
        }
    }
};

QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
