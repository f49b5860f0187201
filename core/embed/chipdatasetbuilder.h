#pragma once
// Raster → chip dataset in one call: tile (Chipper), fit and run the MOSAIKS embedder, and
// optionally derive the NDWI water/pond ground truth as attribute columns. What
// `chipfinder-cli embed` and the demo dataset use.
// Result: Chipper::footprints() columns (pixel_x, pixel_y, chip_size, nodata_fraction), the
// embeddings (N × embedder dim, float32), embeddingSource = "mosaiks", and with waterTruth the
// columns water_fraction, pond_fraction (decimal text, [0, 1]) and water, pond ("1" / "0").
// Errors: those of Chipper, MosaiksEmbedder and WaterTruth; DataError when no chip is kept.
// Cancel: CanceledError. Thread safety: one builder per thread; build() uses the embedder's
// worker threads.

#include "dataset/dataset.h"
#include "embed/chipper.h"
#include "embed/mosaiksembedder.h"
#include "embed/watertruth.h"

#include <optional>
#include <string>

namespace chipfinder {

class Feedback;

struct ChipDatasetOptions
{
    ChipperOptions chipper;
    MosaiksOptions embedder;
    bool waterTruth = false; // add water/pond ground-truth columns (needs green and NIR bands)
    WaterTruthOptions water;
};

class ChipDatasetBuilder
{
public:
    explicit ChipDatasetBuilder(ChipDatasetOptions options = {});
    const ChipDatasetOptions &options() const { return m_options; }

    Dataset build(const std::string &rasterPath, Feedback *feedback = nullptr);

    // After build(): the grid, and the water truth (nullptr without options.waterTruth).
    const ChipGrid &grid() const { return m_grid; }
    const WaterTruth *waterTruth() const { return m_water ? &*m_water : nullptr; }
    const MosaiksEmbedder &embedder() const { return m_embedder; }

private:
    ChipDatasetOptions m_options;
    ChipGrid m_grid;
    MosaiksEmbedder m_embedder;
    std::optional<WaterTruth> m_water;
};

} // namespace chipfinder
