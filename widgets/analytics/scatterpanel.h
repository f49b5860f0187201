#pragma once
// The embedding scatter panel: a ScatterView with a method choice (PCA, computed at once; the
// UMAP-like layout, computed in the background with progress and cancel, and cached), a
// colour-by choice (label, candidate score, ground-truth class, k-means cluster with k), and the
// selection tools. Selection in the scatter is re-emitted as selectionChanged(); chips selected
// elsewhere are shown with setHighlighted().
// Caching: each method's layout is kept until setEmbeddings(); layoutBlob()/setLayoutBlob()
// move the UMAP-like layout in and out of a project (ProjectStore::setBlob("layout:umap")).
// layoutComputed() tells when a new one is ready to be stored.

#include "analytics/scatterview.h"
#include "dataset/embeddingmatrix.h"
#include "reviewdocument.h"
#include "search/searchtypes.h"

#include <QByteArray>
#include <QPointer>
#include <QWidget>

#include <map>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace chipfinder {

class JobRunner;
class LegendStrip;

class ScatterPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Method
    {
        Pca,
        Umap
    };
    Q_ENUM(Method)
    enum class ColorBy
    {
        Label,
        Score,
        Truth,
        Cluster
    };
    Q_ENUM(ColorBy)

    explicit ScatterPanel(QWidget *parent = nullptr);
    ~ScatterPanel() override;

    // The matrix to project (shared, not copied; must not change while set). Clears the cached
    // layouts and computes the current method's layout.
    void setEmbeddings(std::shared_ptr<const EmbeddingMatrix> embeddings,
                       Metric metric = Metric::Cosine);
    // Where labels and candidate scores are read from for colouring (not owned; null = none).
    void setReviewDocument(const ReviewDocument *document);
    // Per chip ground-truth class, 1 = positive (size N, or empty).
    void setTruth(std::vector<uint8_t> truth);

    void setMethod(Method method);
    Method method() const { return m_method; }
    void setColorBy(ColorBy colorBy);
    ColorBy colorBy() const { return m_colorBy; }
    void setClusterCount(int k);

    // True while a layout or clustering job runs.
    bool isBusy() const;
    bool hasLayout(Method method) const { return m_layouts.count(method) != 0; }
    const EmbeddingMatrix *layout(Method method) const;

    QByteArray layoutBlob() const;              // empty if no UMAP-like layout is cached
    bool setLayoutBlob(const QByteArray &blob); // false if it does not fit the embeddings

    void setHighlighted(std::vector<int64_t> chips);
    ScatterView *view() const { return m_view; }
    // The legend above the view (it never covers points).
    LegendStrip *legend() const { return m_legend; }

signals:
    void selectionChanged(const std::vector<int64_t> &chips);
    void layoutComputed(chipfinder::ScatterPanel::Method method);
    void layoutFailed(const QString &message);
    void clustersComputed();

private:
    void computeLayout();
    void showLayout();
    void updateColors();
    void startClustering();
    quint64 fingerprint() const;

    std::shared_ptr<const EmbeddingMatrix> m_embeddings;
    Metric m_metric = Metric::Cosine;
    QPointer<const ReviewDocument> m_review;
    std::vector<uint8_t> m_truth;
    std::vector<int32_t> m_clusters;
    int m_clusterK = 8;
    int m_clustersFor = 0; // k of m_clusters

    Method m_method = Method::Pca;
    ColorBy m_colorBy = ColorBy::Label;
    std::map<Method, EmbeddingMatrix> m_layouts;

    ScatterView *m_view = nullptr;
    LegendStrip *m_legend = nullptr;
    QComboBox *m_methodBox = nullptr;
    QComboBox *m_colorBox = nullptr;
    QSpinBox *m_clusterSpin = nullptr;
    QToolButton *m_boxTool = nullptr;
    QToolButton *m_lassoTool = nullptr;
    QToolButton *m_panTool = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QLabel *m_status = nullptr;
    JobRunner *m_layoutJobs = nullptr;
    JobRunner *m_clusterJobs = nullptr;
};

} // namespace chipfinder
