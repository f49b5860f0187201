#pragma once
// Where inside a chip the query matches: a heatmap over the chip and its "tight footprint" (the
// heat above a threshold, polygonised with GDAL).
// Two ways to localise, chosen per dataset by makeChipLocator():
//   - SubWindows: the dataset was made by the built-in embedder from a raster that is available.
//     The embedder is rebuilt (same options, same grid, so the same filters), the dataset's chips
//     are re-embedded and must reproduce the stored embeddings (else this way is refused); the
//     standardisation fitted on them maps sub-windows (sliding, several sizes) into the dataset's
//     space. A window of the chip scores by how much closer it is to the positives' windows of
//     the same size than to the negatives' (without negatives: the chips least like the
//     positives): the mean of its topK cosines to the positives' windows minus that to the
//     others'. Measured on the demo (24 px chips, 5 pond + 5 dry chips labeled): windows of 1/6
//     chip (4 px) put the heat maximum on NDWI water for 94 % of the other pond chips, windows
//     of 1/6 and 1/4 together 89 %, and scoring windows of 1/3–2/3 by their cosine with the
//     chip-level query direction 45 % (tests/core/tst_locate). Heat
//     of a pixel = the scores of the windows over it averaged with a tent weight that peaks at each
//     window's centre.
//   - OverlappingChips: external embeddings whose footprints overlap (multi-scale or overlapping
//     tiling). Heat of a point of the chip = the mean score of every chip whose footprint holds it,
//     a chip's score being cosine(e, q) with q = locateQuery().
//   - Unavailable: neither; the reason says why (the UI says "this data cannot localise").
// Heatmaps are in the dataset's source CRS (sourceCrsWkt): cell (col, row) covers
// x = gt0 + col·gt1 + row·gt2, y = gt3 + col·gt4 + row·gt5. Cells outside the chip are NaN.
// Errors: DataError (unreadable raster or footprints), UsageError (bad chip index or query);
// CanceledError. Thread safety: a locator's const methods may run concurrently.

#include "dataset/dataset.h"
#include "embed/mosaiksembedder.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

enum class LocateMode
{
    SubWindows,       // built-in embedder: sub-windows of the chip are embedded and scored
    OverlappingChips, // external embeddings: overlapping chips' scores are accumulated
    Unavailable,      // the data cannot localise
};

// Stable names for files and settings: "sub-windows", "overlapping-chips", "unavailable".
const char *locateModeName(LocateMode mode);

struct LocateOptions
{
    // Raster the chips tile (the built-in embedder's input); empty = dataset.imageryPath.
    std::string rasterPath;
    MosaiksOptions embedder; // must be the options the dataset used
    // Window sides / chip side (at least the kernel + 1 pixel).
    std::vector<double> windowFractions{1.0 / 6};
    double strideFraction = 0.5; // window step / window side
    int topK = 3;                // cosines averaged per window and reference set
    int maxReferenceChips = 24;  // positives / negatives / implicit negatives used
    // Tight footprint: heat at or above minimum + tightThreshold·(maximum − minimum).
    double tightThreshold = 0.7;
    // Stored and re-embedded rows must agree to this cosine for SubWindows.
    double minReproduction = 0.999;
};

// What to locate: the labeled chips (dataset rows). At least one positive.
struct LocateQuery
{
    std::vector<int64_t> positives;
    std::vector<int64_t> negatives;
};

// The query direction (unit length), dataset.dim() values: the normalised mean of the unit
// positives minus the normalised mean of the unit negatives (when there are negatives).
// UsageError without positives.
std::vector<float> locateQuery(const EmbeddingMatrix &embeddings,
                               std::span<const int64_t> positives,
                               std::span<const int64_t> negatives);

struct ChipHeatmap
{
    int64_t chip = -1;
    int width = 0;                                        // cells
    int height = 0;                                       // cells
    std::array<double, 6> geoTransform{0, 1, 0, 0, 0, 1}; // cell → source CRS
    std::vector<float> heat; // height × width, row-major; NaN outside the chip
    float minimum = 0.0f;    // over the cells inside the chip
    float maximum = 0.0f;
    // Cell (col, row) of the maximum.
    int peakColumn = 0;
    int peakRow = 0;
};

class ChipLocator
{
public:
    virtual ~ChipLocator() = default;
    virtual LocateMode mode() const = 0;
    // One heatmap per chip index (dataset rows), in that order.
    virtual std::vector<ChipHeatmap> heatmaps(std::span<const int64_t> chips,
                                              const LocateQuery &query,
                                              Feedback *feedback = nullptr) const = 0;
};

struct LocatorChoice
{
    std::unique_ptr<ChipLocator> locator; // nullptr when mode is Unavailable
    LocateMode mode = LocateMode::Unavailable;
    std::string reason; // English, why the data cannot localise (or how it localises)
};

// Picks how the dataset can localise (SubWindows first, then OverlappingChips). Building the
// SubWindows locator re-embeds every chip once (the cost of the original embedding).
// The dataset must outlive the locator.
LocatorChoice makeChipLocator(std::shared_ptr<const Dataset> dataset, const LocateOptions &options,
                              Feedback *feedback = nullptr);

// The heat at or above minimum + threshold·(maximum − minimum) as a MultiPolygon (ISO WKB, the
// heatmap's CRS; cells as squares, 8-connected regions, GDALPolygonize). Empty for a heatmap
// without cells. threshold in [0, 1].
std::vector<uint8_t> tightFootprint(const ChipHeatmap &heatmap, double threshold);

// One chip located against a query: its whole-chip score (cosine with locateQuery()), heatmap and
// tight footprint (tightFootprint() at the threshold used).
struct LocatedChip
{
    int64_t chip = -1;
    float score = 0.0f;
    ChipHeatmap heatmap;
    std::vector<uint8_t> tight;
};

// heatmaps() + tightFootprint() for the chips; the locator's errors. threshold in [0, 1].
std::vector<LocatedChip> locateChips(const ChipLocator &locator, const Dataset &dataset,
                                     std::span<const int64_t> chips, const LocateQuery &query,
                                     double threshold, Feedback *feedback = nullptr);

// The heatmap's outer top-left, top-right and bottom-left corners in WGS 84 lon/lat (crsWkt = the
// heatmap's CRS, the dataset's sourceCrsWkt), for drawing it on a map. DataError when the CRS
// cannot be read or transformed.
std::array<LonLat, 3> heatmapCorners(const ChipHeatmap &heatmap, const std::string &crsWkt);

// A heatmap as bytes for a cache (the project's chipfinder_heatmaps): "CFHM", format version,
// chip, width, height, geotransform, heat, in the host's byte order. decodeHeatmap() returns
// nullopt for bytes that are not such a heatmap (another version, wrong size, non-finite
// geotransform).
std::vector<uint8_t> encodeHeatmap(const ChipHeatmap &heatmap);
std::optional<ChipHeatmap> decodeHeatmap(std::span<const uint8_t> bytes);

// Cells of the tight footprint (1 = in), height × width: what tightFootprint() polygonises.
std::vector<uint8_t> tightMask(const ChipHeatmap &heatmap, double threshold);

} // namespace chipfinder
