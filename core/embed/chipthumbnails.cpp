#include "embed/chipthumbnails.h"

#include "common/errors.h"
#include "common/feedback.h"

#include <gdal_priv.h>
#include <gdal_utils.h>

#include <filesystem>
#include <memory>

namespace chipfinder {

size_t writeChipThumbnails(const ChipGrid &grid, const std::string &directory, Feedback *feedback)
{
    GDALAllRegister();
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec)
        throw DataError(directory, "cannot be created: " + ec.message());
    GDALDatasetUniquePtr source(
        GDALDataset::Open(grid.rasterPath.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!source)
        throw DataError(grid.rasterPath, std::string("cannot be opened: ") + CPLGetLastErrorMsg());
    bool allByte = true;
    for (int b = 1; b <= source->GetRasterCount(); ++b)
        allByte = allByte && source->GetRasterBand(b)->GetRasterDataType() == GDT_Byte;
    const bool rgb = source->GetRasterCount() >= 3;
    const std::string size = std::to_string(grid.chipSize);

    size_t written = 0;
    for (size_t i = 0; i < grid.size(); ++i) {
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(i) / double(grid.size()));
        }
        const ChipWindow &w = grid.chips[i];
        std::vector<std::string> args = {
            "-of", "PNG", "-ot", "Byte", "-srcwin", std::to_string(w.x), std::to_string(w.y),
            size,  size,  "-b",  "1"};
        if (rgb)
            args.insert(args.end(), {"-b", "2", "-b", "3"});
        if (!allByte)
            args.push_back("-scale");
        std::vector<char *> argv;
        for (auto &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        std::unique_ptr<GDALTranslateOptions, decltype(&GDALTranslateOptionsFree)> options(
            GDALTranslateOptionsNew(argv.data(), nullptr), &GDALTranslateOptionsFree);
        const std::string path =
            (std::filesystem::path(directory) / (grid.id(i) + ".png")).string();
        GDALDatasetH out = GDALTranslate(path.c_str(), GDALDataset::ToHandle(source.get()),
                                         options.get(), nullptr);
        if (!out)
            throw DataError(path, std::string("cannot be written: ") + CPLGetLastErrorMsg());
        GDALClose(out);
        std::filesystem::remove(path + ".aux.xml", ec); // PNG keeps no georeferencing
        ++written;
    }
    if (feedback)
        feedback->setProgress(1.0);
    return written;
}

} // namespace chipfinder
