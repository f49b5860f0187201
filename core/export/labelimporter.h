#pragma once
// Reads labels from a vector file through GDAL/OGR (GeoJSON, GeoPackage, FlatGeobuf, any OGR
// format) into label changes for ProjectStore::applyChanges / LabelHistory::apply:
//   - chip ids: a layer with a `chip_id` column (options.chipIdField); each row labels that chip
//     (e.g. a Chipfinder export read back);
//   - polygons: each chip gets the label of the polygons covering at least options.minCoverage
//     of its footprint area (when positive and negative polygons both qualify, the larger
//     covered fraction wins, ties go to positive). Coverage = area(chip ∩ union of the polygons
//     of that label) / area(chip), computed by coverageFractions (dataset/groundtruth.h: any
//     CRS, areas in a projected CRS). Every row must be a (multi)polygon.
// The label comes from the `label` property (options.labelField: "positive"/"negative",
// case-insensitive, also 1/0, true/false, yes/no, pos/neg) or from options.fixedLabel.
// Every change carries source = imported, round = options.round, labeledAtMs = options.
// labeledAtMs, and the chip's row and id in the dataset; changes come in dataset row order.
// Errors: DataError naming the file, the 0-based feature row and the field (missing file or
// layer, no chip_id/label column, empty or unknown chip id, bad label value, conflicting labels
// for one chip, a row without polygon geometry). Nothing is returned on error.
// minCoverage outside (0, 1] is a UsageError. Cancel: CanceledError. Thread safety: reentrant.

#include "dataset/dataset.h"
#include "project/projectstore.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

class OGRLayer;

namespace chipfinder {

class Feedback;

struct LabelImportOptions
{
    enum class Mode
    {
        Auto, // chip ids when the layer has options.chipIdField, else polygons
        ChipIds,
        Polygons,
    };
    Mode mode = Mode::Auto;
    std::string layer; // empty = the first layer
    std::string chipIdField = "chip_id";
    std::string labelField = "label";
    std::optional<LabelValue> fixedLabel; // set: every row/polygon gives this label
    double minCoverage = 0.5;             // polygons: fraction of a chip's area, (0, 1]
    bool skipUnknownChips = false;        // chip ids: ignore ids not in the dataset (else error)
    int round = 0;
    int64_t labeledAtMs = 0; // 0 = now
};

class LabelImporter
{
public:
    // The dataset must outlive the importer.
    explicit LabelImporter(const Dataset &dataset);

    std::vector<LabelChange> read(const std::string &path, const LabelImportOptions &options = {},
                                  Feedback *feedback = nullptr) const;

    // "positive"/"negative" and the synonyms above; nullopt otherwise.
    static std::optional<LabelValue> parseLabelValue(const std::string &text);

private:
    std::map<int64_t, LabelValue> fromPolygons(const std::string &path, OGRLayer &layer,
                                               const LabelImportOptions &options, int labelField,
                                               Feedback *feedback) const;

    const Dataset &m_dataset;
};

} // namespace chipfinder
