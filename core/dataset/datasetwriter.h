#pragma once
// Writes a Dataset as one OGR vector file that openDataset() reads back unchanged: footprints,
// an `id` column, every attribute column and the embedding.
//   - format from the extension: .gpkg GPKG, .geojson/.json GeoJSON, .fgb FlatGeobuf, .shp
//     ESRI Shapefile, .parquet GeoParquet (GDAL's Parquet driver, else DuckDB: `id`, the
//     embedding as FLOAT[D], attributes, WKB `geometry`, 'geo' metadata with PROJJSON CRS);
//     anything else is a DataError. An existing file is replaced.
//   - footprints in the source CRS (Dataset::sourceWkb + sourceCrsWkt), or WGS 84 lon/lat with
//     options.wgs84 (then built from sourceWkb reprojected, or from the lon/lat rings).
//   - embedding column `embedding`: float32 little-endian blob (GPKG, FlatGeobuf), real list
//     (GeoJSON), JSON array text on request; Shapefile cannot hold either, so by default its
//     embeddings go to a .npy matrix beside it (same stem; openDataset finds it there).
//   - attribute columns as text, or as 64-bit integers when every value is a canonical integer.
//     Attributes named like the id or embedding column are not written twice.
// Feature order is chip order (FlatGeobuf is written without spatial index for that reason).
// Errors: DataError (unknown extension, GDAL cannot create or write). Cancel: CanceledError;
// a partly written file is deleted. Thread safety: reentrant.

#include "dataset/dataset.h"

#include <string>

namespace chipfinder {

class Feedback;

struct DatasetWriteOptions
{
    enum class Embedding
    {
        Auto,     // blob for GPKG/FlatGeobuf, list for GeoJSON/GeoParquet, .npy beside a Shapefile
        Blob,     // float32 little-endian binary column
        RealList, // OGR real list (JSON array in GeoJSON; GPKG stores it as JSON text)
        JsonText, // string column holding a JSON array
        Npy,      // a .npy matrix at npyPath (empty = the output path with extension .npy)
        None,     // no embedding written
    };
    bool wgs84 = false; // write footprints in WGS 84 lon/lat instead of the source CRS
    Embedding embedding = Embedding::Auto;
    std::string embeddingColumn = "embedding";
    std::string npyPath;   // for Embedding::Npy
    std::string layerName; // empty = the file's stem
};

// The check writeDataset() starts with: DataError naming `path` when its extension is not one of
// the formats above. For callers that validate their output before long work.
void checkDatasetOutputPath(const std::string &path);

void writeDataset(const Dataset &dataset, const std::string &path,
                  const DatasetWriteOptions &options = {}, Feedback *feedback = nullptr);

} // namespace chipfinder
