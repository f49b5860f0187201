// Every kind of bad vector input gets a DataError that names the file, the row and the field.

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "dataset/datasetreader.h"

#include <ogrsf_frmts.h>

#include <QTest>

#include <fstream>
#include <limits>

using namespace chipfinder;
using namespace chipfinder::test;

namespace {

// One feature of a hand-made GeoPackage: geometry as WKT (empty = null), embedding as a float32
// blob (or raw bytes), id text.
struct RawRow
{
    std::string id;
    std::string wkt;
    std::vector<float> embedding;
    int blobBytes = -1; // >= 0: write only this many bytes of the embedding
};

std::string square(double x, double y)
{
    const std::string x0 = std::to_string(x), x1 = std::to_string(x + 0.01);
    const std::string y0 = std::to_string(y), y1 = std::to_string(y + 0.01);
    return "POLYGON ((" + x0 + " " + y0 + "," + x1 + " " + y0 + "," + x1 + " " + y1 + "," + x0 +
           " " + y1 + "," + x0 + " " + y0 + "))";
}

std::vector<RawRow> goodRows(int n)
{
    std::vector<RawRow> rows;
    for (int i = 0; i < n; ++i)
        rows.push_back({"chip-" + std::to_string(i),
                        square(-99.5 + 0.01 * i, 47.2),
                        {1.0f + i, 2.0f, 3.0f, 4.0f}});
    return rows;
}

void writeRawGpkg(const std::string &path, const std::vector<RawRow> &rows, bool spatial = true)
{
    GDALAllRegister();
    std::filesystem::remove(path);
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    OGRLayer *layer =
        ds->CreateLayer("chips", spatial ? &wgs84 : nullptr, spatial ? wkbUnknown : wkbNone);
    OGRFieldDefn id("id", OFTString);
    layer->CreateField(&id);
    OGRFieldDefn embedding("embedding", OFTBinary);
    layer->CreateField(&embedding);
    for (const auto &row : rows) {
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField(0, row.id.c_str());
        const int bytes = row.blobBytes >= 0 ? row.blobBytes : int(row.embedding.size() * 4);
        feature.SetField(1, bytes, row.embedding.data());
        if (spatial && !row.wkt.empty()) {
            OGRGeometry *geometry = nullptr;
            OGRGeometryFactory::createFromWkt(row.wkt.c_str(), nullptr, &geometry);
            feature.SetGeometryDirectly(geometry);
        }
        QCOMPARE(layer->CreateFeature(&feature), OGRERR_NONE);
    }
}

} // namespace

class TestDatasetErrors : public QObject
{
    Q_OBJECT

    std::string m_dir;

private slots:
    void initTestCase() { m_dir = scratchDir("tst_dataseterrors"); }

    void badInput_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("row");         // -1 = no row
        QTest::addColumn<QString>("field");   // empty = no field
        QTest::addColumn<QString>("problem"); // a part of the problem text
        QTest::newRow("missing file") << "missing" << -1 << ""
                                      << "does not exist";
        QTest::newRow("not a dataset") << "garbage" << -1 << ""
                                       << "GDAL cannot open";
        QTest::newRow("no geometry layer") << "nolayer" << -1 << ""
                                           << "no layer has a geometry";
        QTest::newRow("empty layer") << "empty" << -1 << ""
                                     << "has no features";
        QTest::newRow("null geometry") << "nullgeom" << 2 << "geom"
                                       << "no geometry";
        QTest::newRow("point geometry") << "point" << 1 << "geom"
                                        << "is a Point";
        QTest::newRow("ragged dimensions") << "ragged" << 3 << "embedding"
                                           << "has 3 values";
        QTest::newRow("NaN") << "nan" << 2 << "embedding"
                             << "position 1 is NaN";
        QTest::newRow("Inf") << "inf" << 4 << "embedding"
                             << "position 3 is infinite";
        QTest::newRow("zero vector") << "zero" << 1 << "embedding"
                                     << "values are zero";
        QTest::newRow("duplicate ids") << "duplicate" << 4 << "id"
                                       << "rows 1 and 4";
        QTest::newRow("blob size") << "blob" << 2 << "embedding"
                                   << "not a multiple of 4";
        QTest::newRow("null id") << "nullid" << 3 << "id"
                                 << "id is empty";
        QTest::newRow("no embedding column") << "noembedding" << -1 << ""
                                             << "no embedding";
    }
    void badInput()
    {
        QFETCH(QString, kind);
        QFETCH(int, row);
        QFETCH(QString, field);
        QFETCH(QString, problem);
        const std::string path = m_dir + "/" + kind.toStdString() + ".gpkg";
        auto rows = goodRows(6);
        if (kind == "missing") {
            std::filesystem::remove(path);
        } else if (kind == "garbage") {
            std::ofstream(path) << "this is not a GeoPackage at all";
        } else if (kind == "nolayer") {
            writeRawGpkg(path, rows, false); // an attribute table only
        } else if (kind == "empty") {
            writeRawGpkg(path, {});
        } else {
            if (kind == "nullgeom")
                rows[2].wkt.clear();
            else if (kind == "point")
                rows[1].wkt = "POINT (-99.5 47.2)";
            else if (kind == "ragged")
                rows[3].embedding.pop_back();
            else if (kind == "nan")
                rows[2].embedding[1] = std::numeric_limits<float>::quiet_NaN();
            else if (kind == "inf")
                rows[4].embedding[3] = -std::numeric_limits<float>::infinity();
            else if (kind == "zero")
                rows[1].embedding.assign(4, 0.0f);
            else if (kind == "duplicate")
                rows[4].id = rows[1].id;
            else if (kind == "blob")
                rows[2].blobBytes = 10;
            else if (kind == "nullid")
                rows[3].id.clear();
            else if (kind == "noembedding")
                for (auto &r : rows)
                    r.blobBytes = 0;
            writeRawGpkg(path, rows);
        }
        // The hand-made blobs hold small whole numbers, too few to tell float32 from float64 by
        // their content; rows that cannot be chips are errors only in strict mode.
        DatasetOpenOptions options;
        options.blobType = "f32";
        options.strict = true;
        try {
            openDataset(path, options);
            QFAIL("bad input accepted");
        } catch (const DataError &error) {
            const QString message = QString::fromStdString(error.what());
            QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
            QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(path));
            QVERIFY2(message.contains(problem), qPrintable(message));
            QVERIFY2(!error.expected().empty(), qPrintable(message));
            if (row < 0) {
                QVERIFY(!error.row().has_value());
            } else {
                QVERIFY2(error.row().has_value(), qPrintable(message));
                QCOMPARE(error.row().value(), int64_t(row));
                QVERIFY(message.contains(QStringLiteral("row %1").arg(row)));
            }
            QCOMPARE(QString::fromStdString(error.field()), field);
        }
    }

    // The same file without the defect opens: the cases above fail for the stated reason only.
    void goodInputOpens()
    {
        const std::string path = m_dir + "/good.gpkg";
        writeRawGpkg(path, goodRows(6));
        DatasetOpenOptions options;
        options.blobType = "f32";
        const Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.size(), size_t(6));
        QCOMPARE(dataset.dim(), size_t(4));
        QCOMPARE(dataset.ids[5], std::string("chip-5"));
        QCOMPARE(dataset.embeddings.row(5)[0], 6.0f);
    }
};

QTEST_GUILESS_MAIN(TestDatasetErrors)
#include "tst_dataseterrors.moc"
