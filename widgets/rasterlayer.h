#pragma once
// A raster shown on the map as 256-px Web Mercator tiles (the XYZ pyramid): tiles are rendered by
// a RasterRenderer on a small background pool and kept in a memory cache. The map asks for the
// tiles it needs (the newest request replaces the queue of not-yet-started tiles) and repaints
// on tileReady().

#include "rasterrenderer.h"

#include <QCache>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QThreadPool>

#include <deque>
#include <memory>
#include <set>
#include <vector>

namespace chipfinder {

struct TileKey
{
    int z = 0, x = 0, y = 0;
    quint64 packed() const { return (quint64(z) << 56) | (quint64(x) << 28) | quint64(y); }
    bool operator<(const TileKey &o) const { return packed() < o.packed(); }
    bool operator==(const TileKey &o) const = default;
};

class RasterLayer : public QObject
{
    Q_OBJECT
public:
    static constexpr int TileSize = 256;

    explicit RasterLayer(std::shared_ptr<RasterRenderer> renderer, QObject *parent = nullptr);
    ~RasterLayer() override;

    const RasterRenderer &renderer() const { return *m_renderer; }
    std::shared_ptr<RasterRenderer> rendererPtr() const { return m_renderer; }

    // Web Mercator extent of tile (z, x, y); y = 0 is the northernmost row.
    static QRectF tileExtent(const TileKey &key);
    // Smallest zoom whose tiles are at least as fine as resolution (m/px), clamped to maxZoom().
    int zoomFor(double resolution) const;
    // Zoom level beyond which the source has no more detail.
    int maxZoom() const { return m_maxZoom; }

    // The cached tile, or a null image.
    QImage tile(const TileKey &key) const;
    // Renders these tiles in the background (cached ones are skipped); replaces earlier requests
    // that have not started yet.
    void request(const std::vector<TileKey> &keys);
    // Number of tiles queued or being rendered.
    int pendingCount() const;

signals:
    void tileReady(int z, int x, int y);

private:
    void work();
    void store(TileKey key, QImage image);

    std::shared_ptr<RasterRenderer> m_renderer;
    int m_maxZoom = 22;
    QCache<quint64, QImage> m_cache;
    mutable QMutex m_mutex;
    std::deque<TileKey> m_queue;  // guarded by m_mutex
    std::set<quint64> m_inFlight; // guarded by m_mutex
    int m_workers = 0;            // guarded by m_mutex
    QThreadPool m_pool;
};

} // namespace chipfinder
