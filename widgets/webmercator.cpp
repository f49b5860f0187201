#include "webmercator.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

namespace chipfinder {

namespace {
struct Transforms
{
    std::unique_ptr<OGRCoordinateTransformation> forward;
    std::unique_ptr<OGRCoordinateTransformation> inverse;
    Transforms()
    {
        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference mercator;
        mercator.importFromEPSG(3857);
        mercator.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        forward.reset(OGRCreateCoordinateTransformation(&wgs84, &mercator));
        inverse.reset(OGRCreateCoordinateTransformation(&mercator, &wgs84));
    }
};

Transforms &transforms()
{
    thread_local Transforms t; // PROJ objects are not shared between threads
    return t;
}
} // namespace

void WebMercator::fromLonLat(double *x, double *y, size_t count)
{
    for (size_t i = 0; i < count; ++i)
        y[i] = std::clamp(y[i], -MaxLatitude, MaxLatitude);
    constexpr size_t Chunk = 1 << 16;
    for (size_t begin = 0; begin < count; begin += Chunk) {
        const size_t n = std::min(Chunk, count - begin);
        transforms().forward->Transform(int(n), x + begin, y + begin);
    }
}

QPointF WebMercator::fromLonLat(double lon, double lat)
{
    fromLonLat(&lon, &lat, 1);
    return {lon, lat};
}

LonLat WebMercator::toLonLat(const QPointF &point)
{
    double x = std::clamp(point.x(), -HalfWorld, HalfWorld);
    double y = std::clamp(point.y(), -HalfWorld, HalfWorld);
    transforms().inverse->Transform(1, &x, &y);
    return {x, y};
}

QRectF WebMercator::fromLonLat(const BoundingBox &box)
{
    const QPointF a = fromLonLat(box.minLon, box.minLat);
    const QPointF b = fromLonLat(box.maxLon, box.maxLat);
    return QRectF(a, b).normalized();
}

double WebMercator::groundScale(double lat)
{
    return std::cos(lat * std::numbers::pi / 180.0);
}

} // namespace chipfinder
