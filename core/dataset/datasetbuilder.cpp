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

bool DatasetBuilder::skip(const std::string &kind, const DataError &error, std::string id)
{
    if (m_strict)
        throw error;
    m_dataset.skipped.add(kind, {error.row().value_or(-1), std::move(id), error.problem()});
    return false;
}

std::unique_ptr<OGRGeometry> DatasetBuilder::squareAround(double x, double y)
{
    const OGRSpatialReference &source = m_projection->source;
    // Ground metres per degree of latitude and longitude at `lat` on the source's ellipsoid.
    auto metresPerDegree = [&](double lat) {
        const double a = source.GetSemiMajor();
        const double inverse = source.GetInvFlattening();
        const double f = inverse > 0.0 ? 1.0 / inverse : 0.0;
        const double e2 = f * (2.0 - f);
        const double s = std::sin(lat * M_PI / 180.0);
        const double w = 1.0 - e2 * s * s;
        return std::array<double, 2>{M_PI / 180.0 * a * std::cos(lat * M_PI / 180.0) / std::sqrt(w),
                                     M_PI / 180.0 * a * (1.0 - e2) / (w * std::sqrt(w))};
    };
    double halfX = 0.0, halfY = 0.0;
    const double half = m_pointChipSize / 2.0;
    if (source.IsGeographic()) {
        if (!(std::fabs(y) < 90.0) || !(std::fabs(x) <= 360.0))
            return nullptr;
        const auto perDegree = metresPerDegree(y);
        halfX = half / perDegree[0];
        halfY = half / perDegree[1];
    } else {
        // Local scale of the projection: a step of about the chip size along x and along y,
        // measured on the ground through WGS 84.
        const double units = source.GetLinearUnits() > 0.0 ? source.GetLinearUnits() : 1.0;
        const double step = m_pointChipSize / units;
        double xs[3] = {x, x + step, x}, ys[3] = {y, y, y + step};
        if (!m_projection->toWgs84 || !m_projection->toWgs84->Transform(3, xs, ys) ||
            !std::isfinite(xs[0]) || !std::isfinite(ys[0]))
            return nullptr;
        const auto perDegree = metresPerDegree(ys[0]);
        const double groundX =
            std::hypot((xs[1] - xs[0]) * perDegree[0], (ys[1] - ys[0]) * perDegree[1]);
        const double groundY =
            std::hypot((xs[2] - xs[0]) * perDegree[0], (ys[2] - ys[0]) * perDegree[1]);
        if (!(groundX > 0.0) || !(groundY > 0.0))
            return nullptr;
        halfX = half * step / groundX;
        halfY = half * step / groundY;
    }
    auto ring = std::make_unique<OGRLinearRing>();
    ring->addPoint(x - halfX, y - halfY);
    ring->addPoint(x + halfX, y - halfY);
    ring->addPoint(x + halfX, y + halfY);
    ring->addPoint(x - halfX, y + halfY);
    ring->closeRings();
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    return polygon;
}

bool DatasetBuilder::acceptId(const std::string &id, int64_t row)
{
    const std::string &file = m_dataset.sourcePath;
    if (id.empty())
        return skip("null id",
                    DataError(file, "the id is empty", row, m_idField, "a unique non-empty id"));
    if (const auto [it, inserted] = m_rowOfId.emplace(id, row); !inserted)
        throw DataError(file,
                        "the id '" + id + "' is used twice, in rows " + std::to_string(it->second) +
                            " and " + std::to_string(row),
                        row, m_idField, "unique ids");
    return true;
}

bool DatasetBuilder::addChip(std::string id, const OGRGeometry &footprint,
                             std::span<const float> embedding, int64_t row)
{
    // The id first: a duplicate is an error even when either row is skipped.
    if (!acceptId(id, row))
        return false;
    return addAccepted(std::move(id), footprint, embedding, row);
}

bool DatasetBuilder::addAccepted(std::string id, const OGRGeometry &footprint,
                                 std::span<const float> embedding, int64_t row)
{
    const std::string &file = m_dataset.sourcePath;
    const OGRGeometry *geometry = &footprint;
    std::unique_ptr<OGRGeometry> square;
    OGRwkbGeometryType type = footprint.getGeometryType();
    if (wkbFlatten(type) == wkbPoint) {
        if (m_pointChipSize <= 0.0)
            throw DataError(file, "the geometry is a Point and no chip size is given", row,
                            m_geometryField,
                            "polygon footprints, or the chips' ground size in metres for points "
                            "(--chip-size-m, or chip_size_m in the file's metadata)");
        if (!footprint.IsEmpty()) {
            const auto *point = footprint.toPoint();
            if (!m_crsAssumedHint.empty() && m_projection->source.IsGeographic() &&
                (std::fabs(point->getX()) > 180.0 || std::fabs(point->getY()) > 90.0))
                throw DataError(file,
                                "the file declares no CRS and its coordinates (" +
                                    std::to_string(point->getX()) + ", " +
                                    std::to_string(point->getY()) + ") are not longitude/latitude",
                                row, m_geometryField, m_crsAssumedHint);
            square = squareAround(point->getX(), point->getY());
            if (!square)
                return skip("bad geometry",
                            DataError(file, "no square chip can be made around the point", row,
                                      m_geometryField, "coordinates valid in the source CRS"),
                            std::move(id));
            geometry = square.get();
            type = geometry->getGeometryType();
        }
    }
    if (!isPolygonal(type))
        return skip("bad geometry",
                    DataError(file, std::string("the geometry is a ") + OGRGeometryTypeToName(type),
                              row, m_geometryField, "a polygon or multipolygon"),
                    std::move(id));
    if (geometry->IsEmpty())
        return skip("bad geometry",
                    DataError(file, "the geometry is empty", row, m_geometryField,
                              "a polygon or multipolygon"),
                    std::move(id));

    std::unique_ptr<OGRGeometry> lonLat(geometry->hasCurveGeometry() ? geometry->getLinearGeometry()
                                                                     : geometry->clone());
    lonLat->flattenTo2D();
    if (m_projection->source.IsGeographic()) {
        OGREnvelope source;
        lonLat->getEnvelope(&source);
        if (source.MinX < -180.0 - 1e-9 || source.MaxX > 180.0 + 1e-9 || source.MinY < -90.0 ||
            source.MaxY > 90.0) {
            if (!m_crsAssumedHint.empty())
                throw DataError(file,
                                "the file declares no CRS and its coordinates (" +
                                    std::to_string(source.MinX) + ", " +
                                    std::to_string(source.MinY) + ") are not longitude/latitude",
                                row, m_geometryField, m_crsAssumedHint);
            if (m_outOfRange++ == 0)
                m_firstOutOfRange = "row " + std::to_string(row) + ": (" +
                                    std::to_string(source.MinX) + ", " +
                                    std::to_string(source.MinY) + ")";
            return skip("bad geometry",
                        DataError(file, "the coordinates are outside longitude/latitude", row,
                                  m_geometryField, "coordinates valid in the source CRS"),
                        std::move(id));
        }
    }
    if (m_projection->toWgs84 && lonLat->transform(m_projection->toWgs84.get()) != OGRERR_NONE)
        return skip("bad geometry",
                    DataError(file, "the footprint cannot be reprojected to WGS 84", row,
                              m_geometryField, "coordinates valid in the source CRS"),
                    std::move(id));
    const OGRPolygon *polygon = nullptr;
    if (wkbFlatten(lonLat->getGeometryType()) == wkbPolygon)
        polygon = lonLat->toPolygon();
    else if (const auto *multi = lonLat->toMultiPolygon(); multi->getNumGeometries() > 0)
        polygon = multi->getGeometryRef(0);
    const OGRLinearRing *ring = polygon ? polygon->getExteriorRing() : nullptr;
    if (!ring || ring->getNumPoints() < 3)
        return skip("bad geometry",
                    DataError(file, "the polygon has no outer ring", row, m_geometryField,
                              "a polygon with at least three vertices"),
                    std::move(id));

    OGREnvelope envelope;
    lonLat->getEnvelope(&envelope);
    if (!std::isfinite(envelope.MinX) || !std::isfinite(envelope.MaxX) ||
        !std::isfinite(envelope.MinY) || !std::isfinite(envelope.MaxY))
        return skip("bad geometry",
                    DataError(file, "the footprint has non-finite coordinates in WGS 84", row,
                              m_geometryField, "coordinates valid in the source CRS"),
                    std::move(id));

    // The embedding.
    if (m_deferred) {
        if (!embedding.empty())
            throw UsageError("DatasetBuilder: embedding given after deferEmbeddings()");
    } else {
        if (embedding.empty())
            return skip("null embedding",
                        DataError(file, "the embedding is empty", row, m_embeddingField,
                                  "a vector of numbers"),
                        std::move(id));
        if (m_dim != 0 && embedding.size() != m_dim)
            throw DataError(
                file, "the embedding has " + std::to_string(embedding.size()) + " values", row,
                m_embeddingField, std::to_string(m_dim) + " values, as in the first row");
        if (auto problem = vectorProblem(embedding, file, row, m_embeddingField))
            return skip(problem->first, problem->second, std::move(id));
        if (m_dim == 0) {
            m_dim = embedding.size();
            m_values.reserve(m_dataset.ids.capacity() * m_dim);
        }
        m_values.insert(m_values.end(), embedding.begin(), embedding.end());
    }

    m_dataset.ids.push_back(std::move(id));
    std::vector<uint8_t> wkb(geometry->WkbSize());
    geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    m_dataset.sourceWkb.push_back(std::move(wkb));
    const int n = ring->getNumPoints();
    for (int i = 0; i < n; ++i)
        m_dataset.ringCoords.push_back({ring->getX(i), ring->getY(i)});
    if (ring->getX(0) != ring->getX(n - 1) || ring->getY(0) != ring->getY(n - 1))
        m_dataset.ringCoords.push_back({ring->getX(0), ring->getY(0)});
    m_dataset.ringOffsets.push_back(uint32_t(m_dataset.ringCoords.size()));
    m_dataset.bounds.push_back({envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY});
    if (square)
        m_dataset.pointChipSizeMeters = m_pointChipSize;
    return true;
}

bool DatasetBuilder::addChip(std::string id, std::span<const uint8_t> wkb,
                             std::span<const float> embedding, int64_t row)
{
    if (!acceptId(id, row))
        return false;
    OGRGeometry *geometry = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size(),
                                          wkbVariantIso) != OGRERR_NONE ||
        !geometry) {
        return skip(
            wkb.empty() ? "null geometry" : "bad geometry",
            DataError(m_dataset.sourcePath,
                      wkb.empty() ? "the geometry is null" : "the geometry is not valid WKB", row,
                      m_geometryField, "a polygon or multipolygon"),
            std::move(id));
    }
    std::unique_ptr<OGRGeometry> owned(geometry);
    return addAccepted(std::move(id), *owned, embedding, row);
}

bool DatasetBuilder::addChip(std::string id, std::span<const std::array<double, 2>> ring,
                             std::span<const float> embedding, int64_t row)
{
    auto linearRing = std::make_unique<OGRLinearRing>();
    linearRing->setNumPoints(int(ring.size()));
    for (size_t i = 0; i < ring.size(); ++i)
        linearRing->setPoint(int(i), ring[i][0], ring[i][1]);
    linearRing->closeRings();
    OGRPolygon polygon;
    polygon.addRingDirectly(linearRing.release());
    return addChip(std::move(id), polygon, embedding, row);
}

std::optional<std::pair<std::string, DataError>>
DatasetBuilder::vectorProblem(std::span<const float> values, const std::string &file, int64_t row,
                              const std::string &field)
{
    bool allZero = true;
    for (size_t j = 0; j < values.size(); ++j) {
        const float v = values[j];
        if (!std::isfinite(v))
            return std::make_pair(std::string("NaN/Inf embedding"),
                                  DataError(file,
                                            "the value at position " + std::to_string(j) + " is " +
                                                (std::isnan(v) ? "NaN" : "infinite"),
                                            row, field, "finite numbers"));
        allZero = allZero && v == 0.0f;
    }
    if (allZero)
        return std::make_pair(std::string("zero embedding"),
                              DataError(file,
                                        "all " + std::to_string(values.size()) + " values are zero",
                                        row, field, "a non-zero vector"));
    return std::nullopt;
}

void DatasetBuilder::validateVector(std::span<const float> values, const std::string &file,
                                    int64_t row, const std::string &field)
{
    if (auto problem = vectorProblem(values, file, row, field))
        throw problem->second;
}

void DatasetBuilder::setEmbeddings(EmbeddingMatrix embeddings,
                                   const std::vector<int64_t> &rowNumbers)
{
    if (!m_deferred)
        throw UsageError("DatasetBuilder: setEmbeddings() needs deferEmbeddings()");
    if (embeddings.rows() != size())
        throw UsageError("DatasetBuilder: setEmbeddings() needs one row per chip");
    std::vector<size_t> bad;
    for (size_t i = 0; i < embeddings.rows(); ++i) {
        if (auto problem =
                vectorProblem(embeddings.row(i), m_dataset.sourcePath,
                              rowNumbers.empty() ? int64_t(i) : rowNumbers[i], m_embeddingField)) {
            skip(problem->first, problem->second, m_dataset.ids[i]);
            bad.push_back(i);
        }
    }
    if (!bad.empty()) {
        std::vector<size_t> keep;
        keep.reserve(embeddings.rows() - bad.size());
        size_t b = 0;
        for (size_t i = 0; i < embeddings.rows(); ++i) {
            if (b < bad.size() && bad[b] == i)
                ++b;
            else
                keep.push_back(i);
        }
        std::vector<int64_t> keepRows(keep.begin(), keep.end());
        embeddings = embeddings.selectRows(keepRows);
        m_dropped = std::move(bad);
    }
    m_dataset.embeddings = std::move(embeddings);
    m_deferred = false;
    m_dim = m_dataset.embeddings.dim();
}

void DatasetBuilder::dropChips(const std::vector<size_t> &chips)
{
    // Compacts every per-chip member, dropping `chips` (ascending).
    Dataset &d = m_dataset;
    std::vector<LonLat> coords;
    std::vector<uint32_t> offsets{0};
    size_t b = 0, out = 0;
    for (size_t i = 0; i < d.ids.size(); ++i) {
        if (b < chips.size() && chips[b] == i) {
            ++b;
            continue;
        }
        for (uint32_t k = d.ringOffsets[i]; k < d.ringOffsets[i + 1]; ++k)
            coords.push_back(d.ringCoords[k]);
        offsets.push_back(uint32_t(coords.size()));
        if (out != i) {
            d.ids[out] = std::move(d.ids[i]);
            d.bounds[out] = d.bounds[i];
            d.sourceWkb[out] = std::move(d.sourceWkb[i]);
            for (auto &column : d.attributes)
                if (column.values.size() == d.ids.size())
                    column.values[out] = std::move(column.values[i]);
        }
        ++out;
    }
    const size_t before = d.ids.size();
    d.ids.resize(out);
    d.bounds.resize(out);
    d.sourceWkb.resize(out);
    for (auto &column : d.attributes)
        if (column.values.size() == before)
            column.values.resize(out);
    d.ringCoords = std::move(coords);
    d.ringOffsets = std::move(offsets);
}

Dataset DatasetBuilder::finish()
{
    // Most footprints outside longitude/latitude in a geographic CRS: the CRS is wrong.
    if (m_outOfRange > 0 && m_outOfRange * 2 > size() + m_dataset.skipped.count)
        throw DataError(m_dataset.sourcePath,
                        std::to_string(m_outOfRange) + " of " +
                            std::to_string(size() + m_dataset.skipped.count) +
                            " footprints have coordinates outside longitude/latitude (first: " +
                            m_firstOutOfRange + ") but the CRS is geographic",
                        std::nullopt, m_geometryField,
                        "the CRS of the coordinates given with --crs (e.g. --crs EPSG:32614)");
    if (size() == 0 && m_dataset.skipped.count == 0)
        throw DataError(m_dataset.sourcePath, "there are no chips", std::nullopt, {},
                        "at least one footprint with an embedding");
    if (m_deferred && !m_omitted)
        throw UsageError("DatasetBuilder: finish() before setEmbeddings()");
    if (!m_dropped.empty()) {
        dropChips(m_dropped);
        m_dropped.clear();
    }
    const size_t n = size();
    if (n == 0)
        throw DataError(m_dataset.sourcePath,
                        "no row can be a chip: " + m_dataset.skipped.summary(), std::nullopt, {},
                        "at least one footprint with a usable embedding");
    if (m_omitted)
        m_dataset.embeddings = EmbeddingMatrix(n, 0);
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
