#pragma once
// The raster a dataset's chips were cut from, recorded in the dataset file (a layer metadata
// item where the format keeps one: GeoPackage) so that opening the dataset shows that imagery.
// Stored relative to the dataset file (a folder holding both can be moved or zipped), with the
// absolute path as fallback.

#include <string>

namespace chipfinder {

inline constexpr const char *ImageryMetadataKey = "CHIPFINDER_IMAGERY";
inline constexpr const char *ImageryAbsoluteMetadataKey = "CHIPFINDER_IMAGERY_ABSOLUTE";

struct ImageryReference
{
    std::string relative; // to the dataset file's folder ("" if on another root)
    std::string absolute;
};

ImageryReference imageryReference(const std::string &datasetPath, const std::string &imageryPath);
// The recorded raster as it exists now: relative to the dataset first, else the absolute path;
// "" if neither exists.
std::string resolveImagery(const std::string &datasetPath, const ImageryReference &reference);

} // namespace chipfinder
