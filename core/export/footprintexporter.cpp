#include "export/footprintexporter.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/text.h"
#include "export/labelexporter.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <unistd.h>

namespace chipfinder {

namespace {

std::string gdalMessage()
{
    const std::string message = CPLGetLastErrorMsg();
    return message.empty() ? std::string("GDAL reported no detail") : message;
}

std::unique_ptr<OGRGeometry> multiPolygon(const std::vector<uint8_t> &wkb)
{
    OGRGeometry *raw = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE)
        return nullptr;
    return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(raw));
}

double areaOf(const OGRGeometry &geometry)
{
    return wkbFlatten(geometry.getGeometryType()) == wkbMultiPolygon
               ? geometry.toMultiPolygon()->get_Area()
               : 0.0;
}

} // namespace

size_t writeLocatedFootprints(const Dataset &dataset, std::span<const LocatedChip> located,
                              const std::string &path, LocateMode mode, double threshold)
{
    const auto format = LabelExporter::formatForPath(path);
    if (!format)
        throw DataError(path, "has an extension that is not .geojson, .json, .gpkg or .fgb");
    if (*format == ExportFormat::GeoJson)
        for (const LocatedChip &chip : located)
            if (chip.chip >= 0 && size_t(chip.chip) < dataset.size())
                requireUtf8Id(dataset.ids[size_t(chip.chip)], path, chip.chip);
    OGRSpatialReference srs;
    if (dataset.sourceCrsWkt.empty() ||
        srs.importFromWkt(dataset.sourceCrsWkt.c_str()) != OGRERR_NONE)
        throw DataError(dataset.sourcePath, "the dataset has no usable source CRS", std::nullopt,
                        "crs", "a WKT coordinate reference system");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    GDALAllRegister();
    GDALDriver *driver =
        GetGDALDriverManager()->GetDriverByName(LabelExporter::formatName(*format).c_str());
    if (!driver)
        throw DataError(path, "this GDAL has no " + LabelExporter::formatName(*format) + " driver");

    static std::atomic<int> counter{0};
    const std::string memory = "/vsimem/chipfinder-footprints-" + std::to_string(::getpid()) + "-" +
                               std::to_string(counter++) +
                               std::filesystem::path(path).extension().string();
    struct Guard
    {
        std::string path;
        ~Guard()
        {
            for (const char *suffix : {"", "-journal", "-wal", "-shm", "_tmp"})
                VSIUnlink((path + suffix).c_str());
        }
    } guard{memory};
    size_t written = 0;
    {
        CPLErrorReset();
        GDALDatasetUniquePtr target(driver->Create(memory.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!target)
            throw DataError(path, "could not create the file: " + gdalMessage());
        CPLStringList layerOptions;
        if (*format == ExportFormat::GeoJson)
            layerOptions.SetNameValue("RFC7946", "YES");
        OGRLayer *layer =
            target->CreateLayer("footprints", &srs, wkbMultiPolygon, layerOptions.List());
        if (!layer)
            throw DataError(path, "could not create the layer: " + gdalMessage());
        const std::pair<const char *, OGRFieldType> fields[] = {
            {"chip_id", OFTString}, {"footprint", OFTString}, {"score", OFTReal},
            {"peak", OFTReal},      {"threshold", OFTReal},   {"method", OFTString},
            {"area_m2", OFTReal}};
        for (const auto &[name, type] : fields) {
            OGRFieldDefn field(name, type);
            if (layer->CreateField(&field) != OGRERR_NONE)
                throw DataError(path, "could not create the field", std::nullopt, name,
                                gdalMessage());
        }
        const bool transaction = target->StartTransaction() == OGRERR_NONE;
        for (const LocatedChip &chip : located) {
            if (chip.chip < 0 || size_t(chip.chip) >= dataset.size())
                throw DataError(path, "a located chip is not in the dataset", chip.chip);
            const std::string &id = dataset.ids[size_t(chip.chip)];
            for (const bool tight : {false, true}) {
                std::unique_ptr<OGRGeometry> geometry =
                    multiPolygon(tight ? chip.tight : dataset.sourceWkb[size_t(chip.chip)]);
                if (!geometry) {
                    if (tight)
                        continue;
                    throw DataError(dataset.sourcePath, "chip '" + id + "' has no footprint",
                                    chip.chip, "geometry", "a polygon");
                }
                OGRFeature feature(layer->GetLayerDefn());
                feature.SetField("chip_id", id.c_str());
                feature.SetField("footprint", tight ? "tight" : "chip");
                feature.SetField("score", double(chip.score));
                feature.SetField("peak", double(chip.heatmap.maximum));
                feature.SetField("threshold", threshold);
                feature.SetField("method", locateModeName(mode));
                feature.SetField("area_m2", areaOf(*geometry));
                feature.SetGeometryDirectly(geometry.release());
                if (layer->CreateFeature(&feature) != OGRERR_NONE)
                    throw DataError(
                        path, "could not write the feature of chip '" + id + "': " + gdalMessage(),
                        int64_t(written));
                ++written;
            }
        }
        if (transaction && target->CommitTransaction() != OGRERR_NONE)
            throw DataError(path, "could not write the file: " + gdalMessage());
        target->FlushCache();
    }
    if (CPLGetLastErrorType() >= CE_Failure)
        throw DataError(path, "could not write the file: " + gdalMessage());
    commitMemoryFile(memory, path);
    return written;
}

} // namespace chipfinder
