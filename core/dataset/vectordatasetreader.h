#pragma once
// Reads footprints + embeddings from one OGR vector layer (GeoPackage, GeoJSON, FlatGeobuf,
// Shapefile, GeoParquet through GDAL, …): the OGR half of openDataset() (see datasetreader.h for
// the contract). Internal to core/dataset; callers use openDataset().
//
// Embedding column, if not named: OFTRealList / OFTIntegerList, a binary blob whose size is a
// non-zero multiple of 4 (float32 little-endian), or a text column holding a JSON array; among
// those, names embedding, embeddings, vector, emb (case-insensitive) first. Without one, the
// .npy of options.npyPath, else a .npy with the file's stem beside it. Id column, if not named:
// id, chip_id, chipid, tile_id, fid, uid; else the row number (0-based) as text. Every other
// field becomes a text attribute.

#include "dataset/dataset.h"
#include "dataset/datasetreader.h"

#include <gdal_priv.h>

namespace chipfinder {

class Feedback;

class VectorDatasetReader
{
public:
    // `source` is the vector dataset opened from `path`.
    static Dataset read(GDALDataset &source, const std::string &path,
                        const DatasetOpenOptions &options, Feedback *feedback);
};

} // namespace chipfinder
