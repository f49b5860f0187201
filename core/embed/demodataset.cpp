#include "embed/demodataset.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/datasetwriter.h"
#include "embed/chipdatasetbuilder.h"

#include <gdal_priv.h>
#include <gdal_utils.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace chipfinder {

namespace fs = std::filesystem;

namespace {

// Bump when the build changes in a way the parameters below do not show.
constexpr int kDemoVersion = 2;

ChipDatasetOptions demoOptions()
{
    ChipDatasetOptions options;
    options.chipper.chipSize = 24;
    options.chipper.stride = 24;
    options.chipper.maxNodataFraction = 0.5;
    options.waterTruth = true; // WaterTruthOptions defaults: NDWI > 0.2, ponds ≤ 5 ha, ≥ 5 %
    return options;            // MosaiksOptions defaults: 256 filters, 3 px, seed 0, bias 1,
                               // features standardised
}

struct Paths
{
    fs::path dataset, basemap, water, ponds, stamp;
};

Paths pathsIn(const fs::path &dir, const std::string &suffix = {})
{
    return {dir / ("naip-demo-chips" + suffix + ".gpkg"),
            dir / ("naip-demo-basemap" + suffix + ".tif"),
            dir / ("naip-demo-water" + suffix + ".gpkg"),
            dir / ("naip-demo-ponds" + suffix + ".gpkg"), dir / "naip-demo.stamp"};
}

std::string stampFor(const fs::path &source)
{
    std::error_code ec;
    std::ostringstream stamp;
    stamp << demoDatasetStamp() << " source=" << fs::absolute(source, ec).string()
          << " size=" << fs::file_size(source, ec);
    return stamp.str();
}

bool cacheIsValid(const Paths &paths, const fs::path &source)
{
    std::error_code ec;
    const auto sourceTime = fs::last_write_time(source, ec);
    if (ec)
        return false;
    for (const fs::path &file :
         {paths.dataset, paths.basemap, paths.water, paths.ponds, paths.stamp}) {
        const auto time = fs::last_write_time(file, ec);
        if (ec || time < sourceTime)
            return false;
    }
    std::ifstream in(paths.stamp);
    std::string line;
    std::getline(in, line);
    return line == stampFor(source);
}

int CPL_STDCALL relayProgress(double fraction, const char *, void *arg)
{
    auto *sub = static_cast<SubFeedback *>(arg);
    sub->setProgress(fraction);
    return sub->isCanceled() ? 0 : 1;
}

void buildBasemap(const std::string &source, const std::string &target, SubFeedback *progress)
{
    // Bands 1-3 as RGB through an in-memory VRT, then warped to Web Mercator with an alpha band.
    const std::string vrt = "/vsimem/chipfinder-demo-rgb-" +
                            std::to_string(reinterpret_cast<uintptr_t>(progress)) + ".vrt";
    GDALDatasetUniquePtr src(GDALDataset::Open(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!src)
        throw DataError(source, std::string("cannot be opened: ") + CPLGetLastErrorMsg());
    const char *translateArgs[] = {
        "-of", "VRT", "-b", "1", "-b", "2", "-b", "3", "-colorinterp", "red,green,blue", nullptr};
    std::unique_ptr<GDALTranslateOptions, decltype(&GDALTranslateOptionsFree)> translateOptions(
        GDALTranslateOptionsNew(const_cast<char **>(translateArgs), nullptr),
        &GDALTranslateOptionsFree);
    GDALDatasetH rgb = GDALTranslate(vrt.c_str(), GDALDataset::ToHandle(src.get()),
                                     translateOptions.get(), nullptr);
    if (!rgb)
        throw DataError(source,
                        std::string("RGB bands cannot be selected: ") + CPLGetLastErrorMsg());
    const char *warpArgs[] = {
        "-of", "GTiff",     "-t_srs", "EPSG:3857",        "-r",  "bilinear",        "-dstalpha",
        "-co", "TILED=YES", "-co",    "COMPRESS=DEFLATE", "-co", "PHOTOMETRIC=RGB", nullptr};
    std::unique_ptr<GDALWarpAppOptions, decltype(&GDALWarpAppOptionsFree)> warpOptions(
        GDALWarpAppOptionsNew(const_cast<char **>(warpArgs), nullptr), &GDALWarpAppOptionsFree);
    GDALWarpAppOptionsSetProgress(warpOptions.get(), relayProgress, progress);
    int usageError = 0;
    GDALDatasetH warped =
        GDALWarp(target.c_str(), nullptr, 1, &rgb, warpOptions.get(), &usageError);
    GDALClose(rgb);
    VSIUnlink(vrt.c_str());
    if (!warped) {
        progress->throwIfCanceled();
        throw DataError(target, std::string("basemap cannot be warped: ") + CPLGetLastErrorMsg());
    }
    const int levels[] = {2, 4, 8};
    const CPLErr err = GDALBuildOverviews(warped, "AVERAGE", 3, const_cast<int *>(levels), 0,
                                          nullptr, nullptr, nullptr);
    GDALClose(warped);
    if (err != CE_None)
        throw DataError(target, std::string("overviews cannot be built: ") + CPLGetLastErrorMsg());
}

} // namespace

std::string demoDatasetStamp()
{
    const ChipDatasetOptions o = demoOptions();
    std::ostringstream stamp;
    stamp << "chipfinder-demo v" << kDemoVersion << " chip=" << o.chipper.chipSize
          << " stride=" << o.chipper.stride << " nodata=" << o.chipper.maxNodataFraction
          << " features=" << o.embedder.features << " kernel=" << o.embedder.kernelSize
          << " seed=" << o.embedder.seed << " bias=" << o.embedder.bias
          << " pooling=" << o.embedder.poolingGrid << " normalize=" << o.embedder.normalize
          << " standardize=" << o.embedder.standardize << " ndwi>" << o.water.ndwiThreshold
          << " sieve=" << o.water.minWaterPixels << " pond<=" << o.water.maxPondAreaM2
          << "m2 min=" << o.water.minChipFraction;
    return stamp.str();
}

DemoDataset ensureDemoDataset(const std::string &sourceRaster, const std::string &cacheDir,
                              Feedback *feedback)
{
    const fs::path source(sourceRaster);
    std::error_code ec;
    if (!fs::is_regular_file(source, ec))
        throw DataError(sourceRaster, "does not exist", std::nullopt, {},
                        "the bundled NAIP scene (resources/demo)");
    fs::create_directories(cacheDir, ec);
    if (ec)
        throw DataError(cacheDir, "cannot be created: " + ec.message());
    const Paths paths = pathsIn(cacheDir);
    DemoDataset demo{paths.dataset.string(), paths.basemap.string(), "pond", paths.water.string(),
                     paths.ponds.string(),   sourceRaster,           false};
    if (cacheIsValid(paths, source)) {
        if (feedback)
            feedback->setProgress(1.0);
        return demo;
    }

    fs::remove(paths.stamp, ec);
    const Paths partial = pathsIn(cacheDir, ".partial");
    try {
        ChipDatasetBuilder builder(demoOptions());
        Feedback buildFeedback;
        SubFeedback buildRange(feedback, 0.0, 0.8);
        buildFeedback.setCallback([&](double f) {
            buildRange.setProgress(f);
            if (buildRange.isCanceled())
                buildFeedback.cancel();
        });
        if (buildRange.isCanceled())
            buildFeedback.cancel();
        const Dataset dataset = builder.build(sourceRaster, &buildFeedback);
        DatasetWriteOptions writeOptions;
        writeOptions.layerName = "chips";
        writeDataset(dataset, partial.dataset.string(), writeOptions);
        builder.waterTruth()->writePolygons(partial.water.string(), "water", false);
        builder.waterTruth()->writePolygons(partial.ponds.string(), "ponds", true);
        SubFeedback basemapRange(feedback, 0.8, 1.0);
        basemapRange.throwIfCanceled();
        buildBasemap(sourceRaster, partial.basemap.string(), &basemapRange);
        for (const auto &[from, to] :
             {std::pair{partial.dataset, paths.dataset}, std::pair{partial.basemap, paths.basemap},
              std::pair{partial.water, paths.water}, std::pair{partial.ponds, paths.ponds}}) {
            fs::rename(from, to, ec);
            if (ec)
                throw DataError(to.string(), "cannot be written: " + ec.message());
        }
        std::ofstream stamp(paths.stamp);
        stamp << stampFor(source) << "\n";
        if (!stamp)
            throw DataError(paths.stamp.string(), "cannot be written");
    } catch (...) {
        for (const fs::path &file :
             {partial.dataset, partial.basemap, partial.water, partial.ponds})
            fs::remove(file, ec);
        throw;
    }
    demo.rebuilt = true;
    if (feedback)
        feedback->setProgress(1.0);
    return demo;
}

} // namespace chipfinder
