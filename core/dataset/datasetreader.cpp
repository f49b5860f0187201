#include "dataset/datasetreader.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/footprintcache.h"
#include "dataset/geoparquetreader.h"
#include "dataset/rasterdatasetreader.h"
#include "dataset/vectordatasetreader.h"

#include <cpl_error.h>
#include <gdal_priv.h>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace chipfinder {
namespace {

std::string lowerExtension(const std::string &path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

// GDAL's own error printing is replaced by the DataError text.
struct QuietErrors
{
    QuietErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietErrors() { CPLPopErrorHandler(); }
};

bool hasParquetBelow(const std::string &folder)
{
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && lowerExtension(it->path().string()) == ".parquet")
            return true;
    return false;
}

} // namespace

bool geoParquetSupported()
{
    GDALAllRegister();
    return GeoParquetReader::available() || GetGDALDriverManager()->GetDriverByName("Parquet");
}

namespace {

Dataset openSource(const std::string &path, const DatasetOpenOptions &options, Feedback *feedback)
{
    GDALAllRegister();
    const std::string ext = lowerExtension(path);
    const bool parquetName = ext == ".parquet" || ext == ".geoparquet";
    VSIStatBufL stat;
    if (VSIStatL(path.c_str(), &stat) != 0) {
        // A glob pattern over GeoParquet files (part-*.parquet, year=*/*.parquet).
        if (parquetName && path.find_first_of("*?[]{}") != std::string::npos)
            return GeoParquetReader::read(path, options, feedback);
        throw DataError(path, "the file does not exist", std::nullopt, {},
                        "an existing dataset file");
    }
    // A folder of GeoParquet files (a release split in parts, or hive partitions).
    if (VSI_ISDIR(stat.st_mode) && hasParquetBelow(path))
        return GeoParquetReader::read(path, options, feedback);
    if (ext == ".npy")
        throw DataError(path, "a .npy matrix holds no footprints", std::nullopt, {},
                        "the footprint file, with this .npy as its embedding matrix");

    // GeoParquet: through GDAL where it has the Parquet driver, else through DuckDB.
    if (parquetName && !GetGDALDriverManager()->GetDriverByName("Parquet"))
        return GeoParquetReader::read(path, options, feedback);

    QuietErrors quiet;
    CPLErrorReset();
    const char *const *noDrivers = nullptr;
    // An embedding raster, unless the options ask for columns of a vector layer.
    if (options.embeddingColumn.empty() && options.npyPath.empty() && options.layer.empty()) {
        GDALDatasetUniquePtr raster(
            GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, noDrivers));
        if (raster && raster->GetRasterCount() > 0)
            return RasterDatasetReader::read(*raster, path, options, feedback);
        CPLErrorReset();
    } else if (!options.npyPath.empty()) {
        GDALDatasetUniquePtr raster(
            GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, noDrivers));
        if (raster && raster->GetRasterCount() > 0 && raster->GetLayerCount() == 0)
            throw DataError(path,
                            "an embedding raster holds its embeddings in its bands; a .npy "
                            "matrix cannot be paired with it",
                            std::nullopt, {},
                            "footprints (a vector file or GeoParquet) for the .npy matrix " +
                                options.npyPath);
        CPLErrorReset();
    }
    GDALDatasetUniquePtr vector(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, noDrivers));
    if (!vector) {
        const char *message = CPLGetLastErrorMsg();
        throw DataError(path,
                        std::string("GDAL cannot open it as a vector dataset") +
                            (message && *message ? std::string(": ") + message : std::string()),
                        std::nullopt, {},
                        "a GeoPackage, GeoJSON, FlatGeobuf or Shapefile with footprints and "
                        "embeddings, or an embedding raster");
    }
    return VectorDatasetReader::read(*vector, path, options, feedback);
}

// What was read and how: the cache key.
std::string cacheKey(const std::string &path, const DatasetOpenOptions &options)
{
    std::error_code error;
    const auto canonical = [&error](const std::string &p) {
        const auto c = std::filesystem::weakly_canonical(p, error);
        return error ? p : c.string();
    };
    return canonical(path) + '\n' + options.embeddingColumn + '\n' + options.idColumn + '\n' +
           options.layer + '\n' + (options.npyPath.empty() ? "" : canonical(options.npyPath)) +
           '\n' + options.npyIdColumn + '\n' + std::to_string(options.rasterChipSize);
}

// The files the matrix can come from: the dataset, the .npy named or found beside it.
std::vector<std::string> cacheSources(const std::string &path, const DatasetOpenOptions &options)
{
    std::vector<std::string> sources{path};
    if (!options.npyPath.empty())
        sources.push_back(options.npyPath);
    const std::string sibling = std::filesystem::path(path).replace_extension(".npy").string();
    std::error_code error;
    if (sibling != path && std::filesystem::exists(sibling, error))
        sources.push_back(sibling);
    return sources;
}

} // namespace

Dataset openDataset(const std::string &path, const DatasetOpenOptions &options, Feedback *feedback)
{
    if (options.embeddingCache == EmbeddingCacheMode::Off)
        return openSource(path, options, feedback);
    const std::string directory = options.embeddingCacheDirectory.empty()
                                      ? embeddingCacheDirectory()
                                      : options.embeddingCacheDirectory;
    const std::string key = cacheKey(path, options);
    const std::vector<std::string> sources = cacheSources(path, options);
    const FootprintCache chips(directory, key, sources);
    std::string chipProblem;
    std::optional<Dataset> cachedChips;
    const bool matrixCached =
        options.loadEmbeddings &&
        EmbeddingCache(directory, key, sources, options.embeddingCache).exists();
    // The footprints from the cache: always without the embeddings; with them only when the
    // matrix is cached too (else the full read below makes both).
    if (chips.exists() && (!options.loadEmbeddings || matrixCached)) {
        Feedback chipStep(feedback, 0.0, options.loadEmbeddings ? 0.3 : 1.0);
        cachedChips = chips.load(options.loadEmbeddings, &chipStep, chipProblem);
    }
    const auto storeChips = [&](const Dataset &dataset, bool checked, Feedback *step) {
        if (dataset.size() < options.footprintCacheFrom)
            return std::string();
        try {
            chips.store(dataset, checked, step);
            return std::string("; footprints ") +
                   (chipProblem.empty() ? "written to " : "rewritten (" + chipProblem + ") to ") +
                   chips.path();
        } catch (const DataError &error) {
            return std::string("; footprints not written: ") + error.what();
        }
    };
    if (!options.loadEmbeddings) {
        if (cachedChips) {
            cachedChips->embeddingCache = "footprints read from " + chips.path();
            return std::move(*cachedChips);
        }
        Feedback readStep(feedback, 0.0, 0.9);
        Dataset dataset = openSource(path, options, &readStep);
        Feedback writeStep(feedback, 0.9, 1.0);
        const std::string written = storeChips(dataset, false, &writeStep);
        if (!written.empty())
            dataset.embeddingCache = written.substr(2);
        if (feedback)
            feedback->setProgress(1.0);
        return dataset;
    }

    const EmbeddingCache cache(directory, key, sources, options.embeddingCache);
    std::string problem;
    if (matrixCached) {
        // The matrix from the cache; the footprints from theirs, else from the source.
        const bool fromCache = cachedChips.has_value();
        Dataset dataset;
        if (fromCache) {
            dataset = std::move(*cachedChips);
        } else {
            DatasetOpenOptions footprints = options;
            footprints.loadEmbeddings = false;
            Feedback footprintStep(feedback, 0.0, 0.8);
            dataset = openSource(path, footprints, &footprintStep);
        }
        Feedback matrixStep(feedback, fromCache ? 0.3 : 0.8, fromCache ? 1.0 : 0.9);
        if (auto matrix = cache.load(dataset.size(), &matrixStep, problem)) {
            dataset.embeddings = std::move(*matrix);
            dataset.embeddingCache = "read from " + cache.path();
            if (fromCache) {
                dataset.embeddingCache += "; footprints read from " + chips.path();
            } else {
                // Same chip count as the full read that wrote the matrix: its chips.
                Feedback writeStep(feedback, 0.9, 1.0);
                dataset.embeddingCache += storeChips(dataset, true, &writeStep);
            }
            if (feedback)
                feedback->setProgress(1.0);
            return dataset;
        }
    }
    Feedback readStep(feedback, 0.0, 0.8);
    Dataset dataset = openSource(path, options, &readStep);
    const size_t bytes = dataset.embeddings.rows() * dataset.embeddings.dim() * sizeof(float);
    if (bytes == 0 || bytes < options.embeddingCacheFrom) {
        if (feedback)
            feedback->setProgress(1.0);
        return dataset;
    }
    Feedback writeStep(feedback, 0.8, 0.95);
    try {
        cache.store(dataset.embeddings, &writeStep);
        dataset.embeddingCache =
            (problem.empty() ? "written to " : "rewritten (" + problem + ") to ") + cache.path();
    } catch (const DataError &error) {
        dataset.embeddingCache = std::string("not written: ") + error.what();
    }
    Feedback chipWriteStep(feedback, 0.95, 1.0);
    dataset.embeddingCache += storeChips(dataset, true, &chipWriteStep);
    if (feedback)
        feedback->setProgress(1.0);
    return dataset;
}

} // namespace chipfinder
