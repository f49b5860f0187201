// GeoParquet as users have it, written by DuckDB itself: Clay's layout (`embeddings` fixed-size
// FLOAT[768]-style array + WKB `geometry` in CRS84, no id) and Earth Index's (`id`, `embedding`,
// `geometry`, here in UTM with a PROJJSON crs), read back through openDataset().

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "dataset/datasetreader.h"

#include <ogrsf_frmts.h>

#include <QTest>

#include <fstream>
#include <limits>

#ifdef CHIPFINDER_HAVE_DUCKDB
#include <duckdb.h>
#endif

using namespace chipfinder;
using namespace chipfinder::test;

#ifdef CHIPFINDER_HAVE_DUCKDB
namespace {

// Writes a GeoParquet file with DuckDB: one row per chip (id optional), the embedding as a
// FLOAT[D] array (fixedSize) or a FLOAT[] list, WKB geometry, the `geo` metadata given.
class ParquetWriter
{
public:
    ParquetWriter()
    {
        duckdb_open(nullptr, &m_db);
        duckdb_connect(m_db, &m_connection);
    }
    ~ParquetWriter()
    {
        duckdb_disconnect(&m_connection);
        duckdb_close(&m_db);
    }
    void exec(const std::string &sql)
    {
        duckdb_result result;
        const bool ok = duckdb_query(m_connection, sql.c_str(), &result) == DuckDBSuccess;
        const std::string error = ok ? "" : duckdb_result_error(&result);
        duckdb_destroy_result(&result);
        if (!ok)
            throw std::runtime_error(sql + ": " + error);
    }

    struct Row
    {
        std::optional<std::string> id;
        std::vector<float> embedding;
        std::vector<uint8_t> wkb; // empty = NULL
        std::string note;
    };

    void write(const std::string &path, const std::vector<Row> &rows, bool withId,
               const std::string &embeddingName, bool fixedSize, const std::string &geoJson)
    {
        const size_t dim = rows.front().embedding.size();
        const std::string listType = fixedSize ? "FLOAT[" + std::to_string(dim) + "]" : "FLOAT[]";
        exec("DROP TABLE IF EXISTS chips");
        exec(std::string("CREATE TABLE chips (") + (withId ? "id VARCHAR, " : "") + embeddingName +
             " " + listType + ", geometry BLOB, note VARCHAR)");
        duckdb_prepared_statement insert;
        const std::string sql =
            withId ? "INSERT INTO chips VALUES (?, ?, ?, ?)" : "INSERT INTO chips VALUES (?, ?, ?)";
        if (duckdb_prepare(m_connection, sql.c_str(), &insert) == DuckDBError)
            throw std::runtime_error(duckdb_prepare_error(insert));
        duckdb_logical_type floatType = duckdb_create_logical_type(DUCKDB_TYPE_FLOAT);
        for (const auto &row : rows) {
            idx_t p = 1;
            if (withId) {
                if (row.id)
                    duckdb_bind_varchar(insert, p++, row.id->c_str());
                else
                    duckdb_bind_null(insert, p++);
            }
            std::vector<duckdb_value> values;
            for (float v : row.embedding)
                values.push_back(duckdb_create_float(v));
            duckdb_value list =
                fixedSize ? duckdb_create_array_value(floatType, values.data(), values.size())
                          : duckdb_create_list_value(floatType, values.data(), values.size());
            duckdb_bind_value(insert, p++, list);
            duckdb_destroy_value(&list);
            for (auto &v : values)
                duckdb_destroy_value(&v);
            if (row.wkb.empty())
                duckdb_bind_null(insert, p++);
            else
                duckdb_bind_blob(insert, p++, row.wkb.data(), row.wkb.size());
            duckdb_bind_varchar(insert, p++, row.note.c_str());
            duckdb_result result;
            if (duckdb_execute_prepared(insert, &result) == DuckDBError) {
                const std::string error = duckdb_result_error(&result);
                duckdb_destroy_result(&result);
                throw std::runtime_error(error);
            }
            duckdb_destroy_result(&result);
        }
        duckdb_destroy_logical_type(&floatType);
        duckdb_destroy_prepare(&insert);
        std::string escaped;
        for (char c : geoJson)
            escaped += c == '\'' ? std::string("''") : std::string(1, c);
        exec("COPY chips TO '" + path + "' (FORMAT parquet, KV_METADATA {geo: '" + escaped + "'})");
    }

private:
    duckdb_database m_db = nullptr;
    duckdb_connection m_connection = nullptr;
};

std::string geoMetadata(const std::string &crsJson)
{
    return std::string(R"({"version":"1.0.0","primary_column":"geometry","columns":{"geometry":)") +
           R"({"encoding":"WKB","geometry_types":["Polygon"])" +
           (crsJson.empty() ? "" : ",\"crs\":" + crsJson) + "}}}";
}

std::vector<uint8_t> wkbOf(const OGRGeometry &geometry)
{
    std::vector<uint8_t> wkb(geometry.WkbSize());
    geometry.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    return wkb;
}

std::vector<uint8_t> squareWkb(double x, double y)
{
    OGRPolygon polygon;
    auto *ring = new OGRLinearRing();
    ring->addPoint(x, y);
    ring->addPoint(x + 0.01, y);
    ring->addPoint(x + 0.01, y + 0.01);
    ring->addPoint(x, y + 0.01);
    ring->closeRings();
    polygon.addRingDirectly(ring);
    return wkbOf(polygon);
}

} // namespace
#endif

class TestGeoParquet : public QObject
{
    Q_OBJECT

    std::string m_dir;
    Dataset m_naip;
    NaipBlocks m_blocks;

private slots:
    void initTestCase()
    {
        m_dir = scratchDir("tst_geoparquet");
        m_naip = naipDataset(32, &m_blocks);
    }

    void withoutDuckDb()
    {
#ifdef CHIPFINDER_HAVE_DUCKDB
        QSKIP("this build has DuckDB; the no-DuckDB message is checked in builds without it");
#else
        const std::string path = m_dir + "/any.parquet";
        std::ofstream(path) << "PAR1";
        try {
            openDataset(path);
            QFAIL("GeoParquet opened without DuckDB or a Parquet driver");
        } catch (const DataError &error) {
            QVERIFY(QString::fromStdString(error.what()).contains("DuckDB"));
        }
#endif
    }

    void layouts_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::newRow("clay") << "clay";
        QTest::newRow("earth-index") << "earth-index";
    }
    void layouts()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        QFETCH(QString, layout);
        const bool clay = layout == "clay";
        OGRSpatialReference utm, wgs84;
        utm.importFromWkt(m_naip.sourceCrsWkt.c_str());
        utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> toLonLat(
            OGRCreateCoordinateTransformation(&utm, &wgs84));

        std::vector<ParquetWriter::Row> rows;
        for (size_t i = 0; i < m_naip.size(); ++i) {
            ParquetWriter::Row row;
            if (!clay)
                row.id = m_naip.ids[i];
            const auto v = m_naip.embeddings.row(i);
            row.embedding.assign(v.begin(), v.end());
            OGRGeometry *geometry = nullptr;
            OGRGeometryFactory::createFromWkb(m_naip.sourceWkb[i].data(), nullptr, &geometry,
                                              m_naip.sourceWkb[i].size());
            std::unique_ptr<OGRGeometry> owned(geometry);
            if (clay) // Clay writes lon/lat (CRS84)
                owned->transform(toLonLat.get());
            row.wkb = wkbOf(*owned);
            row.note = "date 2020-08-31 #" + std::to_string(i);
            rows.push_back(std::move(row));
        }
        std::string crsJson;
        if (!clay) {
            char *json = nullptr;
            utm.exportToPROJJSON(&json, nullptr);
            crsJson = json;
            CPLFree(json);
        }
        const std::string path = m_dir + "/" + layout.toStdString() + ".parquet";
        ParquetWriter writer;
        writer.write(path, rows, !clay, clay ? "embeddings" : "embedding", clay,
                     geoMetadata(crsJson));

        const Dataset back = openDataset(path);
        QCOMPARE(back.size(), m_naip.size());
        QCOMPARE(back.dim(), m_naip.dim());
        QCOMPARE(back.embeddingSource, std::string(clay ? "embeddings" : "embedding"));
        if (clay)
            QCOMPARE(back.ids[17], std::string("17"));
        else
            QCOMPARE(back.ids, m_naip.ids);
        QVERIFY(std::memcmp(back.embeddings.data(), m_naip.embeddings.data(),
                            back.size() * back.dim() * sizeof(float)) == 0);
        OGRSpatialReference crs;
        crs.importFromWkt(back.sourceCrsWkt.c_str());
        const char *const ignoreAxes[] = {"CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS",
                                          "IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
        QVERIFY(crs.IsSame(clay ? &wgs84 : &utm, ignoreAxes));
        if (clay) // GeoParquet's default CRS: OGC:CRS84, longitude first
            QVERIFY(QString::fromStdString(back.sourceCrsWkt)
                        .contains(R"(AXIS["longitude",east,ORDER[1])"));
        const ToLonLat toLonLatRef(m_blocks.crsWkt);
        for (size_t chip = 0; chip < back.size(); chip += 29) {
            const int r = int(chip) / m_blocks.cols, c = int(chip) % m_blocks.cols;
            std::vector<std::array<double, 2>> corners;
            for (const auto &p : m_blocks.ring(r, c))
                corners.push_back(toLonLatRef(p));
            QVERIFY(ringHasCorners(back, chip, corners, 1e-7));
        }
        const AttributeColumn *note = back.attribute("note");
        QVERIFY(note);
        QCOMPARE(note->values[5], std::optional<std::string>("date 2020-08-31 #5"));
#endif
    }

    void badRows_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("problem");
        QTest::newRow("null geometry") << "nullgeom" << 2 << "geometry"
                                       << "no geometry";
        QTest::newRow("ragged") << "ragged" << 3 << "embedding"
                                << "has 3 values";
        QTest::newRow("NaN") << "nan" << 1 << "embedding"
                             << "position 2 is NaN";
        QTest::newRow("zero") << "zero" << 4 << "embedding"
                              << "values are zero";
        QTest::newRow("duplicate id") << "duplicate" << 3 << "id"
                                      << "rows 0 and 3";
        QTest::newRow("point") << "point" << 2 << "geometry"
                               << "is a Point";
        QTest::newRow("not parquet") << "garbage" << -1 << ""
                                     << "DuckDB cannot read it";
    }
    void badRows()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        QFETCH(QString, kind);
        QFETCH(int, row);
        QFETCH(QString, field);
        QFETCH(QString, problem);
        const std::string path = m_dir + "/bad-" + kind.toStdString() + ".parquet";
        if (kind == "garbage") {
            std::ofstream(path) << "not parquet at all";
        } else {
            std::vector<ParquetWriter::Row> rows;
            for (int i = 0; i < 6; ++i)
                rows.push_back({"c" + std::to_string(i),
                                {1.0f + i, 2.0f, 3.0f, 4.0f},
                                squareWkb(-99.5 + 0.01 * i, 47.2),
                                "n"});
            if (kind == "nullgeom")
                rows[2].wkb.clear();
            else if (kind == "ragged")
                rows[3].embedding.pop_back();
            else if (kind == "nan")
                rows[1].embedding[2] = std::numeric_limits<float>::quiet_NaN();
            else if (kind == "zero")
                rows[4].embedding.assign(4, 0.0f);
            else if (kind == "duplicate")
                rows[3].id = rows[0].id;
            else if (kind == "point") {
                OGRPoint point(-99.5, 47.2);
                rows[2].wkb = wkbOf(point);
            }
            ParquetWriter writer;
            writer.write(path, rows, true, "embedding", false, geoMetadata(""));
        }
        try {
            openDataset(path);
            QFAIL("bad GeoParquet accepted");
        } catch (const DataError &error) {
            const QString message = QString::fromStdString(error.what());
            QCOMPARE(QString::fromStdString(error.file()), QString::fromStdString(path));
            QVERIFY2(message.contains(problem), qPrintable(message));
            QCOMPARE(QString::fromStdString(error.field()), field);
            if (row >= 0)
                QCOMPARE(error.row().value_or(-1), int64_t(row));
        }
#endif
    }
};

QTEST_GUILESS_MAIN(TestGeoParquet)
#include "tst_geoparquet.moc"
