#include "project/projectstore.h"

#include "common/atomicfile.h"

#include "common/errors.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace chipfinder {
namespace {

constexpr int kGpkgApplicationId = 0x47504B47; // 'GPKG'
constexpr int kGpkgUserVersion = 10300;        // GeoPackage 1.3.0

constexpr const char *kWgs84Wkt =
    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
    "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
    "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\","
    "\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

// The GeoPackage core tables (spec 1.3, annex C) and Chipfinder's own tables.
constexpr const char *kSchemaSql = R"sql(
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE labels (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  chip_id TEXT NOT NULL UNIQUE,
  chip INTEGER NOT NULL,
  label TEXT NOT NULL CHECK (label IN ('positive', 'negative')),
  source TEXT NOT NULL,
  score REAL,
  strategy TEXT,
  round INTEGER NOT NULL,
  labeled_at DATETIME NOT NULL,
  labeled_at_ms INTEGER NOT NULL);
CREATE TABLE chipfinder_meta (key TEXT NOT NULL PRIMARY KEY, value TEXT);
CREATE TABLE chipfinder_dataset_options (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chipfinder_candidates (
  rank INTEGER NOT NULL PRIMARY KEY,
  chip_id TEXT NOT NULL,
  chip INTEGER NOT NULL,
  score REAL NOT NULL);
CREATE TABLE chipfinder_settings (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chipfinder_blobs (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL);
)sql";

// Added in schema 2 (undo/redo history); schema 1 files get it on open.
constexpr const char *kHistorySql = R"sql(
CREATE TABLE IF NOT EXISTS chipfinder_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  description TEXT NOT NULL,
  undone INTEGER NOT NULL DEFAULT 0,
  edits BLOB NOT NULL);
)sql";

// Added in schema 3 (skipped candidates); older files get it on open.
constexpr const char *kSkippedSql = R"sql(
CREATE TABLE IF NOT EXISTS chipfinder_skipped (
  fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  chip_id TEXT NOT NULL UNIQUE,
  chip INTEGER NOT NULL,
  round INTEGER NOT NULL,
  skipped_at_ms INTEGER NOT NULL);
)sql";

// Little-endian serialisation of a step's edits (no library for a handful of fixed fields).
class ByteWriter
{
public:
    void u8(uint8_t v) { m_bytes.push_back(v); }
    void u32(uint32_t v) { raw(&v, sizeof v); }
    void i64(int64_t v) { raw(&v, sizeof v); }
    void f64(double v) { raw(&v, sizeof v); }
    void text(const std::string &v)
    {
        u32(uint32_t(v.size()));
        m_bytes.insert(m_bytes.end(), v.begin(), v.end());
    }
    const std::vector<uint8_t> &bytes() const { return m_bytes; }

private:
    void raw(const void *p, size_t n)
    {
        static_assert(std::endian::native == std::endian::little);
        const auto *b = static_cast<const uint8_t *>(p);
        m_bytes.insert(m_bytes.end(), b, b + n);
    }
    std::vector<uint8_t> m_bytes;
};

class ByteReader
{
public:
    explicit ByteReader(const std::vector<uint8_t> &bytes) : m_bytes(bytes) {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos == m_bytes.size(); }
    uint8_t u8()
    {
        uint8_t v = 0;
        raw(&v, sizeof v);
        return v;
    }
    uint32_t u32()
    {
        uint32_t v = 0;
        raw(&v, sizeof v);
        return v;
    }
    int64_t i64()
    {
        int64_t v = 0;
        raw(&v, sizeof v);
        return v;
    }
    double f64()
    {
        double v = 0;
        raw(&v, sizeof v);
        return v;
    }
    std::string text()
    {
        const uint32_t n = u32();
        if (!m_ok || n > m_bytes.size() - m_pos) {
            m_ok = false;
            return {};
        }
        std::string v(reinterpret_cast<const char *>(m_bytes.data() + m_pos), n);
        m_pos += n;
        return v;
    }

private:
    void raw(void *p, size_t n)
    {
        if (!m_ok || n > m_bytes.size() - m_pos) {
            m_ok = false;
            return;
        }
        std::memcpy(p, m_bytes.data() + m_pos, n);
        m_pos += n;
    }
    const std::vector<uint8_t> &m_bytes;
    size_t m_pos = 0;
    bool m_ok = true;
};

void writeLabelBytes(ByteWriter &w, const std::optional<Label> &label)
{
    w.u8(label ? 1 : 0);
    if (!label)
        return;
    w.text(label->chipId);
    w.i64(label->chip);
    w.u8(uint8_t(label->value));
    w.u8(uint8_t(label->source));
    w.f64(label->score);
    w.text(label->strategy);
    w.i64(label->round);
    w.i64(label->labeledAtMs);
}

std::optional<Label> readLabelBytes(ByteReader &r)
{
    if (r.u8() == 0)
        return std::nullopt;
    Label label;
    label.chipId = r.text();
    label.chip = r.i64();
    const uint8_t value = r.u8();
    const uint8_t source = r.u8();
    label.score = r.f64();
    label.strategy = r.text();
    label.round = int(r.i64());
    label.labeledAtMs = r.i64();
    if (value > uint8_t(LabelValue::Negative) || source > uint8_t(LabelSource::Scatter))
        return Label{}; // flagged below by the caller's validity check
    label.value = LabelValue(value);
    label.source = LabelSource(source);
    return label;
}

std::vector<uint8_t> encodeEdits(const std::vector<LabelEdit> &edits)
{
    ByteWriter w;
    w.u32(1); // format version
    w.u32(uint32_t(edits.size()));
    for (const auto &edit : edits) {
        w.text(edit.chipId);
        writeLabelBytes(w, edit.before);
        writeLabelBytes(w, edit.after);
    }
    return w.bytes();
}

// nullopt when the bytes are not a valid encoding.
std::optional<std::vector<LabelEdit>> decodeEdits(const std::vector<uint8_t> &bytes)
{
    ByteReader r(bytes);
    if (r.u32() != 1)
        return std::nullopt;
    const uint32_t count = r.u32();
    std::vector<LabelEdit> edits;
    for (uint32_t i = 0; i < count && r.ok(); ++i) {
        LabelEdit edit;
        edit.chipId = r.text();
        edit.before = readLabelBytes(r);
        edit.after = readLabelBytes(r);
        for (const auto *side : {&edit.before, &edit.after})
            if (*side && (*side)->chipId != edit.chipId)
                return std::nullopt;
        edits.push_back(std::move(edit));
    }
    if (!r.ok() || !r.atEnd())
        return std::nullopt;
    return edits;
}

} // namespace

struct ProjectStore::Impl
{
    std::string path;
    sqlite3 *db = nullptr;

    // Prepared statements by SQL text, reused across calls (a box-select looks up thousands of
    // labels); `inUse` guards against two live Statements sharing one.
    struct CachedStatement
    {
        sqlite3_stmt *stmt = nullptr;
        bool inUse = false;
    };
    mutable std::unordered_map<std::string, CachedStatement> cache;
    bool readOnly = false;

    ~Impl()
    {
        for (auto &[sql, cached] : cache)
            sqlite3_finalize(cached.stmt);
        if (db)
            sqlite3_close_v2(db);
    }

    [[noreturn]] void fail(const std::string &what, int code) const
    {
        std::string message = what;
        if (db)
            message += ": " + std::string(sqlite3_errmsg(db));
        else
            message += ": " + std::string(sqlite3_errstr(code));
        const int primary = code & 0xff;
        if (primary == SQLITE_NOTADB)
            throw DataError(path, "not a SQLite file", std::nullopt, {}, "a Chipfinder project");
        if (primary == SQLITE_CORRUPT)
            throw DataError(path, "the project file is corrupt (" + message + ")");
        throw DataError(path, message);
    }

    void exec(const char *sql, const char *what)
    {
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
            fail(what, rc);
    }

    // One prepared statement; columns 0-based, binds 1-based (as in SQLite).
    class Statement
    {
    public:
        Statement(const Impl &owner, const char *sql) : m_owner(owner)
        {
            auto &cached = owner.cache[sql];
            if (cached.stmt && !cached.inUse) {
                m_stmt = cached.stmt;
                m_cached = &cached;
                cached.inUse = true;
                return;
            }
            const int rc = sqlite3_prepare_v2(owner.db, sql, -1, &m_stmt, nullptr);
            if (rc != SQLITE_OK) {
                sqlite3_finalize(m_stmt);
                m_stmt = nullptr;
                owner.fail("could not read the project", rc);
            }
            if (!cached.stmt) {
                cached.stmt = m_stmt;
                cached.inUse = true;
                m_cached = &cached;
            }
        }
        ~Statement()
        {
            if (m_cached) {
                sqlite3_reset(m_stmt);
                sqlite3_clear_bindings(m_stmt);
                m_cached->inUse = false;
            } else {
                sqlite3_finalize(m_stmt);
            }
        }
        Statement(const Statement &) = delete;
        Statement &operator=(const Statement &) = delete;

        Statement &bind(int i, const std::string &text)
        {
            check(sqlite3_bind_text(m_stmt, i, text.data(), int(text.size()), SQLITE_TRANSIENT));
            return *this;
        }
        Statement &bindOptionalText(int i, const std::string &text)
        {
            if (text.empty())
                return bindNull(i);
            return bind(i, text);
        }
        Statement &bind(int i, int64_t value)
        {
            check(sqlite3_bind_int64(m_stmt, i, value));
            return *this;
        }
        Statement &bind(int i, double value)
        {
            if (std::isnan(value))
                return bindNull(i);
            check(sqlite3_bind_double(m_stmt, i, value));
            return *this;
        }
        Statement &bindBlob(int i, std::span<const uint8_t> bytes)
        {
            // A zero-length blob must still be a blob, not NULL.
            check(sqlite3_bind_blob(m_stmt, i, bytes.empty() ? "" : (const void *)bytes.data(),
                                    int(bytes.size()), SQLITE_TRANSIENT));
            return *this;
        }
        Statement &bindNull(int i)
        {
            check(sqlite3_bind_null(m_stmt, i));
            return *this;
        }
        // True while there is a row.
        bool step()
        {
            const int rc = sqlite3_step(m_stmt);
            if (rc == SQLITE_ROW)
                return true;
            if (rc == SQLITE_DONE)
                return false;
            m_owner.fail("could not access the project", rc);
        }
        void run()
        {
            step();
            sqlite3_reset(m_stmt);
            sqlite3_clear_bindings(m_stmt);
        }
        bool isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
        std::string text(int c) const
        {
            const auto *p = sqlite3_column_text(m_stmt, c);
            return p ? std::string(reinterpret_cast<const char *>(p),
                                   size_t(sqlite3_column_bytes(m_stmt, c)))
                     : std::string();
        }
        int64_t int64(int c) const { return sqlite3_column_int64(m_stmt, c); }
        double real(int c) const
        {
            return isNull(c) ? std::nan("") : sqlite3_column_double(m_stmt, c);
        }
        std::vector<uint8_t> blob(int c) const
        {
            const auto *p = static_cast<const uint8_t *>(sqlite3_column_blob(m_stmt, c));
            const int n = sqlite3_column_bytes(m_stmt, c);
            return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
        }

    private:
        void check(int rc)
        {
            if (rc != SQLITE_OK)
                m_owner.fail("could not prepare a project query", rc);
        }
        const Impl &m_owner;
        sqlite3_stmt *m_stmt = nullptr;
        CachedStatement *m_cached = nullptr;
    };

    // BEGIN IMMEDIATE … COMMIT; rolls back unless commit() was reached.
    class Transaction
    {
    public:
        explicit Transaction(Impl &owner) : m_owner(owner)
        {
            m_owner.exec("BEGIN IMMEDIATE", "could not start saving the project");
        }
        ~Transaction()
        {
            if (!m_done)
                sqlite3_exec(m_owner.db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        void commit()
        {
            m_owner.exec("COMMIT", "could not save the project");
            m_done = true;
        }

    private:
        Impl &m_owner;
        bool m_done = false;
    };

    void setMeta(const std::string &key, const std::string &value)
    {
        Statement(*this, "INSERT INTO chipfinder_meta(key, value) VALUES(?1, ?2) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(1, key)
            .bind(2, value)
            .run();
    }

    std::optional<std::string> meta(const std::string &key) const
    {
        Statement s(*this, "SELECT value FROM chipfinder_meta WHERE key = ?1");
        s.bind(1, key);
        if (s.step() && !s.isNull(0))
            return s.text(0);
        return std::nullopt;
    }

    void writeDataset(const DatasetReference &dataset)
    {
        setMeta("dataset_path", dataset.path);
        exec("DELETE FROM chipfinder_meta WHERE key = 'dataset_absolute_path'",
             "could not save the dataset reference");
        if (!dataset.absolutePath.empty())
            setMeta("dataset_absolute_path", dataset.absolutePath);
        exec("DELETE FROM chipfinder_dataset_options", "could not save the dataset reference");
        Statement insert(*this,
                         "INSERT INTO chipfinder_dataset_options(key, value) VALUES(?1, ?2)");
        for (const auto &[key, value] : dataset.options)
            insert.bind(1, key).bind(2, value).run();
    }

    void writeLabel(Statement &upsert, const Label &label)
    {
        if (label.chipId.empty())
            throw UsageError("ProjectStore: a label needs a chip id");
        upsert.bind(1, label.chipId)
            .bind(2, label.chip)
            .bind(3, labelValueName(label.value))
            .bind(4, labelSourceName(label.source))
            .bind(5, label.score)
            .bindOptionalText(6, label.strategy)
            .bind(7, int64_t(label.round))
            .bind(8, isoUtcFromMs(label.labeledAtMs))
            .bind(9, label.labeledAtMs)
            .run();
    }

    static constexpr const char *kUpsertLabel =
        "INSERT INTO labels(chip_id, chip, label, source, score, strategy, round, labeled_at, "
        "labeled_at_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT(chip_id) DO UPDATE SET chip = excluded.chip, label = excluded.label, "
        "source = excluded.source, score = excluded.score, strategy = excluded.strategy, "
        "round = excluded.round, labeled_at = excluded.labeled_at, "
        "labeled_at_ms = excluded.labeled_at_ms";

    void touchLabelsLayer()
    {
        exec("UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
             "WHERE table_name = 'labels'",
             "could not save the labels");
    }

    Label readLabel(const Statement &s, std::optional<int64_t> row) const
    {
        // Columns: chip_id, chip, label, source, score, strategy, round, labeled_at_ms, labeled_at
        Label label;
        label.chipId = s.text(0);
        label.chip = s.int64(1);
        const auto value = labelValueFromName(s.text(2));
        if (!value)
            throw DataError(path, "unknown label '" + s.text(2) + "'", row, "label",
                            "positive or negative");
        label.value = *value;
        const auto source = labelSourceFromName(s.text(3));
        if (!source)
            throw DataError(path, "unknown label source '" + s.text(3) + "'", row, "source",
                            "click, accepted, rejected or imported");
        label.source = *source;
        label.score = s.real(4);
        label.strategy = s.text(5);
        label.round = int(s.int64(6));
        if (!s.isNull(7)) {
            label.labeledAtMs = s.int64(7);
        } else {
            // A row added outside Chipfinder (e.g. edited in QGIS) may only carry labeled_at.
            const auto ms = msFromIsoUtc(s.text(8));
            label.labeledAtMs = ms.value_or(0);
        }
        return label;
    }

    void writeChanges(std::span<const LabelChange> changes); // inside a transaction
    void trimHistory(size_t keepSteps);                      // inside a transaction

    void configureConnection()
    {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_extended_result_codes(db, 1);
        exec("PRAGMA journal_mode = WAL", "could not open the project");
        exec("PRAGMA synchronous = FULL", "could not open the project");
    }
};

DatasetReference DatasetReference::fromOpenOptions(const std::string &path,
                                                   const DatasetOpenOptions &options)
{
    DatasetReference reference;
    reference.path = path;
    const DatasetOpenOptions defaults;
    auto put = [&](const char *key, const std::string &value, const std::string &fallback) {
        if (value != fallback)
            reference.options[key] = value;
    };
    put("embeddingColumn", options.embeddingColumn, defaults.embeddingColumn);
    put("idColumn", options.idColumn, defaults.idColumn);
    put("layer", options.layer, defaults.layer);
    put("npyPath", options.npyPath, defaults.npyPath);
    put("npyIdColumn", options.npyIdColumn, defaults.npyIdColumn);
    if (options.rasterChipSize != defaults.rasterChipSize)
        reference.options["rasterChipSize"] = std::to_string(options.rasterChipSize);
    if (options.chipSizeMeters > 0.0) {
        char text[64];
        std::snprintf(text, sizeof text, "%.17g", options.chipSizeMeters);
        reference.options["chipSizeMeters"] = text;
    }
    put("crs", options.crs, defaults.crs);
    put("blobType", options.blobType, defaults.blobType);
    if (options.strict)
        reference.options["strict"] = "1";
    if (!options.dequantize)
        reference.options["dequantize"] = "0";
    return reference;
}

DatasetReference DatasetReference::forProject(const std::string &projectPath,
                                              const std::string &datasetPath,
                                              const DatasetOpenOptions &options)
{
    namespace fs = std::filesystem;
    const fs::path dataset = fs::absolute(fs::path(datasetPath)).lexically_normal();
    const fs::path folder = fs::absolute(fs::path(projectPath)).parent_path().lexically_normal();
    DatasetReference reference = fromOpenOptions(dataset.string(), options);
    const fs::path relative = dataset.lexically_relative(folder);
    if (!relative.empty()) {
        reference.path = relative.string();
        reference.absolutePath = dataset.string();
    }
    return reference;
}

DatasetOpenOptions DatasetReference::openOptions() const
{
    DatasetOpenOptions result;
    auto get = [&](const char *key, std::string &target) {
        if (const auto it = options.find(key); it != options.end())
            target = it->second;
    };
    get("embeddingColumn", result.embeddingColumn);
    get("idColumn", result.idColumn);
    get("layer", result.layer);
    get("npyPath", result.npyPath);
    get("npyIdColumn", result.npyIdColumn);
    if (const auto it = options.find("rasterChipSize"); it != options.end()) {
        size_t used = 0;
        int value = 0;
        try {
            value = std::stoi(it->second, &used);
        } catch (const std::exception &) {
            used = 0;
        }
        if (used != it->second.size() || value <= 0)
            throw DataError(path, "bad dataset option rasterChipSize '" + it->second + "'",
                            std::nullopt, "rasterChipSize", "a positive integer");
        result.rasterChipSize = value;
    }
    if (const auto it = options.find("chipSizeMeters"); it != options.end()) {
        char *end = nullptr;
        const double value = std::strtod(it->second.c_str(), &end);
        if (end == it->second.c_str() || *end || !(value > 0.0) || !std::isfinite(value))
            throw DataError(path, "bad dataset option chipSizeMeters '" + it->second + "'",
                            std::nullopt, "chipSizeMeters", "a positive number of metres");
        result.chipSizeMeters = value;
    }
    get("crs", result.crs);
    get("blobType", result.blobType);
    if (const auto it = options.find("strict"); it != options.end())
        result.strict = it->second == "1";
    if (const auto it = options.find("dequantize"); it != options.end())
        result.dequantize = it->second != "0";
    return result;
}

ProjectStore::ProjectStore(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
ProjectStore::~ProjectStore() = default;

std::unique_ptr<ProjectStore> ProjectStore::create(const std::string &path,
                                                   const DatasetReference &dataset)
{
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        throw DataError(path, "a file with this name already exists", std::nullopt, {},
                        "a new project file name");
    // Built beside `path` and renamed over it when complete: a kill or a full disk leaves no
    // empty or half-made project behind.
    AtomicFile file(path);
    if (file.direct())
        throw DataError(path, "is not a regular file", std::nullopt, {}, "a new project file name");
    const std::string building = file.writePath();
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    const int rc = sqlite3_open_v2(building.c_str(), &impl->db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK)
        impl->fail("could not create the project", rc);
    try {
        sqlite3_busy_timeout(impl->db, 5000);
        sqlite3_extended_result_codes(impl->db, 1);
        {
            Impl::Transaction transaction(*impl);
            impl->exec(("PRAGMA application_id = " + std::to_string(kGpkgApplicationId)).c_str(),
                       "could not create the project");
            impl->exec(("PRAGMA user_version = " + std::to_string(kGpkgUserVersion)).c_str(),
                       "could not create the project");
            impl->exec(kSchemaSql, "could not create the project");
            impl->exec(kHistorySql, "could not create the project");
            impl->exec(kSkippedSql, "could not create the project");
            Impl::Statement srs(*impl, "INSERT INTO gpkg_spatial_ref_sys VALUES(?1, ?2, ?3, ?4, "
                                       "?5, ?6)");
            srs.bind(1, std::string("Undefined cartesian SRS"))
                .bind(2, int64_t(-1))
                .bind(3, std::string("NONE"))
                .bind(4, int64_t(-1))
                .bind(5, std::string("undefined"))
                .bind(6, std::string("undefined cartesian coordinate reference system"))
                .run();
            srs.bind(1, std::string("Undefined geographic SRS"))
                .bind(2, int64_t(0))
                .bind(3, std::string("NONE"))
                .bind(4, int64_t(0))
                .bind(5, std::string("undefined"))
                .bind(6, std::string("undefined geographic coordinate reference system"))
                .run();
            srs.bind(1, std::string("WGS 84 geodetic"))
                .bind(2, int64_t(4326))
                .bind(3, std::string("EPSG"))
                .bind(4, int64_t(4326))
                .bind(5, std::string(kWgs84Wkt))
                .bind(6, std::string("longitude/latitude coordinates in decimal degrees on the "
                                     "WGS 84 spheroid"))
                .run();
            impl->exec("INSERT INTO gpkg_contents(table_name, data_type, identifier, description) "
                       "VALUES('labels', 'attributes', 'labels', 'Chipfinder labels: one row per "
                       "labeled chip')",
                       "could not create the project");
            impl->setMeta("schema_version", std::to_string(schemaVersion));
            impl->setMeta("application", "chipfinder");
            impl->setMeta("candidate_round", "0");
            impl->setMeta("candidate_strategy", "");
            impl->writeDataset(dataset);
            transaction.commit();
        }
        for (auto &[sql, cached] : impl->cache)
            sqlite3_finalize(cached.stmt);
        impl->cache.clear();
        const int closed = sqlite3_close(impl->db);
        impl->db = nullptr;
        if (closed != SQLITE_OK)
            impl->fail("could not create the project", closed);
        file.commit();
    } catch (...) {
        if (impl->db)
            sqlite3_close_v2(impl->db);
        impl->db = nullptr;
        throw; // ~AtomicFile removes the file being built
    }
    return open(path);
}

std::unique_ptr<ProjectStore> ProjectStore::open(const std::string &path)
{
    return openFile(path, false);
}

std::unique_ptr<ProjectStore> ProjectStore::openReadOnly(const std::string &path)
{
    return openFile(path, true);
}

std::unique_ptr<ProjectStore> ProjectStore::openFile(const std::string &path, bool readOnly)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw DataError(path, "the project file does not exist", std::nullopt, {},
                        "an existing Chipfinder project");
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->readOnly = readOnly;
    const int rc = sqlite3_open_v2(
        path.c_str(), &impl->db, readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, nullptr);
    if (rc != SQLITE_OK)
        impl->fail("could not open the project", rc);
    sqlite3_busy_timeout(impl->db, 5000);
    sqlite3_extended_result_codes(impl->db, 1);

    // The first read parses the header: a non-SQLite file fails here with SQLITE_NOTADB.
    {
        Impl::Statement s(*impl, "PRAGMA integrity_check");
        std::string problems;
        while (s.step()) {
            const std::string line = s.text(0);
            if (line != "ok")
                problems += (problems.empty() ? "" : "; ") + line;
        }
        if (!problems.empty())
            throw DataError(path, "the project file is corrupt (" + problems + ")");
    }
    bool hasMeta = false;
    {
        Impl::Statement s(*impl, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                                 "'chipfinder_meta'");
        hasMeta = s.step();
    }
    if (!hasMeta)
        throw DataError(path, "not a Chipfinder project (no chipfinder_meta table)", std::nullopt,
                        {}, "a project saved by Chipfinder");
    const auto version = impl->meta("schema_version");
    int number = 0;
    try {
        number = version ? std::stoi(*version) : 0;
    } catch (const std::exception &) {
        number = 0;
    }
    if (number <= 0)
        throw DataError(path, "the project has no valid schema version", std::nullopt,
                        "schema_version", "a positive integer");
    if (number > schemaVersion)
        throw DataError(path,
                        "the project was saved by a newer Chipfinder (schema version " +
                            std::to_string(number) + ")",
                        std::nullopt, "schema_version",
                        "version " + std::to_string(schemaVersion) + " or older");
    if (readOnly) // no pragma, no upgrade: the file is left exactly as it is
        return std::unique_ptr<ProjectStore>(new ProjectStore(std::move(impl)));
    // SQLite silently falls back to read-only for a write-protected file; every save would fail.
    if (sqlite3_db_readonly(impl->db, "main") == 1)
        throw DataError(path, "the project file is read-only", std::nullopt, {},
                        "a project file Chipfinder may write (it saves after every change)");
    impl->configureConnection();
    if (number < schemaVersion) {
        Impl::Transaction transaction(*impl);
        impl->exec(kHistorySql, "could not upgrade the project");
        impl->exec(kSkippedSql, "could not upgrade the project");
        impl->setMeta("schema_version", std::to_string(schemaVersion));
        transaction.commit();
    }
    return std::unique_ptr<ProjectStore>(new ProjectStore(std::move(impl)));
}

std::string datasetFingerprint(const Dataset &dataset)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    const auto add = [&hash](const void *data, size_t bytes) {
        const auto *p = static_cast<const unsigned char *>(data);
        for (size_t i = 0; i < bytes; ++i) {
            hash ^= p[i];
            hash *= 0x100000001b3ull;
        }
    };
    const uint64_t count = dataset.ids.size();
    add(&count, sizeof(count));
    for (size_t i = 0; i < dataset.ids.size(); ++i) {
        const uint64_t length = dataset.ids[i].size();
        add(&length, sizeof(length));
        add(dataset.ids[i].data(), dataset.ids[i].size());
        if (i < dataset.bounds.size()) {
            const BoundingBox &b = dataset.bounds[i];
            const int64_t rounded[4] = {std::llround(b.minLon * 1e7), std::llround(b.minLat * 1e7),
                                        std::llround(b.maxLon * 1e7), std::llround(b.maxLat * 1e7)};
            add(rounded, sizeof(rounded));
        }
    }
    char text[17];
    std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

void ProjectStore::checkDataset(const Dataset &dataset)
{
    const std::string fingerprint = datasetFingerprint(dataset);
    const auto recorded = recordedDatasetFingerprint();
    if (!recorded) {
        if (!d->readOnly)
            d->setMeta("dataset_fingerprint", fingerprint);
        return;
    }
    if (*recorded != fingerprint)
        throw DataError(d->path,
                        "the project labels another dataset than " + dataset.sourcePath +
                            " (its chips or ids differ: fingerprint " + fingerprint +
                            ", the project's is " + *recorded + ")",
                        std::nullopt, "dataset_fingerprint",
                        "the dataset the project was labeled on");
}

std::optional<std::string> ProjectStore::recordedDatasetFingerprint() const
{
    return d->meta("dataset_fingerprint");
}

bool ProjectStore::readOnly() const
{
    return d->readOnly;
}

const std::string &ProjectStore::path() const
{
    return d->path;
}

DatasetReference ProjectStore::dataset() const
{
    DatasetReference reference;
    reference.path = d->meta("dataset_path").value_or("");
    reference.absolutePath = d->meta("dataset_absolute_path").value_or("");
    Impl::Statement s(*d, "SELECT key, value FROM chipfinder_dataset_options");
    while (s.step())
        reference.options[s.text(0)] = s.text(1);
    return reference;
}

std::string ProjectStore::resolvedDatasetPath() const
{
    const std::filesystem::path stored(dataset().path);
    if (stored.empty() || stored.is_absolute())
        return stored.string();
    const auto folder = std::filesystem::absolute(std::filesystem::path(d->path)).parent_path();
    const std::string relative = (folder / stored).lexically_normal().string();
    const std::string absolute = d->meta("dataset_absolute_path").value_or("");
    std::error_code ec;
    if (!absolute.empty() && !std::filesystem::exists(relative, ec) &&
        std::filesystem::exists(absolute, ec))
        return absolute;
    return relative;
}

void ProjectStore::setDataset(const DatasetReference &dataset)
{
    Impl::Transaction transaction(*d);
    d->writeDataset(dataset);
    transaction.commit();
}

std::vector<Label> ProjectStore::labels() const
{
    std::vector<Label> result;
    Impl::Statement s(*d, "SELECT chip_id, chip, label, source, score, strategy, round, "
                          "labeled_at_ms, labeled_at FROM labels ORDER BY fid");
    int64_t row = 0;
    while (s.step())
        result.push_back(d->readLabel(s, row++));
    return result;
}

std::optional<Label> ProjectStore::label(const std::string &chipId) const
{
    Impl::Statement s(*d, "SELECT chip_id, chip, label, source, score, strategy, round, "
                          "labeled_at_ms, labeled_at FROM labels WHERE chip_id = ?1");
    s.bind(1, chipId);
    if (!s.step())
        return std::nullopt;
    return d->readLabel(s, std::nullopt);
}

std::vector<std::optional<Label>> ProjectStore::labels(std::span<const std::string> chipIds) const
{
    std::vector<std::optional<Label>> result;
    result.reserve(chipIds.size());
    if (chipIds.size() < 512) {
        for (const auto &id : chipIds)
            result.push_back(label(id));
        return result;
    }
    // Many ids: one pass over the table beats thousands of index lookups.
    std::unordered_map<std::string, Label> all;
    for (auto &stored : labels())
        all.emplace(stored.chipId, std::move(stored));
    for (const auto &id : chipIds) {
        const auto it = all.find(id);
        result.push_back(it == all.end() ? std::nullopt : std::optional<Label>(it->second));
    }
    return result;
}

int64_t ProjectStore::labelCount() const
{
    Impl::Statement s(*d, "SELECT count(*) FROM labels");
    s.step();
    return s.int64(0);
}

void ProjectStore::setLabel(const Label &label)
{
    Impl::Transaction transaction(*d);
    Impl::Statement upsert(*d, Impl::kUpsertLabel);
    d->writeLabel(upsert, label);
    d->touchLabelsLayer();
    transaction.commit();
}

void ProjectStore::clearLabel(const std::string &chipId)
{
    Impl::Transaction transaction(*d);
    Impl::Statement(*d, "DELETE FROM labels WHERE chip_id = ?1").bind(1, chipId).run();
    d->touchLabelsLayer();
    transaction.commit();
}

void ProjectStore::applyChanges(std::span<const LabelChange> changes)
{
    if (changes.empty())
        return;
    Impl::Transaction transaction(*d);
    d->writeChanges(changes);
    transaction.commit();
}

void ProjectStore::applyChanges(std::span<const LabelChange> changes, HistoryMove move,
                                const HistoryStep *step, size_t limit)
{
    if (move == HistoryMove::Push && !step)
        throw UsageError("ProjectStore::applyChanges: HistoryMove::Push needs a step");
    Impl::Transaction transaction(*d);
    if (!changes.empty())
        d->writeChanges(changes);
    switch (move) {
    case HistoryMove::Push:
        d->exec("DELETE FROM chipfinder_history WHERE undone = 1", "could not save the history");
        Impl::Statement(*d, "INSERT INTO chipfinder_history(description, undone, edits) "
                            "VALUES(?1, 0, ?2)")
            .bind(1, step->description)
            .bindBlob(2, encodeEdits(step->edits))
            .run();
        if (limit > 0)
            d->trimHistory(limit);
        break;
    case HistoryMove::Undo:
        d->exec("UPDATE chipfinder_history SET undone = 1 WHERE id = (SELECT max(id) FROM "
                "chipfinder_history WHERE undone = 0)",
                "could not save the history");
        break;
    case HistoryMove::Redo:
        d->exec("UPDATE chipfinder_history SET undone = 0 WHERE id = (SELECT min(id) FROM "
                "chipfinder_history WHERE undone = 1)",
                "could not save the history");
        break;
    }
    transaction.commit();
}

StoredHistory ProjectStore::history() const
{
    StoredHistory result;
    Impl::Statement s(*d, "SELECT id, description, undone, edits FROM chipfinder_history "
                          "ORDER BY id");
    while (s.step()) {
        auto edits = decodeEdits(s.blob(3));
        if (!edits)
            throw DataError(d->path, "a stored undo step is unreadable", s.int64(0), "edits",
                            "edits written by Chipfinder");
        HistoryStep step{s.text(1), std::move(*edits)};
        if (s.int64(2) == 0)
            result.undo.push_back(std::move(step));
        else
            result.redo.push_back(std::move(step));
    }
    std::reverse(result.redo.begin(), result.redo.end()); // next redo (oldest undone) last
    return result;
}

void ProjectStore::clearHistory()
{
    Impl::Transaction transaction(*d);
    d->exec("DELETE FROM chipfinder_history", "could not save the history");
    transaction.commit();
}

void ProjectStore::trimHistory(size_t keepSteps)
{
    Impl::Transaction transaction(*d);
    d->trimHistory(keepSteps);
    transaction.commit();
}

void ProjectStore::Impl::writeChanges(std::span<const LabelChange> changes)
{
    Statement upsert(*this, kUpsertLabel);
    Statement remove(*this, "DELETE FROM labels WHERE chip_id = ?1");
    for (const auto &change : changes) {
        if (change.label) {
            if (change.label->chipId != change.chipId)
                throw UsageError("ProjectStore::applyChanges: label.chipId '" +
                                 change.label->chipId + "' differs from change.chipId '" +
                                 change.chipId + "'");
            writeLabel(upsert, *change.label);
        } else {
            remove.bind(1, change.chipId).run();
        }
    }
    touchLabelsLayer();
}

void ProjectStore::Impl::trimHistory(size_t keepSteps)
{
    if (keepSteps == 0)
        return;
    Statement(*this, "DELETE FROM chipfinder_history WHERE undone = 0 AND id NOT IN (SELECT id "
                     "FROM chipfinder_history WHERE undone = 0 ORDER BY id DESC LIMIT ?1)")
        .bind(1, int64_t(keepSteps))
        .run();
}

void ProjectStore::setCandidates(int round, const std::string &strategy,
                                 std::span<const Candidate> list)
{
    Impl::Transaction transaction(*d);
    d->exec("DELETE FROM chipfinder_candidates", "could not save the candidates");
    Impl::Statement insert(*d, "INSERT INTO chipfinder_candidates(rank, chip_id, chip, score) "
                               "VALUES(?1, ?2, ?3, ?4)");
    int64_t rank = 0;
    for (const auto &candidate : list)
        insert.bind(1, rank++)
            .bind(2, candidate.chipId)
            .bind(3, candidate.chip)
            .bind(4, double(candidate.score))
            .run();
    d->setMeta("candidate_round", std::to_string(round));
    d->setMeta("candidate_strategy", strategy);
    transaction.commit();
}

std::vector<Candidate> ProjectStore::candidates() const
{
    std::vector<Candidate> result;
    Impl::Statement s(*d, "SELECT chip_id, chip, score FROM chipfinder_candidates ORDER BY rank");
    while (s.step())
        result.push_back(Candidate{s.text(0), s.int64(1), float(s.real(2))});
    return result;
}

int ProjectStore::round() const
{
    const auto text = d->meta("candidate_round");
    try {
        return text ? std::stoi(*text) : 0;
    } catch (const std::exception &) {
        throw DataError(d->path, "bad candidate round '" + *text + "'", std::nullopt,
                        "candidate_round", "an integer");
    }
}

std::string ProjectStore::candidateStrategy() const
{
    return d->meta("candidate_strategy").value_or("");
}

void ProjectStore::addSkipped(const SkippedChip &chip)
{
    Impl::Transaction transaction(*d);
    Impl::Statement(*d, "INSERT INTO chipfinder_skipped(chip_id, chip, round, skipped_at_ms) "
                        "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(chip_id) DO UPDATE SET "
                        "chip = excluded.chip, round = excluded.round, "
                        "skipped_at_ms = excluded.skipped_at_ms")
        .bind(1, chip.chipId)
        .bind(2, chip.chip)
        .bind(3, int64_t(chip.round))
        .bind(4, chip.skippedAtMs)
        .run();
    transaction.commit();
}

void ProjectStore::removeSkipped(std::span<const std::string> chipIds)
{
    if (chipIds.empty())
        return;
    Impl::Transaction transaction(*d);
    Impl::Statement remove(*d, "DELETE FROM chipfinder_skipped WHERE chip_id = ?1");
    for (const auto &id : chipIds)
        remove.bind(1, id).run();
    transaction.commit();
}

std::vector<SkippedChip> ProjectStore::skipped() const
{
    std::vector<SkippedChip> result;
    Impl::Statement s(*d, "SELECT chip_id, chip, round, skipped_at_ms FROM chipfinder_skipped "
                          "ORDER BY fid");
    while (s.step())
        result.push_back(SkippedChip{s.text(0), s.int64(1), int(s.int64(2)), s.int64(3)});
    return result;
}

void ProjectStore::setSetting(const std::string &key, const std::string &value)
{
    Impl::Transaction transaction(*d);
    Impl::Statement(*d, "INSERT INTO chipfinder_settings(key, value) VALUES(?1, ?2) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
    transaction.commit();
}

std::optional<std::string> ProjectStore::setting(const std::string &key) const
{
    Impl::Statement s(*d, "SELECT value FROM chipfinder_settings WHERE key = ?1");
    s.bind(1, key);
    if (s.step())
        return s.text(0);
    return std::nullopt;
}

std::map<std::string, std::string> ProjectStore::settings() const
{
    std::map<std::string, std::string> result;
    Impl::Statement s(*d, "SELECT key, value FROM chipfinder_settings");
    while (s.step())
        result[s.text(0)] = s.text(1);
    return result;
}

void ProjectStore::setBlob(const std::string &key, std::span<const uint8_t> bytes)
{
    Impl::Transaction transaction(*d);
    Impl::Statement(*d, "INSERT INTO chipfinder_blobs(key, value) VALUES(?1, ?2) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bindBlob(2, bytes)
        .run();
    transaction.commit();
}

std::optional<std::vector<uint8_t>> ProjectStore::blob(const std::string &key) const
{
    Impl::Statement s(*d, "SELECT value FROM chipfinder_blobs WHERE key = ?1");
    s.bind(1, key);
    if (s.step())
        return s.blob(0);
    return std::nullopt;
}

void ProjectStore::setHeatmap(const std::string &chipId, const std::string &queryKey,
                              std::span<const uint8_t> encoded)
{
    Impl::Transaction transaction(*d);
    d->exec("CREATE TABLE IF NOT EXISTS chipfinder_heatmaps (chip_id TEXT NOT NULL, query TEXT "
            "NOT NULL, heatmap BLOB NOT NULL, PRIMARY KEY (chip_id, query))",
            "could not create the heatmap cache");
    Impl::Statement(*d, "DELETE FROM chipfinder_heatmaps WHERE query <> ?1")
        .bind(1, queryKey)
        .run();
    Impl::Statement(*d, "INSERT INTO chipfinder_heatmaps(chip_id, query, heatmap) "
                        "VALUES(?1, ?2, ?3) ON CONFLICT(chip_id, query) DO UPDATE SET "
                        "heatmap = excluded.heatmap")
        .bind(1, chipId)
        .bind(2, queryKey)
        .bindBlob(3, encoded)
        .run();
    transaction.commit();
}

std::optional<std::vector<uint8_t>> ProjectStore::heatmap(const std::string &chipId,
                                                          const std::string &queryKey) const
{
    {
        Impl::Statement exists(*d, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                                   "'chipfinder_heatmaps'");
        if (!exists.step())
            return std::nullopt;
    }
    Impl::Statement s(*d, "SELECT heatmap FROM chipfinder_heatmaps WHERE chip_id = ?1 AND "
                          "query = ?2");
    s.bind(1, chipId).bind(2, queryKey);
    if (s.step())
        return s.blob(0);
    return std::nullopt;
}

} // namespace chipfinder
