#include "dataset/groundtruth.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "common/text.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <functional>
#include <memory>
#include <thread>

namespace chipfinder {
namespace {

// 1, 0, or -1 when the text is not a truth value.
int truthValue(const std::string &text)
{
    const std::string value = lower(trimmed(text));
    if (value == "1" || value == "true" || value == "yes" || value == "positive" || value == "t" ||
        value == "y")
        return 1;
    if (value == "0" || value == "false" || value == "no" || value == "negative" || value == "f" ||
        value == "n")
        return 0;
    double number = 0.0;
    const auto result = std::from_chars(value.data(), value.data() + value.size(), number);
    if (result.ec == std::errc() && result.ptr == value.data() + value.size() &&
        (number == 0.0 || number == 1.0))
        return int(number);
    return -1;
}

struct QuietErrors
{
    QuietErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietErrors() { CPLPopErrorHandler(); }
};

bool isPolygonal(const OGRGeometry &geometry)
{
    const auto type = wkbFlatten(geometry.getGeometryType());
    return type == wkbPolygon || type == wkbMultiPolygon || type == wkbCurvePolygon ||
           type == wkbMultiSurface;
}

double areaOf(const OGRGeometry &geometry)
{
    return OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry *>(&geometry)));
}

// Appends the polygons of `geometry` (a polygon, multipolygon or collection) to `out`.
void collectPolygons(const OGRGeometry &geometry, OGRMultiPolygon &out)
{
    const auto type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbPolygon) {
        out.addGeometry(&geometry);
    } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
        for (const OGRGeometry *part : *geometry.toGeometryCollection())
            collectPolygons(*part, out);
    }
}

std::string uniqueMemoryPath()
{
    static std::atomic<uint64_t> counter{0};
    return "/vsimem/chipfinder-truth-" +
           std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id())) + "-" +
           std::to_string(counter++) + ".gpkg";
}

} // namespace

std::vector<uint8_t> truthFromColumn(const Dataset &dataset, const std::string &column)
{
    const AttributeColumn *attribute = dataset.attribute(column);
    if (!attribute)
        for (const auto &candidate : dataset.attributes)
            if (lower(candidate.name) == lower(column))
                attribute = &candidate;
    if (!attribute) {
        std::string names;
        for (const auto &candidate : dataset.attributes)
            names += (names.empty() ? "" : ", ") + candidate.name;
        throw DataError(dataset.sourcePath, "there is no column '" + column + "'", std::nullopt,
                        column, "one of the columns: " + (names.empty() ? "(none)" : names));
    }
    const char *expected = "1/0, true/false, yes/no or positive/negative";
    std::vector<uint8_t> truth(attribute->values.size());
    for (size_t i = 0; i < truth.size(); ++i) {
        const auto &value = attribute->values[i];
        if (!value)
            throw DataError(dataset.sourcePath, "the value is null", int64_t(i), attribute->name,
                            expected);
        const int t = truthValue(*value);
        if (t < 0)
            throw DataError(dataset.sourcePath, "the value '" + *value + "' is not a truth value",
                            int64_t(i), attribute->name, expected);
        truth[i] = uint8_t(t);
    }
    return truth;
}

std::map<std::string, std::vector<uint8_t>> truthColumns(const Dataset &dataset)
{
    std::map<std::string, std::vector<uint8_t>> columns;
    for (const AttributeColumn &column : dataset.attributes) {
        std::vector<uint8_t> truth(column.values.size());
        bool usable = !truth.empty();
        size_t positives = 0;
        for (size_t i = 0; usable && i < truth.size(); ++i) {
            const int t = column.values[i] ? truthValue(*column.values[i]) : -1;
            usable = t >= 0;
            truth[i] = uint8_t(std::max(t, 0));
            positives += size_t(t == 1);
        }
        if (usable && positives > 0)
            columns.emplace(column.name, std::move(truth));
    }
    return columns;
}

std::vector<double> coverageFractions(const Dataset &dataset, const std::string &polygonPath,
                                      const std::string &layerName, Feedback *feedback)
{
    GDALAllRegister();
    QuietErrors quiet;
    VSIStatBufL stat;
    if (VSIStatL(polygonPath.c_str(), &stat) != 0)
        throw DataError(polygonPath, "the file does not exist", std::nullopt, {},
                        "a polygon layer readable by GDAL");
    GDALDatasetUniquePtr source(
        GDALDataset::Open(polygonPath.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!source)
        throw DataError(polygonPath,
                        std::string("GDAL cannot open it as a vector dataset: ") +
                            CPLGetLastErrorMsg(),
                        std::nullopt, {}, "a polygon layer readable by GDAL");
    OGRLayer *layer = nullptr;
    if (!layerName.empty()) {
        layer = source->GetLayerByName(layerName.c_str());
        if (!layer)
            throw DataError(polygonPath, "there is no layer '" + layerName + "'", std::nullopt, {},
                            "an existing layer name");
    } else {
        for (int i = 0; i < source->GetLayerCount() && !layer; ++i)
            if (source->GetLayer(i)->GetLayerDefn()->GetGeomFieldCount() > 0)
                layer = source->GetLayer(i);
        if (!layer)
            throw DataError(polygonPath, "no layer has a geometry column", std::nullopt, {},
                            "a polygon layer");
    }

    // The working CRS: the dataset's if projected, else equal-area centred on the data.
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference chipSrs = wgs84;
    const bool haveWkb = dataset.sourceWkb.size() == dataset.size();
    if (haveWkb && !dataset.sourceCrsWkt.empty()) {
        if (chipSrs.importFromWkt(dataset.sourceCrsWkt.c_str()) != OGRERR_NONE)
            throw DataError(dataset.sourcePath, "the dataset CRS is not readable", std::nullopt, {},
                            "a WKT CRS definition");
        chipSrs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGRSpatialReference working;
    const BoundingBox extent = dataset.extent();
    if (chipSrs.IsProjected()) {
        working = chipSrs;
    } else {
        working.SetWellKnownGeogCS("WGS84");
        working.SetLAEA((extent.minLat + extent.maxLat) / 2.0,
                        (extent.minLon + extent.maxLon) / 2.0, 0.0, 0.0);
    }
    working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> chipToWorking(
        chipSrs.IsSame(&working) ? nullptr : OGRCreateCoordinateTransformation(&chipSrs, &working));
    OGRSpatialReference polygonSrs = wgs84;
    if (const OGRSpatialReference *srs = layer->GetSpatialRef()) {
        polygonSrs = *srs;
        polygonSrs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    std::unique_ptr<OGRCoordinateTransformation> polygonToWorking(
        polygonSrs.IsSame(&working) ? nullptr
                                    : OGRCreateCoordinateTransformation(&polygonSrs, &working));

    // Only polygons near the data: filter the source layer by the dataset extent.
    if (std::unique_ptr<OGRCoordinateTransformation> toLayer(
            OGRCreateCoordinateTransformation(&wgs84, &polygonSrs));
        toLayer && dataset.size() > 0) {
        double minX = 0, minY = 0, maxX = 0, maxY = 0;
        if (toLayer->TransformBounds(extent.minLon, extent.minLat, extent.maxLon, extent.maxLat,
                                     &minX, &minY, &maxX, &maxY, 21))
            layer->SetSpatialFilterRect(minX, minY, maxX, maxY);
    }

    // The polygons, reprojected and repaired, in a GeoPackage R-tree.
    const std::string indexPath = uniqueMemoryPath();
    GDALDriver *gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr index(gpkg->Create(indexPath.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    struct Cleanup
    {
        GDALDatasetUniquePtr &index;
        const std::string &path;
        ~Cleanup()
        {
            index.reset();
            VSIUnlink(path.c_str());
            VSIUnlink((path + "-journal").c_str());
        }
    } cleanup{index, indexPath};
    if (!index)
        throw DataError(indexPath, "cannot create the temporary polygon index", std::nullopt, {},
                        "memory for a GeoPackage");
    OGRLayer *indexLayer = index->CreateLayer("polygons", &working, wkbMultiPolygon, nullptr);
    if (!indexLayer)
        throw DataError(indexPath, "cannot create the temporary polygon index", std::nullopt, {},
                        "memory for a GeoPackage");
    const GIntBig polygonCount = layer->GetFeatureCount(TRUE);
    index->StartTransaction(FALSE);
    int64_t row = 0;
    for (auto &feature : *layer) {
        if (feedback && row % 256 == 0) {
            feedback->throwIfCanceled();
            if (polygonCount > 0)
                feedback->setProgress(0.3 * double(row) / double(polygonCount));
        }
        ++row;
        const OGRGeometry *geometry = feature->GetGeometryRef();
        if (!geometry || geometry->IsEmpty() || !isPolygonal(*geometry))
            continue;
        std::unique_ptr<OGRGeometry> copy(
            geometry->hasCurveGeometry() ? geometry->getLinearGeometry() : geometry->clone());
        copy->flattenTo2D();
        if (polygonToWorking && copy->transform(polygonToWorking.get()) != OGRERR_NONE)
            continue; // outside the working CRS's domain: cannot touch the chips
        if (!copy->IsValid()) {
            std::unique_ptr<OGRGeometry> repaired(copy->MakeValid());
            if (!repaired)
                throw DataError(polygonPath, "the polygon is invalid and cannot be repaired",
                                row - 1, "geometry", "a valid polygon");
            copy = std::move(repaired);
        }
        auto multi = std::make_unique<OGRMultiPolygon>();
        collectPolygons(*copy, *multi);
        if (multi->IsEmpty())
            continue;
        OGRFeature indexed(indexLayer->GetLayerDefn());
        indexed.SetGeometryDirectly(multi.release());
        if (indexLayer->CreateFeature(&indexed) != OGRERR_NONE)
            throw DataError(indexPath, "cannot index the polygon", row - 1, "geometry",
                            "memory for a GeoPackage");
    }
    index->CommitTransaction();

    // Per chip: R-tree candidates, intersections, their union's area.
    const size_t n = dataset.size();
    std::vector<double> fractions(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
        if (feedback && i % 16 == 0) { // a chip's intersections can take milliseconds
            feedback->throwIfCanceled();
            feedback->setProgress(0.3 + 0.7 * double(i) / double(n));
        }
        std::unique_ptr<OGRGeometry> chip;
        if (haveWkb) {
            OGRGeometry *geometry = nullptr;
            const auto &wkb = dataset.sourceWkb[i];
            if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &geometry, wkb.size(),
                                                  wkbVariantIso) != OGRERR_NONE)
                throw DataError(dataset.sourcePath, "the footprint is not valid WKB", int64_t(i),
                                "geometry", "a polygon");
            chip.reset(geometry);
        } else {
            auto ring = std::make_unique<OGRLinearRing>();
            for (uint32_t k = dataset.ringOffsets[i]; k < dataset.ringOffsets[i + 1]; ++k)
                ring->addPoint(dataset.ringCoords[k].lon, dataset.ringCoords[k].lat);
            ring->closeRings();
            auto polygon = std::make_unique<OGRPolygon>();
            polygon->addRingDirectly(ring.release());
            chip = std::move(polygon);
        }
        if (chipToWorking && chip->transform(chipToWorking.get()) != OGRERR_NONE)
            throw DataError(dataset.sourcePath, "the footprint cannot be reprojected", int64_t(i),
                            "geometry", "coordinates valid in the dataset CRS");
        const double chipArea = areaOf(*chip);
        if (chipArea <= 0.0)
            continue;
        indexLayer->SetSpatialFilter(chip.get());
        indexLayer->ResetReading();
        OGRMultiPolygon pieces;
        for (auto &candidate : *indexLayer) {
            const OGRGeometry *polygon = candidate->GetGeometryRef();
            if (!polygon || !polygon->Intersects(chip.get()))
                continue;
            std::unique_ptr<OGRGeometry> piece(chip->Intersection(polygon));
            if (piece && !piece->IsEmpty())
                collectPolygons(*piece, pieces);
        }
        double covered = 0.0;
        if (pieces.getNumGeometries() == 1) {
            covered = areaOf(pieces);
        } else if (pieces.getNumGeometries() > 1) {
            std::unique_ptr<OGRGeometry> merged(pieces.UnionCascaded());
            covered = merged ? areaOf(*merged) : 0.0;
        }
        fractions[i] = std::clamp(covered / chipArea, 0.0, 1.0);
    }
    indexLayer->SetSpatialFilter(nullptr);
    if (feedback)
        feedback->setProgress(1.0);
    return fractions;
}

std::vector<uint8_t> truthFromPolygons(const Dataset &dataset, const std::string &polygonPath,
                                       double minCoverage, const std::string &layer,
                                       Feedback *feedback)
{
    if (!(minCoverage > 0.0 && minCoverage <= 1.0))
        throw UsageError("truthFromPolygons: minCoverage must be in (0, 1]");
    const auto fractions = coverageFractions(dataset, polygonPath, layer, feedback);
    std::vector<uint8_t> truth(fractions.size());
    for (size_t i = 0; i < fractions.size(); ++i)
        truth[i] = fractions[i] >= minCoverage - 1e-9 ? 1 : 0;
    return truth;
}

} // namespace chipfinder
