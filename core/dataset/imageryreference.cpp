#include "dataset/imageryreference.h"

#include <filesystem>

namespace chipfinder {

namespace fs = std::filesystem;

ImageryReference imageryReference(const std::string &datasetPath, const std::string &imageryPath)
{
    ImageryReference reference;
    if (imageryPath.empty())
        return reference;
    std::error_code error;
    const fs::path imagery = fs::absolute(imageryPath, error).lexically_normal();
    reference.absolute = imagery.string();
    const fs::path folder = fs::absolute(datasetPath, error).lexically_normal().parent_path();
    if (imagery.root_path() == folder.root_path())
        reference.relative = imagery.lexically_relative(folder).generic_string();
    return reference;
}

std::string resolveImagery(const std::string &datasetPath, const ImageryReference &reference)
{
    std::error_code error;
    if (!reference.relative.empty()) {
        const fs::path candidate =
            (fs::absolute(datasetPath, error).parent_path() / reference.relative)
                .lexically_normal();
        if (fs::is_regular_file(candidate, error))
            return candidate.string();
    }
    if (!reference.absolute.empty() && fs::is_regular_file(reference.absolute, error))
        return reference.absolute;
    return {};
}

} // namespace chipfinder
