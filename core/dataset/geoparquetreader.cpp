#include "dataset/geoparquetreader.h"

#include "common/errors.h"

#ifdef CHIPFINDER_HAVE_DUCKDB

#include "common/feedback.h"
#include "common/text.h"
#include "dataset/datasetbuilder.h"
#include "dataset/embeddingcolumns.h"
#include "dataset/npyfile.h"

#include <cpl_json.h>
#include <ogr_spatialref.h>

#include <duckdb.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include <stdlib.h>

namespace chipfinder {
namespace {

std::string quoteLiteral(const std::string &text)
{
    std::string quoted = "'";
    for (char c : text) {
        quoted.push_back(c);
        if (c == '\'')
            quoted.push_back('\'');
    }
    return quoted + "'";
}

std::string quoteIdentifier(const std::string &name)
{
    std::string quoted = "\"";
    for (char c : name) {
        quoted.push_back(c);
        if (c == '"')
            quoted.push_back('"');
    }
    return quoted + "\"";
}

std::string stringOf(duckdb_string_t &value)
{
    return std::string(duckdb_string_t_data(&value), duckdb_string_t_length(value));
}

bool isValid(uint64_t *validity, idx_t row)
{
    return !validity || duckdb_validity_row_is_valid(validity, row);
}

bool isNumeric(duckdb_type type)
{
    switch (type) {
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_DECIMAL:
        return true;
    default:
        return false;
    }
}

int namePriority(const std::string &name)
{
    static const char *const preferred[] = {"embedding", "embeddings", "vector", "emb"};
    const std::string n = lower(name);
    for (int i = 0; i < 4; ++i)
        if (n == preferred[i])
            return i;
    return n.find("emb") != std::string::npos || n.find("vec") != std::string::npos ? 4 : 5;
}

// DuckDB expands glob patterns (*, ?, [...], {...}) in the file names it reads: a path holding
// one of those characters is read through a symbolic link with a plain name in a private
// temporary folder, so that it names exactly one file, literally.
class LiteralPath
{
public:
    explicit LiteralPath(const std::string &path) : m_path(path)
    {
        if (path.find_first_of("*?[]{}") == std::string::npos)
            return;
        std::error_code ec;
        const std::string folderTemplate =
            (std::filesystem::temp_directory_path(ec) / "chipfinder-parquet-XXXXXX").string();
        std::vector<char> folder(folderTemplate.begin(), folderTemplate.end());
        folder.push_back('\0');
        if (!::mkdtemp(folder.data()))
            throw DataError(path, "no temporary folder to read it from", std::nullopt, {},
                            "a writable temporary folder");
        m_folder = folder.data();
        m_path = m_folder + "/input.parquet";
        std::filesystem::create_symlink(std::filesystem::absolute(path, ec), m_path, ec);
        if (ec)
            throw DataError(path, "cannot be linked to be read: " + ec.message());
    }
    ~LiteralPath()
    {
        if (m_folder.empty())
            return;
        std::error_code ec;
        std::filesystem::remove_all(m_folder, ec);
    }
    LiteralPath(const LiteralPath &) = delete;
    LiteralPath &operator=(const LiteralPath &) = delete;
    const std::string &path() const { return m_path; }

private:
    std::string m_path;
    std::string m_folder;
};

// Owns a DuckDB in-memory database and connection; every query error becomes a DataError.
class Connection
{
public:
    explicit Connection(const std::string &path) : m_path(path)
    {
        if (duckdb_open(nullptr, &m_database) == DuckDBError ||
            duckdb_connect(m_database, &m_connection) == DuckDBError)
            throw DataError(path, "DuckDB could not start", std::nullopt, {},
                            "a working DuckDB library");
        // Never download extensions; read geometry as plain WKB blobs.
        run("SET autoinstall_known_extensions = false", true);
        run("SET enable_geoparquet_conversion = false", true);
    }
    ~Connection()
    {
        duckdb_disconnect(&m_connection);
        duckdb_close(&m_database);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // Runs a query; result owned by the caller (duckdb_destroy_result).
    bool run(const std::string &sql, bool ignoreError, duckdb_result *out = nullptr)
    {
        duckdb_result result;
        const bool ok = duckdb_query(m_connection, sql.c_str(), &result) == DuckDBSuccess;
        if (!ok && !ignoreError) {
            const std::string message = duckdb_result_error(&result);
            duckdb_destroy_result(&result);
            throw DataError(m_path, "DuckDB cannot read it: " + message, std::nullopt, {},
                            "a GeoParquet file");
        }
        if (out && ok)
            *out = result;
        else
            duckdb_destroy_result(&result);
        return ok;
    }

    // The first column of the first row as text, or nullopt when there is no row or it is null.
    std::optional<std::string> scalarText(const std::string &sql)
    {
        duckdb_result result;
        run(sql, false, &result);
        std::optional<std::string> value;
        if (duckdb_data_chunk chunk = duckdb_fetch_chunk(result)) {
            if (duckdb_data_chunk_get_size(chunk) > 0) {
                duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, 0);
                if (isValid(duckdb_vector_get_validity(vector), 0))
                    value =
                        stringOf(static_cast<duckdb_string_t *>(duckdb_vector_get_data(vector))[0]);
            }
            duckdb_destroy_data_chunk(&chunk);
        }
        duckdb_destroy_result(&result);
        return value;
    }

    duckdb_connection handle() const { return m_connection; }

private:
    std::string m_path;
    duckdb_database m_database = nullptr;
    duckdb_connection m_connection = nullptr;
};

struct ColumnInfo
{
    std::string name;
    duckdb_type type;
    duckdb_type childType = DUCKDB_TYPE_INVALID; // LIST / ARRAY element type
};

std::vector<ColumnInfo> schemaOf(Connection &connection, const std::string &source)
{
    duckdb_result result;
    connection.run("SELECT * FROM " + source + " LIMIT 0", false, &result);
    std::vector<ColumnInfo> columns;
    for (idx_t i = 0; i < duckdb_column_count(&result); ++i) {
        duckdb_logical_type type = duckdb_column_logical_type(&result, i);
        ColumnInfo info{duckdb_column_name(&result, i), duckdb_get_type_id(type)};
        if (info.type == DUCKDB_TYPE_LIST || info.type == DUCKDB_TYPE_ARRAY) {
            duckdb_logical_type child = info.type == DUCKDB_TYPE_LIST
                                            ? duckdb_list_type_child_type(type)
                                            : duckdb_array_type_child_type(type);
            info.childType = duckdb_get_type_id(child);
            duckdb_destroy_logical_type(&child);
        }
        duckdb_destroy_logical_type(&type);
        columns.push_back(std::move(info));
    }
    duckdb_destroy_result(&result);
    return columns;
}

int findColumn(const std::vector<ColumnInfo> &columns, const std::string &name)
{
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name)
            return int(i);
    for (size_t i = 0; i < columns.size(); ++i)
        if (lower(columns[i].name) == lower(name))
            return int(i);
    return -1;
}

std::string columnList(const std::vector<ColumnInfo> &columns)
{
    std::string text;
    for (const auto &column : columns)
        text += (text.empty() ? "" : ", ") + column.name;
    return text;
}

} // namespace

bool GeoParquetReader::available()
{
    return true;
}

Dataset GeoParquetReader::read(const std::string &path, const DatasetOpenOptions &options,
                               Feedback *feedback)
{
    // One file (read literally), or many: a folder (every .parquet below it, hive partitions
    // as columns) or a glob pattern that names no existing file.
    std::error_code ec;
    const bool folder = std::filesystem::is_directory(path, ec);
    const bool glob = !folder && !std::filesystem::exists(path, ec) &&
                      path.find_first_of("*?[]{}") != std::string::npos;
    const LiteralPath literal(folder || glob ? std::string() : path);
    Connection connection(path);
    std::string files = quoteLiteral(literal.path());
    if (folder) {
        files = quoteLiteral((std::filesystem::path(path) / "**" / "*.parquet").string());
        if (!connection.scalarText("SELECT file FROM glob(" + files + ") LIMIT 1"))
            throw DataError(path, "the folder holds no .parquet file", std::nullopt, {},
                            "a folder of GeoParquet files (hive partitions allowed)");
    } else if (glob) {
        files = quoteLiteral(path);
        if (!connection.scalarText("SELECT file FROM glob(" + files + ") LIMIT 1"))
            throw DataError(path, "the pattern matches no file", std::nullopt, {},
                            "a file name pattern matching GeoParquet files");
    }
    const std::string source =
        "read_parquet(" + files +
        (folder || glob ? ", hive_partitioning = true, union_by_name = true" : "") + ")";

    // GeoParquet 'geo' metadata: primary geometry column, its encoding and CRS (of the first
    // file, when there are many).
    const auto kv = [&](const char *key) {
        return connection.scalarText("SELECT decode(value) FROM parquet_kv_metadata(" + files +
                                     ") WHERE decode(key) = '" + key +
                                     "' ORDER BY file_name LIMIT 1");
    };
    const auto geo = kv("geo");
    bool crsDeclared = false;
    std::string geometryName;
    std::string crsWkt; // GeoParquet's default: OGC:CRS84 (lon/lat WGS 84)
    {
        OGRSpatialReference crs84;
        crs84.SetFromUserInput("OGC:CRS84");
        char *wkt = nullptr;
        const char *const wktOptions[] = {"FORMAT=WKT2_2018", nullptr};
        crs84.exportToWkt(&wkt, wktOptions);
        crsWkt = wkt ? wkt : "";
        CPLFree(wkt);
    }
    if (geo) {
        CPLJSONDocument document;
        if (!document.LoadMemory(*geo))
            throw DataError(path, "the 'geo' metadata is not valid JSON", std::nullopt, "geo",
                            "GeoParquet metadata");
        const CPLJSONObject root = document.GetRoot();
        geometryName = root.GetString("primary_column", "");
        const CPLJSONObject column = root.GetObj("columns").GetObj(geometryName);
        if (column.IsValid()) {
            const std::string encoding = column.GetString("encoding", "WKB");
            if (lower(encoding) != "wkb")
                throw DataError(path, "geometry encoding '" + encoding + "' is not supported",
                                std::nullopt, geometryName, "WKB geometries");
            const CPLJSONObject crs = column.GetObj("crs");
            if (crs.IsValid() && crs.GetType() != CPLJSONObject::Type::Null) {
                const std::string text = crs.GetType() == CPLJSONObject::Type::String
                                             ? crs.ToString()
                                             : crs.Format(CPLJSONObject::PrettyFormat::Plain);
                OGRSpatialReference srs;
                if (srs.SetFromUserInput(text.c_str()) != OGRERR_NONE)
                    throw DataError(path, "the geometry column's CRS is not readable", std::nullopt,
                                    geometryName, "PROJJSON");
                char *wkt = nullptr;
                const char *const wktOptions[] = {"FORMAT=WKT2_2018", nullptr};
                srs.exportToWkt(&wkt, wktOptions);
                crsWkt = wkt ? wkt : "";
                CPLFree(wkt);
                crsDeclared = true;
            }
        }
    }
    if (!options.crs.empty()) {
        crsWkt = options.crs;
        crsDeclared = true;
    }

    const std::vector<ColumnInfo> columns = schemaOf(connection, source);
    int geometryIndex = geometryName.empty() ? -1 : findColumn(columns, geometryName);
    if (geometryIndex < 0)
        for (const char *name : {"geometry", "geom", "wkb_geometry"})
            if (const int i = findColumn(columns, name);
                i >= 0 && columns[size_t(i)].type == DUCKDB_TYPE_BLOB) {
                geometryIndex = i;
                break;
            }
    if (geometryIndex < 0)
        throw DataError(path, "no geometry column among " + columnList(columns), std::nullopt,
                        geometryName, "a WKB geometry column (GeoParquet)");
    geometryName = columns[size_t(geometryIndex)].name;
    if (columns[size_t(geometryIndex)].type != DUCKDB_TYPE_BLOB)
        throw DataError(path, "the geometry column is not binary WKB", std::nullopt, geometryName,
                        "a WKB geometry column (GeoParquet)");

    // The embedding: a list/array/JSON-text column, a blob column, a run of numeric columns, or
    // a .npy matrix.
    enum class Kind
    {
        List,
        Blob,
        Npy
    } kind = Kind::List;
    int embeddingIndex = -1;
    std::optional<ColumnRun> run;
    std::vector<ColumnName> names;
    for (const auto &column : columns)
        names.push_back({column.name, isNumeric(column.type)});
    const auto blobType = parseElementType(options.blobType);
    if (!blobType)
        throw DataError(path, "the blob element type '" + options.blobType + "' is not known",
                        std::nullopt, "blobType", "f16, f32 or f64");
    if (!options.npyPath.empty()) {
        if (!options.embeddingColumn.empty())
            throw DataError(path, "both an embedding column and a .npy matrix are given",
                            std::nullopt, options.embeddingColumn, "one source of embeddings");
        kind = Kind::Npy;
    } else if (!options.embeddingColumn.empty() && options.embeddingColumn.back() == '*') {
        const std::string prefix =
            options.embeddingColumn.substr(0, options.embeddingColumn.size() - 1);
        run = findColumnRun(names, prefix);
        if (!run)
            throw DataError(path, "no numeric columns " + prefix + "0/1, " + prefix + "1/2, …",
                            std::nullopt, options.embeddingColumn,
                            "numeric columns named " + prefix +
                                " + an index from 0 or 1, among: " + columnList(columns));
    } else if (!options.embeddingColumn.empty()) {
        embeddingIndex = findColumn(columns, options.embeddingColumn);
        if (embeddingIndex < 0)
            throw DataError(path, "there is no column '" + options.embeddingColumn + "'",
                            std::nullopt, options.embeddingColumn,
                            "one of the columns: " + columnList(columns));
        const ColumnInfo &column = columns[size_t(embeddingIndex)];
        if (column.type == DUCKDB_TYPE_BLOB)
            kind = Kind::Blob;
        else if (column.type != DUCKDB_TYPE_VARCHAR && !isNumeric(column.childType))
            throw DataError(path, "the column is not a list of numbers", std::nullopt, column.name,
                            "a LIST or ARRAY of FLOAT/DOUBLE, JSON array text, a float blob, or "
                            "PREFIX* for numbered columns");
    } else {
        int best = 1 << 30;
        for (size_t i = 0; i < columns.size(); ++i) {
            const bool blob = columns[i].type == DUCKDB_TYPE_BLOB && int(i) != geometryIndex &&
                              namePriority(columns[i].name) < 5;
            if (!isNumeric(columns[i].childType) && !blob)
                continue;
            const int score = namePriority(columns[i].name) * 2 + (blob ? 1 : 0);
            if (score < best) {
                best = score;
                embeddingIndex = int(i);
                kind = blob ? Kind::Blob : Kind::List;
            }
        }
        if (embeddingIndex < 0)
            run = findColumnRun(names);
        if (embeddingIndex < 0 && !run)
            throw DataError(path, "no embedding column among " + columnList(columns), std::nullopt,
                            {},
                            "a LIST or ARRAY column of FLOAT/DOUBLE, a float blob, numbered "
                            "numeric columns (A00…A63), or --npy");
    }
    std::string npyIdName;
    std::vector<bool> inRun(columns.size(), false);
    if (run)
        for (const int i : run->columns)
            inRun[size_t(i)] = true;
    const std::string embeddingName = run                 ? run->describe(names)
                                      : kind == Kind::Npy ? options.npyPath
                                                          : columns[size_t(embeddingIndex)].name;
    std::string embeddingSql;
    if (run) {
        embeddingSql = "[";
        for (size_t j = 0; j < run->columns.size(); ++j)
            embeddingSql += (j ? ", CAST(" : "CAST(") +
                            quoteIdentifier(columns[size_t(run->columns[j])].name) + " AS FLOAT)";
        embeddingSql += "]";
    } else if (kind == Kind::List) {
        embeddingSql = "CAST(" + quoteIdentifier(embeddingName) + " AS FLOAT[])";
    } else if (kind == Kind::Blob) {
        embeddingSql = quoteIdentifier(embeddingName);
    } else if (!options.npyIdColumn.empty()) {
        const int i = findColumn(columns, options.npyIdColumn);
        if (i < 0)
            throw DataError(path, "there is no column '" + options.npyIdColumn + "'", std::nullopt,
                            options.npyIdColumn, "one of the columns: " + columnList(columns));
        npyIdName = columns[size_t(i)].name;
        embeddingSql = "TRY_CAST(" + quoteIdentifier(npyIdName) + " AS BIGINT)";
    } else {
        embeddingSql = "NULL";
    }

    // Blobs: the element type given, or detected from the first rows.
    ElementType elementType = *blobType;
    if (kind == Kind::Blob && elementType == ElementType::Auto)
        if (const auto declared = kv("embedding_type")) {
            const auto type = parseElementType(*declared);
            if (!type || *type == ElementType::Auto)
                throw DataError(
                    path, "the metadata embedding_type '" + *declared + "' is not an element type",
                    std::nullopt, "embedding_type", "float16, float32 or float64");
            elementType = *type;
        }
    if (kind == Kind::Blob && elementType == ElementType::Auto) {
        std::vector<std::vector<uint8_t>> samples;
        duckdb_result sample;
        connection.run("SELECT " + embeddingSql + " FROM " + source + " WHERE " + embeddingSql +
                           " IS NOT NULL LIMIT 64",
                       false, &sample);
        while (duckdb_data_chunk chunk = duckdb_fetch_chunk(sample)) {
            auto *blobs = static_cast<duckdb_string_t *>(
                duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk, 0)));
            for (idx_t r = 0; r < duckdb_data_chunk_get_size(chunk); ++r) {
                const auto *data =
                    reinterpret_cast<const uint8_t *>(duckdb_string_t_data(&blobs[r]));
                samples.emplace_back(data, data + duckdb_string_t_length(blobs[r]));
            }
            duckdb_destroy_data_chunk(&chunk);
        }
        duckdb_destroy_result(&sample);
        elementType = detectElementType(samples, path, embeddingName);
    }

    int idIndex = -1;
    if (!options.idColumn.empty()) {
        idIndex = findColumn(columns, options.idColumn);
        if (idIndex < 0)
            throw DataError(path, "there is no column '" + options.idColumn + "'", std::nullopt,
                            options.idColumn, "one of the columns: " + columnList(columns));
    } else {
        for (const char *name : {"id", "chip_id", "chipid", "tile_id", "fid", "uid"})
            if (const int i = findColumn(columns, name);
                i >= 0 && i != embeddingIndex && i != geometryIndex && !inRun[size_t(i)]) {
                idIndex = i;
                break;
            }
    }
    const std::string idName = idIndex >= 0 ? columns[size_t(idIndex)].name : "row number";

    // One query: geometry, embedding as FLOAT[], id and attributes as text.
    std::string sql = "SELECT " + quoteIdentifier(geometryName) + ", " + embeddingSql;
    if (idIndex >= 0)
        sql += ", CAST(" + quoteIdentifier(idName) + " AS VARCHAR)";
    std::vector<std::string> attributeNames;
    for (size_t i = 0; i < columns.size(); ++i) {
        if (int(i) == geometryIndex || int(i) == embeddingIndex || int(i) == idIndex || inRun[i])
            continue;
        attributeNames.push_back(columns[i].name);
        sql += ", CAST(" + quoteIdentifier(columns[i].name) + " AS VARCHAR)";
    }
    sql += " FROM " + source;

    int64_t total = 0;
    if (const auto count = connection.scalarText("SELECT CAST(count(*) AS VARCHAR) FROM " + source))
        total = std::stoll(*count);
    if (total == 0)
        throw DataError(path, "the file has no rows", std::nullopt, {}, "at least one footprint");

    DatasetBuilder builder(path, crsWkt);
    builder.setDriver("DuckDB");
    builder.setEmbeddingSource(embeddingName);
    builder.setFieldNames(idName, geometryName, embeddingName);
    builder.setStrict(options.strict);
    if (!crsDeclared)
        builder.setCrsAssumed(std::string(geo ? "a 'crs' in the GeoParquet 'geo' metadata"
                                              : "GeoParquet 'geo' metadata with the CRS") +
                              ", or the CRS given with --crs (e.g. --crs EPSG:32614)");
    double chipSize = options.chipSizeMeters;
    if (chipSize <= 0.0)
        if (const auto text = kv("chip_size_m")) {
            const double value = std::strtod(text->c_str(), nullptr);
            if (value > 0.0 && std::isfinite(value))
                chipSize = value;
        }
    builder.setPointChipSize(chipSize);
    if (kind == Kind::Blob)
        builder.setBlobElementType(elementTypeName(elementType));
    EmbeddingMatrix npy;
    std::vector<int64_t> npyRows;
    if (kind == Kind::Npy) {
        npy = readNpy(options.npyPath);
        builder.deferEmbeddings();
        if (npyIdName.empty() && npy.rows() != size_t(total)) {
            throw DataError(options.npyPath,
                            "the matrix has " + std::to_string(npy.rows()) + " rows but " + path +
                                " has " + std::to_string(total),
                            std::nullopt, "shape", "one row per row of the table, in order");
        }
    }
    builder.reserve(size_t(total));
    for (const auto &name : attributeNames) {
        builder.attributes().push_back({name, {}});
        builder.attributes().back().values.reserve(size_t(total));
    }

    // A materialised result: the query has finished (no task of DuckDB's thread pool still runs)
    // before the first row is looked at, so a row rejected below, or a cancel, tears down an idle
    // result, then the statement, then the connection and the database (Cleanup runs before
    // ~Connection). Tearing down a streaming result mid-query hung in duckdb_close or corrupted
    // the heap in ~2 % of runs.
    duckdb_prepared_statement statement = nullptr;
    duckdb_result result;
    bool haveResult = false;
    struct Cleanup
    {
        duckdb_prepared_statement &statement;
        duckdb_result &result;
        bool &haveResult;
        ~Cleanup()
        {
            if (haveResult)
                duckdb_destroy_result(&result);
            duckdb_destroy_prepare(&statement);
        }
    } cleanup{statement, result, haveResult};
    auto fail = [&](const char *message) {
        throw DataError(path, std::string("DuckDB cannot read it: ") + (message ? message : "?"),
                        std::nullopt, {}, "a GeoParquet file");
    };
    if (duckdb_prepare(connection.handle(), sql.c_str(), &statement) == DuckDBError)
        fail(duckdb_prepare_error(statement));
    const duckdb_state executed = duckdb_execute_prepared(statement, &result);
    haveResult = true;
    if (executed == DuckDBError)
        fail(duckdb_result_error(&result));

    const idx_t attributeStart = idIndex >= 0 ? 3 : 2;
    std::vector<float> decoded;
    int64_t row = 0;
    while (duckdb_data_chunk chunk = duckdb_fetch_chunk(result)) {
        struct ChunkGuard
        {
            duckdb_data_chunk chunk;
            ~ChunkGuard() { duckdb_destroy_data_chunk(&chunk); }
        } guard{chunk};
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(row) / double(total));
        }
        const idx_t size = duckdb_data_chunk_get_size(chunk);
        duckdb_vector geometryVector = duckdb_data_chunk_get_vector(chunk, 0);
        auto *geometries = static_cast<duckdb_string_t *>(duckdb_vector_get_data(geometryVector));
        uint64_t *geometryValid = duckdb_vector_get_validity(geometryVector);
        duckdb_vector listVector = duckdb_data_chunk_get_vector(chunk, 1);
        uint64_t *listValid = duckdb_vector_get_validity(listVector);
        const duckdb_list_entry *lists = nullptr;
        const float *values = nullptr;
        uint64_t *valueValid = nullptr;
        duckdb_string_t *blobs = nullptr;
        const int64_t *npyIds = nullptr;
        if (kind == Kind::List) {
            lists = static_cast<duckdb_list_entry *>(duckdb_vector_get_data(listVector));
            duckdb_vector childVector = duckdb_list_vector_get_child(listVector);
            values = static_cast<const float *>(duckdb_vector_get_data(childVector));
            valueValid = duckdb_vector_get_validity(childVector);
        } else if (kind == Kind::Blob) {
            blobs = static_cast<duckdb_string_t *>(duckdb_vector_get_data(listVector));
        } else if (!npyIdName.empty()) {
            npyIds = static_cast<const int64_t *>(duckdb_vector_get_data(listVector));
        }
        duckdb_string_t *ids = nullptr;
        uint64_t *idValid = nullptr;
        if (idIndex >= 0) {
            duckdb_vector idVector = duckdb_data_chunk_get_vector(chunk, 2);
            ids = static_cast<duckdb_string_t *>(duckdb_vector_get_data(idVector));
            idValid = duckdb_vector_get_validity(idVector);
        }
        for (idx_t r = 0; r < size; ++r, ++row) {
            std::string id;
            if (idIndex < 0) {
                id = std::to_string(row);
            } else if (!isValid(idValid, r)) {
                builder.skip("null id", DataError(path, "the id is null", row, idName,
                                                  "a unique non-empty id"));
                continue;
            } else {
                id = stringOf(ids[r]);
            }
            if (!isValid(geometryValid, r)) {
                builder.skip("null geometry",
                             DataError(path, "the feature has no geometry", row, geometryName,
                                       "a polygon or multipolygon"),
                             id);
                continue;
            }
            std::span<const float> embedding;
            int64_t npyRow = row;
            if (kind == Kind::Npy) {
                if (npyIds) {
                    if (!isValid(listValid, r) || npyIds[r] < 0 || size_t(npyIds[r]) >= npy.rows())
                        throw DataError(path, "the .npy row is out of range", row, npyIdName,
                                        "an integer from 0 to " + std::to_string(npy.rows() - 1) +
                                            " (rows of " + options.npyPath + ")");
                    npyRow = npyIds[r];
                }
            } else if (!isValid(listValid, r)) {
                builder.skip("null embedding",
                             DataError(path, "the embedding is null", row, embeddingName,
                                       "a vector of numbers"),
                             id);
                continue;
            } else if (kind == Kind::Blob) {
                const size_t length = duckdb_string_t_length(blobs[r]);
                if (length % elementBytes(elementType) != 0)
                    throw DataError(
                        path,
                        "the blob has " + std::to_string(length) + " bytes, not a multiple of " +
                            std::to_string(elementBytes(elementType)),
                        row, embeddingName,
                        std::string(elementTypeName(elementType)) + " little-endian values");
                decodeElements(
                    {reinterpret_cast<const uint8_t *>(duckdb_string_t_data(&blobs[r])), length},
                    elementType, decoded);
                embedding = decoded;
            } else {
                const duckdb_list_entry entry = lists[r];
                bool complete = true;
                if (valueValid)
                    for (uint64_t j = 0; j < entry.length && complete; ++j)
                        if (!duckdb_validity_row_is_valid(valueValid, entry.offset + j)) {
                            builder.skip(
                                "null embedding",
                                DataError(path,
                                          "the value at position " + std::to_string(j) + " is null",
                                          row, embeddingName, "finite numbers"),
                                id);
                            complete = false;
                        }
                if (!complete)
                    continue;
                embedding = std::span<const float>(values + entry.offset, entry.length);
            }
            duckdb_string_t &wkb = geometries[r];
            const std::span<const uint8_t> bytes(
                reinterpret_cast<const uint8_t *>(duckdb_string_t_data(&wkb)),
                duckdb_string_t_length(wkb));
            if (kind != Kind::Npy && embedding.empty()) {
                builder.skip("null embedding",
                             DataError(path, "the embedding is empty", row, embeddingName,
                                       "a vector of numbers"),
                             id);
                continue;
            }
            if (!builder.addChip(std::move(id), bytes, embedding, row))
                continue;
            if (kind == Kind::Npy)
                npyRows.push_back(npyRow);
            for (size_t a = 0; a < attributeNames.size(); ++a) {
                duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, attributeStart + a);
                auto &column = builder.attributes()[a].values;
                if (isValid(duckdb_vector_get_validity(vector), r))
                    column.emplace_back(stringOf(
                        static_cast<duckdb_string_t *>(duckdb_vector_get_data(vector))[r]));
                else
                    column.emplace_back(std::nullopt);
            }
        }
    }
    if (const char *error = duckdb_result_error(&result))
        fail(error);
    if (kind == Kind::Npy) {
        if (npyIdName.empty() && npyRows.size() == npy.rows())
            builder.setEmbeddings(std::move(npy));
        else
            builder.setEmbeddings(npy.selectRows(npyRows), npyRows);
    }
    Dataset dataset = builder.finish();
    if (feedback)
        feedback->setProgress(1.0);
    return dataset;
}

} // namespace chipfinder

#else // no DuckDB

namespace chipfinder {

bool GeoParquetReader::available()
{
    return false;
}

Dataset GeoParquetReader::read(const std::string &path, const DatasetOpenOptions &, Feedback *)
{
    throw DataError(path,
                    "GeoParquet needs GDAL's Parquet driver or DuckDB; this build has neither",
                    std::nullopt, {},
                    "a build with DuckDB (packaging/install-deps.sh fetches it into third_party/) "
                    "or a GDAL with the Arrow/Parquet driver");
}

} // namespace chipfinder

#endif
