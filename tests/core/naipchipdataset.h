#pragma once
// A real Dataset built in the test from one NAIP scene (NAD83 / UTM 14N, 4 bands): the scene is
// tiled into chipPx × chipPx blocks (full blocks, row-major from the top left); chip "naip-R-C"
// has its block footprint in the source CRS (sourceWkb, ring drawn clockwise as the raster's
// corners come) and in WGS 84 lon/lat (reprojected with OGR), and a 4-value embedding (the
// block's mean per band). For label export/import tests of the project part. Header-only; needs
// GDAL. Throws std::runtime_error when the scene cannot be read.

#include "dataset/dataset.h"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

namespace chipfinder::test {

inline Dataset makeNaipChipDataset(int chipPx = 64, const char *date = "20200831")
{
    GDALAllRegister();
    Dataset dataset;
    dataset.sourcePath = std::string(SHARED_DATA_DIR) + "/naip/m_4709963_se_14_1_" + date + ".tif";
    dataset.driver = "GTiff";
    dataset.imageryPath = dataset.sourcePath;
    GDALDatasetUniquePtr raster(
        GDALDataset::Open(dataset.sourcePath.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!raster || raster->GetRasterCount() < 4)
        throw std::runtime_error("naipchipdataset: cannot open " + dataset.sourcePath);
    double gt[6];
    if (raster->GetGeoTransform(gt) != CE_None)
        throw std::runtime_error("naipchipdataset: no geotransform");
    const OGRSpatialReference *sourceSrs = raster->GetSpatialRef();
    if (!sourceSrs)
        throw std::runtime_error("naipchipdataset: no CRS");
    OGRSpatialReference source(*sourceSrs);
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char *wkt = nullptr;
    const char *wktOptions[] = {"FORMAT=WKT2_2019", nullptr};
    source.exportToWkt(&wkt, wktOptions);
    dataset.sourceCrsWkt = wkt;
    CPLFree(wkt);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> toWgs84(
        OGRCreateCoordinateTransformation(&source, &wgs84));
    if (!toWgs84)
        throw std::runtime_error("naipchipdataset: no transformation to WGS 84");

    const int columns = raster->GetRasterXSize() / chipPx;
    const int rows = raster->GetRasterYSize() / chipPx;
    // One mean per band per block: read the full-block grid decimated to one pixel per block.
    std::vector<float> means(size_t(columns) * rows * 4);
    int bands[4] = {1, 2, 3, 4};
    if (raster->RasterIO(GF_Read, 0, 0, columns * chipPx, rows * chipPx, means.data(), columns,
                         rows, GDT_Float32, 4, bands, 4 * sizeof(float),
                         size_t(columns) * 4 * sizeof(float), sizeof(float), nullptr) != CE_None)
        throw std::runtime_error("naipchipdataset: cannot read " + dataset.sourcePath);

    dataset.embeddings = EmbeddingMatrix(size_t(columns) * rows, 4);
    dataset.ringOffsets.push_back(0);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            const size_t chip = dataset.ids.size();
            dataset.ids.push_back("naip-" + std::to_string(r) + "-" + std::to_string(c));
            for (int b = 0; b < 4; ++b)
                dataset.embeddings.row(chip)[b] = means[chip * 4 + b] / 255.0f + 0.01f;
            const double x0 = gt[0] + c * chipPx * gt[1], x1 = x0 + chipPx * gt[1];
            const double y0 = gt[3] + r * chipPx * gt[5], y1 = y0 + chipPx * gt[5];
            OGRLinearRing ring;
            ring.addPoint(x0, y0);
            ring.addPoint(x1, y0);
            ring.addPoint(x1, y1);
            ring.addPoint(x0, y1);
            ring.addPoint(x0, y0);
            OGRPolygon polygon;
            polygon.addRing(&ring);
            std::vector<uint8_t> wkb(size_t(polygon.WkbSize()));
            polygon.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
            dataset.sourceWkb.push_back(std::move(wkb));
            polygon.transform(toWgs84.get());
            const OGRLinearRing *lonLat = polygon.getExteriorRing();
            BoundingBox box{1e9, 1e9, -1e9, -1e9};
            for (int k = 0; k < lonLat->getNumPoints(); ++k) {
                const LonLat point{lonLat->getX(k), lonLat->getY(k)};
                dataset.ringCoords.push_back(point);
                box.minLon = std::min(box.minLon, point.lon);
                box.maxLon = std::max(box.maxLon, point.lon);
                box.minLat = std::min(box.minLat, point.lat);
                box.maxLat = std::max(box.maxLat, point.lat);
            }
            dataset.ringOffsets.push_back(uint32_t(dataset.ringCoords.size()));
            dataset.bounds.push_back(box);
        }
    }
    dataset.buildIdIndex();
    return dataset;
}

} // namespace chipfinder::test
