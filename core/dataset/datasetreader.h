#pragma once
// Opens footprints + embeddings from any supported source (DESIGN §2) into a Dataset.
//   - one OGR vector file (GeoPackage, GeoJSON, FlatGeobuf, Shapefile, GeoParquet where GDAL has
//     the Parquet driver) with an embedding column: OGR real list, float32 LE blob, or JSON array
//     text; found automatically unless options.embeddingColumn names it;
//   - GeoParquet through DuckDB's C API where GDAL lacks the Parquet driver (Clay: `embeddings`
//     fixed-size list + WKB `geometry`; Earth Index: `id`, `embedding`, `geometry`);
//   - an OGR vector file + a .npy matrix (float16/32/64, C order, N × D), matched by row or by
//     options.npyIdColumn;
//   - an embedding raster (each pixel a vector, e.g. 64-band GeoTIFF): chips are blocks of
//     options.rasterChipSize pixels, their vector the block mean.
// Footprints in any CRS are reprojected to WGS 84 lon/lat; the source CRS is kept for export.
// Errors: DataError naming the file, row, field and what was expected (missing file, unknown
// driver, no geometry, ragged dimensions, NaN/Inf, zero vector, duplicate ids, .npy shape
// mismatch, unsupported dtype). Nothing half-loaded is returned. Cancel: CanceledError.
// With a cache mode, a usable cache entry replaces the embedding read (footprints are still read
// from the source); a missing, damaged, foreign or stale one is (re)written after a full read,
// and Dataset::embeddingCache says which happened. A cache that cannot be written is no error.
// Progress and cancel through `feedback` in every step.
// Thread safety: reentrant (each call opens its own GDAL handles).

#include "dataset/dataset.h"
#include "dataset/embeddingcache.h"

#include <string>

namespace chipfinder {

class Feedback;

struct DatasetOpenOptions
{
    std::string embeddingColumn; // empty = detect
    std::string idColumn;        // empty = detect ("id", "chip_id", ...; else row number)
    std::string layer;           // empty = first layer with geometry
    std::string npyPath;         // embeddings from a .npy matrix instead of a column
    std::string npyIdColumn;     // match .npy rows by this column's integer value (else by row)
    int rasterChipSize = 16;     // pixels per chip side for embedding rasters
    // false: ids, footprints and attributes only; Dataset::embeddings is then N × 0 and no
    // embedding is read or checked (vector files and .npy; GeoParquet through DuckDB and rasters
    // still read them). For commands that never look at the vectors (export, info without check).
    bool loadEmbeddings = true;
    // Keep the matrix in the user cache (EmbeddingCache) from this many bytes on: the first open
    // writes it, later opens map it instead of reading the embeddings from the source.
    EmbeddingCacheMode embeddingCache = EmbeddingCacheMode::Off;
    size_t embeddingCacheFrom = size_t(64) << 20;
    std::string embeddingCacheDirectory; // empty = embeddingCacheDirectory()
};

Dataset openDataset(const std::string &path, const DatasetOpenOptions &options = {},
                    Feedback *feedback = nullptr);

// True when GeoParquet can be read and written here (GDAL's Parquet driver, or DuckDB built in).
bool geoParquetSupported();

} // namespace chipfinder
