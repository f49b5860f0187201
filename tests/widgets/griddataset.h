#pragma once
// Test helper: an in-memory Dataset of cols × rows square chips tiling a lon/lat box (row-major
// from the north-west corner), with simple embeddings, as the readers would produce it.

#include "dataset/dataset.h"

#include <cmath>
#include <memory>
#include <string>

namespace chipfinder::testing {

// The NAIP test scene (m_4709963_se_14_1, North Dakota), lon/lat.
inline BoundingBox naipBox()
{
    return {-99.18560, 47.00410, -99.12406, 47.03666};
}

inline std::shared_ptr<Dataset> gridDataset(const BoundingBox &box, int cols, int rows,
                                            size_t dim = 4)
{
    auto dataset = std::make_shared<Dataset>();
    const size_t n = size_t(cols) * size_t(rows);
    dataset->sourcePath = "grid";
    dataset->ids.reserve(n);
    dataset->ringCoords.reserve(n * 5);
    dataset->ringOffsets.reserve(n + 1);
    dataset->bounds.reserve(n);
    dataset->embeddings = EmbeddingMatrix(n, dim);
    const double w = (box.maxLon - box.minLon) / cols, h = (box.maxLat - box.minLat) / rows;
    dataset->ringOffsets.push_back(0);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const size_t i = size_t(r) * cols + c;
            const double x0 = box.minLon + c * w, x1 = x0 + w;
            const double y1 = box.maxLat - r * h, y0 = y1 - h;
            dataset->ids.push_back("chip-" + std::to_string(i));
            dataset->ringCoords.insert(dataset->ringCoords.end(),
                                       {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}});
            dataset->ringOffsets.push_back(uint32_t(dataset->ringCoords.size()));
            dataset->bounds.push_back({x0, y0, x1, y1});
            auto row = dataset->embeddings.row(i);
            for (size_t d = 0; d < dim; ++d)
                row[d] = float(std::sin(0.37 * double(i) * double(d + 1)) + 1.5);
        }
    }
    dataset->buildIdIndex();
    return dataset;
}

} // namespace chipfinder::testing
