#include "gui/analyticsdocks.h"

#include "analytics/analysispanel.h"
#include "analytics/analyticswindow.h"
#include "analytics/scatterpanel.h"
#include "analytics/simulationpanel.h"
#include "candidategrid.h"
#include "dataset/dataset.h"
#include "gui/analysisstate.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "mapview.h"
#include "project/projectstore.h"

#include <QDockWidget>
#include <QScrollArea>

namespace chipfinder {

namespace {
const char *const LayoutBlobKey = "layout:umap";

void storeBlob(ProjectStore *store, const char *key, const QByteArray &blob)
{
    if (store)
        store->setBlob(key,
                       std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(blob.constData()),
                                                size_t(blob.size())));
}

QByteArray readBlob(ProjectStore *store, const char *key)
{
    if (!store)
        return {};
    const auto blob = store->blob(key);
    return blob ? QByteArray(reinterpret_cast<const char *>(blob->data()), qsizetype(blob->size()))
                : QByteArray();
}
} // namespace

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
        // Forms and tables scroll rather than squeezing the map: the docks stay as narrow as
        // the user makes them (1366×768 with the analysis open). The scatter draws at any size.
        if (dock->widget() != m_analytics->scatterPanel()) {
            auto *scroll = new QScrollArea(dock);
            scroll->setWidgetResizable(true);
            scroll->setFrameShape(QFrame::NoFrame);
            scroll->setWidget(dock->widget());
            dock->setWidget(scroll);
        }
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
    // The last results are kept in the project and shown again when it is reopened.
    connect(m_analytics->simulationPanel(), &SimulationPanel::simulationFinished, this, [this] {
        if (const auto result = m_analytics->simulationPanel()->result())
            storeBlob(m_window->session()->store(), analysisstate::SimulationKey,
                      analysisstate::encodeSimulation(*result));
    });
    connect(m_analytics->analysisPanel(), &AnalysisPanel::reportReady, this, [this] {
        if (const EmbeddingReport *report = m_analytics->analysisPanel()->report())
            storeBlob(m_window->session()->store(), analysisstate::ReportKey,
                      analysisstate::encodeReport(*report));
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
    restoreResults();
}

void AnalyticsDocks::restoreResults()
{
    ProjectSession *session = m_window->session();
    const size_t chips = session->dataset() ? session->dataset()->size() : 0;
    // Results of another dataset (the project was pointed at other chips) are not shown.
    if (const auto result = analysisstate::decodeSimulation(
            readBlob(session->store(), analysisstate::SimulationKey));
        result && result->chips == chips)
        m_analytics->simulationPanel()->showResult(
            std::make_shared<const SimulationResult>(std::move(*result)));
    if (const auto report =
            analysisstate::decodeReport(readBlob(session->store(), analysisstate::ReportKey));
        report && report->chips == chips)
        m_analytics->analysisPanel()->showReport(
            std::make_shared<const EmbeddingReport>(std::move(*report)));
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
