#pragma once
// A loaded dataset: N chips, each with an id, a footprint polygon and an embedding row.
// Footprints are kept twice: in WGS 84 lon/lat (for display, spatial queries and RFC 7946
// export) and as the source geometry in WKB with the source CRS (for export in the source CRS).
// Chip i of every member is the same chip. Immutable once loaded; safe to read from many threads.

#include "dataset/embeddingmatrix.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chipfinder {

struct LonLat
{
    double lon = 0.0;
    double lat = 0.0;
};

// Axis-aligned box in lon/lat degrees.
struct BoundingBox
{
    double minLon = 0.0, minLat = 0.0, maxLon = 0.0, maxLat = 0.0;
    bool contains(double lon, double lat) const
    {
        return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
    }
    bool intersects(const BoundingBox &o) const
    {
        return !(o.minLon > maxLon || o.maxLon < minLon || o.minLat > maxLat || o.maxLat < minLat);
    }
};

// One attribute column (non-embedding fields), values as text; empty optional = null. `real`:
// the values are real numbers (read from a REAL column, or fractions the engine computed),
// written as REAL where the output format has the type.
struct AttributeColumn
{
    std::string name;
    std::vector<std::optional<std::string>> values;
    bool real = false;
};

// A source row left out of the dataset because it cannot be a chip (see SkipReport).
struct SkippedRow
{
    int64_t row = 0; // 0-based row/feature of the source
    std::string id;  // its id as read (may be empty)
    std::string reason;
};

// The rows a reader left out: null/empty geometry or a geometry that is not a footprint, null or
// empty id, null embedding, NaN/Inf or all-zero embedding. Counted by kind; the first few are
// kept with their reason.
struct SkipReport
{
    static constexpr size_t kListed = 5;
    size_t count = 0;
    std::map<std::string, size_t> byKind; // e.g. "NaN/Inf embedding" → 2
    std::vector<SkippedRow> first;        // at most kListed, in source order

    void add(const std::string &kind, SkippedRow row);
    // "3 rows skipped (2 NaN/Inf embedding, 1 null geometry); first: row 2 (id 'a'): …"; empty
    // when nothing was skipped.
    std::string summary() const;
};

class Dataset
{
public:
    // Where it came from (path of the vector/raster file) and how it was read.
    std::string sourcePath;
    std::string driver;          // GDAL driver short name, or "DuckDB" / "npy"
    std::string embeddingSource; // column name, column run (A00…A63), .npy path or bands
    std::string blobElementType; // blob embeddings: "float16" / "float32" / "float64" as read
    std::string sourceCrsWkt;    // WKT2 of the footprints' CRS as read
    std::string imageryPath;     // optional raster the chips tile (thumbnails), may be empty

    std::vector<std::string> ids; // unique chip ids (the id column, or the row number)
    EmbeddingMatrix embeddings; // N × D, float32, as read (not normalised); N × 0 when not loaded
    std::string embeddingCache; // how the embedding cache was used ("" = not used)

    // Footprint ring of chip i in lon/lat: ringCoords[ringOffsets[i] .. ringOffsets[i+1]).
    // Outer ring of the (first) polygon, closed; enough for drawing and hit-testing.
    std::vector<LonLat> ringCoords;
    std::vector<uint32_t> ringOffsets;           // size N + 1
    std::vector<BoundingBox> bounds;             // per chip, lon/lat
    std::vector<std::vector<uint8_t>> sourceWkb; // per chip, geometry in the source CRS (ISO WKB)

    std::vector<AttributeColumn> attributes;

    // Rows of the source that were left out (the reader's strict option makes them errors).
    SkipReport skipped;
    // Ground size (metres) of the square chips made around point geometries; 0 = none were.
    double pointChipSizeMeters = 0.0;

    size_t size() const { return ids.size(); }
    size_t dim() const { return embeddings.dim(); }
    BoundingBox extent() const;
    LonLat centroid(size_t chip) const;
    // Index of the chip with this id, or -1 (binary search in idOrder()).
    int64_t indexOf(const std::string &id) const;
    // Attribute column by name (case-sensitive), or nullptr.
    const AttributeColumn *attribute(const std::string &name) const;

    // Rebuilds the id index (chips sorted by id); call after filling ids.
    void buildIdIndex();
    // The id index: chip numbers in ascending id order (byte-wise), as buildIdIndex() makes it.
    const std::vector<uint32_t> &idOrder() const { return m_idOrder; }
    // Sets an id index kept from an earlier buildIdIndex() of the same ids (e.g. from a cache);
    // UsageError when its size does not match. Not checked further.
    void setIdOrder(std::vector<uint32_t> order);

private:
    std::vector<uint32_t> m_idOrder;
};

} // namespace chipfinder
