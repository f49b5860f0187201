#pragma once
// Where inside a chip the query matches, in the main window: for the chip selected in the review
// grid or on the map, the heatmap (embed/locate.h) is computed in the background (its own
// JobRunner, newest request wins), cached in the project (ProjectStore::setHeatmap, per query)
// and drawn over the chip's thumbnail in the review grid and as a translucent overlay on the map;
// the tight footprint is the heat in the top 30 % of its range. File › Export tight footprints…
// writes them beside the chip footprints for the candidates and positive labels. A note in the
// status bar says what is shown, or that the data cannot localise. The query is the session's
// positives and negatives (locateQuery). Sub-windows need the raster the chips were embedded from:
// the project setting "locate-imagery" (set for the demo, or by File › Set imagery for locating…),
// else the dataset's imagery.

#include "embed/locate.h"

#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <string>

class QAction;
class QLabel;

namespace chipfinder {

class JobRunner;
class MainWindow;

class LocateController : public QObject
{
    Q_OBJECT
public:
    // Creates the controller (owned by window), its menu entries and status note.
    static LocateController *install(MainWindow *window);

    // Project setting naming the raster the chips were embedded from.
    static QString imageryKey();
    // Tight footprint threshold (share of the chip's heat range).
    static constexpr double threshold = 0.7;

    // Shows chip's heatmap: from the cache at once, else computed in the background
    // (heatmapShown follows). Returns false if there is nothing to locate (no positive label).
    bool locate(qint64 chip);
    // Writes the tight footprints of the candidates and positive labels in the background
    // (tightFootprintsExported or an error follows). Returns false if it cannot start.
    bool exportTightFootprints(const QString &path);

    JobRunner *runner() const { return m_runner; }
    // LocateMode of the data once known (Unavailable also before the first heatmap).
    LocateMode mode() const { return m_mode; }
    bool modeKnown() const { return m_modeKnown; }
    QString note() const;
    // The chip whose heatmap is drawn (-1 = none) and its heatmap.
    qint64 shownChip() const { return m_shownChip; }
    const LocatedChip *located(qint64 chip) const;

signals:
    void heatmapShown(qint64 chip);
    void tightFootprintsExported(int chips, const QString &path);

private:
    explicit LocateController(MainWindow *window);
    struct LocatorState;
    struct Query
    {
        std::vector<int64_t> positives, negatives;
        std::string key; // hash of both id lists
    };
    Query currentQuery() const;
    std::string imagery() const;
    void show(qint64 chip);
    void clearShown();
    void setNote(const QString &text, const QString &tooltip = QString());
    void setMode(LocateMode mode, const std::string &reason);
    void onLabelsChanged();
    void exportDialog();
    void imageryDialog();

    MainWindow *m_window = nullptr;
    JobRunner *m_runner = nullptr;
    QLabel *m_note = nullptr;
    QAction *m_exportAction = nullptr;
    std::shared_ptr<LocatorState> m_state;
    std::map<qint64, LocatedChip> m_cache; // for m_cacheKey
    std::string m_cacheKey;
    LocateMode m_mode = LocateMode::Unavailable;
    bool m_modeKnown = false;
    qint64 m_shownChip = -1;
    qint64 m_wantedChip = -1;
};

} // namespace chipfinder
