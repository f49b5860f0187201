#pragma once
// Chip thumbnails read with GDAL from the imagery (or basemap) raster, off the UI thread, cached.
// thumbnail(chip) returns the cached image or a null image and queues the chip (the most recent
// requests are served first); thumbnailReady(chip) follows when it is read.

#include "chipgeometryindex.h"

#include <QCache>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QThreadPool>

#include <deque>
#include <memory>
#include <set>

namespace chipfinder {

class RasterRenderer;

class ThumbnailProvider : public QObject
{
    Q_OBJECT
public:
    ThumbnailProvider(std::shared_ptr<RasterRenderer> renderer,
                      std::shared_ptr<const ChipGeometryIndex> geometry, int size = 96,
                      QObject *parent = nullptr);
    ~ThumbnailProvider() override;

    int size() const { return m_size; }
    QImage thumbnail(int64_t chip);
    int pendingCount() const;

signals:
    void thumbnailReady(qint64 chip);

private:
    void work();

    std::shared_ptr<RasterRenderer> m_renderer;
    std::shared_ptr<const ChipGeometryIndex> m_geometry;
    int m_size;
    mutable QMutex m_mutex;
    QCache<qint64, QImage> m_cache;
    std::deque<int64_t> m_queue;
    std::set<int64_t> m_queued;
    int m_workers = 0;
    QThreadPool m_pool;
};

} // namespace chipfinder
