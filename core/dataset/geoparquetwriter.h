#pragma once
// Writes chips as GeoParquet 1.1 through DuckDB's C API (for GDAL builds without the Parquet
// driver): the DuckDB half of writeDataset() (see datasetwriter.h). Internal to core/dataset.
// Columns: `id` VARCHAR, the embedding as FLOAT[D] (a fixed-size list, as Clay writes it),
// every attribute (VARCHAR, or BIGINT when `integer` says so), `geometry` WKB; the 'geo' file
// metadata names `geometry` as primary column with its CRS as PROJJSON (omitted for WGS 84:
// GeoParquet's default OGC:CRS84). Errors: DataError; without DuckDB, a DataError saying what
// to install. Cancel: CanceledError (the caller deletes the partial file).

#include "dataset/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

class GeoParquetWriter
{
public:
    struct Column
    {
        const AttributeColumn *source;
        bool integer;
    };
    static bool available();
    // wkb: one ISO WKB geometry per chip, in the CRS given by crsProjJson (empty = CRS84).
    static void write(const Dataset &dataset, const std::string &path,
                      const std::vector<std::vector<uint8_t>> &wkb, bool multiPolygons,
                      const std::string &crsProjJson, const std::string &embeddingColumn,
                      const std::vector<Column> &attributes, Feedback *feedback);
};

} // namespace chipfinder
