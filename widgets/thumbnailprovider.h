#pragma once
// Chip thumbnails read with GDAL from the imagery (or basemap) raster, off the UI thread, cached.
// thumbnail(chip) returns the cached image or a null image and queues the chip (the most recent
// requests are served first); thumbnailReady(chip) follows when it is read. The size can change
// (the review grid's zoom); thumbnails are then rendered again at the new size.

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

    int size() const;
    // Renders from now on at `size` pixels. Thumbnails of the old size are still returned (to
    // be scaled while they last) and are rendered again: thumbnailReady() follows for each.
    void setSize(int size);
    QImage thumbnail(int64_t chip);
    // What the thumbnails are read from (e.g. for a larger preview with context).
    std::shared_ptr<RasterRenderer> renderer() const { return m_renderer; }
    std::shared_ptr<const ChipGeometryIndex> geometry() const { return m_geometry; }
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
