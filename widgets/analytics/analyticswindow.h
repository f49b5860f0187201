#pragma once
// The visual analytics of one dataset in a window of their own: three docks, "Recall simulation"
// (SimulationPanel), "Embedding scatter" (ScatterPanel) and "Embedding analysis"
// (AnalysisPanel), fed from one Dataset, its labels and candidates, and the ground truths found
// in its attribute columns (truthFromColumn) or added by the caller. Labels and candidates are
// read from a review document (the caller's, or the window's own ReviewTable when standalone).
// Linking with other views: a box/lasso selection in the scatter is re-emitted as
// chipsSelected(); chips selected elsewhere (map, review grid) are shown with
// setHighlightedChips(). The main window can also take the docks (docks()) into itself.
// The UMAP-like layout is handed out as a blob (layoutComputed → scatterPanel()->layoutBlob())
// for ProjectStore::setBlob("layout:umap").

#include "project/label.h"
#include "reviewdocument.h"
#include "search/searchtypes.h"

#include <QMainWindow>
#include <QMap>
#include <QPointer>

#include <memory>
#include <vector>

class QDockWidget;

namespace chipfinder {

class AnalysisPanel;
class Dataset;
class EmbeddingMatrix;
class FlatIndex;
class ScatterPanel;
class SimulationPanel;

class AnalyticsWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit AnalyticsWindow(QWidget *parent = nullptr);
    ~AnalyticsWindow() override;

    using Truths = QMap<QString, std::shared_ptr<const std::vector<uint8_t>>>;
    // The dataset to analyse (shared, must not change) with its search index (the caller's: no
    // second copy of the matrix) and the ground truths to offer; starts the PCA scatter.
    void setDataset(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const FlatIndex> index,
                    Truths truths);
    // Standalone use: builds the index and finds the truth columns itself (on this thread).
    void setDataset(std::shared_ptr<const Dataset> dataset, Metric metric = Metric::Cosine);
    // An extra ground truth (e.g. from a polygon layer), one flag per chip.
    void addTruth(const QString &name, std::vector<uint8_t> truth);
    QStringList truthNames() const { return m_truths.keys(); }
    // Where labels and candidates are read from (not owned; null = the window's own table).
    void setReviewDocument(const ReviewDocument *document);
    // The window's own review table, used until setReviewDocument() names another.
    ReviewTable *reviewTable() const { return m_ownReview; }
    void setHighlightedChips(std::vector<int64_t> chips);

    SimulationPanel *simulationPanel() const { return m_simulation; }
    ScatterPanel *scatterPanel() const { return m_scatter; }
    AnalysisPanel *analysisPanel() const { return m_analysis; }
    QList<QDockWidget *> docks() const { return m_docks; }

signals:
    void chipsSelected(const std::vector<int64_t> &chips);

private:
    void pushTruths();
    void onLabelsChanged();

    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const EmbeddingMatrix> m_embeddings;
    std::shared_ptr<const FlatIndex> m_index;
    Metric m_metric = Metric::Cosine;
    Truths m_truths;
    SimulationPanel *m_simulation = nullptr;
    ScatterPanel *m_scatter = nullptr;
    AnalysisPanel *m_analysis = nullptr;
    QList<QDockWidget *> m_docks;
    ReviewTable *m_ownReview = nullptr;
    QPointer<const ReviewDocument> m_review;
};

} // namespace chipfinder
