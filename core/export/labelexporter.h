#pragma once
// Writes labels as a vector file through GDAL/OGR (DESIGN §1.6): one feature per labeled chip,
// geometry = the chip's footprint from the Dataset, properties
//   chip_id (string), label ("positive" | "negative"), source ("click" | "accepted" |
//   "rejected" | "imported" | "threshold"), score (real, null when NaN), strategy (string, null
//   when empty), round (integer), labeled_at (date-time, ISO 8601 UTC with milliseconds).
// Formats, chosen by extension or explicitly:
//   - GeoJSON (.geojson/.json): RFC 7946 (GDAL's RFC7946=YES): WGS 84 lon/lat, no "crs"
//     member, right-hand winding (outer rings counter-clockwise), 7 decimals;
//   - GeoPackage (.gpkg) and FlatGeobuf (.fgb): WGS 84 lon/lat, or the dataset's source CRS
//     with options.crs = SourceCrs (geometry from Dataset::sourceWkb).
// Footprints in WGS 84 come from Dataset::ringCoords (the outer ring, as displayed).
// Labels are matched to chips by chip id (Label::chipId), not by row.
// The file is built in GDAL's memory and written out through AtomicFile (common/atomicfile.h):
// an existing file is replaced only by a complete export; a failed write (full disk) is a
// DataError and leaves it untouched.
// Errors: DataError (unknown extension, `path` is the dataset's own file, a label whose chip id is
// not in the dataset — checked before anything is written —, GDAL cannot create or write). Cancel:
// CanceledError, nothing left behind. Thread safety: reentrant (own GDAL handles per call).

#include "dataset/dataset.h"
#include "project/label.h"

#include <optional>
#include <span>
#include <string>

namespace chipfinder {

class Feedback;

enum class ExportFormat
{
    GeoJson,
    GeoPackage,
    FlatGeobuf
};

struct LabelExportOptions
{
    enum class Crs
    {
        Wgs84,
        SourceCrs
    };
    std::optional<ExportFormat> format; // nullopt = from the extension of the output path
    Crs crs = Crs::Wgs84;               // ignored for GeoJSON (always WGS 84)
    std::string layerName = "labels";
};

class LabelExporter
{
public:
    // .geojson/.json, .gpkg, .fgb (case-insensitive); nullopt otherwise.
    static std::optional<ExportFormat> formatForPath(const std::string &path);
    static std::string formatName(ExportFormat format); // "GeoJSON" | "GPKG" | "FlatGeobuf"

    // The dataset must outlive the exporter.
    explicit LabelExporter(const Dataset &dataset);

    // Writes `labels` (in the given order) to `path`. Returns the number of features written.
    size_t write(const std::string &path, std::span<const Label> labels,
                 const LabelExportOptions &options = {}, Feedback *feedback = nullptr) const;

private:
    const Dataset &m_dataset;
};

} // namespace chipfinder
