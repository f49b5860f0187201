#include "locatecontroller.h"

#include "analytics/colormap.h"
#include "candidategrid.h"
#include "errortext.h"
#include "export/footprintexporter.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "jobrunner.h"
#include "mapview.h"

#include "common/feedback.h"
#include "dataset/dataset.h"

#include <QAction>
#include <QColor>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QStatusBar>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>

namespace chipfinder {

// The locator of the loaded dataset, built by the first job that needs it and shared by later
// ones (building it re-embeds every chip once).
struct LocateController::LocatorState
{
    std::mutex mutex;
    std::shared_ptr<const Dataset> dataset;
    std::string imagery;
    std::optional<LocatorChoice> choice;
};

namespace {

struct LocateResult
{
    LocateMode mode = LocateMode::Unavailable;
    std::string reason;
    std::string queryKey;
    std::vector<LocatedChip> located;
};

// FNV-1a, stable across runs and builds (the key is stored in the project).
std::string hashKey(const std::string &text)
{
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
    return buffer;
}

// The dataset's locator, built once per dataset and imagery (the caller holds the state's lock).
LocatorChoice &ensureLocator(std::shared_ptr<const Dataset> dataset, const std::string &imagery,
                             std::optional<LocatorChoice> &choice, Feedback &feedback)
{
    if (!choice) {
        LocateOptions options;
        options.rasterPath = imagery;
        choice = makeChipLocator(std::move(dataset), options, &feedback);
    }
    return *choice;
}

// Heat as colour (viridis, as every score in the app): nearly transparent where it is low,
// stronger in the tight footprint (still translucent: the imagery under it stays visible).
QImage heatImage(const LocatedChip &located)
{
    const ChipHeatmap &map = located.heatmap;
    const std::vector<uint8_t> tight = tightMask(map, LocateController::threshold);
    QImage image(map.width, map.height, QImage::Format_ARGB32);
    const float range = std::max(map.maximum - map.minimum, 1e-6f);
    for (int r = 0; r < map.height; ++r)
        for (int c = 0; c < map.width; ++c) {
            const size_t i = size_t(r) * size_t(map.width) + size_t(c);
            const float h = map.heat[i];
            if (!std::isfinite(h)) {
                image.setPixelColor(c, r, QColor(0, 0, 0, 0));
                continue;
            }
            const double t = std::clamp(double((h - map.minimum) / range), 0.0, 1.0);
            QColor colour = QColor::fromRgb(ColorMap::viridis(t));
            colour.setAlpha(tight[i] ? 150 : int(10 + 60 * t));
            image.setPixelColor(c, r, colour);
        }
    return image;
}

} // namespace

LocateController *LocateController::install(MainWindow *window)
{
    return new LocateController(window);
}

QString LocateController::imageryKey()
{
    return QStringLiteral("locate-imagery");
}

LocateController::LocateController(MainWindow *window)
    : QObject(window), m_window(window), m_runner(new JobRunner(this)),
      m_state(std::make_shared<LocatorState>())
{
    setObjectName(QStringLiteral("locateController"));
    m_note = new QLabel(window);
    m_note->setObjectName(QStringLiteral("locateNote"));
    m_note->hide();
    window->statusBar()->addPermanentWidget(m_note);

    if (QMenu *file = window->fileMenu()) {
        QAction *before = nullptr;
        const QList<QAction *> actions = file->actions();
        for (int i = 0; i + 1 < actions.size(); ++i)
            if (actions[i]->isSeparator() && i > 0 &&
                actions[i - 1]->text().contains(QLatin1Char('&')))
                before = actions[i]; // the separator after the last group (import/export)
        m_exportAction = new QAction(tr("Export &tight footprints…"), this);
        m_exportAction->setObjectName(QStringLiteral("exportTightFootprints"));
        connect(m_exportAction, &QAction::triggered, this, &LocateController::exportDialog);
        auto *imageryAction = new QAction(tr("Set imagery for &locating…"), this);
        imageryAction->setObjectName(QStringLiteral("setLocateImagery"));
        connect(imageryAction, &QAction::triggered, this, &LocateController::imageryDialog);
        file->insertAction(before, m_exportAction);
        file->insertAction(before, imageryAction);
    }

    ProjectSession *session = window->session();
    connect(session, &ProjectSession::loaded, this, [this, session] {
        m_runner->cancel();
        m_state = std::make_shared<LocatorState>();
        m_state->dataset = session->dataset();
        m_cache.clear();
        m_cacheKey.clear();
        m_modeKnown = false;
        m_mode = LocateMode::Unavailable;
        m_shownChip = m_wantedChip = -1;
        setNote(QString());
        // The chip the grid selected while the views restored the project.
        if (const qint64 chip = m_window->candidateGrid()->currentChip(); chip >= 0)
            locate(chip);
    });
    connect(session, &ProjectSession::closed, this, [this] {
        m_runner->cancel();
        m_state = std::make_shared<LocatorState>();
        m_cache.clear();
        clearShown();
        setNote(QString());
    });
    connect(session, &ProjectSession::labelsChanged, this, &LocateController::onLabelsChanged);
    connect(window->candidateGrid(), &CandidateGrid::currentChipChanged, this,
            [this](qint64 chip) { locate(chip); });
    connect(window->mapView(), &MapView::chipSelected, this, [this](qint64 chip) { locate(chip); });
    connect(m_runner, &JobRunner::failed, this, [this](quint64, const QString &message) {
        emit m_window->session()->errorOccurred(message);
        setNote(QString());
    });
}

QString LocateController::note() const
{
    return m_note->isVisible() || !m_note->text().isEmpty() ? m_note->text() : QString();
}

const LocatedChip *LocateController::located(qint64 chip) const
{
    const auto it = m_cache.find(chip);
    return it == m_cache.end() ? nullptr : &it->second;
}

LocateController::Query LocateController::currentQuery() const
{
    Query query;
    const ProjectSession *session = m_window->session();
    const auto dataset = session->dataset();
    std::string text;
    for (const Label &label : session->labels())
        (label.value == LabelValue::Positive ? query.positives : query.negatives)
            .push_back(label.chip);
    for (const auto *list : {&query.positives, &query.negatives}) {
        for (int64_t chip : *list)
            text += dataset->ids[size_t(chip)] + ",";
        text += "|";
    }
    query.key = hashKey(text + imagery());
    return query;
}

std::string LocateController::imagery() const
{
    const ProjectSession *session = m_window->session();
    QString path = session->setting(imageryKey());
    if (path.isEmpty() && session->dataset())
        path = QString::fromStdString(session->dataset()->imageryPath);
    return path.toStdString();
}

bool LocateController::locate(qint64 chip)
{
    ProjectSession *session = m_window->session();
    const auto dataset = session->dataset();
    if (!dataset || chip < 0 || size_t(chip) >= dataset->size()) {
        clearShown();
        return false;
    }
    m_wantedChip = chip;
    const Query query = currentQuery();
    if (query.positives.empty()) {
        clearShown();
        setNote(tr("Label a positive chip to see where inside a chip the match lies."));
        return false;
    }
    if (query.key != m_cacheKey) {
        m_cache.clear();
        m_cacheKey = query.key;
        m_window->candidateGrid()->clearChipOverlays();
    }
    if (m_modeKnown && m_mode == LocateMode::Unavailable) {
        clearShown();
        return false;
    }
    if (m_cache.count(chip)) {
        show(chip);
        return true;
    }
    // The project's cache: computed in an earlier session for the same labels.
    if (ProjectStore *store = session->store()) {
        try {
            if (const auto bytes = store->heatmap(dataset->ids[size_t(chip)], query.key))
                if (auto map = decodeHeatmap(*bytes); map && map->chip == chip) {
                    LocatedChip located;
                    located.chip = chip;
                    const std::vector<float> direction =
                        locateQuery(dataset->embeddings, query.positives, query.negatives);
                    const auto row = dataset->embeddings.row(size_t(chip));
                    double dot = 0.0, norm = 0.0;
                    for (size_t j = 0; j < row.size(); ++j) {
                        dot += double(row[j]) * direction[j];
                        norm += double(row[j]) * row[j];
                    }
                    located.score = norm > 0 ? float(dot / std::sqrt(norm)) : 0.0f;
                    located.tight = tightFootprint(*map, threshold);
                    located.heatmap = std::move(*map);
                    m_cache[chip] = std::move(located);
                    show(chip);
                    return true;
                }
        } catch (...) {
            // An unreadable cache entry is recomputed.
        }
    }
    const std::shared_ptr<LocatorState> state = m_state;
    if (!state->dataset)
        state->dataset = dataset;
    const std::string raster = imagery();
    setNote(tr("Locating the match inside chip %1…")
                .arg(QString::fromStdString(dataset->ids[size_t(chip)])));
    m_runner->run<LocateResult>(
        tr("Locating inside the chip"),
        [state, raster, query, chip](Feedback &feedback) {
            std::lock_guard lock(state->mutex);
            if (state->imagery != raster) {
                state->choice.reset();
                state->imagery = raster;
            }
            LocateResult result;
            result.queryKey = query.key;
            const LocatorChoice &choice =
                ensureLocator(state->dataset, raster, state->choice, feedback);
            result.mode = choice.mode;
            result.reason = choice.reason;
            if (!choice.locator)
                return result;
            const int64_t chips[] = {chip};
            result.located =
                locateChips(*choice.locator, *state->dataset, chips,
                            LocateQuery{query.positives, query.negatives}, threshold, &feedback);
            return result;
        },
        [this](quint64, LocateResult &result) {
            setMode(result.mode, result.reason);
            if (result.queryKey != m_cacheKey)
                return; // the labels changed meanwhile
            const auto dataset = m_window->session()->dataset();
            for (LocatedChip &located : result.located) {
                const qint64 chip = located.chip;
                ProjectStore *store = m_window->session()->store();
                if (store && !store->readOnly()) {
                    try {
                        store->setHeatmap(dataset->ids[size_t(chip)], result.queryKey,
                                          encodeHeatmap(located.heatmap));
                    } catch (...) {
                        emit m_window->session()->errorOccurred(ErrorText::describeCurrent());
                    }
                }
                m_cache[chip] = std::move(located);
                if (chip == m_wantedChip)
                    show(chip);
            }
        });
    return true;
}

void LocateController::setMode(LocateMode mode, const std::string &reason)
{
    m_mode = mode;
    m_modeKnown = true;
    if (mode == LocateMode::Unavailable) {
        clearShown();
        setNote(tr("This dataset cannot localise: where inside a chip the match lies is not "
                   "shown. Its chips do not overlap, and no imagery they were embedded from is "
                   "known (File › Set imagery for locating…)."),
                QString::fromStdString(reason));
    }
}

void LocateController::show(qint64 chip)
{
    const auto it = m_cache.find(chip);
    if (it == m_cache.end())
        return;
    const LocatedChip &located = it->second;
    const QImage image = heatImage(located);
    const auto dataset = m_window->session()->dataset();
    m_window->candidateGrid()->setChipOverlay(chip, image);
    try {
        m_window->mapView()->setChipOverlay(chip, image,
                                            heatmapCorners(located.heatmap, dataset->sourceCrsWkt));
    } catch (...) {
        m_window->mapView()->clearChipOverlay();
    }
    m_shownChip = chip;
    // Short: the status bar's counts and audit estimate share the line.
    setNote(tr("Heat: %1").arg(QString::fromStdString(dataset->ids[size_t(chip)])),
            tr("Heat over chip %1: where inside it the match lies (bright = tight footprint).")
                .arg(QString::fromStdString(dataset->ids[size_t(chip)])));
    emit heatmapShown(chip);
}

void LocateController::clearShown()
{
    if (m_shownChip >= 0)
        m_window->mapView()->clearChipOverlay();
    m_shownChip = -1;
}

void LocateController::setNote(const QString &text, const QString &tooltip)
{
    m_note->setText(text);
    m_note->setToolTip(tooltip);
    m_note->setVisible(!text.isEmpty());
}

void LocateController::onLabelsChanged()
{
    // A new query: the drawn heat is stale; the selected chip is located again.
    if (!m_window->session()->isLoaded())
        return;
    const Query query = currentQuery();
    if (query.key == m_cacheKey)
        return;
    m_window->candidateGrid()->clearChipOverlays();
    clearShown();
    if (m_wantedChip >= 0)
        locate(m_wantedChip);
}

bool LocateController::exportTightFootprints(const QString &path)
{
    ProjectSession *session = m_window->session();
    const auto dataset = session->dataset();
    if (!dataset)
        return false;
    const Query query = currentQuery();
    if (query.positives.empty()) {
        emit session->errorOccurred(
            tr("Label at least one chip as positive before exporting tight footprints."));
        return false;
    }
    std::vector<int64_t> chips;
    for (const ScoredChip &candidate : session->candidates())
        chips.push_back(candidate.chip);
    for (int64_t chip : query.positives)
        chips.push_back(chip);
    std::sort(chips.begin(), chips.end());
    chips.erase(std::unique(chips.begin(), chips.end()), chips.end());
    const std::shared_ptr<LocatorState> state = m_state;
    if (!state->dataset)
        state->dataset = dataset;
    const std::string raster = imagery();
    const std::string target = path.toStdString();
    m_runner->run<LocateResult>(
        tr("Exporting tight footprints"),
        [state, raster, query, chips, target](Feedback &feedback) {
            std::lock_guard lock(state->mutex);
            if (state->imagery != raster) {
                state->choice.reset();
                state->imagery = raster;
            }
            LocateResult result;
            result.queryKey = query.key;
            Feedback prepare(&feedback, 0.0, 0.3);
            const LocatorChoice &choice =
                ensureLocator(state->dataset, raster, state->choice, prepare);
            result.mode = choice.mode;
            result.reason = choice.reason;
            if (!choice.locator)
                return result;
            Feedback step(&feedback, 0.3, 0.95);
            result.located =
                locateChips(*choice.locator, *state->dataset, chips,
                            LocateQuery{query.positives, query.negatives}, threshold, &step);
            writeLocatedFootprints(*state->dataset, result.located, target, choice.mode, threshold);
            return result;
        },
        [this, path](quint64, LocateResult &result) {
            setMode(result.mode, result.reason);
            if (result.mode == LocateMode::Unavailable) {
                emit m_window->session()->errorOccurred(
                    tr("Tight footprints cannot be exported: this dataset cannot localise."));
                return;
            }
            const int count = int(result.located.size());
            if (result.queryKey == m_cacheKey) {
                const auto dataset = m_window->session()->dataset();
                ProjectStore *store = m_window->session()->store();
                for (LocatedChip &located : result.located) {
                    if (store && !store->readOnly() && dataset) {
                        try {
                            store->setHeatmap(dataset->ids[size_t(located.chip)], result.queryKey,
                                              encodeHeatmap(located.heatmap));
                        } catch (...) {
                            emit m_window->session()->errorOccurred(ErrorText::describeCurrent());
                            break;
                        }
                    }
                    m_cache.emplace(located.chip, std::move(located));
                }
            }
            m_window->statusBar()->showMessage(
                tr("Exported the tight footprints of %n chip(s) to %1", nullptr, count)
                    .arg(QDir::toNativeSeparators(path)),
                8000);
            emit tightFootprintsExported(count, path);
        });
    return true;
}

void LocateController::exportDialog()
{
    if (!m_window->session()->isLoaded())
        return;
    QString selected;
    const QString geojson = tr("GeoJSON (*.geojson)");
    const QString gpkg = tr("GeoPackage (*.gpkg)");
    const QString fgb = tr("FlatGeobuf (*.fgb)");
    const QString base = QFileInfo(m_window->session()->projectPath())
                             .dir()
                             .filePath(QStringLiteral("tight-footprints.geojson"));
    QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export tight footprints"), base,
        QStringList{geojson, gpkg, fgb}.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected == gpkg  ? QStringLiteral(".gpkg")
                : selected == fgb ? QStringLiteral(".fgb")
                                  : QStringLiteral(".geojson");
    exportTightFootprints(path);
}

void LocateController::imageryDialog()
{
    ProjectSession *session = m_window->session();
    if (!session->isLoaded())
        return;
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Imagery the chips were embedded from"), QString(),
        tr("Rasters (*.tif *.tiff *.vrt *.img *.jp2);;All files (*)"));
    if (path.isEmpty())
        return;
    session->setSetting(imageryKey(), path);
    m_modeKnown = false;
    m_cache.clear();
    m_cacheKey.clear();
    setNote(QString());
    if (m_wantedChip >= 0)
        locate(m_wantedChip);
}

} // namespace chipfinder
