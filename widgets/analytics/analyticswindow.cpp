#include "analytics/analyticswindow.h"

#include "analytics/analysispanel.h"
#include "analytics/scatterpanel.h"
#include "analytics/simulationpanel.h"
#include "dataset/dataset.h"
#include "dataset/groundtruth.h"
#include "search/flatindex.h"

#include <QDockWidget>
#include <QLabel>

#include <cmath>

namespace chipfinder {

AnalyticsWindow::AnalyticsWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Chipfinder — Visual analytics"));
    m_simulation = new SimulationPanel(this);
    m_scatter = new ScatterPanel(this);
    m_analysis = new AnalysisPanel(this);
    auto *centre = new QLabel(tr("Open a dataset to analyse its embeddings."), this);
    centre->setAlignment(Qt::AlignCenter);
    centre->setMaximumSize(0, 0); // the docks fill the window
    setCentralWidget(centre);
    auto addDock = [this](QWidget *panel, const QString &title, const QString &name) {
        auto *dock = new QDockWidget(title, this);
        dock->setObjectName(name);
        dock->setWidget(panel);
        addDockWidget(Qt::RightDockWidgetArea, dock);
        m_docks << dock;
        return dock;
    };
    QDockWidget *scatter = addDock(m_scatter, tr("Embedding scatter"), "scatterDock");
    QDockWidget *simulation = addDock(m_simulation, tr("Recall simulation"), "simulationDock");
    QDockWidget *analysis = addDock(m_analysis, tr("Embedding analysis"), "analysisDock");
    tabifyDockWidget(scatter, simulation);
    tabifyDockWidget(simulation, analysis);
    scatter->raise();
    connect(m_scatter, &ScatterPanel::selectionChanged, this, &AnalyticsWindow::chipsSelected);
    m_ownReview = new ReviewTable(this);
    setReviewDocument(nullptr);
    resize(1100, 760);
}

AnalyticsWindow::~AnalyticsWindow() = default;

void AnalyticsWindow::setDataset(std::shared_ptr<const Dataset> dataset,
                                 std::shared_ptr<const FlatIndex> index, Truths truths)
{
    m_dataset = std::move(dataset);
    m_truths.clear();
    if (!m_dataset || !index) {
        m_embeddings.reset();
        m_index.reset();
        return;
    }
    m_index = std::move(index);
    m_metric = m_index->metric();
    m_truths = std::move(truths);
    // Aliasing constructor: the matrix lives as long as the dataset.
    m_embeddings = std::shared_ptr<const EmbeddingMatrix>(m_dataset, &m_dataset->embeddings);
    m_scatter->setEmbeddings(m_embeddings, m_metric);
    pushTruths();
    onLabelsChanged();
}

void AnalyticsWindow::setDataset(std::shared_ptr<const Dataset> dataset, Metric metric)
{
    if (!dataset) {
        setDataset(nullptr, nullptr, {});
        return;
    }
    // Shares the dataset's matrix when it can (Euclidean, or rows already normalised).
    auto index = std::make_shared<FlatIndex>(
        std::shared_ptr<const EmbeddingMatrix>(dataset, &dataset->embeddings), metric);
    Truths truths;
    for (auto &[name, truth] : truthColumns(*dataset))
        truths.insert(QString::fromStdString(name),
                      std::make_shared<const std::vector<uint8_t>>(std::move(truth)));
    setDataset(std::move(dataset), std::move(index), std::move(truths));
}

void AnalyticsWindow::addTruth(const QString &name, std::vector<uint8_t> truth)
{
    if (!m_dataset || truth.size() != m_dataset->size())
        return;
    m_truths.insert(name, std::make_shared<const std::vector<uint8_t>>(std::move(truth)));
    pushTruths();
}

void AnalyticsWindow::pushTruths()
{
    m_simulation->setData(m_index, m_truths);
    m_analysis->setRetrievalData(m_index, m_truths);
    if (!m_truths.isEmpty())
        m_scatter->setTruth(*m_truths.first());
}

void AnalyticsWindow::setReviewDocument(const ReviewDocument *document)
{
    if (m_review)
        disconnect(m_review, nullptr, this, nullptr);
    m_review = document ? document : m_ownReview;
    connect(m_review, &ReviewDocument::labelsChanged, this, &AnalyticsWindow::onLabelsChanged);
    m_scatter->setReviewDocument(m_review);
    onLabelsChanged();
}

void AnalyticsWindow::onLabelsChanged()
{
    if (!m_dataset || !m_review)
        return;
    std::vector<int64_t> labeled, positives;
    for (int64_t chip : m_review->labeledChips()) {
        if (size_t(chip) >= m_dataset->size())
            continue;
        labeled.push_back(chip);
        if (m_review->labelOf(chip) == LabelValue::Positive)
            positives.push_back(chip);
    }
    m_analysis->setData(m_embeddings, m_metric, std::move(labeled), std::move(positives));
}

void AnalyticsWindow::setHighlightedChips(std::vector<int64_t> chips)
{
    m_scatter->setHighlighted(std::move(chips));
}

} // namespace chipfinder
