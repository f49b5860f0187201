#include "dataset/datasetbuilder.h"

#include "common/errors.h"

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cmath>

namespace chipfinder {

struct DatasetBuilder::Projection
{
    OGRSpatialReference source;
    OGRSpatialReference wgs84;
    std::unique_ptr<OGRCoordinateTransformation> toWgs84; // null when source is WGS 84 already
};

namespace {

std::string wktOf(const OGRSpatialReference &srs)
{
    char *text = nullptr;
    const char *const options[] = {"FORMAT=WKT2_2018", nullptr};
    srs.exportToWkt(&text, options);
    std::string wkt = text ? text : "";
    CPLFree(text);
    return wkt;
}

bool isPolygonal(OGRwkbGeometryType type)
{
    type = wkbFlatten(type);
    return type == wkbPolygon || type == wkbMultiPolygon || type == wkbCurvePolygon ||
           type == wkbMultiSurface;
}

} // namespace

DatasetBuilder::DatasetBuilder(std::string sourcePath, std::string sourceCrsWkt)
    : m_projection(std::make_unique<Projection>())
{
    m_dataset.sourcePath = std::move(sourcePath);
    m_dataset.ringOffsets.push_back(0);
    auto &p = *m_projection;
    p.wgs84.importFromEPSG(4326);
    p.wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (sourceCrsWkt.empty()) {
        p.source.importFromEPSG(4326);
    } else if (p.source.SetFromUserInput(sourceCrsWkt.c_str()) != OGRERR_NONE) {
        throw DataError(m_dataset.sourcePath, "the coordinate reference system is not readable",
                        std::nullopt, {}, "a WKT CRS definition");
    }
    p.source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_dataset.sourceCrsWkt = wktOf(p.source);
    if (!p.source.IsSame(&p.wgs84)) {
        p.toWgs84.reset(OGRCreateCoordinateTransformation(&p.source, &p.wgs84));
        if (!p.toWgs84)
            throw DataError(m_dataset.sourcePath,
                            "no transformation from the source CRS to WGS 84 is available",
                            std::nullopt, {}, "a CRS known to PROJ");
    }
}

DatasetBuilder::~DatasetBuilder() = default;

void DatasetBuilder::setFieldNames(std::string idField, std::string geometryField,
                                   std::string embeddingField)
{
    m_idField = std::move(idField);
    if (!geometryField.empty())
        m_geometryField = std::move(geometryField);
    if (!embeddingField.empty())
        m_embeddingField = std::move(embeddingField);
}

void DatasetBuilder::reserve(size_t chips)
{
    m_dataset.ids.reserve(chips);
    m_dataset.bounds.reserve(chips);
    m_dataset.sourceWkb.reserve(chips);
    m_dataset.ringOffsets.reserve(chips + 1);
    m_dataset.ringCoords.reserve(chips * 5);
    m_rowOfId.reserve(chips);
    if (m_dim > 0)
        m_values.reserve(chips * m_dim);
}

void DatasetBuilder::addChip(std::string id, const OGRGeometry &footprint,
                             std::span<const float> embedding, int64_t row)
{
    const std::string &file = m_dataset.sourcePath;
    const OGRwkbGeometryType type = footprint.getGeometryType();
    if (!isPolygonal(type))
        throw DataError(file, std::string("the geometry is a ") + OGRGeometryTypeToName(type), row,
                        m_geometryField, "a polygon or multipolygon");
    if (footprint.IsEmpty())
        throw DataError(file, "the geometry is empty", row, m_geometryField,
                        "a polygon or multipolygon");

    std::unique_ptr<OGRGeometry> lonLat(footprint.hasCurveGeometry() ? footprint.getLinearGeometry()
                                                                     : footprint.clone());
    lonLat->flattenTo2D();
    if (m_projection->toWgs84 && lonLat->transform(m_projection->toWgs84.get()) != OGRERR_NONE)
        throw DataError(file, "the footprint cannot be reprojected to WGS 84", row, m_geometryField,
                        "coordinates valid in the source CRS");
    const OGRPolygon *polygon = nullptr;
    if (wkbFlatten(lonLat->getGeometryType()) == wkbPolygon)
        polygon = lonLat->toPolygon();
    else if (const auto *multi = lonLat->toMultiPolygon(); multi->getNumGeometries() > 0)
        polygon = multi->getGeometryRef(0);
    const OGRLinearRing *ring = polygon ? polygon->getExteriorRing() : nullptr;
    if (!ring || ring->getNumPoints() < 3)
        throw DataError(file, "the polygon has no outer ring", row, m_geometryField,
                        "a polygon with at least three vertices");

    OGREnvelope envelope;
    lonLat->getEnvelope(&envelope);
    if (!std::isfinite(envelope.MinX) || !std::isfinite(envelope.MaxX) ||
        !std::isfinite(envelope.MinY) || !std::isfinite(envelope.MaxY))
        throw DataError(file, "the footprint has non-finite coordinates in WGS 84", row,
                        m_geometryField, "coordinates valid in the source CRS");

    addId(std::move(id), row);
    addEmbedding(embedding, row);

    std::vector<uint8_t> wkb(footprint.WkbSize());
    footprint.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    m_dataset.sourceWkb.push_back(std::move(wkb));
    const int n = ring->getNumPoints();
    for (int i = 0; i < n; ++i)
        m_dataset.ringCoords.push_back({ring->getX(i), ring->getY(i)});
    if (ring->getX(0) != ring->getX(n - 1) || ring->getY(0) != ring->getY(n - 1))
        m_dataset.ringCoords.push_back({ring->getX(0), ring->getY(0)});
    m_dataset.ringOffsets.push_back(uint32_t(m_dataset.ringCoords.size()));
    m_dataset.bounds.push_back({envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY});
}

void DatasetBuilder::addChip(std::string id, std::span<const uint8_t> wkb,
                             std::span<const float> embedding, int64_t row)
{
    OGRGeometry *geometry = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size(),
                                          wkbVariantIso) != OGRERR_NONE ||
        !geometry) {
        throw DataError(m_dataset.sourcePath,
                        wkb.empty() ? "the geometry is null" : "the geometry is not valid WKB", row,
                        m_geometryField, "a polygon or multipolygon");
    }
    std::unique_ptr<OGRGeometry> owned(geometry);
    addChip(std::move(id), *owned, embedding, row);
}

void DatasetBuilder::addChip(std::string id, std::span<const std::array<double, 2>> ring,
                             std::span<const float> embedding, int64_t row)
{
    auto linearRing = std::make_unique<OGRLinearRing>();
    linearRing->setNumPoints(int(ring.size()));
    for (size_t i = 0; i < ring.size(); ++i)
        linearRing->setPoint(int(i), ring[i][0], ring[i][1]);
    linearRing->closeRings();
    OGRPolygon polygon;
    polygon.addRingDirectly(linearRing.release());
    addChip(std::move(id), polygon, embedding, row);
}

void DatasetBuilder::addId(std::string id, int64_t row)
{
    const std::string &file = m_dataset.sourcePath;
    if (id.empty())
        throw DataError(file, "the id is empty", row, m_idField, "a unique non-empty id");
    const auto [it, inserted] = m_rowOfId.emplace(id, row);
    if (!inserted)
        throw DataError(file,
                        "the id '" + id + "' is used twice, in rows " + std::to_string(it->second) +
                            " and " + std::to_string(row),
                        row, m_idField, "unique ids");
    m_dataset.ids.push_back(std::move(id));
}

void DatasetBuilder::addEmbedding(std::span<const float> embedding, int64_t row)
{
    const std::string &file = m_dataset.sourcePath;
    if (m_deferred) {
        if (!embedding.empty())
            throw UsageError("DatasetBuilder: embedding given after deferEmbeddings()");
        return;
    }
    if (embedding.empty())
        throw DataError(file, "the embedding is empty", row, m_embeddingField,
                        "a vector of numbers");
    if (m_dim == 0) {
        m_dim = embedding.size();
        m_values.reserve(m_dataset.ids.capacity() * m_dim);
    } else if (embedding.size() != m_dim) {
        throw DataError(file, "the embedding has " + std::to_string(embedding.size()) + " values",
                        row, m_embeddingField,
                        std::to_string(m_dim) + " values, as in the first row");
    }
    validateVector(embedding, file, row, m_embeddingField);
    m_values.insert(m_values.end(), embedding.begin(), embedding.end());
}

void DatasetBuilder::validateVector(std::span<const float> values, const std::string &file,
                                    int64_t row, const std::string &field)
{
    bool allZero = true;
    for (size_t j = 0; j < values.size(); ++j) {
        const float v = values[j];
        if (!std::isfinite(v))
            throw DataError(file,
                            "the value at position " + std::to_string(j) + " is " +
                                (std::isnan(v) ? "NaN" : "infinite"),
                            row, field, "finite numbers");
        allZero = allZero && v == 0.0f;
    }
    if (allZero)
        throw DataError(file, "all " + std::to_string(values.size()) + " values are zero", row,
                        field, "a non-zero vector");
}

void DatasetBuilder::setEmbeddings(EmbeddingMatrix embeddings,
                                   const std::vector<int64_t> &rowNumbers)
{
    if (!m_deferred)
        throw UsageError("DatasetBuilder: setEmbeddings() needs deferEmbeddings()");
    if (embeddings.rows() != size())
        throw UsageError("DatasetBuilder: setEmbeddings() needs one row per chip");
    for (size_t i = 0; i < embeddings.rows(); ++i)
        validateVector(embeddings.row(i), m_dataset.sourcePath,
                       rowNumbers.empty() ? int64_t(i) : rowNumbers[i], m_embeddingField);
    m_dataset.embeddings = std::move(embeddings);
    m_deferred = false;
    m_dim = m_dataset.embeddings.dim();
}

Dataset DatasetBuilder::finish()
{
    const size_t n = size();
    if (n == 0)
        throw DataError(m_dataset.sourcePath, "there are no chips", std::nullopt, {},
                        "at least one footprint with an embedding");
    if (m_omitted)
        m_dataset.embeddings = EmbeddingMatrix(n, 0);
    else if (m_deferred)
        throw UsageError("DatasetBuilder: finish() before setEmbeddings()");
    if (m_dataset.embeddings.rows() != n)
        m_dataset.embeddings = EmbeddingMatrix(n, m_dim, std::move(m_values));
    for (const auto &column : m_dataset.attributes)
        if (column.values.size() != n)
            throw UsageError("DatasetBuilder: attribute column '" + column.name +
                             "' does not have one value per chip");
    m_dataset.buildIdIndex();
    Dataset result = std::move(m_dataset);
    m_dataset = Dataset();
    m_values.clear();
    m_rowOfId.clear();
    m_deferred = m_omitted = false;
    return result;
}

} // namespace chipfinder
