#include "embed/chipper.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "embed/chipreader.h"

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace chipfinder {

std::string ChipGrid::id(size_t chip) const
{
    const ChipWindow &w = chips.at(chip);
    std::string id = "r";
    id += std::to_string(w.row);
    id += "_c";
    id += std::to_string(w.col);
    return id;
}

Chipper::Chipper(ChipperOptions options) : m_options(options)
{
    if (m_options.chipSize < 1 || m_options.stride < 1)
        throw UsageError("chip size and stride must be at least 1 pixel");
    if (!(m_options.maxNodataFraction >= 0.0 && m_options.maxNodataFraction <= 1.0))
        throw UsageError("the maximum nodata fraction must lie in [0, 1]");
}

std::array<double, 2> Chipper::pixelToCrs(const std::array<double, 6> &gt, double px, double py)
{
    return {gt[0] + px * gt[1] + py * gt[2], gt[3] + px * gt[4] + py * gt[5]};
}

ChipGrid Chipper::tile(const std::string &rasterPath, Feedback *feedback) const
{
    ChipReader reader(rasterPath);
    ChipGrid grid;
    grid.rasterPath = rasterPath;
    grid.rasterWidth = reader.width();
    grid.rasterHeight = reader.height();
    grid.bandCount = reader.bandCount();
    grid.chipSize = m_options.chipSize;
    grid.stride = m_options.stride;
    grid.geoTransform = reader.geoTransform();
    if (const OGRSpatialReference *crs = reader.crs()) {
        char *wkt = nullptr;
        const char *options[] = {"FORMAT=WKT2_2019", nullptr};
        if (crs->exportToWkt(&wkt, options) == OGRERR_NONE && wkt)
            grid.crsWkt = wkt;
        CPLFree(wkt);
    }

    const int size = m_options.chipSize;
    const int stride = m_options.stride;
    if (reader.width() < size || reader.height() < size)
        return grid;
    const int rows = (reader.height() - size) / stride + 1;
    const int cols = (reader.width() - size) / stride + 1;
    const double area = double(size) * double(size);

    std::vector<float> pixels;
    std::vector<uint8_t> valid;
    for (int r = 0; r < rows; ++r) {
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(r) / rows);
        }
        const int y = r * stride;
        reader.read(0, y, reader.width(), size, pixels, valid);
        for (int c = 0; c < cols; ++c) {
            const int x = c * stride;
            int invalid = 0;
            for (int yy = 0; yy < size; ++yy) {
                const uint8_t *line =
                    valid.data() + size_t(yy) * size_t(reader.width()) + size_t(x);
                invalid += int(std::count(line, line + size, uint8_t(0)));
            }
            const double fraction = invalid / area;
            if (fraction > m_options.maxNodataFraction)
                continue;
            grid.chips.push_back({r, c, x, y, fraction});
        }
    }
    if (feedback)
        feedback->setProgress(1.0);
    return grid;
}

Dataset Chipper::footprints(const ChipGrid &grid)
{
    Dataset dataset;
    dataset.sourcePath = grid.rasterPath;
    dataset.imageryPath = grid.rasterPath;
    dataset.sourceCrsWkt = grid.crsWkt;
    {
        ChipReader reader(grid.rasterPath);
        dataset.driver = reader.driverName();
    }
    if (grid.crsWkt.empty())
        throw DataError(grid.rasterPath, "has no coordinate reference system", std::nullopt, {},
                        "a georeferenced raster (CRS and geotransform)");
    if (grid.geoTransform == std::array<double, 6>{0, 1, 0, 0, 0, 1})
        throw DataError(grid.rasterPath, "has no geotransform", std::nullopt, {},
                        "a georeferenced raster (CRS and geotransform)");

    OGRSpatialReference source;
    if (source.importFromWkt(grid.crsWkt.c_str()) != OGRERR_NONE)
        throw DataError(grid.rasterPath, "has a CRS that PROJ cannot read");
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toLonLat(
        OGRCreateCoordinateTransformation(&source, &wgs84));
    if (!toLonLat)
        throw DataError(grid.rasterPath, "has a CRS that cannot be transformed to WGS 84");

    const size_t n = grid.size();
    dataset.ids.reserve(n);
    dataset.ringOffsets.reserve(n + 1);
    dataset.ringOffsets.push_back(0);
    dataset.bounds.reserve(n);
    dataset.sourceWkb.reserve(n);
    AttributeColumn px{"pixel_x", {}}, py{"pixel_y", {}}, cs{"chip_size", {}},
        nd{"nodata_fraction", {}, true};
    const double s = grid.chipSize;
    for (size_t i = 0; i < n; ++i) {
        const ChipWindow &w = grid.chips[i];
        dataset.ids.push_back(grid.id(i));
        // Top-left, bottom-left, bottom-right, top-right, top-left: counter-clockwise for a
        // north-up raster (gt5 < 0).
        const double corners[5][2] = {{double(w.x), double(w.y)},
                                      {double(w.x), w.y + s},
                                      {w.x + s, w.y + s},
                                      {w.x + s, double(w.y)},
                                      {double(w.x), double(w.y)}};
        double xs[5], ys[5];
        for (int k = 0; k < 5; ++k) {
            const auto p = pixelToCrs(grid.geoTransform, corners[k][0], corners[k][1]);
            xs[k] = p[0];
            ys[k] = p[1];
        }
        OGRLinearRing ring;
        ring.setPoints(5, xs, ys);
        if (ring.isClockwise())
            ring.reverseWindingOrder();
        OGRPolygon polygon;
        polygon.addRing(&ring);
        std::vector<uint8_t> wkb(size_t(polygon.WkbSize()));
        polygon.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        dataset.sourceWkb.push_back(std::move(wkb));

        const OGRLinearRing *oriented = polygon.getExteriorRing();
        double lon[5], lat[5];
        for (int k = 0; k < 5; ++k) {
            lon[k] = oriented->getX(k);
            lat[k] = oriented->getY(k);
        }
        if (!toLonLat->Transform(5, lon, lat))
            throw DataError(grid.rasterPath, "footprint cannot be transformed to WGS 84",
                            int64_t(i));
        BoundingBox box{lon[0], lat[0], lon[0], lat[0]};
        for (int k = 0; k < 5; ++k) {
            dataset.ringCoords.push_back({lon[k], lat[k]});
            box.minLon = std::min(box.minLon, lon[k]);
            box.maxLon = std::max(box.maxLon, lon[k]);
            box.minLat = std::min(box.minLat, lat[k]);
            box.maxLat = std::max(box.maxLat, lat[k]);
        }
        dataset.ringOffsets.push_back(uint32_t(dataset.ringCoords.size()));
        dataset.bounds.push_back(box);
        px.values.emplace_back(std::to_string(w.x));
        py.values.emplace_back(std::to_string(w.y));
        cs.values.emplace_back(std::to_string(grid.chipSize));
        char fraction[32];
        std::snprintf(fraction, sizeof fraction, "%.6g", w.nodataFraction);
        nd.values.emplace_back(fraction);
    }
    dataset.attributes = {std::move(px), std::move(py), std::move(cs), std::move(nd)};
    dataset.buildIdIndex();
    return dataset;
}

} // namespace chipfinder
