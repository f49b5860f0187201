// GeoParquet as users have it, written by DuckDB itself: Clay's layout (`embeddings` fixed-size
// FLOAT[768]-style array + WKB `geometry` in CRS84, no id) and Earth Index's (`id`, `embedding`,
// `geometry`, here in UTM with a PROJJSON crs), read back through openDataset().

#include "core/datasetfixture.h"

#include "common/errors.h"
#include "dataset/datasetreader.h"
#include "dataset/npyfile.h"

#include <ogrsf_frmts.h>

#include <QTest>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <thread>

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

    // rowGroupSize > 0: Parquet row groups of that many rows (DuckDB reads them in parallel).
    void write(const std::string &path, const std::vector<Row> &rows, bool withId,
               const std::string &embeddingName, bool fixedSize, const std::string &geoJson,
               int rowGroupSize = 0, const std::string &extraKv = {})
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
        copy(path,
             geoJson.empty() ? extraKv
                             : "geo: '" + escaped + "'" + (extraKv.empty() ? "" : ", " + extraKv),
             rowGroupSize);
    }

    // COPY chips TO path, with key-value metadata ("key: 'value', ...") unless empty.
    void copy(const std::string &path, const std::string &kv, int rowGroupSize = 0)
    {
        std::string quotedPath;
        for (char c : path)
            quotedPath += c == '\'' ? std::string("''") : std::string(1, c);
        exec("COPY chips TO '" + quotedPath + "' (FORMAT parquet" +
             (kv.empty() ? "" : ", KV_METADATA {" + kv + "}") +
             (rowGroupSize > 0 ? ", ROW_GROUP_SIZE " + std::to_string(rowGroupSize) : "") + ")");
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
        // Rows that cannot be chips are skipped unless strict (unusableRowsAreSkipped).
        DatasetOpenOptions strict;
        strict.strict = true;
        try {
            openDataset(path, strict);
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

    // A row rejected while DuckDB still scans (a second row group of a multi-group file): the
    // result, statement, connection and database are torn down in order on every error path.
    // Before, ~2 % of such runs hung in duckdb_close or aborted with a corrupted heap; a hang
    // here is reported by the watchdog instead of stalling the suite.
    void rejectedRowsTearDownCleanly()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        struct Bad
        {
            std::string kind;
            std::string path;
            int64_t row;
        };
        std::vector<Bad> files;
        constexpr int rowCount = 3000;
        for (const std::string kind : {"nan", "duplicate", "ragged", "nullgeom"}) {
            std::vector<ParquetWriter::Row> rows;
            rows.reserve(rowCount);
            for (int i = 0; i < rowCount; ++i)
                rows.push_back({"c" + std::to_string(i),
                                {1.0f + float(i), 2.0f, 3.0f, 4.0f},
                                squareWkb(-99.5 + 1e-4 * (i % 1000), 47.2 + 1e-4 * (i / 1000)),
                                "n"});
            const int bad = 1100;
            if (kind == "nan")
                rows[bad].embedding[1] = std::numeric_limits<float>::quiet_NaN();
            else if (kind == "duplicate")
                rows[bad].id = rows[0].id;
            else if (kind == "ragged")
                rows[bad].embedding.pop_back();
            else
                rows[bad].wkb.clear();
            const std::string path = m_dir + "/teardown-" + kind + ".parquet";
            ParquetWriter().write(path, rows, true, "embedding", false, geoMetadata(""), 256);
            files.push_back({kind, path, bad});
        }

        std::mutex mutex;
        std::condition_variable finished;
        bool done = false;
        int reached = 0;
        std::thread watchdog([&] {
            std::unique_lock lock(mutex);
            if (!finished.wait_for(lock, std::chrono::seconds(240), [&] { return done; })) {
                std::fprintf(stderr, "FAIL: reading a bad GeoParquet file hung (run %d)\n",
                             reached);
                std::abort();
            }
        });
        constexpr int runs = 240;
        int errors = 0;
        for (int run = 0; run < runs; ++run) {
            {
                const std::lock_guard lock(mutex);
                reached = run;
            }
            const Bad &file = files[size_t(run) % files.size()];
            try {
                DatasetOpenOptions strict;
                strict.strict = true;
                openDataset(file.path, strict);
            } catch (const DataError &error) {
                ++errors;
                if (error.row().value_or(-1) != file.row)
                    QFAIL(qPrintable(QString::fromStdString(file.kind + ": " + error.what())));
            }
        }
        {
            const std::lock_guard lock(mutex);
            done = true;
        }
        finished.notify_all();
        watchdog.join();
        QCOMPARE(errors, runs);
#endif
    }

    // Paths are names, not patterns: "chips[1].parquet" is that file, not "chips1.parquet".
    void globCharactersAreLiteral_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("brackets") << "chips[1].parquet";
        QTest::newRow("star") << "chips*.parquet";
        QTest::newRow("question mark and quote") << "chip's?.parquet";
    }
    void globCharactersAreLiteral()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        QFETCH(QString, name);
        const std::string folder = m_dir + "/glob";
        std::filesystem::create_directories(folder);
        auto rowsOf = [](const std::string &prefix, int count) {
            std::vector<ParquetWriter::Row> rows;
            for (int i = 0; i < count; ++i)
                rows.push_back({prefix + std::to_string(i),
                                {1.0f + float(i), 2.0f, 3.0f, 4.0f},
                                squareWkb(-99.5 + 0.01 * i, 47.2),
                                "n"});
            return rows;
        };
        // Files a pattern would match instead.
        ParquetWriter().write(folder + "/chips1.parquet", rowsOf("decoy-", 3), true, "embedding",
                              false, geoMetadata(""));
        ParquetWriter().write(folder + "/chips2.parquet", rowsOf("decoy2-", 4), true, "embedding",
                              false, geoMetadata(""));
        ParquetWriter().write(folder + "/chips1s.parquet", rowsOf("decoy3-", 2), true, "embedding",
                              false, geoMetadata(""));
        const std::string path = folder + "/" + name.toStdString();
        ParquetWriter().write(path, rowsOf("literal-", 5), true, "embedding", false,
                              geoMetadata(""));
        const Dataset dataset = openDataset(path);
        QCOMPARE(dataset.size(), size_t(5));
        QCOMPARE(dataset.ids[0], std::string("literal-0"));
        QCOMPARE(dataset.sourcePath, path);
#endif
    }

    // Earth Index style: `id`, point geometry (CRS84), 384-d `embedding`: square chips of the
    // given ground size, or of the file's chip_size_m metadata; without either, a clear error.
    void earthIndexPoints()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        std::vector<ParquetWriter::Row> rows;
        for (int i = 0; i < 12; ++i) {
            std::vector<float> v(384);
            for (size_t j = 0; j < v.size(); ++j)
                v[j] = 0.01f * float((i * 7 + int(j)) % 23) - 0.1f;
            rows.push_back(
                {"ei-" + std::to_string(i), v, wkbOf(OGRPoint(-99.5 + 0.003 * i, 47.2)), "n"});
        }
        const std::string geo =
            R"({"version":"1.1.0","primary_column":"geometry","columns":{"geometry":)"
            R"({"encoding":"WKB","geometry_types":["Point"]}}})";
        const std::string path = m_dir + "/earth-index.parquet";
        ParquetWriter().write(path, rows, true, "embedding", true, geo);
        try {
            openDataset(path);
            QFAIL("points opened without a chip size");
        } catch (const DataError &error) {
            QVERIFY2(QString::fromStdString(error.what()).contains("--chip-size-m"), error.what());
        }
        DatasetOpenOptions options;
        options.chipSizeMeters = 320.0;
        const Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.size(), size_t(12));
        QCOMPARE(dataset.dim(), size_t(384));
        QCOMPARE(dataset.ids[3], std::string("ei-3"));
        const BoundingBox &b = dataset.bounds[3];
        const double metresPerDegreeLat = 111200.0; // at 47° N, within 0.1 %
        QVERIFY2(std::abs((b.maxLat - b.minLat) * metresPerDegreeLat - 320.0) < 1.0,
                 qPrintable(QString::number((b.maxLat - b.minLat) * metresPerDegreeLat)));
        QVERIFY(std::abs((b.minLon + b.maxLon) / 2.0 - (-99.5 + 0.009)) < 1e-9);

        const std::string withSize = m_dir + "/earth-index-sized.parquet";
        ParquetWriter().write(withSize, rows, true, "embedding", true, geo, 0,
                              "chip_size_m: '160'");
        const Dataset sized = openDataset(withSize);
        QCOMPARE(sized.pointChipSizeMeters, 160.0);
#endif
    }

    // AlphaEarth as Earth Engine exports it: 64 DOUBLE columns A00…A63.
    void alphaEarthColumns()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        ParquetWriter writer;
        std::string columns, values;
        for (int j = 0; j < 64; ++j) {
            char name[8];
            std::snprintf(name, sizeof name, "A%02d", j);
            columns += std::string(", ") + name + " DOUBLE";
            values += ", (i * 0.01 + " + std::to_string(j) + " * 0.001 - 0.05)";
        }
        writer.exec("CREATE TABLE chips (id VARCHAR, year INTEGER, geometry BLOB" + columns + ")");
        writer.exec("INSERT INTO chips SELECT 'ae-' || i, 2024, NULL" + values +
                    " FROM range(10) t(i)");
        for (int i = 0; i < 10; ++i) {
            std::string hex;
            for (const uint8_t byte : squareWkb(-99.5 + 0.01 * i, 47.2)) {
                char two[3];
                std::snprintf(two, sizeof two, "%02x", byte);
                hex += two;
            }
            writer.exec("UPDATE chips SET geometry = from_hex('" + hex + "') WHERE id = 'ae-" +
                        std::to_string(i) + "'");
        }
        const std::string path = m_dir + "/alphaearth.parquet";
        writer.copy(path, "");
        const Dataset dataset = openDataset(path);
        QCOMPARE(dataset.size(), size_t(10));
        QCOMPARE(dataset.dim(), size_t(64));
        const int64_t chip = dataset.indexOf("ae-4");
        QVERIFY(chip >= 0);
        QVERIFY(std::abs(dataset.embeddings.row(size_t(chip))[7] - (0.04f + 0.007f - 0.05f)) <
                1e-6f);
        QCOMPARE(QString::fromStdString(dataset.embeddingSource), QString::fromUtf8("A00…A63"));
        QCOMPARE(dataset.attributes.size(), size_t(1)); // year
#endif
    }

    // Projected coordinates without 'geo' metadata: refused unless the CRS is given.
    void projectedWithoutGeoMetadata()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        std::vector<ParquetWriter::Row> rows;
        for (size_t i = 0; i < m_naip.size(); i += 50) {
            const auto v = m_naip.embeddings.row(i);
            rows.push_back({m_naip.ids[i], {v.begin(), v.end()}, m_naip.sourceWkb[i], "n"});
        }
        const std::string path = m_dir + "/utm-no-geo.parquet";
        ParquetWriter().write(path, rows, true, "embedding", false, "");
        try {
            openDataset(path);
            QFAIL("projected coordinates read as longitude/latitude");
        } catch (const DataError &error) {
            const QString message = QString::fromStdString(error.what());
            QVERIFY2(message.contains("declares no CRS") && message.contains("--crs"),
                     qPrintable(message));
        }
        DatasetOpenOptions options;
        options.crs = "EPSG:26914"; // NAD83 / UTM 14N, the NAIP scene's
        const Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.size(), rows.size());
        QVERIFY(std::abs(dataset.centroid(0).lon - m_naip.centroid(0).lon) < 1e-7);
        QVERIFY(std::abs(dataset.centroid(0).lat - m_naip.centroid(0).lat) < 1e-7);
#endif
    }

    // --npy with a GeoParquet: the matrix's rows are the embeddings, by row or by a column.
    void npyWithGeoParquet()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        std::vector<ParquetWriter::Row> rows;
        for (int i = 0; i < 5; ++i)
            rows.push_back({"p" + std::to_string(i),
                            {1.0f, 1.0f},
                            squareWkb(-99.5 + 0.01 * i, 47.2),
                            std::to_string(4 - i)});
        const std::string path = m_dir + "/npy-footprints.parquet";
        ParquetWriter().write(path, rows, true, "embedding", false, geoMetadata(""));
        FloatBuffer values;
        for (int i = 0; i < 5; ++i)
            values.insert(values.end(), {float(i) + 1.0f, 0.5f, -0.5f});
        const std::string npy = m_dir + "/npy-embeddings.npy";
        writeNpy(npy, EmbeddingMatrix(5, 3, std::move(values)));
        DatasetOpenOptions options;
        options.npyPath = npy;
        Dataset dataset = openDataset(path, options);
        QCOMPARE(dataset.dim(), size_t(3));
        QCOMPARE(dataset.embeddings.row(3)[0], 4.0f);
        options.npyIdColumn = "note"; // row p_i takes matrix row 4 - i
        dataset = openDataset(path, options);
        QCOMPARE(dataset.embeddings.row(1)[0], 4.0f);
        QCOMPARE(dataset.embeddings.row(4)[0], 1.0f);
#endif
    }

    // Float64 blobs in a Parquet BLOB column are detected, not read as float32.
    void float64BlobColumn()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        ParquetWriter writer;
        writer.exec("CREATE TABLE chips (id VARCHAR, embedding BLOB, geometry BLOB)");
        std::vector<std::vector<double>> expected;
        for (int i = 0; i < 8; ++i) {
            std::vector<double> v(16);
            for (size_t j = 0; j < v.size(); ++j)
                v[j] = std::sin(double(i * 16 + int(j))) * 0.3;
            expected.push_back(v);
            auto hexOf = [](const uint8_t *bytes, size_t n) {
                std::string hex;
                for (size_t k = 0; k < n; ++k) {
                    char two[3];
                    std::snprintf(two, sizeof two, "%02x", bytes[k]);
                    hex += two;
                }
                return hex;
            };
            const auto wkb = squareWkb(-99.5 + 0.01 * i, 47.2);
            writer.exec("INSERT INTO chips VALUES ('f" + std::to_string(i) + "', from_hex('" +
                        hexOf(reinterpret_cast<const uint8_t *>(v.data()), v.size() * 8) +
                        "'), from_hex('" + hexOf(wkb.data(), wkb.size()) + "'))");
        }
        const std::string path = m_dir + "/float64-blob.parquet";
        writer.copy(path, "geo: '" + geoMetadata("") + "'");
        const Dataset dataset = openDataset(path);
        QCOMPARE(dataset.dim(), size_t(16));
        QCOMPARE(dataset.embeddings.row(5)[9], float(expected[5][9]));
        QCOMPARE(dataset.blobElementType, std::string("float64"));
#endif
    }

    // A NaN row and a null geometry are skipped and reported; the rest loads.
    void unusableRowsAreSkipped()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        std::vector<ParquetWriter::Row> rows;
        for (int i = 0; i < 6; ++i)
            rows.push_back({"c" + std::to_string(i),
                            {1.0f + i, 2.0f, 3.0f, 4.0f},
                            squareWkb(-99.5 + 0.01 * i, 47.2),
                            "n"});
        rows[1].embedding[2] = std::numeric_limits<float>::quiet_NaN();
        rows[4].wkb.clear();
        const std::string path = m_dir + "/skip.parquet";
        ParquetWriter().write(path, rows, true, "embedding", false, geoMetadata(""));
        const Dataset dataset = openDataset(path);
        QCOMPARE(dataset.ids, (std::vector<std::string>{"c0", "c2", "c3", "c5"}));
        QCOMPARE(dataset.attribute("note")->values.size(), size_t(4));
        QCOMPARE(dataset.skipped.count, size_t(2));
        QCOMPARE(dataset.skipped.first[1].id, std::string("c4"));
        QCOMPARE(dataset.skipped.byKind.at("null geometry"), size_t(1));
#endif
    }

    // A release split in parts opens as one dataset: a folder of hive partitions (the partition
    // key becomes a column), and a glob pattern.
    void partitionedReleases()
    {
#ifndef CHIPFINDER_HAVE_DUCKDB
        QSKIP("DuckDB is not built in (third_party/duckdb missing): GeoParquet is not readable");
#else
        const std::string folder = m_dir + "/release";
        std::filesystem::remove_all(folder);
        int next = 0;
        for (const int year : {2023, 2024}) {
            for (int part = 0; part < 2; ++part) {
                std::vector<ParquetWriter::Row> rows;
                for (int i = 0; i < 3; ++i, ++next)
                    rows.push_back({"r" + std::to_string(next),
                                    {1.0f + float(next), 2.0f, 3.0f},
                                    squareWkb(-99.5 + 0.01 * next, 47.2),
                                    "n"});
                const std::string dir = folder + "/year=" + std::to_string(year);
                std::filesystem::create_directories(dir);
                ParquetWriter().write(dir + "/part-" + std::to_string(part) + ".parquet", rows,
                                      true, "embedding", false, geoMetadata(""));
            }
        }
        const Dataset all = openDataset(folder);
        QCOMPARE(all.size(), size_t(12));
        QVERIFY(all.indexOf("r11") >= 0);
        const AttributeColumn *year = all.attribute("year");
        QVERIFY(year);
        QCOMPARE(year->values[size_t(all.indexOf("r10"))], std::optional<std::string>("2024"));
        QCOMPARE(year->values[size_t(all.indexOf("r1"))], std::optional<std::string>("2023"));

        const Dataset parts = openDataset(folder + "/year=*/part-1.parquet");
        QCOMPARE(parts.size(), size_t(6));
        QVERIFY(parts.indexOf("r3") >= 0 && parts.indexOf("r0") < 0);

        try {
            openDataset(folder + "/year=*/nothing-*.parquet");
            QFAIL("a pattern matching nothing opened");
        } catch (const DataError &error) {
            QVERIFY2(QString::fromStdString(error.what()).contains("matches no file"),
                     error.what());
        }
#endif
    }
};

QTEST_GUILESS_MAIN(TestGeoParquet)
#include "tst_geoparquet.moc"
