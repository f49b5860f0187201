#pragma once
// Writes located chips (embed/locate.h) as a vector file through GDAL/OGR, the tight footprints
// beside the chip footprints: per chip two features, geometry MultiPolygon, properties
//   chip_id (string), footprint ("chip" | "tight"), score (real: the chip's cosine with the
//   query), peak (real: the heat maximum), threshold (real), method (locateModeName()),
//   area_m2 (real: the feature's area in the source CRS units², m² for a metric CRS).
// Formats by extension as LabelExporter (.geojson/.json: RFC 7946, reprojected to WGS 84; .gpkg
// and .fgb: the dataset's source CRS). Built in GDAL's memory and written through AtomicFile:
// complete or not at all. Errors: DataError (unknown extension, no source CRS, GDAL failures,
// a footprint that cannot be read). Thread safety: reentrant.

#include "dataset/dataset.h"
#include "embed/locate.h"

#include <span>
#include <string>

namespace chipfinder {

// Returns the number of features written (2 per located chip; a chip with an empty tight
// footprint gets only its chip feature).
size_t writeLocatedFootprints(const Dataset &dataset, std::span<const LocatedChip> located,
                              const std::string &path, LocateMode mode, double threshold);

} // namespace chipfinder
