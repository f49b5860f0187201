#include "embed/chipdatasetbuilder.h"

#include "common/errors.h"
#include "common/feedback.h"

#include <cstdio>

namespace chipfinder {

namespace {

// A Feedback for one step that maps its progress onto [begin, end] of the parent and picks up
// the parent's cancel whenever it reports (the step checks isCanceled() after reporting).
class StepFeedback
{
public:
    StepFeedback(Feedback *parent, double begin, double end) : m_sub(parent, begin, end)
    {
        m_feedback.setCallback([this](double f) {
            m_sub.setProgress(f);
            if (m_sub.isCanceled())
                m_feedback.cancel();
        });
        if (m_sub.isCanceled())
            m_feedback.cancel();
    }
    Feedback *get() { return &m_feedback; }

private:
    SubFeedback m_sub;
    Feedback m_feedback;
};

std::string decimal(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", value);
    return text;
}

} // namespace

ChipDatasetBuilder::ChipDatasetBuilder(ChipDatasetOptions options)
    : m_options(options), m_embedder(options.embedder)
{
    Chipper{m_options.chipper}; // validates
    if (m_options.waterTruth)
        WaterTruth{m_options.water};
}

Dataset ChipDatasetBuilder::build(const std::string &rasterPath, Feedback *feedback)
{
    const double truthShare = m_options.waterTruth ? 0.1 : 0.0;
    if (m_options.waterTruth) // its bands exist: checked before the embedding, not after
        WaterTruth(m_options.water).checkRaster(rasterPath);
    {
        StepFeedback step(feedback, 0.0, 0.05);
        m_grid = Chipper(m_options.chipper).tile(rasterPath, step.get());
    }
    if (m_grid.chips.empty())
        throw DataError(rasterPath, "yields no chip with enough valid pixels", std::nullopt, {},
                        "a raster larger than one chip, mostly not nodata");
    Dataset dataset = Chipper::footprints(m_grid);
    m_embedder = MosaiksEmbedder(m_options.embedder);
    {
        StepFeedback step(feedback, 0.05, 0.2);
        m_embedder.fit(m_grid, step.get());
    }
    {
        StepFeedback step(feedback, 0.2, 1.0 - truthShare);
        dataset.embeddings = m_embedder.embed(m_grid, step.get());
    }
    dataset.embeddingSource = "mosaiks";
    m_water.reset();
    if (m_options.waterTruth) {
        StepFeedback step(feedback, 1.0 - truthShare, 1.0);
        m_water.emplace(m_options.water);
        m_water->compute(rasterPath, step.get());
        const ChipWaterTruth truth = m_water->chipTruth(m_grid);
        AttributeColumn waterFraction{"water_fraction", {}, true},
            pondFraction{"pond_fraction", {}, true}, water{"water", {}}, pond{"pond", {}};
        for (size_t i = 0; i < m_grid.size(); ++i) {
            waterFraction.values.emplace_back(decimal(truth.waterFraction[i]));
            pondFraction.values.emplace_back(decimal(truth.pondFraction[i]));
            water.values.emplace_back(truth.water[i] ? "1" : "0");
            pond.values.emplace_back(truth.pond[i] ? "1" : "0");
        }
        dataset.attributes.push_back(std::move(waterFraction));
        dataset.attributes.push_back(std::move(pondFraction));
        dataset.attributes.push_back(std::move(water));
        dataset.attributes.push_back(std::move(pond));
    }
    if (feedback) {
        feedback->throwIfCanceled();
        feedback->setProgress(1.0);
    }
    return dataset;
}

} // namespace chipfinder
