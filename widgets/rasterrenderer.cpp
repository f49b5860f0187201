#include "rasterrenderer.h"

#include "common/errors.h"

#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>

#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace chipfinder {

namespace {
constexpr double HalfWorld = 20037508.342789244;

struct DatasetCloser
{
    void operator()(GDALDatasetH ds) const
    {
        if (ds)
            GDALClose(ds);
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

// Web Mercator bounds of a dataset from its geotransform and CRS (corners and edge midpoints).
QRectF mercatorExtent(GDALDatasetH ds)
{
    double gt[6];
    if (GDALGetGeoTransform(ds, gt) != CE_None)
        return {};
    const int w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
    OGRSpatialReference source;
    const char *wkt = GDALGetProjectionRef(ds);
    if (!wkt || !*wkt || source.importFromWkt(wkt) != OGRERR_NONE)
        return {};
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference mercator;
    mercator.importFromEPSG(3857);
    mercator.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(
        OGRCreateCoordinateTransformation(&source, &mercator));
    if (!ct)
        return {};
    std::vector<double> xs, ys;
    for (int i = 0; i <= 8; ++i) {
        for (int j = 0; j <= 8; ++j) {
            const double px = w * i / 8.0, py = h * j / 8.0;
            xs.push_back(gt[0] + px * gt[1] + py * gt[2]);
            ys.push_back(gt[3] + px * gt[4] + py * gt[5]);
        }
    }
    std::vector<int> ok(xs.size());
    ct->Transform(int(xs.size()), xs.data(), ys.data(), nullptr, ok.data());
    double minX = HalfWorld, minY = HalfWorld, maxX = -HalfWorld, maxY = -HalfWorld;
    for (size_t i = 0; i < xs.size(); ++i) {
        if (!ok[i] || !std::isfinite(xs[i]) || !std::isfinite(ys[i]))
            continue;
        minX = std::min(minX, xs[i]);
        maxX = std::max(maxX, xs[i]);
        minY = std::min(minY, ys[i]);
        maxY = std::max(maxY, ys[i]);
    }
    if (minX >= maxX || minY >= maxY)
        return {};
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}
} // namespace

QString RasterRenderer::wmsXmlForUrl(const QString &urlTemplate, const QString &cacheDir)
{
    QString url = urlTemplate.toHtmlEscaped();
    url.replace(QLatin1String("{z}"), QLatin1String("${z}"));
    url.replace(QLatin1String("{x}"), QLatin1String("${x}"));
    url.replace(QLatin1String("{y}"), QLatin1String("${y}"));
    const QString cache = cacheDir.isEmpty()
                              ? QString()
                              : QStringLiteral("<Cache><Path>%1</Path></Cache>")
                                    .arg(QDir::toNativeSeparators(cacheDir).toHtmlEscaped());
    return QStringLiteral(
               "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>%1</ServerUrl></Service>"
               "<DataWindow><UpperLeftX>-20037508.34</UpperLeftX>"
               "<UpperLeftY>20037508.34</UpperLeftY><LowerRightX>20037508.34</LowerRightX>"
               "<LowerRightY>-20037508.34</LowerRightY><TileLevel>19</TileLevel>"
               "<TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin>"
               "</DataWindow><Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX>"
               "<BlockSizeY>256</BlockSizeY><BandsCount>3</BandsCount>%2"
               "<ZeroBlockHttpCodes>204,404</ZeroBlockHttpCodes>"
               "<ZeroBlockOnServerException>true</ZeroBlockOnServerException>"
               "<MaxConnections>2</MaxConnections></GDAL_WMS>")
        .arg(url, cache);
}

RasterRenderer::RasterRenderer(const QString &source, const QString &cacheDir) : m_source(source)
{
    GDALAllRegister();
    const bool isUrl =
        source.startsWith(QLatin1String("http://")) || source.startsWith(QLatin1String("https://"));
    if (isUrl && source.contains(QLatin1String("{z}")))
        m_gdalName = wmsXmlForUrl(source, cacheDir).toUtf8();
    else
        m_gdalName = source.toUtf8();

    GDALDatasetH ds = static_cast<GDALDatasetH>(datasetForThisThread());
    if (!ds)
        throw DataError(source.toStdString(), "GDAL cannot open it as a raster", std::nullopt, {},
                        "a GeoTIFF/COG, MBTiles, GeoPackage tiles or an XYZ URL template");
    m_extent = mercatorExtent(ds);
    if (m_extent.isEmpty())
        throw DataError(source.toStdString(), "the raster has no usable georeferencing",
                        std::nullopt, {}, "a geotransform and a coordinate reference system");
    m_nativeResolution = m_extent.width() / std::max(1, GDALGetRasterXSize(ds));

    int colorBands = 0;
    const int bands = GDALGetRasterCount(ds);
    for (int b = 1; b <= bands; ++b)
        if (GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, b)) != GCI_AlphaBand)
            ++colorBands;
    m_colorBands = colorBands >= 3 ? 3 : 1;
    if (colorBands == 0)
        throw DataError(source.toStdString(), "the raster has no colour bands");
    for (int b = 1; b <= m_colorBands; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(ds, b);
        if (GDALGetRasterDataType(band) == GDT_Byte)
            continue;
        double range[2] = {0.0, 255.0};
        GDALComputeRasterMinMax(band, TRUE, range);
        m_stretch.resize(size_t(m_colorBands), {0.0, 255.0});
        m_stretch[size_t(b - 1)] = {range[0], range[1] > range[0] ? range[1] : range[0] + 1.0};
    }
}

RasterRenderer::~RasterRenderer()
{
    QMutexLocker lock(&m_mutex);
    for (auto &[thread, ds] : m_datasets)
        GDALClose(static_cast<GDALDatasetH>(ds));
}

void *RasterRenderer::datasetForThisThread() const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_datasets.find(std::this_thread::get_id());
    if (it != m_datasets.end())
        return it->second;
    lock.unlock();
    GDALDatasetH ds = GDALOpenEx(m_gdalName.constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr,
                                 nullptr, nullptr);
    if (!ds)
        return nullptr;
    lock.relock();
    m_datasets[std::this_thread::get_id()] = ds;
    return ds;
}

QImage RasterRenderer::render(const QRectF &extent, const QSize &size) const
{
    if (size.isEmpty() || !extent.isValid())
        return {};
    GDALDatasetH src = static_cast<GDALDatasetH>(datasetForThisThread());
    if (!src)
        return {};
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    if (!extent.intersects(m_extent))
        return image;

    // Warp the source's colour bands (GDALWarp chooses the overview) into a MEM dataset.
    QStringList args{QStringLiteral("-of"),
                     QStringLiteral("MEM"),
                     QStringLiteral("-t_srs"),
                     QStringLiteral("EPSG:3857"),
                     QStringLiteral("-te"),
                     QString::number(extent.left(), 'f', 4),
                     QString::number(extent.top(), 'f', 4),
                     QString::number(extent.right(), 'f', 4),
                     QString::number(extent.bottom(), 'f', 4),
                     QStringLiteral("-ts"),
                     QString::number(size.width()),
                     QString::number(size.height()),
                     QStringLiteral("-r"),
                     QStringLiteral("bilinear"),
                     QStringLiteral("-dstalpha"),
                     QStringLiteral("-wo"),
                     QStringLiteral("NUM_THREADS=1")};
    std::vector<QByteArray> storage;
    std::vector<char *> argv;
    for (const QString &a : args)
        storage.push_back(a.toUtf8());
    for (QByteArray &a : storage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALWarpAppOptions *options = GDALWarpAppOptionsNew(argv.data(), nullptr);
    int usageError = 0;
    GDALDatasetH srcs[1] = {src};
    DatasetPtr out(GDALWarp("", nullptr, 1, srcs, options, &usageError));
    GDALWarpAppOptionsFree(options);
    if (!out)
        return {};

    const int outBands = GDALGetRasterCount(out.get());
    const int pixels = size.width() * size.height();
    std::vector<float> channel(size_t(pixels) * 4, 0.0f);
    auto readBand = [&](int band, float *dest) {
        return GDALRasterIO(GDALGetRasterBand(out.get(), band), GF_Read, 0, 0, size.width(),
                            size.height(), dest, size.width(), size.height(), GDT_Float32, 0,
                            0) == CE_None;
    };
    for (int c = 0; c < m_colorBands; ++c)
        if (!readBand(c + 1, channel.data() + size_t(c) * pixels))
            return {};
    if (!readBand(outBands, channel.data() + size_t(3) * pixels))
        return {};

    auto scaled = [&](int c, float v) {
        if (m_stretch.empty())
            return std::clamp(int(v + 0.5f), 0, 255);
        const auto [lo, hi] = m_stretch[size_t(c)];
        return std::clamp(int((v - lo) / (hi - lo) * 255.0 + 0.5), 0, 255);
    };
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const size_t i = size_t(y) * size.width() + x;
            const int a = std::clamp(int(channel[3 * size_t(pixels) + i] + 0.5f), 0, 255);
            if (a == 0)
                continue;
            int r, g, b;
            if (m_colorBands == 3) {
                r = scaled(0, channel[i]);
                g = scaled(1, channel[size_t(pixels) + i]);
                b = scaled(2, channel[2 * size_t(pixels) + i]);
            } else {
                r = g = b = scaled(0, channel[i]);
            }
            line[x] = qPremultiply(qRgba(r, g, b, a));
        }
    }
    return image;
}

} // namespace chipfinder
