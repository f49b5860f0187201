#include "dataset/datasetwriter.h"
#include "dataset/imageryreference.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "common/text.h"
#include "dataset/geoparquetwriter.h"
#include "dataset/npyfile.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

namespace chipfinder {
namespace {

using Embedding = DatasetWriteOptions::Embedding;

std::string driverForExtension(const std::string &path)
{
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    if (ext == ".gpkg")
        return "GPKG";
    if (ext == ".geojson" || ext == ".json")
        return "GeoJSON";
    if (ext == ".fgb")
        return "FlatGeobuf";
    if (ext == ".shp")
        return "ESRI Shapefile";
    if (ext == ".parquet" || ext == ".geoparquet")
        return GetGDALDriverManager()->GetDriverByName("Parquet") ? "Parquet" : "DuckDB";
    throw DataError(path, "unknown output format '" + ext + "'", std::nullopt, {},
                    "a .gpkg, .geojson, .fgb, .shp or .parquet file name");
}

bool isCanonicalInteger(const std::string &text)
{
    int64_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return result.ec == std::errc() && result.ptr == text.data() + text.size() &&
           std::to_string(value) == text;
}

std::string jsonArray(std::span<const float> values)
{
    std::string text;
    text.reserve(values.size() * 12 + 2);
    text.push_back('[');
    char buffer[32];
    for (size_t j = 0; j < values.size(); ++j) {
        if (j)
            text.push_back(',');
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, values[j]);
        text.append(buffer, result.ptr);
    }
    text.push_back(']');
    return text;
}

// GDAL prints its errors to stderr by default; inside the writer they become the DataError text.
struct QuietErrors
{
    QuietErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietErrors() { CPLPopErrorHandler(); }
};

std::string lastGdalError()
{
    const char *message = CPLGetLastErrorMsg();
    return message && *message ? std::string(": ") + message : std::string();
}

} // namespace

void checkDatasetOutputPath(const std::string &path)
{
    GDALAllRegister();
    (void)driverForExtension(path);
}

void writeDataset(const Dataset &dataset, const std::string &path,
                  const DatasetWriteOptions &options, Feedback *feedback)
{
    GDALAllRegister();
    const std::string driverName = driverForExtension(path);
    const bool duckdb = driverName == "DuckDB";
    GDALDriver *driver =
        duckdb ? nullptr : GetGDALDriverManager()->GetDriverByName(driverName.c_str());
    if (!driver && !duckdb)
        throw DataError(path, "this GDAL has no " + driverName + " driver", std::nullopt, {},
                        "a GDAL built with " + driverName);
    const size_t n = dataset.size();
    if (dataset.embeddings.rows() != n || dataset.sourceWkb.size() > n ||
        dataset.ringOffsets.size() != n + 1)
        throw UsageError("writeDataset: the dataset's members do not have one entry per chip");

    // Written beside `path` and renamed over it when complete and verified (AtomicFile); GDAL
    // virtual paths (/vsimem/…) are written in place.
    std::optional<AtomicFile> atomic;
    if (path.rfind("/vsi", 0) != 0) {
        atomic.emplace(path);
        if (atomic->direct())
            throw DataError(path, "is not a regular file", std::nullopt, {},
                            "a file name for the dataset");
    }
    const std::string target = atomic ? atomic->writePath() : path;

    Embedding encoding = options.embedding;
    if (encoding == Embedding::Auto) {
        if (driverName == "GeoJSON" || driverName == "Parquet" || duckdb)
            encoding = Embedding::RealList;
        else if (driverName == "ESRI Shapefile")
            encoding = Embedding::Npy;
        else
            encoding = Embedding::Blob;
    }
    if (driverName == "ESRI Shapefile" &&
        (encoding == Embedding::Blob || encoding == Embedding::RealList ||
         encoding == Embedding::JsonText))
        throw DataError(path, "a Shapefile cannot hold an embedding column", std::nullopt,
                        options.embeddingColumn, "the .npy or no-embedding option for .shp");

    QuietErrors quiet;
    CPLErrorReset();

    // Spatial references: chips' geometries come in `from` (source CRS, or WGS 84 when only
    // lon/lat rings exist); they are written in `to`.
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference source = wgs84;
    if (!dataset.sourceCrsWkt.empty()) {
        if (source.importFromWkt(dataset.sourceCrsWkt.c_str()) != OGRERR_NONE)
            throw DataError(dataset.sourcePath, "the source CRS is not readable", std::nullopt, {},
                            "a WKT CRS definition");
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    const bool haveWkb = dataset.sourceWkb.size() == n;
    const OGRSpatialReference &from = haveWkb ? source : wgs84;
    const OGRSpatialReference &to = options.wgs84 ? wgs84 : source;
    std::unique_ptr<OGRCoordinateTransformation> transform;
    if (!from.IsSame(&to)) {
        transform.reset(OGRCreateCoordinateTransformation(&from, &to));
        if (!transform)
            throw DataError(path, "no transformation between the dataset CRS and WGS 84",
                            std::nullopt, {}, "a CRS known to PROJ");
    }

    // Geometries first: their type decides the layer's.
    std::vector<std::unique_ptr<OGRGeometry>> geometries(n);
    bool anyMulti = false;
    for (size_t i = 0; i < n; ++i) {
        OGRGeometry *geometry = nullptr;
        if (haveWkb) {
            const auto &wkb = dataset.sourceWkb[i];
            if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size(),
                                                  wkbVariantIso) != OGRERR_NONE)
                throw DataError(dataset.sourcePath, "the source geometry is not valid WKB",
                                int64_t(i), "geometry", "a polygon");
        } else {
            auto *ring = new OGRLinearRing();
            for (uint32_t k = dataset.ringOffsets[i]; k < dataset.ringOffsets[i + 1]; ++k)
                ring->addPoint(dataset.ringCoords[k].lon, dataset.ringCoords[k].lat);
            ring->closeRings();
            auto *polygon = new OGRPolygon();
            polygon->addRingDirectly(ring);
            geometry = polygon;
        }
        geometries[i].reset(geometry);
        if (transform && geometry->transform(transform.get()) != OGRERR_NONE)
            throw DataError(dataset.sourcePath, "the footprint cannot be reprojected", int64_t(i),
                            "geometry", "coordinates valid in the dataset CRS");
        anyMulti = anyMulti || wkbFlatten(geometry->getGeometryType()) != wkbPolygon;
    }
    if (anyMulti)
        for (auto &geometry : geometries)
            geometry.reset(OGRGeometryFactory::forceToMultiPolygon(geometry.release()));

    // Attributes: text; integers when every value is a canonical integer; reals when the column
    // holds real numbers (AttributeColumn::real) and every value is one.
    struct Column
    {
        const AttributeColumn *source;
        bool integer;
        int index = -1;
        bool real = false;
    };
    std::vector<Column> columns;
    bool fidAttribute = false;
    for (const auto &attribute : dataset.attributes) {
        const std::string name = lower(attribute.name);
        if (name == "id" || name == lower(options.embeddingColumn))
            continue;
        if (attribute.values.size() != n)
            throw UsageError("writeDataset: attribute '" + attribute.name +
                             "' does not have one value per chip");
        fidAttribute = fidAttribute || name == "fid";
        bool integer = !attribute.real;
        for (const auto &value : attribute.values)
            if (value && !isCanonicalInteger(*value)) {
                integer = false;
                break;
            }
        bool real = attribute.real;
        for (const auto &value : attribute.values) {
            if (!real || !value)
                continue;
            char *end = nullptr;
            const double number = std::strtod(value->c_str(), &end);
            real = !value->empty() && *end == '\0' && std::isfinite(number);
        }
        columns.push_back({&attribute, integer, -1, real});
    }

    if (duckdb) {
        if (encoding != Embedding::RealList)
            throw DataError(path, "GeoParquet through DuckDB holds the embedding as a list only",
                            std::nullopt, options.embeddingColumn,
                            "the automatic or real-list embedding option for .parquet");
        std::vector<std::vector<uint8_t>> wkb(n);
        for (size_t i = 0; i < n; ++i) {
            wkb[i].resize(geometries[i]->WkbSize());
            geometries[i]->exportToWkb(wkbNDR, wkb[i].data(), wkbVariantIso);
        }
        std::string projJson;
        if (!to.IsSame(&wgs84)) {
            char *json = nullptr;
            to.exportToPROJJSON(&json, nullptr);
            projJson = json ? json : "";
            CPLFree(json);
        }
        std::vector<GeoParquetWriter::Column> parquetColumns;
        for (const auto &column : columns)
            parquetColumns.push_back({column.source, column.integer});
        std::error_code removeError;
        std::filesystem::remove(target, removeError);
        try {
            GeoParquetWriter::write(dataset, target, wkb, anyMulti, projJson,
                                    options.embeddingColumn, parquetColumns, feedback);
        } catch (...) {
            std::filesystem::remove(target, removeError);
            throw;
        }
        if (atomic)
            atomic->commit();
        return;
    }

    std::error_code ignored;
    VSIStatBufL stat;
    if (VSIStatL(target.c_str(), &stat) == 0 && driver->Delete(target.c_str()) != CE_None)
        std::filesystem::remove(target, ignored);
    GDALDatasetUniquePtr output(driver->Create(target.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!output)
        throw DataError(path, "GDAL cannot create the file" + lastGdalError(), std::nullopt, {},
                        "a writable location");
    bool completed = false;
    struct Cleanup
    {
        GDALDatasetUniquePtr &output;
        GDALDriver *driver;
        const std::string &path;
        const bool &completed;
        ~Cleanup()
        {
            if (completed)
                return;
            output.reset();
            driver->Delete(path.c_str());
        }
    } cleanup{output, driver, target, completed};

    const std::string layerName =
        options.layerName.empty() ? std::filesystem::path(path).stem().string() : options.layerName;
    CPLStringList layerOptions;
    if (driverName == "FlatGeobuf")
        layerOptions.SetNameValue("SPATIAL_INDEX", "NO");
    if (driverName == "GPKG" && fidAttribute)
        layerOptions.SetNameValue("FID", "chipfinder_fid");
    if (driverName == "ESRI Shapefile")
        layerOptions.SetNameValue("ENCODING", "UTF-8");
    OGRSpatialReference *layerSrs = to.Clone();
    OGRLayer *layer = output->CreateLayer(
        layerName.c_str(), layerSrs, anyMulti ? wkbMultiPolygon : wkbPolygon, layerOptions.List());
    layerSrs->Release();
    if (!layer)
        throw DataError(path, "GDAL cannot create the layer" + lastGdalError(), std::nullopt, {},
                        "a writable " + driverName + " file");
    if (!dataset.imageryPath.empty()) {
        const ImageryReference imagery = imageryReference(path, dataset.imageryPath);
        layer->SetMetadataItem(ImageryMetadataKey, imagery.relative.c_str());
        layer->SetMetadataItem(ImageryAbsoluteMetadataKey, imagery.absolute.c_str());
    }

    const char *types = driver->GetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES);
    const CPLStringList typeList(types ? CSLTokenizeString(types) : nullptr);
    auto createField = [&](const std::string &name, OGRFieldType type) {
        const char *typeName = OGRFieldDefn::GetFieldTypeName(type);
        if (!typeList.empty() && typeList.FindString(typeName) < 0)
            throw DataError(path, driverName + " cannot hold a column of type " + typeName,
                            std::nullopt, name,
                            "an embedding encoding the format supports (blob or JSON text)");
        OGRFieldDefn definition(name.c_str(), type);
        if (layer->CreateField(&definition) != OGRERR_NONE)
            throw DataError(path, "GDAL cannot create the column" + lastGdalError(), std::nullopt,
                            name, "a column type " + driverName + " supports");
        return layer->GetLayerDefn()->GetFieldCount() - 1;
    };
    // Blobs say their element type, so that no reader has to tell it from the bytes.
    if (encoding == Embedding::Blob)
        layer->SetMetadataItem("embedding_type", "float32");
    const int idIndex = createField("id", OFTString);
    int embeddingIndex = -1;
    if (encoding == Embedding::Blob)
        embeddingIndex = createField(options.embeddingColumn, OFTBinary);
    else if (encoding == Embedding::RealList)
        embeddingIndex = createField(options.embeddingColumn, OFTRealList);
    else if (encoding == Embedding::JsonText)
        embeddingIndex = createField(options.embeddingColumn, OFTString);
    for (auto &column : columns)
        column.index = createField(column.source->name, column.real      ? OFTReal
                                                        : column.integer ? OFTInteger64
                                                                         : OFTString);

    const bool transaction =
        output->TestCapability(ODsCTransactions) && output->StartTransaction(FALSE) == OGRERR_NONE;
    const size_t dim = dataset.dim();
    std::vector<double> doubles(embeddingIndex >= 0 && encoding == Embedding::RealList ? dim : 0);
    for (size_t i = 0; i < n; ++i) {
        if (feedback && i % 256 == 0) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(i) / double(n));
        }
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetField(idIndex, dataset.ids[i].c_str());
        const auto vector = dataset.embeddings.row(i);
        if (encoding == Embedding::Blob) {
            feature.SetField(embeddingIndex, int(vector.size() * sizeof(float)), vector.data());
        } else if (encoding == Embedding::RealList) {
            std::copy(vector.begin(), vector.end(), doubles.begin());
            feature.SetField(embeddingIndex, int(dim), doubles.data());
        } else if (encoding == Embedding::JsonText) {
            feature.SetField(embeddingIndex, jsonArray(vector).c_str());
        }
        for (const auto &column : columns) {
            const auto &value = column.source->values[i];
            if (!value)
                feature.SetFieldNull(column.index);
            else if (column.real)
                feature.SetField(column.index, std::strtod(value->c_str(), nullptr));
            else if (column.integer)
                feature.SetField(column.index, GIntBig(std::stoll(*value)));
            else
                feature.SetField(column.index, value->c_str());
        }
        feature.SetGeometryDirectly(geometries[i].release());
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw DataError(path, "GDAL cannot write the feature" + lastGdalError(), int64_t(i), {},
                            "a writable " + driverName + " file");
    }
    if (transaction && output->CommitTransaction() != OGRERR_NONE)
        throw DataError(path, "GDAL cannot commit the features" + lastGdalError(), std::nullopt, {},
                        "a writable " + driverName + " file");
    CPLErrorReset();
    output.reset(); // closing writes what is buffered
    if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
        throw DataError(path, "GDAL cannot write the file" + lastGdalError(), std::nullopt, {},
                        "a writable location with free space");

    // GDAL drivers do not all check their writes: the file must read back whole.
    if (atomic) {
        QuietErrors quiet;
        GDALDatasetUniquePtr check(
            GDALDataset::Open(target.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        OGRLayer *written = check ? check->GetLayerByName(layerName.c_str()) : nullptr;
        if (!written && check && check->GetLayerCount() == 1)
            written = check->GetLayer(0);
        const GIntBig count = written ? written->GetFeatureCount(TRUE) : -1;
        if (count != GIntBig(n))
            throw DataError(path,
                            "the written file does not read back whole (" +
                                std::to_string(count < 0 ? 0 : count) + " of " + std::to_string(n) +
                                " features)" + lastGdalError(),
                            std::nullopt, {}, "a writable location with free space");
    }
    if (encoding == Embedding::Npy) {
        std::string npyPath = options.npyPath;
        if (npyPath.empty())
            npyPath = std::filesystem::path(target).replace_extension(".npy").string();
        writeNpy(npyPath, dataset.embeddings);
    }
    if (atomic)
        atomic->commit();
    completed = true;
    if (feedback)
        feedback->setProgress(1.0);
}

} // namespace chipfinder
