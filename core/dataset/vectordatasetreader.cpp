#include "dataset/vectordatasetreader.h"
#include "dataset/imageryreference.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "common/text.h"
#include "dataset/datasetbuilder.h"
#include "dataset/embeddingcolumns.h"
#include "dataset/npyfile.h"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <utility>

namespace chipfinder {
namespace {

enum class Encoding
{
    None,
    RealList,
    IntegerList,
    Integer64List,
    Blob,
    JsonText,
    ColumnRun
};

const char *skipBlanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        ++p;
    return p;
}

bool looksLikeJsonArray(const char *text)
{
    const char *p = skipBlanks(text, text + std::strlen(text));
    return *p == '[';
}

// Parses "[1, 2.5, -3e-2]" into out. Returns -1 on success, else the index of the bad element.
int64_t parseJsonArray(const char *text, std::vector<float> &out)
{
    out.clear();
    const char *end = text + std::strlen(text);
    const char *p = skipBlanks(text, end);
    if (p == end || *p != '[')
        return 0;
    p = skipBlanks(p + 1, end);
    if (p < end && *p == ']')
        return skipBlanks(p + 1, end) == end ? -1 : 0;
    while (true) {
        double value = 0.0;
        const auto result = std::from_chars(p, end, value);
        if (result.ec != std::errc())
            return int64_t(out.size());
        out.push_back(float(value));
        p = skipBlanks(result.ptr, end);
        if (p < end && *p == ',') {
            p = skipBlanks(p + 1, end);
            continue;
        }
        if (p < end && *p == ']' && skipBlanks(p + 1, end) == end)
            return -1;
        return int64_t(out.size());
    }
}

int namePriority(const std::string &name)
{
    static const char *const preferred[] = {"embedding", "embeddings", "vector", "emb"};
    const std::string n = lower(name);
    for (int i = 0; i < 4; ++i)
        if (n == preferred[i])
            return i;
    if (n.find("emb") != std::string::npos || n.find("vec") != std::string::npos)
        return 4;
    return 5;
}

// How field i of the first feature can be an embedding, or None.
Encoding encodingOf(const OGRFeature &feature, int i)
{
    const OGRFieldDefn *definition = feature.GetFieldDefnRef(i);
    const bool set = feature.IsFieldSetAndNotNull(i);
    switch (definition->GetType()) {
    case OFTRealList:
        return Encoding::RealList;
    case OFTIntegerList:
        return Encoding::IntegerList;
    case OFTInteger64List:
        return Encoding::Integer64List;
    case OFTBinary: {
        int bytes = 0;
        if (set)
            feature.GetFieldAsBinary(i, &bytes);
        return set && bytes > 0 && bytes % 2 == 0 ? Encoding::Blob : Encoding::None;
    }
    case OFTString:
        return set && looksLikeJsonArray(feature.GetFieldAsString(i)) ? Encoding::JsonText
                                                                      : Encoding::None;
    default:
        return Encoding::None;
    }
}

std::string fieldList(const OGRFeatureDefn &definition)
{
    std::string text;
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
        if (i)
            text += ", ";
        const OGRFieldDefn *field = definition.GetFieldDefn(i);
        text += std::string(field->GetNameRef()) + " (" +
                OGRFieldDefn::GetFieldTypeName(field->GetType()) + ")";
    }
    return text.empty() ? "none" : text;
}

int findField(const OGRFeatureDefn &definition, const std::string &name)
{
    const int exact = definition.GetFieldIndex(name.c_str()); // case-insensitive in OGR
    return exact;
}

OGRLayer *chooseLayer(GDALDataset &source, const std::string &path, const std::string &name)
{
    if (!name.empty()) {
        OGRLayer *layer = source.GetLayerByName(name.c_str());
        if (!layer) {
            std::string names;
            for (int i = 0; i < source.GetLayerCount(); ++i)
                names += (i ? ", " : "") + std::string(source.GetLayer(i)->GetName());
            throw DataError(path, "there is no layer '" + name + "'", std::nullopt, {},
                            "one of: " + (names.empty() ? std::string("(none)") : names));
        }
        return layer;
    }
    for (int i = 0; i < source.GetLayerCount(); ++i) {
        OGRLayer *layer = source.GetLayer(i);
        if (layer->GetLayerDefn()->GetGeomFieldCount() > 0)
            return layer;
    }
    if (source.GetLayerCount() == 0)
        throw DataError(path, "the file has no vector layer", std::nullopt, {},
                        "a layer of footprint polygons");
    throw DataError(path, "no layer has a geometry column", std::nullopt, {},
                    "a layer of footprint polygons");
}

std::string quotedSqlName(const std::string &name)
{
    std::string quoted = "\"";
    for (const char c : name) {
        quoted.push_back(c);
        if (c == '"')
            quoted.push_back('"');
    }
    return quoted + "\"";
}

std::vector<ColumnName> columnNames(const OGRFeatureDefn &definition)
{
    std::vector<ColumnName> names;
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
        const OGRFieldType type = definition.GetFieldDefn(i)->GetType();
        names.push_back({definition.GetFieldDefn(i)->GetNameRef(),
                         type == OFTReal || type == OFTInteger || type == OFTInteger64});
    }
    return names;
}

// chip_size_m from the layer's or the dataset's metadata, or 0.
double chipSizeFromMetadata(GDALDataset &source, OGRLayer &layer)
{
    for (const char *text :
         {layer.GetMetadataItem("chip_size_m"), source.GetMetadataItem("chip_size_m")}) {
        if (!text)
            continue;
        char *end = nullptr;
        const double value = std::strtod(text, &end);
        if (end != text && value > 0.0 && std::isfinite(value))
            return value;
    }
    return 0.0;
}

std::string driverNameOf(GDALDataset &source)
{
    return source.GetDriver() ? source.GetDriver()->GetDescription() : "vector";
}

} // namespace

Dataset VectorDatasetReader::read(GDALDataset &source, const std::string &path,
                                  const DatasetOpenOptions &options, Feedback *feedback)
{
    OGRLayer *layer = chooseLayer(source, path, options.layer);
    const OGRFeatureDefn &definition = *layer->GetLayerDefn();
    const std::string layerName = layer->GetName();
    if (definition.GetGeomFieldCount() == 0)
        throw DataError(path, "the layer '" + layerName + "' has no geometry column", std::nullopt,
                        {}, "a layer of footprint polygons");
    std::string geometryField = layer->GetGeometryColumn();
    if (geometryField.empty())
        geometryField = "geometry";

    const GIntBig featureCount = layer->GetFeatureCount(TRUE);
    layer->ResetReading();
    OGRFeatureUniquePtr first(layer->GetNextFeature());
    if (!first || featureCount == 0)
        throw DataError(path, "the layer '" + layerName + "' has no features", std::nullopt, {},
                        "at least one footprint");

    // The embedding: a named column, a detected column, or a .npy matrix.
    int embeddingIndex = -1;
    Encoding encoding = Encoding::None;
    std::optional<ColumnRun> run;
    const std::vector<ColumnName> names = columnNames(definition);
    std::string npyPath = options.npyPath;
    const auto blobType = parseElementType(options.blobType);
    if (!blobType)
        throw DataError(path, "the blob element type '" + options.blobType + "' is not known",
                        std::nullopt, "blobType", "f16, f32 or f64");
    if (!options.embeddingColumn.empty() && !npyPath.empty())
        throw DataError(path, "both an embedding column and a .npy matrix are given", std::nullopt,
                        options.embeddingColumn, "one source of embeddings");
    if (!options.embeddingColumn.empty() && options.embeddingColumn.back() == '*') {
        const std::string prefix =
            options.embeddingColumn.substr(0, options.embeddingColumn.size() - 1);
        run = findColumnRun(names, prefix);
        if (!run)
            throw DataError(path, "no numeric columns " + prefix + "0/1, " + prefix + "1/2, …",
                            std::nullopt, options.embeddingColumn,
                            "numeric columns named " + prefix +
                                " + an index from 0 or 1, among: " + fieldList(definition));
        encoding = Encoding::ColumnRun;
    } else if (!options.embeddingColumn.empty()) {
        embeddingIndex = findField(definition, options.embeddingColumn);
        if (embeddingIndex < 0)
            throw DataError(path, "there is no column '" + options.embeddingColumn + "'",
                            std::nullopt, options.embeddingColumn,
                            "one of the fields: " + fieldList(definition));
        const OGRFieldType type = definition.GetFieldDefn(embeddingIndex)->GetType();
        encoding = type == OFTRealList        ? Encoding::RealList
                   : type == OFTIntegerList   ? Encoding::IntegerList
                   : type == OFTInteger64List ? Encoding::Integer64List
                   : type == OFTBinary        ? Encoding::Blob
                   : type == OFTString        ? Encoding::JsonText
                                              : Encoding::None;
        if (encoding == Encoding::None)
            throw DataError(
                path, std::string("the column is of type ") + OGRFieldDefn::GetFieldTypeName(type),
                std::nullopt, options.embeddingColumn,
                "a real list, a float blob, JSON array text, or PREFIX* for numbered columns");
    } else if (npyPath.empty()) {
        int best = 1 << 30;
        for (int i = 0; i < definition.GetFieldCount(); ++i) {
            const Encoding candidate = encodingOf(*first, i);
            if (candidate == Encoding::None)
                continue;
            const int score =
                namePriority(definition.GetFieldDefn(i)->GetNameRef()) * 10 + int(candidate);
            if (score < best) {
                best = score;
                embeddingIndex = i;
                encoding = candidate;
            }
        }
        if (embeddingIndex < 0) {
            run = findColumnRun(names);
            if (run)
                encoding = Encoding::ColumnRun;
        }
        if (embeddingIndex < 0 && !run) {
            const auto sibling = std::filesystem::path(path).replace_extension(".npy");
            VSIStatBufL stat;
            if (VSIStatL(sibling.c_str(), &stat) == 0)
                npyPath = sibling.string();
            else
                throw DataError(
                    path, "no embedding column found among the fields " + fieldList(definition),
                    std::nullopt, {},
                    "a real-list, float-blob or JSON-array column, numbered numeric columns "
                    "(A00…A63), or a .npy matrix");
        }
    }
    const std::string embeddingField = run ? run->describe(names)
                                       : embeddingIndex >= 0
                                           ? definition.GetFieldDefn(embeddingIndex)->GetNameRef()
                                           : npyPath;
    std::vector<bool> inRun(size_t(definition.GetFieldCount()), false);
    if (run)
        for (const int i : run->columns)
            inRun[size_t(i)] = true;

    // Blobs: the element type given, or detected from the first rows.
    ElementType elementType = *blobType;
    if (encoding == Encoding::Blob && elementType == ElementType::Auto)
        for (const char *declared :
             {layer->GetMetadataItem("embedding_type"), source.GetMetadataItem("embedding_type")})
            if (declared && elementType == ElementType::Auto) {
                const auto type = parseElementType(declared);
                if (!type || *type == ElementType::Auto)
                    throw DataError(path,
                                    "the metadata embedding_type '" + std::string(declared) +
                                        "' is not an element type",
                                    std::nullopt, "embedding_type", "float16, float32 or float64");
                elementType = *type;
            }
    if (encoding == Encoding::Blob && elementType == ElementType::Auto) {
        std::vector<std::vector<uint8_t>> samples;
        layer->ResetReading();
        for (OGRFeatureUniquePtr f(layer->GetNextFeature()); f && samples.size() < 64;
             f.reset(layer->GetNextFeature())) {
            if (!f->IsFieldSetAndNotNull(embeddingIndex))
                continue;
            int bytes = 0;
            const GByte *data = f->GetFieldAsBinary(embeddingIndex, &bytes);
            if (bytes > 0)
                samples.emplace_back(data, data + bytes);
        }
        elementType = detectElementType(samples, path, embeddingField);
        layer->ResetReading();
        first.reset(layer->GetNextFeature());
    }

    // The id column.
    int idIndex = -1;
    if (!options.idColumn.empty()) {
        idIndex = findField(definition, options.idColumn);
        if (idIndex < 0)
            throw DataError(path, "there is no column '" + options.idColumn + "'", std::nullopt,
                            options.idColumn, "one of the fields: " + fieldList(definition));
    } else {
        for (const char *name : {"id", "chip_id", "chipid", "tile_id", "fid", "uid"}) {
            const int i = findField(definition, name);
            if (i >= 0 && i != embeddingIndex && !inRun[size_t(i)]) {
                idIndex = i;
                break;
            }
        }
    }
    const std::string idField =
        idIndex >= 0 ? definition.GetFieldDefn(idIndex)->GetNameRef() : std::string("row number");

    // Matching .npy rows by a column.
    EmbeddingMatrix npy;
    int npyIdIndex = -1;
    std::vector<int64_t> npyRows;
    const bool omitEmbeddings = !options.loadEmbeddings;
    if (omitEmbeddings && embeddingIndex >= 0) {
        // OGR then skips decoding the column (and GPKG/FlatGeobuf skip its bytes).
        const char *ignored[] = {definition.GetFieldDefn(embeddingIndex)->GetNameRef(), nullptr};
        layer->SetIgnoredFields(ignored);
        layer->ResetReading(); // some drivers (GPKG) restart the query: start again from row 0
        first.reset(layer->GetNextFeature());
    }
    if (!npyPath.empty() && !omitEmbeddings) {
        Feedback npyStep(feedback, 0.0, 0.5);
        npy = readNpy(npyPath, &npyStep);
        if (!options.npyIdColumn.empty()) {
            npyIdIndex = findField(definition, options.npyIdColumn);
            if (npyIdIndex < 0)
                throw DataError(path, "there is no column '" + options.npyIdColumn + "'",
                                std::nullopt, options.npyIdColumn,
                                "one of the fields: " + fieldList(definition));
        } else if (featureCount > 0 && npy.rows() != size_t(featureCount)) {
            throw DataError(npyPath,
                            "the matrix has " + std::to_string(npy.rows()) +
                                " rows but the layer '" + layerName + "' of " + path + " has " +
                                std::to_string(featureCount) + " features",
                            std::nullopt, "shape", "one row per feature, in feature order");
        }
    }

    // A layer without CRS is taken as lon/lat, if its coordinates can be.
    std::string crsWkt = options.crs;
    if (!options.crs.empty()) {
        // given: used as it is
    } else if (const OGRSpatialReference *srs = layer->GetSpatialRef()) {
        char *text = nullptr;
        const char *const wktOptions[] = {"FORMAT=WKT2_2018", nullptr};
        srs->exportToWkt(&text, wktOptions);
        crsWkt = text ? text : "";
        CPLFree(text);
    } else {
        OGREnvelope extent;
        if (layer->GetExtent(&extent, TRUE) == OGRERR_NONE &&
            (extent.MinX < -180.0 || extent.MaxX > 180.0 || extent.MinY < -90.0 ||
             extent.MaxY > 90.0))
            throw DataError(
                path,
                "the layer '" + layerName +
                    "' has no CRS and its coordinates are not longitude/latitude",
                std::nullopt, geometryField,
                "a CRS definition (e.g. a .prj file), or --crs (e.g. --crs EPSG:32614)");
        layer->ResetReading();
        first.reset(layer->GetNextFeature());
    }

    DatasetBuilder builder(path, crsWkt);
    builder.setDriver(source.GetDriver() ? source.GetDriver()->GetDescription() : "");
    builder.setEmbeddingSource(embeddingField);
    builder.setFieldNames(idField, geometryField, embeddingField);
    builder.setStrict(options.strict);
    builder.setPointChipSize(options.chipSizeMeters > 0.0 ? options.chipSizeMeters
                                                          : chipSizeFromMetadata(source, *layer));
    if (encoding == Encoding::Blob)
        builder.setBlobElementType(elementTypeName(elementType));
    if (featureCount > 0)
        builder.reserve(size_t(featureCount));
    if (omitEmbeddings)
        builder.omitEmbeddings();
    else if (embeddingIndex < 0 && !run)
        builder.deferEmbeddings();
    std::vector<int> attributeIndex;
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
        if (i == embeddingIndex || i == idIndex || inRun[size_t(i)])
            continue;
        attributeIndex.push_back(i);
        builder.attributes().push_back({definition.GetFieldDefn(i)->GetNameRef(),
                                        {},
                                        definition.GetFieldDefn(i)->GetType() == OFTReal});
        if (featureCount > 0)
            builder.attributes().back().values.reserve(size_t(featureCount));
    }

    // A GeoPackage (SQLite) column holds any value whatever its declared type, and OGR reads a
    // text ('maybe') or a fraction (0.5) in an INTEGER column as 0: such cells keep the text
    // they store, so that whoever reads the column (e.g. the ground truth) sees them.
    std::map<std::pair<GIntBig, int>, std::string> storedText;
    if (driverNameOf(source) == "GPKG" && layer->GetFIDColumn() && *layer->GetFIDColumn()) {
        for (const int i : attributeIndex) {
            const OGRFieldType type = definition.GetFieldDefn(i)->GetType();
            if (type != OFTInteger && type != OFTInteger64 && type != OFTReal)
                continue;
            const std::string column = quotedSqlName(definition.GetFieldDefn(i)->GetNameRef());
            const std::string sql = "SELECT " + quotedSqlName(layer->GetFIDColumn()) + ", CAST(" +
                                    column + " AS TEXT) FROM " + quotedSqlName(layerName) +
                                    " WHERE typeof(" + column + ") NOT IN ('null', 'integer'" +
                                    (type == OFTReal ? ", 'real')" : ")");
            OGRLayer *odd = source.ExecuteSQL(sql.c_str(), nullptr, nullptr);
            if (!odd)
                continue;
            for (OGRFeatureUniquePtr cell(odd->GetNextFeature()); cell;
                 cell.reset(odd->GetNextFeature()))
                storedText[{cell->GetFID(), i}] = cell->GetFieldAsString(0); // fid is the FID
            source.ReleaseResultSet(odd);
        }
        CPLErrorReset();
    }

    std::vector<float> vector;
    int64_t pendingNpyRow = 0;
    int64_t row = 0;
    // A damaged file makes GDAL report a failure and end the features early: after the loop,
    // both the reported error and the count against the declared one are checked.
    CPLErrorReset();
    for (OGRFeatureUniquePtr feature = std::move(first); feature;
         feature.reset(layer->GetNextFeature()), ++row) {
        if (feedback && row % 256 == 0) {
            feedback->throwIfCanceled();
            if (featureCount > 0)
                feedback->setProgress((npy.empty() ? 0.0 : 0.5) + (npy.empty() ? 1.0 : 0.5) *
                                                                      double(row) /
                                                                      double(featureCount));
        }
        std::string id;
        if (idIndex < 0) {
            id = std::to_string(row);
        } else if (!feature->IsFieldSetAndNotNull(idIndex)) {
            builder.skip("null id",
                         DataError(path, "the id is null", row, idField, "a unique non-empty id"));
            continue;
        } else {
            id = feature->GetFieldAsString(idIndex);
        }
        const OGRGeometry *geometry = feature->GetGeometryRef();
        if (!geometry) {
            builder.skip("null geometry",
                         DataError(path, "the feature has no geometry", row, geometryField,
                                   "a polygon or multipolygon"),
                         id);
            continue;
        }

        vector.clear();
        if (omitEmbeddings) {
        } else if (run) {
            bool complete = true;
            for (size_t j = 0; j < run->columns.size() && complete; ++j) {
                const int i = run->columns[j];
                complete = feature->IsFieldSetAndNotNull(i);
                if (complete)
                    vector.push_back(float(feature->GetFieldAsDouble(i)));
                else
                    builder.skip("null embedding",
                                 DataError(path, "the column " + names[size_t(i)].name + " is null",
                                           row, embeddingField, "a number in every column"),
                                 id);
            }
            if (!complete)
                continue;
        } else if (embeddingIndex >= 0) {
            if (!feature->IsFieldSetAndNotNull(embeddingIndex)) {
                builder.skip("null embedding",
                             DataError(path, "the embedding is null", row, embeddingField,
                                       "a vector of numbers"),
                             id);
                continue;
            }
            int count = 0;
            switch (encoding) {
            case Encoding::RealList: {
                const double *values = feature->GetFieldAsDoubleList(embeddingIndex, &count);
                vector.assign(values, values + count);
                break;
            }
            case Encoding::IntegerList: {
                const int *values = feature->GetFieldAsIntegerList(embeddingIndex, &count);
                vector.assign(values, values + count);
                break;
            }
            case Encoding::Integer64List: {
                const GIntBig *values = feature->GetFieldAsInteger64List(embeddingIndex, &count);
                vector.assign(values, values + count);
                break;
            }
            case Encoding::Blob: {
                const GByte *bytes = feature->GetFieldAsBinary(embeddingIndex, &count);
                const size_t size = elementBytes(elementType);
                if (size_t(count) % size != 0)
                    throw DataError(path,
                                    "the blob has " + std::to_string(count) +
                                        " bytes, not a multiple of " + std::to_string(size),
                                    row, embeddingField,
                                    std::string(elementTypeName(elementType)) +
                                        " little-endian values");
                decodeElements({bytes, size_t(count)}, elementType, vector);
                break;
            }
            case Encoding::JsonText: {
                const int64_t bad =
                    parseJsonArray(feature->GetFieldAsString(embeddingIndex), vector);
                if (bad >= 0)
                    throw DataError(path,
                                    "the text is not a JSON array of numbers (element " +
                                        std::to_string(bad) + ")",
                                    row, embeddingField, "a JSON array of numbers");
                break;
            }
            case Encoding::None:
            case Encoding::ColumnRun:
                break;
            }
        } else if (npyIdIndex >= 0) {
            const char *text = feature->GetFieldAsString(npyIdIndex);
            int64_t k = -1;
            const char *end = text + std::strlen(text);
            const auto result = std::from_chars(text, end, k);
            if (!feature->IsFieldSetAndNotNull(npyIdIndex) || result.ec != std::errc() ||
                result.ptr != end || k < 0 || size_t(k) >= npy.rows())
                throw DataError(path, "the .npy row '" + std::string(text) + "' is out of range",
                                row, options.npyIdColumn,
                                "an integer from 0 to " + std::to_string(npy.rows() - 1) +
                                    " (rows of " + npyPath + ")");
            pendingNpyRow = k;
        } else {
            pendingNpyRow = row;
        }

        if (!builder.addChip(std::move(id), *geometry, vector, row))
            continue;
        if (embeddingIndex < 0 && !run)
            npyRows.push_back(pendingNpyRow);
        for (size_t a = 0; a < attributeIndex.size(); ++a) {
            const int i = attributeIndex[a];
            auto &values = builder.attributes()[a].values;
            if (!storedText.empty())
                if (const auto it = storedText.find({feature->GetFID(), i});
                    it != storedText.end()) {
                    values.emplace_back(it->second);
                    continue;
                }
            if (feature->IsFieldSetAndNotNull(i))
                values.emplace_back(feature->GetFieldAsString(i));
            else
                values.emplace_back(std::nullopt);
        }
    }
    if (CPLGetLastErrorType() >= CE_Failure)
        throw DataError(path,
                        "the file is damaged: GDAL failed reading the features after row " +
                            std::to_string(row - 1) + ": " + CPLGetLastErrorMsg(),
                        row, {}, "an intact " + driverNameOf(source) + " file");
    if (row == 0)
        throw DataError(path, "the layer '" + layerName + "' has no features", std::nullopt, {},
                        "at least one footprint");
    if (featureCount > 0 && row != featureCount)
        throw DataError(path,
                        "the file is damaged: " + std::to_string(row) + " features read of the " +
                            std::to_string(featureCount) + " the layer '" + layerName +
                            "' declares",
                        row, {}, "an intact " + driverNameOf(source) + " file");

    if (embeddingIndex < 0 && !run && !omitEmbeddings) {
        if (npyIdIndex < 0 && npy.rows() != size_t(row))
            throw DataError(npyPath,
                            "the matrix has " + std::to_string(npy.rows()) +
                                " rows but the layer '" + layerName + "' of " + path + " has " +
                                std::to_string(row) + " features",
                            std::nullopt, "shape", "one row per feature, in feature order");
        if (npyIdIndex >= 0 || npyRows.size() != npy.rows())
            builder.setEmbeddings(npy.selectRows(npyRows), npyRows);
        else
            builder.setEmbeddings(std::move(npy));
    }
    Dataset dataset = builder.finish();
    // The raster the chips were cut from, when the file records one (chipfinder-cli embed).
    const char *relative = layer->GetMetadataItem(ImageryMetadataKey);
    const char *absolute = layer->GetMetadataItem(ImageryAbsoluteMetadataKey);
    if (relative || absolute)
        dataset.imageryPath =
            resolveImagery(path, {relative ? relative : "", absolute ? absolute : ""});
    if (feedback)
        feedback->setProgress(1.0);
    return dataset;
}

} // namespace chipfinder
