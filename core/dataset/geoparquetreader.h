#pragma once
// Reads GeoParquet through DuckDB's C API, for GDAL builds without the Parquet driver (Debian
// 12): the DuckDB half of openDataset() (see datasetreader.h). Internal to core/dataset.
//
// Geometry column: the 'geo' file metadata's primary_column (WKB encoding only), else a BLOB
// column named geometry / geom / wkb_geometry; parsed with OGR. CRS: the column's PROJJSON
// `crs`, OGC:CRS84 when absent (GeoParquet's default). Embedding: options.embeddingColumn, else a
// LIST/ARRAY column of FLOAT/DOUBLE/integers, names embedding, embeddings, vector, emb first
// (Clay: `embeddings`, Earth Index: `embedding`). Id: options.idColumn, else id / chip_id /
// chipid / tile_id / fid / uid, else the row number. Other columns: text attributes (DuckDB's
// VARCHAR cast). Errors: as every reader, DataError naming file, row and column; a build without
// DuckDB throws a DataError saying what to install. Rows stream chunk by chunk.

#include "dataset/dataset.h"
#include "dataset/datasetreader.h"

namespace chipfinder {

class Feedback;

class GeoParquetReader
{
public:
    // False when this build has no DuckDB.
    static bool available();
    static Dataset read(const std::string &path, const DatasetOpenOptions &options,
                        Feedback *feedback);
};

} // namespace chipfinder
