// libFuzzer harness: the vector dataset reader on arbitrary bytes read as GeoJSON, FlatGeobuf
// or GeoPackage (the first byte chooses) must return a dataset or throw DataError; any crash,
// sanitizer report or other exception is a finding.

#include "common/errors.h"
#include "dataset/vectordatasetreader.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const extensions[] = {".geojson", ".fgb", ".gpkg"};
    const std::string path = std::string("/vsimem/fuzz") + extensions[data[0] % 3];
    VSILFILE *file =
        VSIFileFromMemBuffer(path.c_str(), const_cast<GByte *>(data + 1), size - 1, FALSE);
    VSIFCloseL(file);
    {
        GDALDatasetUniquePtr source(
            GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (source) {
            try {
                chipfinder::VectorDatasetReader::read(*source, path, {}, nullptr);
            } catch (const chipfinder::DataError &) {
            }
        }
    }
    VSIUnlink(path.c_str());
    return 0;
}
