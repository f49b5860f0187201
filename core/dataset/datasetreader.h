#pragma once
// Opens footprints + embeddings from any supported source (DESIGN §2) into a Dataset.
//   - one OGR vector file (GeoPackage, GeoJSON, FlatGeobuf, Shapefile, GeoParquet where GDAL has
//     the Parquet driver) with an embedding column: OGR real list, float16/32/64 LE blob, or JSON
//     array text, or a run of numeric columns (A00…A63, emb_0…); found automatically unless
//     options.embeddingColumn names it ("PREFIX*" names a run);
//   - GeoParquet through DuckDB's C API where GDAL lacks the Parquet driver (Clay: `embeddings`
//     fixed-size list + WKB `geometry`; Earth Index: `id`, `embedding`, `geometry`), also a folder
//     of .parquet files (hive partitions become columns) or a glob pattern, read as one table;
//   - an OGR vector file or GeoParquet + a .npy matrix (float16/32/64, C order, N × D), matched
//     by row or by options.npyIdColumn (an embedding raster with .npy is refused);
//   - an embedding raster (each pixel a vector, e.g. 64-band GeoTIFF, signed 8-bit AlphaEarth):
//     chips are blocks of options.rasterChipSize pixels, their vector the block mean.
// Point geometries become square chips of options.chipSizeMeters. Rows that cannot be chips are
// skipped and reported in Dataset::skipped (options.strict: errors).
// Footprints in any CRS are reprojected to WGS 84 lon/lat; the source CRS is kept for export.
// Errors: DataError naming the file, row, field and what was expected (missing file, unknown
// driver, no geometry, ragged dimensions, NaN/Inf, zero vector, duplicate ids, .npy shape
// mismatch, unsupported dtype). Nothing half-loaded is returned. Cancel: CanceledError.
// With a cache mode, usable cache entries replace the reads: the matrix (EmbeddingCache) and the
// rest of the dataset (FootprintCache; also when the embeddings are not loaded, e.g. export);
// missing, damaged, foreign or stale ones are (re)written after a read from the source, and
// Dataset::embeddingCache says which happened. A cache that cannot be written is no error.
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
    // With a cache mode: keep the footprints, ids and attributes in the cache (FootprintCache)
    // from this many chips on (reading 20 000 footprints from a file takes a few tenths of a
    // second).
    size_t footprintCacheFrom = 20000;
    // Ground size (metres) of the square chip made around each point geometry; 0 = the file's
    // `chip_size_m` metadata (GeoParquet key-value metadata, OGR layer or dataset metadata), else
    // points are refused with an error asking for it.
    double chipSizeMeters = 0.0;
    // CRS of the coordinates (any definition OGR reads: "EPSG:32614", WKT, PROJJSON), overriding
    // what the file declares; needed for projected coordinates in a file that declares none.
    std::string crs;
    // Element type of blob embeddings: "" = the file's embedding_type metadata (Chipfinder writes
    // it), else detected (embeddingcolumns.h); "f16", "f32", "f64".
    std::string blobType;
    // Rows that cannot be chips (null/bad geometry, null id, null/NaN/zero embedding) are errors
    // instead of skipped and counted in Dataset::skipped.
    bool strict = false;
    // Embedding rasters: signed 8-bit bands are de-quantised as AlphaEarth documents it
    // (sign(v)·(|v|/127.5)², −128 = nodata), other bands with a scale/offset have it applied;
    // false = the stored values as they are.
    bool dequantize = true;
};

Dataset openDataset(const std::string &path, const DatasetOpenOptions &options = {},
                    Feedback *feedback = nullptr);

// True when GeoParquet can be read and written here (GDAL's Parquet driver, or DuckDB built in).
bool geoParquetSupported();

} // namespace chipfinder
