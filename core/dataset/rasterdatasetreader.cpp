#include "dataset/rasterdatasetreader.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetbuilder.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace chipfinder {

Dataset RasterDatasetReader::read(GDALDataset &source, const std::string &path,
                                  const DatasetOpenOptions &options, Feedback *feedback)
{
    const int size = options.rasterChipSize;
    if (size < 1)
        throw UsageError("rasterChipSize must be at least 1 pixel");
    const int width = source.GetRasterXSize();
    const int height = source.GetRasterYSize();
    const int bands = source.GetRasterCount();
    std::array<double, 6> transform{};
    if (source.GetGeoTransform(transform.data()) != CE_None)
        throw DataError(path, "the raster has no georeferencing", std::nullopt, {},
                        "a georeferenced embedding raster (geotransform and CRS)");
    const OGRSpatialReference *srs = source.GetSpatialRef();
    if (!srs)
        throw DataError(path, "the raster has no coordinate reference system", std::nullopt, {},
                        "a georeferenced embedding raster (geotransform and CRS)");
    const int cols = width / size;
    const int rows = height / size;
    if (cols == 0 || rows == 0)
        throw DataError(path,
                        "the raster (" + std::to_string(width) + " × " + std::to_string(height) +
                            " px) is smaller than one chip",
                        std::nullopt, {},
                        "a raster of at least " + std::to_string(size) + " × " +
                            std::to_string(size) + " px (the chip size)");

    std::vector<double> nodata(static_cast<size_t>(bands), 0.0);
    std::vector<bool> hasNodata(static_cast<size_t>(bands), false);
    for (int b = 0; b < bands; ++b) {
        int has = 0;
        nodata[b] = source.GetRasterBand(b + 1)->GetNoDataValue(&has);
        hasNodata[b] = has != 0;
    }

    char *text = nullptr;
    const char *const wktOptions[] = {"FORMAT=WKT2_2018", nullptr};
    srs->exportToWkt(&text, wktOptions);
    const std::string crsWkt = text ? text : "";
    CPLFree(text);
    DatasetBuilder builder(path, crsWkt);
    builder.setDriver(source.GetDriver() ? source.GetDriver()->GetDescription() : "");
    builder.setEmbeddingSource("bands 1–" + std::to_string(bands));
    builder.setFieldNames("id", "block", "bands");
    builder.reserve(size_t(rows) * cols);
    AttributeColumn blockRow{"block_row", {}}, blockCol{"block_col", {}};

    auto corner = [&](double px, double py) -> std::array<double, 2> {
        return {transform[0] + px * transform[1] + py * transform[2],
                transform[3] + px * transform[4] + py * transform[5]};
    };

    const size_t stripPixels = size_t(width) * size;
    std::vector<float> strip(stripPixels * bands);
    std::vector<double> sums(static_cast<size_t>(bands));
    std::vector<float> vector(static_cast<size_t>(bands));
    for (int r = 0; r < rows; ++r) {
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(r) / rows);
        }
        if (source.RasterIO(GF_Read, 0, r * size, width, size, strip.data(), width, size,
                            GDT_Float32, bands, nullptr, 0, 0, 0, nullptr) != CE_None)
            throw DataError(path, "reading the pixels failed: " + std::string(CPLGetLastErrorMsg()),
                            int64_t(r) * cols, {}, "a readable raster");
        for (int c = 0; c < cols; ++c) {
            std::fill(sums.begin(), sums.end(), 0.0);
            int64_t valid = 0;
            for (int y = 0; y < size; ++y) {
                for (int x = c * size; x < (c + 1) * size; ++x) {
                    const size_t pixel = size_t(y) * width + x;
                    bool ok = true;
                    for (int b = 0; b < bands && ok; ++b) {
                        const float v = strip[size_t(b) * stripPixels + pixel];
                        ok = std::isfinite(v) && !(hasNodata[b] && double(v) == nodata[b]);
                    }
                    if (!ok)
                        continue;
                    ++valid;
                    for (int b = 0; b < bands; ++b)
                        sums[b] += strip[size_t(b) * stripPixels + pixel];
                }
            }
            if (valid == 0)
                continue;
            bool allZero = true;
            for (int b = 0; b < bands; ++b) {
                vector[b] = float(sums[b] / double(valid));
                allZero = allZero && vector[b] == 0.0f;
            }
            if (allZero)
                continue;
            const double x0 = double(c) * size, y0 = double(r) * size;
            const std::array<std::array<double, 2>, 4> ring{corner(x0, y0), corner(x0 + size, y0),
                                                            corner(x0 + size, y0 + size),
                                                            corner(x0, y0 + size)};
            char id[32];
            std::snprintf(id, sizeof id, "r%d_c%d", r, c);
            builder.addChip(id, ring, vector, int64_t(r) * cols + c);
            blockRow.values.emplace_back(std::to_string(r));
            blockCol.values.emplace_back(std::to_string(c));
        }
    }
    builder.attributes().push_back(std::move(blockRow));
    builder.attributes().push_back(std::move(blockCol));
    Dataset dataset = builder.finish();
    if (feedback)
        feedback->setProgress(1.0);
    return dataset;
}

} // namespace chipfinder
