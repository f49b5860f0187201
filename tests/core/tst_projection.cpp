// PCA against an Eigen JacobiSVD of the centred real fixture (NAIP chips): axes up to sign,
// explained variance, projections.

#include "common/errors.h"
#include "common/feedback.h"
#include "common/rasterchipfixture.h"
#include "projection/pca.h"

#include <Eigen/Dense>
#include <QTest>

using namespace chipfinder;

class TestProjection : public QObject
{
    Q_OBJECT
private:
    testing::RasterChipFixture m_fixture;
    Eigen::MatrixXd m_centred;
    Eigen::JacobiSVD<Eigen::MatrixXd> m_svd;

private slots:
    void initTestCase()
    {
        m_fixture = testing::makeRasterChipFixture();
        const auto &e = m_fixture.embeddings;
        QVERIFY(e.rows() > 2000);
        QCOMPARE(e.dim(), size_t(64));
        Eigen::MatrixXd x(Eigen::Index(e.rows()), Eigen::Index(e.dim()));
        for (size_t r = 0; r < e.rows(); ++r)
            for (size_t c = 0; c < e.dim(); ++c)
                x(Eigen::Index(r), Eigen::Index(c)) = e.row(r)[c];
        m_centred = x.rowwise() - x.colwise().mean();
        m_svd.compute(m_centred, Eigen::ComputeThinV);
    }

    void matchesSvd_data()
    {
        QTest::addColumn<int>("components");
        QTest::newRow("2D scatter") << 2;
        QTest::newRow("5 components") << 5;
        QTest::newRow("all 64") << 64;
    }

    void matchesSvd()
    {
        QFETCH(int, components);
        const auto &e = m_fixture.embeddings;
        const PcaResult result = pca(e, size_t(components));
        QCOMPARE(result.components.rows(), size_t(components));
        QCOMPARE(result.projected.rows(), e.rows());
        QCOMPARE(result.projected.dim(), size_t(components));

        const double n1 = double(e.rows() - 1);
        const Eigen::VectorXd sv = m_svd.singularValues();
        const double total = sv.squaredNorm() / n1;
        QVERIFY(std::abs(result.totalVariance - total) < 1e-6 * total);
        double ratioSum = 0.0;
        for (int k = 0; k < components; ++k) {
            const double variance = sv(k) * sv(k) / n1;
            QVERIFY2(std::abs(result.explainedVariance[size_t(k)] - variance) <
                         1e-4 * sv(0) * sv(0) / n1,
                     qPrintable(QStringLiteral("component %1: %2 vs %3")
                                    .arg(k)
                                    .arg(result.explainedVariance[size_t(k)])
                                    .arg(variance)));
            ratioSum += result.explainedVarianceRatio[size_t(k)];
            // Axes agree up to sign where the eigenvalue is well separated from its neighbours.
            const bool separated = k + 1 >= sv.size() || sv(k) - sv(k + 1) > 1e-2 * sv(0);
            const bool separatedBefore = k == 0 || sv(k - 1) - sv(k) > 1e-2 * sv(0);
            if (!separated || !separatedBefore || sv(k) < 1e-3 * sv(0))
                continue;
            Eigen::VectorXd axis(e.dim());
            for (size_t c = 0; c < e.dim(); ++c)
                axis(Eigen::Index(c)) = result.components.row(size_t(k))[c];
            const double dot = axis.dot(m_svd.matrixV().col(k));
            QVERIFY2(std::abs(std::abs(dot) - 1.0) < 1e-4,
                     qPrintable(QStringLiteral("axis %1: |dot| = %2").arg(k).arg(dot)));
            // Projection of a few rows equals centred row · axis (same sign as our axis).
            for (size_t r : {size_t(0), e.rows() / 2, e.rows() - 1}) {
                const double expected = m_centred.row(Eigen::Index(r)).dot(axis);
                QVERIFY(std::abs(result.projected.row(r)[size_t(k)] - expected) < 1e-4);
            }
        }
        if (components == 64)
            QVERIFY(std::abs(ratioSum - 1.0) < 1e-6);
        else
            QVERIFY(ratioSum < 1.0);
        // The 2D scatter of this scene keeps most of the variance (bands are correlated).
        QVERIFY(result.explainedVarianceRatio[0] > result.explainedVarianceRatio[1]);
    }

    void transformEqualsProjection()
    {
        const auto &e = m_fixture.embeddings;
        const PcaResult result = pca(e, 3);
        const std::vector<int64_t> some{0, 7, 100, int64_t(e.rows() - 1)};
        const EmbeddingMatrix projected = result.transform(e.selectRows(some));
        for (size_t i = 0; i < some.size(); ++i)
            for (size_t c = 0; c < 3; ++c)
                QCOMPARE(projected.row(i)[c], result.projected.row(size_t(some[i]))[c]);
    }

    void signIsFixed()
    {
        const PcaResult result = pca(m_fixture.embeddings, 2);
        for (size_t k = 0; k < 2; ++k) {
            const auto axis = result.components.row(k);
            const auto largest = std::max_element(axis.begin(), axis.end(), [](float x, float y) {
                return std::abs(x) < std::abs(y);
            });
            QVERIFY(*largest > 0);
        }
    }

    void rejectsBadArguments()
    {
        QVERIFY_THROWS_EXCEPTION(UsageError, pca(m_fixture.embeddings, 0));
        QVERIFY_THROWS_EXCEPTION(UsageError, pca(m_fixture.embeddings, 65));
        QVERIFY_THROWS_EXCEPTION(UsageError, pca(EmbeddingMatrix(1, 4), 2));
        const PcaResult result = pca(m_fixture.embeddings, 2);
        QVERIFY_THROWS_EXCEPTION(UsageError, result.transform(EmbeddingMatrix(3, 5)));
    }

    void cancels()
    {
        Feedback feedback;
        feedback.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError, pca(m_fixture.embeddings, 2, &feedback));
    }
};

QTEST_GUILESS_MAIN(TestProjection)
#include "tst_projection.moc"
