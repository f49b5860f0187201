#pragma once
// Writes candidates with their scores: the current round's candidates (best first) and, if given,
// more chips that passed a score threshold. One row/feature per chip with
//   chip_id (string), rank (1-based, in the order given), score (real, null when NaN),
//   proposed_by (the strategy that proposed it; for threshold chips the source of the scores),
//   selection ("candidate" | "threshold"), round (integer),
//   and, in CSV, lon and lat of the footprint's centre (WGS 84, mean of its ring's vertices).
// Formats by extension: .geojson/.json = RFC 7946 GeoJSON (WGS 84 footprints, through OGR's
// GeoJSON driver), .csv = RFC 4180 CSV (UTF-8, header row, "." decimal point, fields with a
// comma, quote or line break quoted). Written through AtomicFile (common/atomicfile.h): an
// existing file is replaced only by a complete export.
// Errors: DataError (unknown extension, `path` is the dataset's own file, a chip outside the
// dataset — checked before anything is written —, GDAL cannot write). Cancel: CanceledError,
// nothing left behind. Thread safety: reentrant.

#include "dataset/dataset.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

struct ExportedCandidate
{
    int64_t chip = -1; // row of the dataset
    float score = 0.0f;
    std::string proposedBy;
    bool threshold = false; // chosen by a score threshold, not proposed in the round
};

enum class CandidateFormat
{
    GeoJson,
    Csv
};

class CandidateExporter
{
public:
    // .geojson/.json or .csv (case-insensitive); nullopt otherwise.
    static std::optional<CandidateFormat> formatForPath(const std::string &path);

    // The dataset must outlive the exporter.
    explicit CandidateExporter(const Dataset &dataset);

    // Writes the chips in the given order; returns the number written.
    size_t write(const std::string &path, std::span<const ExportedCandidate> candidates, int round,
                 Feedback *feedback = nullptr) const;

private:
    const Dataset &m_dataset;
};

} // namespace chipfinder
