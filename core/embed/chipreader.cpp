#include "embed/chipreader.h"

#include "common/errors.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <mutex>

namespace chipfinder {

namespace {

void registerGdalOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

} // namespace

ChipReader::ChipReader(const std::string &path) : m_path(path)
{
    registerGdalOnce();
    CPLErrorReset();
    m_dataset = GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
    if (!m_dataset) {
        const std::string reason = CPLGetLastErrorMsg();
        throw DataError(path,
                        "cannot be opened as a raster" + (reason.empty() ? "" : ": " + reason),
                        std::nullopt, {}, "a raster GDAL can read (GeoTIFF, COG, ...)");
    }
    m_width = m_dataset->GetRasterXSize();
    m_height = m_dataset->GetRasterYSize();
    m_hasGeoTransform = m_dataset->GetGeoTransform(m_geoTransform.data()) == CE_None;
    if (!m_hasGeoTransform)
        m_geoTransform = {0, 1, 0, 0, 0, 1};

    const int count = m_dataset->GetRasterCount();
    for (int b = 1; b <= count; ++b) {
        GDALRasterBand *band = m_dataset->GetRasterBand(b);
        if (band->GetColorInterpretation() == GCI_AlphaBand)
            continue;
        int has = 0;
        const double nodata = band->GetNoDataValue(&has);
        m_bands.push_back(b);
        m_nodata.push_back(nodata);
        m_hasNodata.push_back(has ? 1 : 0);
        if (band->GetRasterDataType() != GDT_Byte)
            m_allByte = false;
    }
    if (m_bands.empty()) {
        GDALClose(m_dataset);
        m_dataset = nullptr;
        throw DataError(path, "has no image bands", std::nullopt, {},
                        "at least one non-alpha band");
    }
    // Per-dataset masks (alpha band, external .msk) decide validity for every band.
    const int flags = m_dataset->GetRasterBand(m_bands.front())->GetMaskFlags();
    if ((flags & GMF_PER_DATASET) && !(flags & GMF_ALL_VALID) && !(flags & GMF_NODATA))
        m_maskBand = m_bands.front();
}

ChipReader::~ChipReader()
{
    if (m_dataset)
        GDALClose(m_dataset);
}

const OGRSpatialReference *ChipReader::crs() const
{
    return m_dataset->GetSpatialRef();
}

std::string ChipReader::driverName() const
{
    GDALDriver *driver = m_dataset->GetDriver();
    return driver ? driver->GetDescription() : std::string();
}

void ChipReader::read(int x, int y, int w, int h, std::vector<float> &pixels,
                      std::vector<uint8_t> &valid)
{
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > m_width || y + h > m_height)
        throw DataError(m_path,
                        "window " + std::to_string(x) + "," + std::to_string(y) + " " +
                            std::to_string(w) + "×" + std::to_string(h) + " lies outside the " +
                            std::to_string(m_width) + "×" + std::to_string(m_height) + " raster",
                        std::nullopt, {}, "chip windows inside the raster");
    const size_t plane = size_t(w) * size_t(h);
    const int bands = bandCount();
    pixels.resize(plane * size_t(bands));
    valid.assign(plane, 1);
    CPLErrorReset();
    const CPLErr err = m_dataset->RasterIO(
        GF_Read, x, y, w, h, pixels.data(), w, h, GDT_Float32, bands, m_bands.data(), sizeof(float),
        GSpacing(sizeof(float)) * w, GSpacing(sizeof(float)) * GSpacing(plane), nullptr);
    if (err != CE_None)
        throw DataError(m_path, std::string("pixels cannot be read: ") + CPLGetLastErrorMsg());

    if (m_maskBand) {
        m_maskBuffer.resize(plane);
        GDALRasterBand *mask = m_dataset->GetRasterBand(m_maskBand)->GetMaskBand();
        if (mask->RasterIO(GF_Read, x, y, w, h, m_maskBuffer.data(), w, h, GDT_Byte, 0, 0,
                           nullptr) != CE_None)
            throw DataError(m_path, std::string("mask cannot be read: ") + CPLGetLastErrorMsg());
        for (size_t i = 0; i < plane; ++i)
            if (m_maskBuffer[i] == 0)
                valid[i] = 0;
    }

    bool anyNodata = false;
    for (uint8_t has : m_hasNodata)
        anyNodata = anyNodata || has;
    for (size_t i = 0; i < plane; ++i) {
        bool allFill = true; // every band with nodata is at it (or all zero for bare Byte)
        bool anyNan = false;
        for (int b = 0; b < bands; ++b) {
            const float v = pixels[size_t(b) * plane + i];
            if (std::isnan(v)) {
                anyNan = true;
                continue;
            }
            if (anyNodata) {
                if (m_hasNodata[size_t(b)] && v != float(m_nodata[size_t(b)]))
                    allFill = false;
            } else if (!m_allByte || v != 0.0f) {
                allFill = false;
            }
        }
        if (anyNan || allFill)
            valid[i] = 0;
    }
}

} // namespace chipfinder
