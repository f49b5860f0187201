#pragma once
// WGS 84 lon/lat <-> Web Mercator (EPSG:3857) metres through OGR/PROJ, the map's display CRS.
// Thread safety: every thread gets its own transformation objects; all functions are reentrant.

#include "dataset/dataset.h"

#include <QPointF>
#include <QRectF>

#include <span>

namespace chipfinder {

class WebMercator
{
public:
    // Half the width of the square Web Mercator world, metres.
    static constexpr double HalfWorld = 20037508.342789244;
    // Latitude beyond which Web Mercator is undefined (clamped there).
    static constexpr double MaxLatitude = 85.05112878;

    static QPointF fromLonLat(double lon, double lat);
    static LonLat toLonLat(const QPointF &point);
    // In place on (x = lon, y = lat) pairs; count points.
    static void fromLonLat(double *x, double *y, size_t count);
    // Bounding box in Web Mercator of a lon/lat box (y grows north).
    static QRectF fromLonLat(const BoundingBox &box);
    // Metres on the ground per Web Mercator metre at this latitude (the scale factor's inverse).
    static double groundScale(double lat);
};

} // namespace chipfinder
