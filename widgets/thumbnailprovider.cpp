#include "thumbnailprovider.h"

#include "rasterrenderer.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QPainter>

#include <algorithm>

namespace chipfinder {

ThumbnailProvider::ThumbnailProvider(std::shared_ptr<RasterRenderer> renderer,
                                     std::shared_ptr<const ChipGeometryIndex> geometry, int size,
                                     QObject *parent)
    : QObject(parent), m_renderer(std::move(renderer)), m_geometry(std::move(geometry)),
      m_size(size)
{
    m_cache.setMaxCost(2000);
    m_pool.setMaxThreadCount(2);
}

ThumbnailProvider::~ThumbnailProvider()
{
    {
        QMutexLocker lock(&m_mutex);
        m_queue.clear();
    }
    m_pool.waitForDone();
}

QImage ThumbnailProvider::thumbnail(int64_t chip)
{
    if (!m_renderer || !m_geometry || chip < 0 || size_t(chip) >= m_geometry->size())
        return {};
    QMutexLocker lock(&m_mutex);
    const QImage *cached = m_cache.object(chip);
    if (cached && cached->width() == m_size)
        return *cached;
    const QImage stale = cached ? *cached : QImage(); // another size: shown until rendered again
    if (!m_queued.count(chip)) {
        m_queued.insert(chip);
        m_queue.push_front(chip); // newest first: what the user looks at now
    }
    if (m_workers < m_pool.maxThreadCount()) {
        ++m_workers;
        m_pool.start([this] { work(); });
    }
    return stale;
}

int ThumbnailProvider::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_size;
}

void ThumbnailProvider::setSize(int size)
{
    QMutexLocker lock(&m_mutex);
    m_size = std::max(16, size);
}

int ThumbnailProvider::pendingCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_queued.size());
}

void ThumbnailProvider::work()
{
    for (;;) {
        int64_t chip;
        int size;
        {
            QMutexLocker lock(&m_mutex);
            if (m_queue.empty()) {
                --m_workers;
                return;
            }
            chip = m_queue.front();
            m_queue.pop_front();
            size = m_size;
        }
        // A square around the chip with a small margin, so its outline can be drawn inside.
        const QRectF bounds = m_geometry->bounds(chip);
        const double side = std::max(bounds.width(), bounds.height()) * 1.15;
        const QRectF extent(bounds.center().x() - side / 2, bounds.center().y() - side / 2, side,
                            side);
        QImage image = m_renderer->render(extent, QSize(size, size));
        if (image.isNull()) {
            image = QImage(size, size, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::lightGray);
        }
        {
            // Footprint outline.
            QPainter painter(&image);
            const double scale = size / side;
            QRectF r((bounds.left() - extent.left()) * scale,
                     (extent.bottom() - bounds.bottom()) * scale, bounds.width() * scale,
                     bounds.height() * scale);
            painter.setPen(QPen(QColor(255, 255, 255, 200), 1));
            painter.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        QMetaObject::invokeMethod(
            this,
            [this, chip, image = std::move(image)]() mutable {
                {
                    QMutexLocker lock(&m_mutex);
                    m_queued.erase(chip);
                    // Cost in 96-pixel thumbnails: the cache holds about as many pixels at
                    // every size.
                    const qsizetype cost =
                        std::max<qsizetype>(1, qsizetype(image.width()) * image.height() / 9216);
                    m_cache.insert(chip, new QImage(std::move(image)), cost);
                }
                emit thumbnailReady(chip);
            },
            Qt::QueuedConnection);
    }
}

} // namespace chipfinder
