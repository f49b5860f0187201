#include "analytics/scatterpanel.h"

#include "analytics/colormap.h"
#include "common/feedback.h"
#include "jobrunner.h"
#include "legendstrip.h"
#include "palette.h"
#include "projection/kmeans.h"
#include "projection/pca.h"
#include "projection/umaplayout.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDataStream>
#include <QHBoxLayout>
#include <QIODevice>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace chipfinder {

namespace {

constexpr quint32 kBlobMagic = 0x43464c59; // "CFLY"
constexpr qint32 kBlobVersion = 1;
constexpr int kScoreLevels = 64;
const QRgb kUnlabeled = Palette::rgb(Palette::Role::Unlabeled);
const QRgb kNegative = Palette::rgb(Palette::Role::Negative);
const QRgb kPositive = Palette::rgb(Palette::Role::Positive);

} // namespace

ScatterPanel::ScatterPanel(QWidget *parent) : QWidget(parent)
{
    m_view = new ScatterView(this);
    m_methodBox = new QComboBox(this);
    m_methodBox->addItem(tr("PCA"), int(Method::Pca));
    m_methodBox->addItem(tr("UMAP-like"), int(Method::Umap));
    m_methodBox->setToolTip(tr("Projection of the embeddings to 2D"));
    m_colorBox = new QComboBox(this);
    m_colorBox->addItem(tr("Label"), int(ColorBy::Label));
    m_colorBox->addItem(tr("Candidate score"), int(ColorBy::Score));
    m_colorBox->addItem(tr("Ground truth"), int(ColorBy::Truth));
    m_colorBox->addItem(tr("Cluster (k-means)"), int(ColorBy::Cluster));
    m_clusterSpin = new QSpinBox(this);
    m_clusterSpin->setRange(2, 50);
    m_clusterSpin->setValue(m_clusterK);
    m_clusterSpin->setPrefix(tr("k = "));
    m_clusterSpin->setEnabled(false);

    auto makeTool = [this](const QString &text, const QString &tip, ScatterView::Tool tool) {
        auto *button = new QToolButton(this);
        button->setText(text);
        button->setToolTip(tip);
        button->setCheckable(true);
        connect(button, &QToolButton::toggled, this, [this, tool](bool on) {
            if (on)
                m_view->setTool(tool);
        });
        return button;
    };
    m_boxTool = makeTool(tr("Box"), tr("Select the points inside a rectangle (Shift adds)"),
                         ScatterView::Tool::Box);
    m_lassoTool = makeTool(tr("Lasso"), tr("Select the points inside a free-hand outline"),
                           ScatterView::Tool::Lasso);
    m_panTool =
        makeTool(tr("Pan"), tr("Drag to move the view; the wheel zooms"), ScatterView::Tool::Pan);
    auto *tools = new QButtonGroup(this);
    tools->setExclusive(true);
    for (QToolButton *b : {m_boxTool, m_lassoTool, m_panTool})
        tools->addButton(b);
    m_boxTool->setChecked(true);

    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(140);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->hide();
    m_status = new QLabel(this);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Method:"), this));
    top->addWidget(m_methodBox);
    top->addWidget(new QLabel(tr("Colour by:"), this));
    top->addWidget(m_colorBox);
    top->addWidget(m_clusterSpin);
    top->addStretch(1);
    top->addWidget(m_boxTool);
    top->addWidget(m_lassoTool);
    top->addWidget(m_panTool);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_progress);
    bottom->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    m_legend = new LegendStrip(this);
    m_legend->setObjectName(QStringLiteral("scatterLegend"));
    layout->addWidget(m_legend);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);

    m_layoutJobs = new JobRunner(this);
    m_clusterJobs = new JobRunner(this);
    connect(m_layoutJobs, &JobRunner::progressChanged, this,
            [this](quint64, double f) { m_progress->setValue(int(f * 1000)); });
    connect(m_layoutJobs, &JobRunner::runningChanged, this, [this](bool running) {
        m_progress->setVisible(running);
        m_cancel->setVisible(running);
        if (running)
            m_progress->setValue(0);
    });
    connect(m_layoutJobs, &JobRunner::failed, this, [this](quint64, const QString &message) {
        m_status->setText(message);
        emit layoutFailed(message);
    });
    connect(m_layoutJobs, &JobRunner::canceled, this,
            [this](quint64) { m_status->setText(tr("Layout canceled.")); });
    connect(m_clusterJobs, &JobRunner::failed, this,
            [this](quint64, const QString &message) { m_status->setText(message); });
    connect(m_cancel, &QPushButton::clicked, m_layoutJobs, &JobRunner::cancel);

    connect(m_methodBox, &QComboBox::currentIndexChanged, this,
            [this] { setMethod(Method(m_methodBox->currentData().toInt())); });
    connect(m_colorBox, &QComboBox::currentIndexChanged, this,
            [this] { setColorBy(ColorBy(m_colorBox->currentData().toInt())); });
    connect(m_clusterSpin, &QSpinBox::valueChanged, this, [this](int k) { setClusterCount(k); });
    connect(m_view, &ScatterView::selectionChanged, this, &ScatterPanel::selectionChanged);
    m_status->setText(tr("No embeddings loaded."));
}

ScatterPanel::~ScatterPanel() = default;

void ScatterPanel::setEmbeddings(std::shared_ptr<const EmbeddingMatrix> embeddings, Metric metric)
{
    m_embeddings = std::move(embeddings);
    m_metric = metric;
    m_layouts.clear();
    m_clusters.clear();
    m_clustersFor = 0;
    m_view->setPoints(std::vector<float>{});
    computeLayout();
}

void ScatterPanel::setReviewDocument(const ReviewDocument *document)
{
    if (m_review)
        disconnect(m_review, nullptr, this, nullptr);
    m_review = document;
    if (document) {
        connect(document, &ReviewDocument::labelsChanged, this, [this] {
            if (m_colorBy == ColorBy::Label)
                updateColors();
        });
        connect(document, &ReviewDocument::candidatesChanged, this, [this] {
            if (m_colorBy == ColorBy::Score)
                updateColors();
        });
    }
    updateColors();
}

void ScatterPanel::setTruth(std::vector<uint8_t> truth)
{
    m_truth = std::move(truth);
    if (m_colorBy == ColorBy::Truth)
        updateColors();
}

void ScatterPanel::setMethod(Method method)
{
    m_methodBox->setCurrentIndex(m_methodBox->findData(int(method)));
    if (method == m_method && (hasLayout(method) || m_layoutJobs->isRunning()))
        return;
    m_method = method;
    computeLayout();
}

void ScatterPanel::setColorBy(ColorBy colorBy)
{
    m_colorBox->setCurrentIndex(m_colorBox->findData(int(colorBy)));
    m_colorBy = colorBy;
    m_clusterSpin->setEnabled(colorBy == ColorBy::Cluster);
    updateColors();
}

void ScatterPanel::setClusterCount(int k)
{
    m_clusterK = k;
    if (m_clusterSpin->value() != k)
        m_clusterSpin->setValue(k);
    if (m_colorBy == ColorBy::Cluster)
        updateColors();
}

bool ScatterPanel::isBusy() const
{
    return m_layoutJobs->isRunning() || m_clusterJobs->isRunning();
}

const EmbeddingMatrix *ScatterPanel::layout(Method method) const
{
    const auto found = m_layouts.find(method);
    return found == m_layouts.end() ? nullptr : &found->second;
}

void ScatterPanel::computeLayout()
{
    if (!m_embeddings || m_embeddings->rows() < 3) {
        m_status->setText(tr("No embeddings loaded."));
        return;
    }
    if (hasLayout(m_method)) {
        m_layoutJobs->cancel();
        showLayout();
        return;
    }
    const Method method = m_method;
    const auto embeddings = m_embeddings;
    const Metric metric = m_metric;
    std::function<EmbeddingMatrix(Feedback &)> work;
    QString title;
    if (method == Method::Pca) {
        title = tr("PCA");
        work = [embeddings, metric](Feedback &feedback) {
            if (metric == Metric::Cosine && !embeddings->rowsNormalized()) {
                EmbeddingMatrix normalised = *embeddings;
                normalised.normalizeRows();
                return pca(normalised, 2, &feedback).projected;
            }
            return pca(*embeddings, 2, &feedback).projected;
        };
    } else {
        title = tr("UMAP-like layout");
        work = [embeddings, metric](Feedback &feedback) {
            UmapOptions options;
            options.metric = metric;
            options.threads = 0;
            // Large sets: PCA to 50 dimensions first keeps the k-NN graph affordable.
            if (embeddings->rows() > 20000 && embeddings->dim() > 64)
                options.preReduceDimensions = 50;
            return umapLayout(*embeddings, options, &feedback);
        };
    }
    m_status->setText(tr("Computing %1 of %2 chips…").arg(title).arg(embeddings->rows()));
    m_layoutJobs->run<EmbeddingMatrix>(title, work,
                                       [this, method](quint64, EmbeddingMatrix &layout) {
                                           m_layouts[method] = std::move(layout);
                                           if (method == m_method)
                                               showLayout();
                                           emit layoutComputed(method);
                                       });
}

void ScatterPanel::showLayout()
{
    const EmbeddingMatrix *current = layout(m_method);
    if (!current)
        return;
    const std::vector<int64_t> highlighted = m_view->highlighted();
    m_view->setPoints(*current);
    m_view->setHighlighted(highlighted);
    m_status->setText(tr("%1: %2 chips").arg(m_methodBox->currentText()).arg(current->rows()));
    updateColors();
}

void ScatterPanel::updateColors()
{
    const size_t n = m_view->pointCount();
    if (n == 0)
        return;
    std::vector<uint8_t> index(n, 0);
    QVector<QRgb> palette;
    QStringList legend;
    QString title;
    switch (m_colorBy) {
    case ColorBy::Label:
        palette = {kUnlabeled, kNegative, kPositive};
        legend = {tr("unlabeled"), tr("negative"), tr("positive")};
        title = tr("Label");
        if (m_review)
            for (size_t i = 0; i < n; ++i)
                if (const auto value = m_review->labelOf(int64_t(i)))
                    index[i] = *value == LabelValue::Positive ? 2 : 1;
        break;
    case ColorBy::Score: {
        palette.push_back(kUnlabeled);
        palette += ColorMap::viridisPalette(kScoreLevels);
        legend = QStringList(kScoreLevels + 1, QString());
        legend[0] = tr("not a candidate");
        legend[1] = tr("lowest score");
        legend[kScoreLevels] = tr("highest score");
        title = tr("Candidate score");
        if (m_review) {
            float lo = INFINITY, hi = -INFINITY;
            for (const ScoredChip &c : m_review->candidates())
                if (std::isfinite(c.score)) {
                    lo = std::min(lo, c.score);
                    hi = std::max(hi, c.score);
                }
            for (const ScoredChip &c : m_review->candidates())
                if (std::isfinite(c.score) && c.chip >= 0 && size_t(c.chip) < n) {
                    const double t = hi > lo ? (c.score - lo) / (hi - lo) : 1.0;
                    index[size_t(c.chip)] = uint8_t(1 + std::lround(t * (kScoreLevels - 1)));
                }
        }
        break;
    }
    case ColorBy::Truth:
        palette = {kUnlabeled, Palette::rgb(Palette::Role::Truth)};
        legend = {tr("other"), tr("ground-truth positive")};
        title = tr("Ground truth");
        if (m_truth.size() == n)
            for (size_t i = 0; i < n; ++i)
                index[i] = m_truth[i] ? 1 : 0;
        break;
    case ColorBy::Cluster:
        title = tr("Cluster (k = %1)").arg(m_clusterK);
        if (m_clustersFor != m_clusterK || m_clusters.size() != n) {
            startClustering();
            m_view->clearColors();
            m_view->setLegendTitle(tr("Clustering…"));
            m_legend->setLegend(tr("Clustering…"), {});
            return;
        }
        for (int c = 0; c < m_clusterK; ++c) {
            palette.push_back(ColorMap::category(c));
            legend.push_back(tr("cluster %1").arg(c + 1));
        }
        for (size_t i = 0; i < n; ++i)
            index[i] = uint8_t(std::clamp(m_clusters[i], 0, 255));
        break;
    }
    QVector<LegendStrip::Entry> entries;
    if (m_colorBy == ColorBy::Score) {
        entries.push_back({palette[0], legend[0]});
        m_legend->setLegend(title, entries, ColorMap::viridisPalette(9), legend[1],
                            legend[kScoreLevels]);
    } else {
        for (qsizetype i = 0; i < std::min(palette.size(), legend.size()); ++i)
            if (!legend[i].isEmpty())
                entries.push_back({palette[i], legend[i]});
        m_legend->setLegend(title, entries);
    }
    m_view->setColors(std::move(index), palette, legend);
    m_view->setLegendTitle(title);
}

void ScatterPanel::startClustering()
{
    if (!m_embeddings)
        return;
    const auto embeddings = m_embeddings;
    const Metric metric = m_metric;
    const int k = std::min<int>(m_clusterK, int(embeddings->rows()));
    std::function<std::vector<int32_t>(Feedback &)> work = [embeddings, metric,
                                                            k](Feedback &feedback) {
        return kmeans(*embeddings, size_t(k), metric, 1234, 20, &feedback).assignment;
    };
    m_clusterJobs->run<std::vector<int32_t>>(tr("k-means"), work,
                                             [this, k](quint64, std::vector<int32_t> &assignment) {
                                                 m_clusters = std::move(assignment);
                                                 m_clustersFor = k;
                                                 if (m_colorBy == ColorBy::Cluster)
                                                     updateColors();
                                                 emit clustersComputed();
                                             });
}

quint64 ScatterPanel::fingerprint() const
{
    // FNV-1a over a strided sample of the matrix: tells a layout of another dataset apart.
    quint64 hash = 1469598103934665603ull;
    if (!m_embeddings)
        return hash;
    const size_t total = m_embeddings->rows() * m_embeddings->dim();
    const size_t step = std::max<size_t>(1, total / 4096);
    for (size_t i = 0; i < total; i += step) {
        quint32 bits;
        std::memcpy(&bits, m_embeddings->data() + i, 4);
        hash = (hash ^ bits) * 1099511628211ull;
    }
    return hash;
}

QByteArray ScatterPanel::layoutBlob() const
{
    const EmbeddingMatrix *umap = layout(Method::Umap);
    if (!umap)
        return {};
    QByteArray blob;
    QDataStream out(&blob, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kBlobMagic << kBlobVersion << quint64(umap->rows()) << quint64(umap->dim())
        << fingerprint();
    out.writeRawData(reinterpret_cast<const char *>(umap->data()),
                     int(umap->rows() * umap->dim() * sizeof(float)));
    return blob;
}

bool ScatterPanel::setLayoutBlob(const QByteArray &blob)
{
    if (!m_embeddings || blob.isEmpty())
        return false;
    QDataStream in(blob);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    qint32 version = 0;
    quint64 rows = 0, dims = 0, print = 0;
    in >> magic >> version >> rows >> dims >> print;
    if (in.status() != QDataStream::Ok || magic != kBlobMagic || version != kBlobVersion ||
        rows != m_embeddings->rows() || dims != 2 || print != fingerprint())
        return false;
    std::vector<float> data(rows * dims);
    const int bytes = int(data.size() * sizeof(float));
    if (in.readRawData(reinterpret_cast<char *>(data.data()), bytes) != bytes)
        return false;
    m_layouts[Method::Umap] = EmbeddingMatrix(rows, dims, std::move(data));
    if (m_method == Method::Umap) {
        m_layoutJobs->cancel();
        showLayout();
    }
    return true;
}

void ScatterPanel::setHighlighted(std::vector<int64_t> chips)
{
    m_view->setHighlighted(std::move(chips));
}

} // namespace chipfinder
