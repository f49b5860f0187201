#include "embed/watertruth.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "embed/chipreader.h"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace chipfinder {

namespace {

// GDALProgressFunc over a sub-range of a Feedback; returns 0 (cancel) when the user cancelled.
int CPL_STDCALL relayProgress(double fraction, const char *, void *arg)
{
    auto *sub = static_cast<SubFeedback *>(arg);
    sub->setProgress(fraction);
    return sub->isCanceled() ? 0 : 1;
}

struct DatasetCloser
{
    void operator()(GDALDataset *ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

std::string vectorDriverFor(const std::string &path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (ext == ".gpkg")
        return "GPKG";
    if (ext == ".geojson" || ext == ".json")
        return "GeoJSON";
    if (ext == ".fgb")
        return "FlatGeobuf";
    if (ext == ".shp")
        return "ESRI Shapefile";
    throw DataError(path, "has an unknown vector extension", std::nullopt, {},
                    ".gpkg, .geojson, .fgb or .shp");
}

} // namespace

WaterTruth::WaterTruth(WaterTruthOptions options) : m_options(options)
{
    if (m_options.greenBand < 1 || m_options.nirBand < 1)
        throw UsageError("band numbers are 1-based");
    if (m_options.minWaterPixels < 0 || !(m_options.maxPondAreaM2 >= 0.0) ||
        !(m_options.minChipFraction >= 0.0 && m_options.minChipFraction <= 1.0))
        throw UsageError("invalid water truth thresholds");
}

void WaterTruth::checkRaster(const std::string &rasterPath) const
{
    ChipReader reader(rasterPath);
    const int maxBand = std::max(m_options.greenBand, m_options.nirBand);
    if (reader.bandCount() < maxBand)
        throw DataError(rasterPath,
                        "has " + std::to_string(reader.bandCount()) + " bands, NDWI needs band " +
                            std::to_string(maxBand),
                        std::nullopt, {}, "green and near-infrared bands (NAIP: R,G,B,NIR)");
    if (!reader.crs() || !reader.hasGeoTransform())
        throw DataError(rasterPath, "is not georeferenced", std::nullopt, {},
                        "a raster with a CRS and a geotransform");
}

void WaterTruth::compute(const std::string &rasterPath, Feedback *feedback)
{
    ChipReader reader(rasterPath);
    const int maxBand = std::max(m_options.greenBand, m_options.nirBand);
    if (reader.bandCount() < maxBand)
        throw DataError(rasterPath,
                        "has " + std::to_string(reader.bandCount()) + " bands, NDWI needs band " +
                            std::to_string(maxBand),
                        std::nullopt, {}, "green and near-infrared bands (NAIP: R,G,B,NIR)");
    const OGRSpatialReference *crs = reader.crs();
    if (!crs || !reader.hasGeoTransform())
        throw DataError(rasterPath, "is not georeferenced", std::nullopt, {},
                        "a raster with a CRS and a geotransform");
    m_rasterPath = rasterPath;
    {
        char *wkt = nullptr;
        const char *options[] = {"FORMAT=WKT2_2019", nullptr};
        crs->exportToWkt(&wkt, options);
        m_crsWkt = wkt ? wkt : "";
        CPLFree(wkt);
    }
    m_width = reader.width();
    m_height = reader.height();
    const size_t total = size_t(m_width) * size_t(m_height);
    m_valid.assign(total, 0);
    m_water.assign(total, 0);
    m_pond.assign(total, 0);
    m_bodies.clear();

    // 1. NDWI water mask, strip by strip.
    SubFeedback readFeedback(feedback, 0.0, 0.3);
    std::vector<float> pixels;
    std::vector<uint8_t> valid;
    const int strip = 256;
    const size_t green = size_t(m_options.greenBand - 1), nir = size_t(m_options.nirBand - 1);
    for (int y = 0; y < m_height; y += strip) {
        readFeedback.throwIfCanceled();
        readFeedback.setProgress(double(y) / m_height);
        const int h = std::min(strip, m_height - y);
        reader.read(0, y, m_width, h, pixels, valid);
        const size_t plane = size_t(m_width) * size_t(h);
        const size_t base = size_t(y) * size_t(m_width);
        for (size_t i = 0; i < plane; ++i) {
            m_valid[base + i] = valid[i];
            const double g = pixels[green * plane + i], n = pixels[nir * plane + i];
            if (valid[i] && g + n > 0.0 && (g - n) / (g + n) > m_options.ndwiThreshold)
                m_water[base + i] = 1;
        }
    }

    // 2. Sieve in a MEM raster: band 1 water, band 2 ponds.
    GDALDriver *memDriver = GetGDALDriverManager()->GetDriverByName("MEM");
    DatasetPtr mem(memDriver->Create("", m_width, m_height, 2, GDT_Byte, nullptr));
    auto gt = reader.geoTransform();
    mem->SetGeoTransform(gt.data());
    mem->SetSpatialRef(crs);
    GDALRasterBand *waterBand = mem->GetRasterBand(1);
    if (waterBand->RasterIO(GF_Write, 0, 0, m_width, m_height, m_water.data(), m_width, m_height,
                            GDT_Byte, 0, 0, nullptr) != CE_None)
        throw DataError(rasterPath, "water mask cannot be written to memory");
    SubFeedback sieveFeedback(feedback, 0.3, 0.45);
    if (m_options.minWaterPixels > 1) {
        if (GDALSieveFilter(waterBand, nullptr, waterBand, m_options.minWaterPixels, 8, nullptr,
                            relayProgress, &sieveFeedback) != CE_None) {
            sieveFeedback.throwIfCanceled();
            throw DataError(rasterPath, std::string("sieve failed: ") + CPLGetLastErrorMsg());
        }
        if (waterBand->RasterIO(GF_Read, 0, 0, m_width, m_height, m_water.data(), m_width, m_height,
                                GDT_Byte, 0, 0, nullptr) != CE_None)
            throw DataError(rasterPath, "water mask cannot be read back");
        for (size_t i = 0; i < total; ++i)
            m_water[i] = m_water[i] && m_valid[i];
        if (waterBand->RasterIO(GF_Write, 0, 0, m_width, m_height, m_water.data(), m_width,
                                m_height, GDT_Byte, 0, 0, nullptr) != CE_None)
            throw DataError(rasterPath, "water mask cannot be written to memory");
    }

    // 3. Polygonize water bodies (the band is its own mask: only water becomes polygons).
    GDALDriver *vectorDriver = GetGDALDriverManager()->GetDriverByName("Memory");
    DatasetPtr vectors(vectorDriver->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference layerCrs(*crs);
    OGRLayer *layer = vectors->CreateLayer("water", &layerCrs, wkbPolygon, nullptr);
    OGRFieldDefn valueField("value", OFTInteger);
    layer->CreateField(&valueField);
    SubFeedback polygonizeFeedback(feedback, 0.45, 0.8);
    char *polygonizeOptions[] = {const_cast<char *>("8CONNECTED=8"), nullptr};
    if (GDALPolygonize(waterBand, waterBand, OGRLayer::ToHandle(layer), 0, polygonizeOptions,
                       relayProgress, &polygonizeFeedback) != CE_None) {
        polygonizeFeedback.throwIfCanceled();
        throw DataError(rasterPath, std::string("polygonize failed: ") + CPLGetLastErrorMsg());
    }

    // Pixel area in m².
    const double pixelArea = std::abs(gt[1] * gt[5] - gt[2] * gt[4]);
    double pixelAreaM2 = pixelArea;
    if (crs->IsProjected()) {
        const double unit = crs->GetLinearUnits();
        pixelAreaM2 = pixelArea * unit * unit;
    } else if (crs->IsGeographic()) {
        const double centreLat = gt[3] + 0.5 * m_width * gt[4] + 0.5 * m_height * gt[5];
        const double radians = crs->GetAngularUnits(); // radians per angular unit
        const double metresPerRadian = 6371008.8;
        pixelAreaM2 = pixelArea * radians * radians * metresPerRadian * metresPerRadian *
                      std::cos(centreLat * radians);
    }

    std::vector<OGRGeometryH> pondGeometries;
    std::vector<std::unique_ptr<OGRGeometry>> owned;
    layer->ResetReading();
    for (auto &feature : *layer) {
        const OGRGeometry *geometry = feature->GetGeometryRef();
        if (!geometry)
            continue;
        WaterBody body;
        const double area = geometry->toSurface()->get_Area();
        body.areaM2 = area / pixelArea * pixelAreaM2;
        body.pond = body.areaM2 <= m_options.maxPondAreaM2;
        body.wkb.resize(size_t(geometry->WkbSize()));
        geometry->exportToWkb(wkbNDR, body.wkb.data(), wkbVariantIso);
        if (body.pond) {
            owned.emplace_back(geometry->clone());
            pondGeometries.push_back(OGRGeometry::ToHandle(owned.back().get()));
        }
        m_bodies.push_back(std::move(body));
    }

    // 4. Rasterise ponds into band 2 (pixel centres; polygons follow pixel edges exactly).
    SubFeedback rasterizeFeedback(feedback, 0.8, 1.0);
    if (!pondGeometries.empty()) {
        const int bandList[] = {2};
        std::vector<double> burn(pondGeometries.size(), 1.0);
        if (GDALRasterizeGeometries(GDALDataset::ToHandle(mem.get()), 1, bandList,
                                    int(pondGeometries.size()), pondGeometries.data(), nullptr,
                                    nullptr, burn.data(), nullptr, relayProgress,
                                    &rasterizeFeedback) != CE_None) {
            rasterizeFeedback.throwIfCanceled();
            throw DataError(rasterPath, std::string("rasterize failed: ") + CPLGetLastErrorMsg());
        }
        if (mem->GetRasterBand(2)->RasterIO(GF_Read, 0, 0, m_width, m_height, m_pond.data(),
                                            m_width, m_height, GDT_Byte, 0, 0, nullptr) != CE_None)
            throw DataError(rasterPath, "pond mask cannot be read back");
    }
    if (feedback)
        feedback->setProgress(1.0);
}

ChipWaterTruth WaterTruth::chipTruth(const ChipGrid &grid) const
{
    if (grid.rasterWidth != m_width || grid.rasterHeight != m_height)
        throw UsageError("the chip grid and the water masks belong to rasters of different size");
    ChipWaterTruth truth;
    const size_t n = grid.size();
    truth.waterFraction.resize(n);
    truth.pondFraction.resize(n);
    truth.water.resize(n);
    truth.pond.resize(n);
    const int s = grid.chipSize;
    for (size_t i = 0; i < n; ++i) {
        const ChipWindow &w = grid.chips[i];
        size_t validCount = 0, waterCount = 0, pondCount = 0;
        for (int y = w.y; y < w.y + s; ++y) {
            const size_t base = size_t(y) * size_t(m_width);
            for (int x = w.x; x < w.x + s; ++x) {
                validCount += m_valid[base + size_t(x)];
                waterCount += m_water[base + size_t(x)];
                pondCount += m_pond[base + size_t(x)];
            }
        }
        const double denominator = validCount ? double(validCount) : 1.0;
        truth.waterFraction[i] = double(waterCount) / denominator;
        truth.pondFraction[i] = double(pondCount) / denominator;
        truth.water[i] = validCount && truth.waterFraction[i] >= m_options.minChipFraction;
        truth.pond[i] = validCount && truth.pondFraction[i] >= m_options.minChipFraction;
    }
    return truth;
}

void WaterTruth::writePolygons(const std::string &path, const std::string &layerName,
                               bool pondsOnly) const
{
    const std::string driverName = vectorDriverFor(path);
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName(driverName.c_str());
    if (!driver)
        throw DataError(path, "cannot be written: GDAL has no " + driverName + " driver");
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        driver->Delete(path.c_str());
    DatasetPtr out(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!out)
        throw DataError(path, std::string("cannot be created: ") + CPLGetLastErrorMsg());
    OGRSpatialReference crs;
    crs.importFromWkt(m_crsWkt.c_str());
    OGRLayer *layer = out->CreateLayer(layerName.c_str(), &crs, wkbPolygon, nullptr);
    if (!layer)
        throw DataError(path, std::string("layer cannot be created: ") + CPLGetLastErrorMsg());
    OGRFieldDefn areaField("area_m2", OFTReal);
    OGRFieldDefn kindField("kind", OFTString);
    layer->CreateField(&areaField);
    layer->CreateField(&kindField);
    const bool transaction = out->StartTransaction() == OGRERR_NONE;
    for (const WaterBody &body : m_bodies) {
        if (pondsOnly && !body.pond)
            continue;
        OGRGeometry *geometry = nullptr;
        if (OGRGeometryFactory::createFromWkb(body.wkb.data(), &crs, &geometry, body.wkb.size()) !=
            OGRERR_NONE)
            throw DataError(path, "water polygon cannot be encoded");
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetGeometryDirectly(geometry);
        feature.SetField("area_m2", body.areaM2);
        feature.SetField("kind", body.pond ? "pond" : "lake");
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw DataError(path,
                            std::string("feature cannot be written: ") + CPLGetLastErrorMsg());
    }
    if (transaction && out->CommitTransaction() != OGRERR_NONE)
        throw DataError(path, std::string("cannot be committed: ") + CPLGetLastErrorMsg());
    out.reset();
}

} // namespace chipfinder
