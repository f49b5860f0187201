#include "dataset/rasterdatasetreader.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetbuilder.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

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

    // Per band: nodata, whether the stored bytes are signed (GDAL < 3.7 reads a signed 8-bit
    // band as Byte with PIXELTYPE=SIGNEDBYTE), and how stored values map to embedding values.
    std::vector<double> nodata(static_cast<size_t>(bands), 0.0);
    std::vector<bool> hasNodata(static_cast<size_t>(bands), false);
    std::vector<bool> signedByte(static_cast<size_t>(bands), false);
    std::vector<double> scale(static_cast<size_t>(bands), 1.0), offset(static_cast<size_t>(bands));
    bool anySigned = false, anyScaled = false;
    for (int b = 0; b < bands; ++b) {
        GDALRasterBand *band = source.GetRasterBand(b + 1);
        const char *pixelType = band->GetMetadataItem("PIXELTYPE", "IMAGE_STRUCTURE");
        signedByte[b] = band->GetRasterDataType() == GDT_Byte && pixelType &&
                        std::string(pixelType) == "SIGNEDBYTE";
#if GDAL_VERSION_NUM >= 3070000
        signedByte[b] = signedByte[b] || band->GetRasterDataType() == GDT_Int8;
#endif
        int has = 0;
        nodata[b] = band->GetNoDataValue(&has);
        hasNodata[b] = has != 0;
        if (signedByte[b] && nodata[b] > 127.0)
            nodata[b] -= 256.0;
        int hasScale = 0, hasOffset = 0;
        scale[b] = band->GetScale(&hasScale);
        offset[b] = band->GetOffset(&hasOffset);
        if (!hasScale)
            scale[b] = 1.0;
        if (!hasOffset)
            offset[b] = 0.0;
        anySigned = anySigned || signedByte[b];
        anyScaled = anyScaled || scale[b] != 1.0 || offset[b] != 0.0;
    }
    // AlphaEarth's documented mapping of its signed 8-bit values to [-1, 1].
    const bool alphaEarth = options.dequantize && anySigned && !anyScaled;
    const bool applyScale = options.dequantize && anyScaled;

    char *text = nullptr;
    const char *const wktOptions[] = {"FORMAT=WKT2_2018", nullptr};
    srs->exportToWkt(&text, wktOptions);
    const std::string crsWkt = text ? text : "";
    CPLFree(text);
    DatasetBuilder builder(path, crsWkt);
    builder.setDriver(source.GetDriver() ? source.GetDriver()->GetDescription() : "");
    builder.setEmbeddingSource("bands 1–" + std::to_string(bands) +
                               (alphaEarth ? " (signed 8-bit, de-quantised: sign(v)·(|v|/127.5)²)"
                                : applyScale ? " (scale/offset applied)"
                                : anySigned  ? " (signed 8-bit, raw values)"
                                             : ""));
    builder.setFieldNames("id", "block", "bands");
    builder.setStrict(options.strict);
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
        // Stored values → embedding values; nodata becomes NaN (left out of the block mean).
        for (int b = 0; b < bands; ++b) {
            if (!signedByte[b] && !hasNodata[b] && !applyScale)
                continue;
            float *values = strip.data() + size_t(b) * stripPixels;
            for (size_t p = 0; p < stripPixels; ++p) {
                float v = values[p];
                if (signedByte[b] && v > 127.0f)
                    v -= 256.0f;
                if (hasNodata[b] && double(v) == nodata[b]) {
                    values[p] = std::numeric_limits<float>::quiet_NaN();
                    continue;
                }
                if (alphaEarth && signedByte[b])
                    v = std::copysign((v / 127.5f) * (v / 127.5f), v);
                else if (applyScale)
                    v = float(v * scale[b] + offset[b]);
                values[p] = v;
            }
        }
        for (int c = 0; c < cols; ++c) {
            std::fill(sums.begin(), sums.end(), 0.0);
            int64_t valid = 0;
            for (int y = 0; y < size; ++y) {
                for (int x = c * size; x < (c + 1) * size; ++x) {
                    const size_t pixel = size_t(y) * width + x;
                    bool ok = true;
                    for (int b = 0; b < bands && ok; ++b) {
                        const float v = strip[size_t(b) * stripPixels + pixel];
                        ok = std::isfinite(v);
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
