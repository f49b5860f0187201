#include "dataset/geoparquetwriter.h"

#include "common/errors.h"

#ifdef CHIPFINDER_HAVE_DUCKDB

#include "common/feedback.h"

#include <duckdb.h>

#include <cstring>

namespace chipfinder {
namespace {

std::string quoted(const std::string &text, char quote)
{
    std::string out(1, quote);
    for (char c : text) {
        out.push_back(c);
        if (c == quote)
            out.push_back(quote);
    }
    out.push_back(quote);
    return out;
}

} // namespace

bool GeoParquetWriter::available()
{
    return true;
}

void GeoParquetWriter::write(const Dataset &dataset, const std::string &path,
                             const std::vector<std::vector<uint8_t>> &wkb, bool multiPolygons,
                             const std::string &crsProjJson, const std::string &embeddingColumn,
                             const std::vector<Column> &attributes, Feedback *feedback)
{
    duckdb_database database = nullptr;
    duckdb_connection connection = nullptr;
    duckdb_appender appender = nullptr;
    duckdb_data_chunk chunk = nullptr;
    std::vector<duckdb_logical_type> types;
    struct Cleanup
    {
        duckdb_database &database;
        duckdb_connection &connection;
        duckdb_appender &appender;
        duckdb_data_chunk &chunk;
        std::vector<duckdb_logical_type> &types;
        ~Cleanup()
        {
            if (chunk)
                duckdb_destroy_data_chunk(&chunk);
            for (auto &type : types)
                duckdb_destroy_logical_type(&type);
            if (appender)
                duckdb_appender_destroy(&appender);
            if (connection)
                duckdb_disconnect(&connection);
            if (database)
                duckdb_close(&database);
        }
    } cleanup{database, connection, appender, chunk, types};
    auto fail = [&](const std::string &message) {
        throw DataError(path, "DuckDB cannot write it: " + message, std::nullopt, {},
                        "a writable location");
    };
    if (duckdb_open(nullptr, &database) == DuckDBError ||
        duckdb_connect(database, &connection) == DuckDBError)
        fail("DuckDB could not start");
    auto exec = [&](const std::string &sql) {
        duckdb_result result;
        const bool ok = duckdb_query(connection, sql.c_str(), &result) == DuckDBSuccess;
        const std::string error = ok ? "" : duckdb_result_error(&result);
        duckdb_destroy_result(&result);
        if (!ok)
            fail(error);
    };
    exec("SET autoinstall_known_extensions = false");

    const size_t dim = dataset.dim();
    std::string create = "CREATE TABLE chips (id VARCHAR, " + quoted(embeddingColumn, '"') +
                         " FLOAT[" + std::to_string(dim) + "]";
    duckdb_logical_type floatType = duckdb_create_logical_type(DUCKDB_TYPE_FLOAT);
    types.push_back(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
    types.push_back(duckdb_create_array_type(floatType, dim));
    duckdb_destroy_logical_type(&floatType);
    for (const auto &column : attributes) {
        create +=
            ", " + quoted(column.source->name, '"') + (column.integer ? " BIGINT" : " VARCHAR");
        types.push_back(
            duckdb_create_logical_type(column.integer ? DUCKDB_TYPE_BIGINT : DUCKDB_TYPE_VARCHAR));
    }
    create += ", geometry BLOB)";
    types.push_back(duckdb_create_logical_type(DUCKDB_TYPE_BLOB));
    exec(create);
    if (duckdb_appender_create(connection, nullptr, "chips", &appender) == DuckDBError)
        fail(appender ? duckdb_appender_error(appender) : "no appender");

    chunk = duckdb_create_data_chunk(types.data(), types.size());
    const idx_t capacity = duckdb_vector_size();
    const size_t n = dataset.size();
    const idx_t geometryColumn = idx_t(2 + attributes.size());
    for (size_t begin = 0; begin < n; begin += capacity) {
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(0.9 * double(begin) / double(n));
        }
        const size_t rows = std::min<size_t>(capacity, n - begin);
        duckdb_data_chunk_reset(chunk);
        duckdb_vector ids = duckdb_data_chunk_get_vector(chunk, 0);
        duckdb_vector arrays = duckdb_data_chunk_get_vector(chunk, 1);
        auto *values =
            static_cast<float *>(duckdb_vector_get_data(duckdb_array_vector_get_child(arrays)));
        duckdb_vector geometries = duckdb_data_chunk_get_vector(chunk, geometryColumn);
        for (size_t r = 0; r < rows; ++r) {
            const size_t i = begin + r;
            duckdb_vector_assign_string_element_len(ids, r, dataset.ids[i].data(),
                                                    dataset.ids[i].size());
            std::memcpy(values + r * dim, dataset.embeddings.row(i).data(), dim * sizeof(float));
            duckdb_vector_assign_string_element_len(
                geometries, r, reinterpret_cast<const char *>(wkb[i].data()), wkb[i].size());
        }
        for (size_t a = 0; a < attributes.size(); ++a) {
            duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, idx_t(2 + a));
            const auto &source = attributes[a].source->values;
            for (size_t r = 0; r < rows; ++r) {
                const auto &value = source[begin + r];
                if (!value) {
                    duckdb_vector_ensure_validity_writable(vector);
                    duckdb_validity_set_row_invalid(duckdb_vector_get_validity(vector), r);
                } else if (attributes[a].integer) {
                    static_cast<int64_t *>(duckdb_vector_get_data(vector))[r] = std::stoll(*value);
                } else {
                    duckdb_vector_assign_string_element_len(vector, r, value->data(),
                                                            value->size());
                }
            }
        }
        duckdb_data_chunk_set_size(chunk, rows);
        if (duckdb_append_data_chunk(appender, chunk) == DuckDBError)
            fail(duckdb_appender_error(appender));
    }
    if (duckdb_appender_close(appender) == DuckDBError)
        fail(duckdb_appender_error(appender));

    std::string geo = R"({"version":"1.1.0","primary_column":"geometry","columns":{"geometry":{)"
                      R"("encoding":"WKB","geometry_types":[")" +
                      std::string(multiPolygons ? "MultiPolygon" : "Polygon") + "\"]";
    if (!crsProjJson.empty())
        geo += ",\"crs\":" + crsProjJson;
    geo += "}}}";
    exec("COPY chips TO " + quoted(path, '\'') +
         " (FORMAT parquet, KV_METADATA {geo: " + quoted(geo, '\'') + "})");
    if (feedback)
        feedback->setProgress(1.0);
}

} // namespace chipfinder

#else // no DuckDB

namespace chipfinder {

bool GeoParquetWriter::available()
{
    return false;
}

void GeoParquetWriter::write(const Dataset &, const std::string &path,
                             const std::vector<std::vector<uint8_t>> &, bool, const std::string &,
                             const std::string &, const std::vector<Column> &, Feedback *)
{
    throw DataError(path,
                    "writing GeoParquet needs GDAL's Parquet driver or DuckDB; this build "
                    "has neither",
                    std::nullopt, {},
                    "a build with DuckDB (packaging/install-deps.sh fetches it into third_party/) "
                    "or a GDAL with the Arrow/Parquet driver");
}

} // namespace chipfinder

#endif
