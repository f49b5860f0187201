#pragma once
// Ground truth for simulations and evaluation: which chips of a Dataset are positive.
//   - truthFromColumn: an attribute column holding 1/0, true/false, yes/no, positive/negative
//     (case-insensitive, blanks trimmed; numeric text equal to 1 or 0 also accepted).
//   - truthFromPolygons: a polygon layer (e.g. OpenStreetMap ponds); a chip is positive when
//     area(chip ∩ union of polygons) / area(chip) ≥ minCoverage − 1e-9 (the seed: "any overlap"
//     makes bad positives). Areas are computed in a projected CRS: the dataset's source CRS if
//     it is projected, else a Lambert azimuthal equal-area CRS centred on the data. Polygons in
//     any CRS are reprojected; non-polygonal features are ignored; invalid ones are repaired
//     (GEOS MakeValid). Candidates per chip come from an R-tree (the polygons are indexed in a
//     temporary GeoPackage in /vsimem/), so millions of chips × thousands of polygons scale.
// Results: one entry per chip, in chip order. Errors: DataError naming the file, row and
// column (missing column, null or unrecognised value, polygon file not readable, no polygon
// layer). Cancel: CanceledError. Thread safety: reentrant.

#include "dataset/dataset.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

std::vector<uint8_t> truthFromColumn(const Dataset &dataset, const std::string &column);

// Every attribute column that reads as truth in all rows and has at least one positive, by
// column name (what a GUI offers as ground truth). Throws nothing for columns that do not.
std::map<std::string, std::vector<uint8_t>> truthColumns(const Dataset &dataset);

// Fraction in [0, 1] of every chip's area covered by the union of the layer's polygons.
std::vector<double> coverageFractions(const Dataset &dataset, const std::string &polygonPath,
                                      const std::string &layer = {}, Feedback *feedback = nullptr);

std::vector<uint8_t> truthFromPolygons(const Dataset &dataset, const std::string &polygonPath,
                                       double minCoverage, const std::string &layer = {},
                                       Feedback *feedback = nullptr);

} // namespace chipfinder
