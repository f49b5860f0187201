#pragma once
// A label on one chip, as the project stores it and export writes it (DESIGN §1.6).

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace chipfinder {

enum class LabelValue
{
    Positive,
    Negative
};
// click = set by clicking a chip; accepted/rejected = a reviewed candidate; imported = from a file;
// threshold = accepted with every chip whose score passed a threshold (the score layer).
enum class LabelSource
{
    Click,
    Accepted,
    Rejected,
    Imported,
    Box,       // a box drawn on the map
    Lasso,     // a free-hand outline drawn on the map
    Scatter,   // a selection in the embedding scatter
    Threshold, // accepted in bulk above a score threshold (score layer)
};

std::string labelValueName(LabelValue value); // "positive" | "negative"
// "click" | "accepted" | "rejected" | "imported" | "box" | "lasso" | "scatter" | "threshold"
std::string labelSourceName(LabelSource source);
// Inverse of the above; nullopt on an unknown name.
std::optional<LabelValue> labelValueFromName(const std::string &name);
std::optional<LabelSource> labelSourceFromName(const std::string &name);

// Unix milliseconds (UTC) as ISO 8601 "YYYY-MM-DDTHH:MM:SS.sssZ" (GeoPackage DATETIME form).
std::string isoUtcFromMs(int64_t unixMs);
// Parses "YYYY-MM-DDTHH:MM:SS[.sss](Z|+HH:MM|-HH:MM)" or "YYYY-MM-DD"; nullopt on bad text.
std::optional<int64_t> msFromIsoUtc(const std::string &text);

struct Label
{
    int64_t chip = -1;  // row in the dataset
    std::string chipId; // the dataset's id of that row (stable across reloads)
    LabelValue value = LabelValue::Positive;
    LabelSource source = LabelSource::Click;
    double score = std::nan(""); // candidate (or threshold) score when reviewed, else NaN
    std::string strategy;        // strategy that proposed it, empty for clicks
    int round = 0;               // review round (0 = before the first search)
    int64_t labeledAtMs = 0;     // Unix time, milliseconds, UTC
};

} // namespace chipfinder
