// Ground truth from a label column and from polygons covering known fractions of real chips.

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"
#include "dataset/groundtruth.h"

#include <ogrsf_frmts.h>

#include <QTest>

using namespace chipfinder;
using namespace chipfinder::test;

namespace {

Dataset withColumn(const Dataset &base, const std::vector<std::optional<std::string>> &values)
{
    Dataset dataset = base;
    AttributeColumn column{"label", {}};
    for (size_t i = 0; i < dataset.size(); ++i)
        column.values.push_back(i < values.size() ? values[i] : std::optional<std::string>("0"));
    dataset.attributes.push_back(column);
    return dataset;
}

} // namespace

class TestGroundTruth : public QObject
{
    Q_OBJECT

    Dataset m_naip;
    NaipBlocks m_blocks;
    std::string m_dir;
    std::string m_polygons;

    // Chip index of block (r, c).
    size_t chip(int r, int c) const { return size_t(r * m_blocks.cols + c); }

    // A polygon over pixel rectangle [x0, x1) × [y0, y1) of the NAIP scene, in UTM.
    std::unique_ptr<OGRPolygon> pixelRect(double x0, double y0, double x1, double y1) const
    {
        auto ring = new OGRLinearRing();
        for (const auto &p : {m_blocks.corner(x0, y0), m_blocks.corner(x1, y0),
                              m_blocks.corner(x1, y1), m_blocks.corner(x0, y1)})
            ring->addPoint(p[0], p[1]);
        ring->closeRings();
        auto polygon = std::make_unique<OGRPolygon>();
        polygon->addRingDirectly(ring);
        return polygon;
    }

private slots:
    void initTestCase()
    {
        m_naip = naipDataset(32, &m_blocks);
        m_dir = scratchDir("tst_groundtruth");

        // Polygons stored in WGS 84 (so they are reprojected), over 32-px blocks:
        //   block (2,2) fully; (2,5) left half; (4,4) top-left quarter; (6,6) left half twice
        //   (overlapping: the union counts once); (8,8)-(8,9) the right half of (8,8) and the
        //   left half of (8,9) as one polygon; plus a line, which is ignored.
        OGRSpatialReference utm, wgs84;
        utm.importFromWkt(m_blocks.crsWkt.c_str());
        utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> toLonLat(
            OGRCreateCoordinateTransformation(&utm, &wgs84));
        m_polygons = m_dir + "/ponds.gpkg";
        std::filesystem::remove(m_polygons);
        GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        GDALDatasetUniquePtr ds(driver->Create(m_polygons.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRLayer *layer = ds->CreateLayer("ponds", &wgs84, wkbUnknown, nullptr);
        const int b = 32;
        std::vector<std::unique_ptr<OGRGeometry>> shapes;
        shapes.push_back(pixelRect(2 * b, 2 * b, 3 * b, 3 * b));
        shapes.push_back(pixelRect(5 * b, 2 * b, 5.5 * b, 3 * b));
        shapes.push_back(pixelRect(4 * b, 4 * b, 4.5 * b, 4.5 * b));
        shapes.push_back(pixelRect(6 * b, 6 * b, 6.5 * b, 7 * b));
        shapes.push_back(pixelRect(6 * b, 6 * b, 6.5 * b, 7 * b));
        shapes.push_back(pixelRect(8.5 * b, 8 * b, 9.5 * b, 9 * b));
        auto line = std::make_unique<OGRLineString>();
        const auto a = m_blocks.corner(10 * b, 10 * b), z = m_blocks.corner(11 * b, 11 * b);
        line->addPoint(a[0], a[1]);
        line->addPoint(z[0], z[1]);
        shapes.push_back(std::move(line));
        for (auto &shape : shapes) {
            QCOMPARE(shape->transform(toLonLat.get()), OGRERR_NONE);
            OGRFeature feature(layer->GetLayerDefn());
            feature.SetGeometry(shape.get());
            QCOMPARE(layer->CreateFeature(&feature), OGRERR_NONE);
        }
    }

    void column_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("expected"); // -1 = DataError
        QTest::newRow("1") << "1" << 1;
        QTest::newRow("0") << "0" << 0;
        QTest::newRow("true") << "true" << 1;
        QTest::newRow("False") << "False" << 0;
        QTest::newRow("yes") << " yes " << 1;
        QTest::newRow("no") << "NO" << 0;
        QTest::newRow("positive") << "positive" << 1;
        QTest::newRow("negative") << "Negative" << 0;
        QTest::newRow("1.0") << "1.0" << 1;
        QTest::newRow("maybe") << "maybe" << -1;
        QTest::newRow("2") << "2" << -1;
        QTest::newRow("empty") << "" << -1;
        QTest::newRow("null") << "<null>" << -1;
    }
    void column()
    {
        QFETCH(QString, value);
        QFETCH(int, expected);
        std::vector<std::optional<std::string>> values(12, "0");
        values[11] =
            value == "<null>" ? std::nullopt : std::optional<std::string>(value.toStdString());
        const Dataset dataset = withColumn(m_naip, values);
        if (expected < 0) {
            try {
                truthFromColumn(dataset, "label");
                QFAIL("bad truth value accepted");
            } catch (const DataError &error) {
                QCOMPARE(error.row().value(), 11);
                QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("label"));
                QVERIFY(!error.expected().empty());
            }
            return;
        }
        const auto truth = truthFromColumn(dataset, "label");
        QCOMPARE(truth.size(), m_naip.size());
        QCOMPARE(int(truth[11]), expected);
        QCOMPARE(int(truth[10]), 0);
    }

    // The fixture's NDWI water column, through a file round trip.
    void columnFromFile()
    {
        const std::string path = m_dir + "/chips.gpkg";
        writeDataset(m_naip, path);
        const Dataset dataset = openDataset(path);
        const auto truth = truthFromColumn(dataset, "WATER"); // case-insensitive fallback
        const auto &water = m_naip.attribute("water")->values;
        size_t positives = 0;
        for (size_t i = 0; i < truth.size(); ++i) {
            QCOMPARE(int(truth[i]), *water[i] == "1" ? 1 : 0);
            positives += truth[i];
        }
        QVERIFY(positives > 0 && positives < truth.size());
        QVERIFY_THROWS_EXCEPTION(DataError, truthFromColumn(dataset, "nope"));
    }

    void fractions()
    {
        std::vector<double> seen;
        Feedback feedback([&](double f) { seen.push_back(f); });
        const auto f = coverageFractions(m_naip, m_polygons, {}, &feedback);
        QCOMPARE(f.size(), m_naip.size());
        QCOMPARE(seen.back(), 1.0);
        const double tol = 1e-6;
        QVERIFY(std::abs(f[chip(2, 2)] - 1.0) < tol);
        QVERIFY(std::abs(f[chip(2, 5)] - 0.5) < tol);
        QVERIFY(std::abs(f[chip(4, 4)] - 0.25) < tol);
        QVERIFY(std::abs(f[chip(6, 6)] - 0.5) < tol); // overlap counted once
        QVERIFY(std::abs(f[chip(8, 8)] - 0.5) < tol);
        QVERIFY(std::abs(f[chip(8, 9)] - 0.5) < tol);
        // Neighbours of the full chip share only an edge; the line covers nothing.
        QVERIFY(f[chip(2, 3)] < tol);
        QVERIFY(f[chip(10, 10)] < tol);
        double total = 0.0;
        for (double x : f)
            total += x;
        QVERIFY(std::abs(total - 3.25) < 1e-5);
    }

    void thresholds_data()
    {
        QTest::addColumn<double>("minCoverage");
        QTest::addColumn<int>("positives");
        QTest::newRow("0.2") << 0.2 << 6;
        QTest::newRow("0.5") << 0.5 << 5;
        QTest::newRow("0.6") << 0.6 << 1;
        QTest::newRow("1.0") << 1.0 << 1;
    }
    void thresholds()
    {
        QFETCH(double, minCoverage);
        QFETCH(int, positives);
        const auto truth = truthFromPolygons(m_naip, m_polygons, minCoverage);
        int count = 0;
        for (auto t : truth)
            count += t;
        QCOMPARE(count, positives);
        QCOMPARE(int(truth[chip(2, 2)]), 1);
    }

    // A dataset stored in lon/lat is measured in an equal-area CRS: the same fractions.
    void geographicDataset()
    {
        const std::string path = m_dir + "/chips-wgs84.fgb";
        DatasetWriteOptions options;
        options.wgs84 = true;
        writeDataset(m_naip, path, options);
        const Dataset geographic = openDataset(path);
        const auto f = coverageFractions(geographic, m_polygons);
        QVERIFY(std::abs(f[chip(2, 2)] - 1.0) < 1e-3);
        QVERIFY(std::abs(f[chip(2, 5)] - 0.5) < 1e-3);
        QVERIFY(std::abs(f[chip(4, 4)] - 0.25) < 1e-3);
        QVERIFY(std::abs(f[chip(6, 6)] - 0.5) < 1e-3);
    }

    void badPolygonInput()
    {
        try {
            coverageFractions(m_naip, m_dir + "/missing.gpkg");
            QFAIL("missing polygon file accepted");
        } catch (const DataError &error) {
            QVERIFY(QString::fromStdString(error.what()).contains("missing.gpkg"));
        }
        QVERIFY_THROWS_EXCEPTION(DataError, coverageFractions(m_naip, m_polygons, "nolayer"));
        QVERIFY_THROWS_EXCEPTION(UsageError, truthFromPolygons(m_naip, m_polygons, 0.0));
        Feedback canceled;
        canceled.cancel();
        QVERIFY_THROWS_EXCEPTION(CanceledError,
                                 coverageFractions(m_naip, m_polygons, {}, &canceled));
    }
};

QTEST_GUILESS_MAIN(TestGroundTruth)
#include "tst_groundtruth.moc"
