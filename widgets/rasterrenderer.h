#pragma once
// Renders any GDAL raster into Web Mercator images: a GeoTIFF/COG, MBTiles, GeoPackage tiles,
// or an XYZ/TMS URL template ("https://host/{z}/{x}/{y}.png") read through GDAL's WMS driver
// with a disk cache (works offline from the cache). GDALWarp picks the overview level that fits
// the requested resolution. 1–2 bands are drawn grey, 3+ bands as RGB (bands 1–3), with an
// alpha band or nodata as transparency; non-8-bit data is stretched over its approximate range.
// Thread safety: render() may be called from many threads at once; each thread opens its own
// GDALDataset (GDAL handles are not shared). Errors: open() throws DataError.

#include <QImage>
#include <QMutex>
#include <QRectF>
#include <QString>

#include <map>
#include <thread>
#include <vector>

namespace chipfinder {

class RasterRenderer
{
public:
    // source: a raster path or an XYZ URL template; cacheDir: where the WMS driver caches tiles
    // of a URL source (ignored otherwise). Throws DataError if GDAL cannot open it.
    RasterRenderer(const QString &source, const QString &cacheDir = QString());
    ~RasterRenderer();
    RasterRenderer(const RasterRenderer &) = delete;
    RasterRenderer &operator=(const RasterRenderer &) = delete;

    QString source() const { return m_source; }
    // Web Mercator extent of the raster (the whole world for URL sources).
    QRectF extent() const { return m_extent; }
    // Web Mercator metres per source pixel at full resolution (approximate).
    double nativeResolution() const { return m_nativeResolution; }

    // The part of the raster inside extent (Web Mercator metres, y grows north) as an
    // ARGB32-premultiplied image of size pixels; transparent outside the raster. Returns a null
    // image if GDAL fails.
    QImage render(const QRectF &extent, const QSize &size) const;

    // GDAL_WMS XML for an XYZ URL template with {z}/{x}/{y}, caching into cacheDir.
    static QString wmsXmlForUrl(const QString &urlTemplate, const QString &cacheDir);

private:
    void *datasetForThisThread() const; // GDALDatasetH

    QString m_source;
    QByteArray m_gdalName;
    QRectF m_extent;
    double m_nativeResolution = 1.0;
    int m_colorBands = 3;
    std::vector<std::pair<double, double>> m_stretch; // per colour band: min, max (empty = 8 bit)
    mutable QMutex m_mutex;
    mutable std::map<std::thread::id, void *> m_datasets;
};

} // namespace chipfinder
