#include "gui/analyticsdocks.h"

#include "analytics/analysispanel.h"
#include "analytics/analyticswindow.h"
#include "analytics/scatterpanel.h"
#include "candidategrid.h"
#include "dataset/dataset.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "mapview.h"
#include "project/projectstore.h"

#include <QDockWidget>

namespace chipfinder {

namespace {
const char *const LayoutBlobKey = "layout:umap";
}

AnalyticsDocks *AnalyticsDocks::install(MainWindow *window)
{
    return new AnalyticsDocks(window);
}

AnalyticsDocks::AnalyticsDocks(MainWindow *window) : QObject(window), m_window(window)
{
    // The analytics window only serves as the panels' owner and controller; its docks move into
    // the main window.
    m_analytics = new AnalyticsWindow(window);
    m_analytics->hide();
    for (QDockWidget *dock : m_analytics->docks()) {
        m_analytics->removeDockWidget(dock);
        dock->setParent(window);
        window->addAnalysisDock(dock);
        dock->hide();
    }
    ProjectSession *session = window->session();
    connect(session, &ProjectSession::loaded, this, &AnalyticsDocks::onLoaded);
    m_analytics->setReviewDocument(session);
    m_analytics->analysisPanel()->setAuditSource([session] { return session->auditEstimate(); });
    connect(m_analytics, &AnalyticsWindow::chipsSelected, this,
            &AnalyticsDocks::onScatterSelection);
    MapView *map = window->mapView();
    connect(map, &MapView::chipSelected, this, [this](qint64 chip) {
        if (!m_linking)
            m_analytics->setHighlightedChips({int64_t(chip)});
    });
    connect(map, &MapView::chipsBoxSelected, this,
            [this](const QList<qint64> &chips, Qt::MouseButton) {
                m_analytics->setHighlightedChips(std::vector<int64_t>(chips.begin(), chips.end()));
            });
    connect(m_analytics->scatterPanel(), &ScatterPanel::layoutComputed, this,
            [this](ScatterPanel::Method method) {
                ProjectStore *store = m_window->session()->store();
                if (method != ScatterPanel::Method::Umap || !store || store->readOnly())
                    return;
                const QByteArray blob = m_analytics->scatterPanel()->layoutBlob();
                store->setBlob(
                    LayoutBlobKey,
                    std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(blob.constData()),
                                             size_t(blob.size())));
            });
}

void AnalyticsDocks::onLoaded()
{
    ProjectSession *session = m_window->session();
    AnalyticsWindow::Truths truths;
    for (const auto &[name, truth] : session->truths())
        truths.insert(QString::fromStdString(name), truth);
    m_analytics->setDataset(session->dataset(), session->index(), std::move(truths));
    if (ProjectStore *store = session->store())
        if (const auto blob = store->blob(LayoutBlobKey))
            m_analytics->scatterPanel()->setLayoutBlob(
                QByteArray(reinterpret_cast<const char *>(blob->data()), qsizetype(blob->size())));
}

void AnalyticsDocks::onScatterSelection(const std::vector<int64_t> &chips)
{
    MapView *map = m_window->mapView();
    map->setHighlightedChips(chips);
    m_linking = true;
    map->setSelectedChip(chips.empty() ? -1 : chips.front());
    m_linking = false;
    if (!chips.empty())
        m_window->candidateGrid()->selectChip(chips.front());
}

} // namespace chipfinder
