#include "rasterlayer.h"

#include "webmercator.h"

#include <QMetaObject>
#include <QMutexLocker>

#include <algorithm>
#include <cmath>

namespace chipfinder {

RasterLayer::RasterLayer(std::shared_ptr<RasterRenderer> renderer, QObject *parent)
    : QObject(parent), m_renderer(std::move(renderer))
{
    m_cache.setMaxCost(256 * 1024 * 1024); // bytes of tiles
    m_pool.setMaxThreadCount(2);
    const double native = std::max(m_renderer->nativeResolution(), 1e-3);
    const double world = 2.0 * WebMercator::HalfWorld;
    m_maxZoom = std::clamp(int(std::ceil(std::log2(world / (TileSize * native)))) + 1, 0, 24);
}

RasterLayer::~RasterLayer()
{
    {
        QMutexLocker lock(&m_mutex);
        m_queue.clear();
    }
    m_pool.waitForDone();
}

QRectF RasterLayer::tileExtent(const TileKey &key)
{
    const double size = 2.0 * WebMercator::HalfWorld / double(1 << key.z);
    const double left = -WebMercator::HalfWorld + key.x * size;
    const double top = WebMercator::HalfWorld - key.y * size;
    return QRectF(QPointF(left, top - size), QPointF(left + size, top));
}

int RasterLayer::zoomFor(double resolution) const
{
    const double world = 2.0 * WebMercator::HalfWorld;
    const int z = int(std::ceil(std::log2(world / (TileSize * std::max(resolution, 1e-6)))));
    return std::clamp(z, 0, m_maxZoom);
}

QImage RasterLayer::tile(const TileKey &key) const
{
    QMutexLocker lock(&m_mutex);
    if (const QImage *image = m_cache.object(key.packed()))
        return *image;
    return {};
}

int RasterLayer::pendingCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_queue.size() + m_inFlight.size());
}

void RasterLayer::request(const std::vector<TileKey> &keys)
{
    QMutexLocker lock(&m_mutex);
    m_queue.clear();
    for (const TileKey &key : keys) {
        if (m_cache.contains(key.packed()) || m_inFlight.count(key.packed()))
            continue;
        if (!tileExtent(key).intersects(m_renderer->extent()))
            continue;
        m_queue.push_back(key);
    }
    const int wanted = std::min<int>(int(m_queue.size()), m_pool.maxThreadCount());
    while (m_workers < wanted) {
        ++m_workers;
        m_pool.start([this] { work(); });
    }
}

void RasterLayer::work()
{
    for (;;) {
        TileKey key;
        {
            QMutexLocker lock(&m_mutex);
            if (m_queue.empty()) {
                --m_workers;
                return;
            }
            key = m_queue.front();
            m_queue.pop_front();
            m_inFlight.insert(key.packed());
        }
        QImage image = m_renderer->render(tileExtent(key), QSize(TileSize, TileSize));
        if (image.isNull()) { // unreadable: cache an empty tile so it is not retried forever
            image = QImage(QSize(1, 1), QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::transparent);
        }
        QMetaObject::invokeMethod(
            this, [this, key, image = std::move(image)]() mutable { store(key, std::move(image)); },
            Qt::QueuedConnection);
    }
}

void RasterLayer::store(TileKey key, QImage image)
{
    {
        QMutexLocker lock(&m_mutex);
        m_inFlight.erase(key.packed());
        const int cost = int(image.sizeInBytes());
        m_cache.insert(key.packed(), new QImage(std::move(image)), cost);
    }
    emit tileReady(key.z, key.x, key.y);
}

} // namespace chipfinder
