#include "export/labelexporter.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "common/text.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <ctime>
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

// A unique GDAL in-memory file name with the extension of `path` (drivers check it).
std::string memoryPath(const std::string &path)
{
    static std::atomic<int> counter{0};
    return "/vsimem/chipfinder-export-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter++) + std::filesystem::path(path).extension().string();
}

// Removes an in-memory file and what a driver left beside it.
struct MemoryFileGuard
{
    std::string path;
    ~MemoryFileGuard()
    {
        for (const char *suffix : {"", "-journal", "-wal", "-shm", "_tmp"})
            VSIUnlink((path + suffix).c_str());
    }
};

std::unique_ptr<OGRGeometry> ringPolygon(const Dataset &dataset, size_t chip)
{
    const uint32_t begin = dataset.ringOffsets.at(chip);
    const uint32_t end = dataset.ringOffsets.at(chip + 1);
    if (end - begin < 4)
        return nullptr;
    auto ring = std::make_unique<OGRLinearRing>();
    ring->setNumPoints(int(end - begin));
    for (uint32_t k = begin; k < end; ++k)
        ring->setPoint(int(k - begin), dataset.ringCoords[k].lon, dataset.ringCoords[k].lat);
    ring->closeRings();
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    return polygon;
}

std::unique_ptr<OGRGeometry> sourceGeometry(const Dataset &dataset, size_t chip)
{
    const auto &wkb = dataset.sourceWkb.at(chip);
    if (wkb.empty())
        return nullptr;
    OGRGeometry *geometry = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size()) !=
        OGRERR_NONE)
        return nullptr;
    return std::unique_ptr<OGRGeometry>(geometry);
}

void setDateTime(OGRFeature &feature, int field, int64_t unixMs)
{
    int64_t seconds = unixMs / 1000;
    int64_t millis = unixMs % 1000;
    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    feature.SetField(field, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     float(tm.tm_sec + double(millis) / 1000.0), 100 /* UTC */);
}

} // namespace

std::optional<ExportFormat> LabelExporter::formatForPath(const std::string &path)
{
    const std::string extension = lower(std::filesystem::path(path).extension().string());
    if (extension == ".geojson" || extension == ".json")
        return ExportFormat::GeoJson;
    if (extension == ".gpkg")
        return ExportFormat::GeoPackage;
    if (extension == ".fgb")
        return ExportFormat::FlatGeobuf;
    return std::nullopt;
}

std::string LabelExporter::formatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::GeoJson:
        return "GeoJSON";
    case ExportFormat::GeoPackage:
        return "GPKG";
    case ExportFormat::FlatGeobuf:
        return "FlatGeobuf";
    }
    return "GeoJSON";
}

LabelExporter::LabelExporter(const Dataset &dataset) : m_dataset(dataset) {}

size_t LabelExporter::write(const std::string &path, std::span<const Label> labels,
                            const LabelExportOptions &options, Feedback *feedback) const
{
    const auto format = options.format ? options.format : formatForPath(path);
    if (!format)
        throw DataError(path, "unknown export format", std::nullopt, {},
                        "a .geojson, .json, .gpkg or .fgb file name");
    const bool wgs84 =
        *format == ExportFormat::GeoJson || options.crs == LabelExportOptions::Crs::Wgs84;
    const std::string datasetName =
        m_dataset.sourcePath.empty() ? std::string("dataset") : m_dataset.sourcePath;

    // Everything is checked before the first byte is written.
    if (isSameFile(path, m_dataset.sourcePath))
        throw DataError(path, "is the dataset the labels belong to; an export never overwrites it",
                        std::nullopt, {}, "another output file name");
    std::vector<size_t> chips(labels.size());
    std::vector<std::unique_ptr<OGRGeometry>> geometries(labels.size());
    OGRwkbGeometryType geometryType = wkbPolygon;
    for (size_t i = 0; i < labels.size(); ++i) {
        const int64_t chip = m_dataset.indexOf(labels[i].chipId);
        if (chip < 0)
            throw DataError(datasetName,
                            "the label of chip '" + labels[i].chipId +
                                "' has no footprint: the dataset has no chip with this id",
                            int64_t(i), "chip_id", "a chip id of the dataset");
        chips[i] = size_t(chip);
        if (*format == ExportFormat::GeoJson)
            requireUtf8Id(labels[i].chipId, path, int64_t(i));
        geometries[i] =
            wgs84 ? ringPolygon(m_dataset, chips[i]) : sourceGeometry(m_dataset, chips[i]);
        if (!geometries[i])
            throw DataError(datasetName,
                            "chip '" + labels[i].chipId + "' has no valid footprint" +
                                (wgs84 ? std::string() : std::string(" in the source CRS")),
                            chip, "geometry", "a polygon");
        const OGRwkbGeometryType type = wkbFlatten(geometries[i]->getGeometryType());
        if (i == 0)
            geometryType = type;
        else if (type != geometryType)
            geometryType = wkbUnknown;
    }

    OGRSpatialReference srs;
    if (wgs84) {
        srs.importFromEPSG(4326);
    } else if (m_dataset.sourceCrsWkt.empty() ||
               srs.importFromWkt(m_dataset.sourceCrsWkt.c_str()) != OGRERR_NONE) {
        throw DataError(datasetName, "the dataset has no usable source CRS", std::nullopt, "crs",
                        "a WKT coordinate reference system");
    }
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    GDALAllRegister();
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName(formatName(*format).c_str());
    if (!driver)
        throw DataError(path, "this GDAL has no " + formatName(*format) + " driver");

    // Built in memory, where no write can fail, then written out through AtomicFile.
    const MemoryFileGuard output{memoryPath(path)};
    {
        CPLErrorReset();
        GDALDatasetUniquePtr target(
            driver->Create(output.path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!target)
            throw DataError(path, "could not create the file: " + gdalMessage());
        CPLStringList layerOptions;
        if (*format == ExportFormat::GeoJson)
            layerOptions.SetNameValue("RFC7946", "YES");
        if (*format == ExportFormat::GeoPackage)
            layerOptions.SetNameValue("DESCRIPTION", "Chipfinder labels");
        OGRLayer *layer =
            target->CreateLayer(options.layerName.c_str(), &srs, geometryType, layerOptions.List());
        if (!layer)
            throw DataError(path, "could not create the layer: " + gdalMessage());
        struct FieldSpec
        {
            const char *name;
            OGRFieldType type;
        };
        const FieldSpec fields[] = {{"chip_id", OFTString},     {"label", OFTString},
                                    {"source", OFTString},      {"score", OFTReal},
                                    {"strategy", OFTString},    {"round", OFTInteger},
                                    {"labeled_at", OFTDateTime}};
        for (const auto &spec : fields) {
            OGRFieldDefn field(spec.name, spec.type);
            if (layer->CreateField(&field) != OGRERR_NONE)
                throw DataError(path, "could not create the field", std::nullopt, spec.name,
                                gdalMessage());
        }
        const OGRFeatureDefn *definition = layer->GetLayerDefn();
        const int chipIdField = definition->GetFieldIndex("chip_id");
        const int labelField = definition->GetFieldIndex("label");
        const int sourceField = definition->GetFieldIndex("source");
        const int scoreField = definition->GetFieldIndex("score");
        const int strategyField = definition->GetFieldIndex("strategy");
        const int roundField = definition->GetFieldIndex("round");
        const int labeledAtField = definition->GetFieldIndex("labeled_at");

        const bool transaction = target->StartTransaction() == OGRERR_NONE;
        for (size_t i = 0; i < labels.size(); ++i) {
            if (feedback) {
                feedback->throwIfCanceled();
                feedback->setProgress(double(i) / double(labels.size()));
            }
            const Label &label = labels[i];
            OGRFeature feature(layer->GetLayerDefn());
            feature.SetField(chipIdField, label.chipId.c_str());
            feature.SetField(labelField, labelValueName(label.value).c_str());
            feature.SetField(sourceField, labelSourceName(label.source).c_str());
            if (std::isfinite(label.score))
                feature.SetField(scoreField, label.score);
            else
                feature.SetFieldNull(scoreField);
            if (label.strategy.empty())
                feature.SetFieldNull(strategyField);
            else
                feature.SetField(strategyField, label.strategy.c_str());
            feature.SetField(roundField, label.round);
            setDateTime(feature, labeledAtField, label.labeledAtMs);
            feature.SetGeometryDirectly(geometries[i].release());
            if (layer->CreateFeature(&feature) != OGRERR_NONE)
                throw DataError(path,
                                "could not write the feature of chip '" + label.chipId +
                                    "': " + gdalMessage(),
                                int64_t(i));
        }
        if (transaction && target->CommitTransaction() != OGRERR_NONE)
            throw DataError(path, "could not write the file: " + gdalMessage());
        target->FlushCache();
    } // closes the file (FlatGeobuf writes its index and header here)
    if (CPLGetLastErrorType() >= CE_Failure)
        throw DataError(path, "could not write the file: " + gdalMessage());
    if (feedback)
        feedback->throwIfCanceled();
    commitMemoryFile(output.path, path);
    if (feedback)
        feedback->setProgress(1.0);
    return labels.size();
}

} // namespace chipfinder
