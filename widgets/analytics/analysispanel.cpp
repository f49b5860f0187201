#include "analytics/analysispanel.h"

#include "analytics/colormap.h"
#include "analytics/recallchartwidget.h"
#include "common/feedback.h"
#include "jobrunner.h"
#include "palette.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QGraphicsScene>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPainter>
#include <QPdfWriter>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace chipfinder {

namespace {

QString number(double value)
{
    return QString::number(value, 'f', 4);
}

void fillTable(QTableWidget *table, const QStringList &headers, const QList<QStringList> &rows)
{
    table->clear();
    table->setColumnCount(int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < rows[r].size(); ++c) {
            auto *item = new QTableWidgetItem(rows[r][c]);
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table->setItem(r, c, item);
        }
    table->resizeColumnsToContents();
}

QTableWidget *makeTable(QWidget *parent)
{
    auto *table = new QTableWidget(parent);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return table;
}

// Histogram as a step outline (fraction of the set per bin), one line per set.
QLineSeries *histogramSeries(const Histogram &h, const QString &name)
{
    auto *series = new QLineSeries;
    series->setName(name);
    size_t total = 0;
    for (size_t c : h.counts)
        total += c;
    const size_t bins = h.counts.size();
    const double width = bins ? (h.upper - h.lower) / double(bins) : 0.0;
    series->append(h.lower, 0.0);
    for (size_t b = 0; b < bins; ++b) {
        const double y = total ? double(h.counts[b]) / double(total) : 0.0;
        series->append(h.lower + double(b) * width, y);
        series->append(h.lower + double(b + 1) * width, y);
    }
    series->append(h.upper, 0.0);
    return series;
}

QStringList diversityHeaders()
{
    return {QCoreApplication::translate("chipfinder::AnalysisPanel", "Set"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Chips"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Mean"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Min"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Max")};
}

QList<QStringList> diversityRows(const EmbeddingReport &report)
{
    QList<QStringList> rows;
    for (const SetDistances &d : report.diversity) {
        QString members = QString::number(d.members);
        if (d.sampled && d.summary)
            members += QCoreApplication::translate("chipfinder::AnalysisPanel", " (sample %1)")
                           .arg(d.summary->count);
        if (d.summary)
            rows << QStringList{AnalysisPanel::setTitle(d.key), members, number(d.summary->mean),
                                number(d.summary->min), number(d.summary->max)};
        else
            rows << QStringList{
                AnalysisPanel::setTitle(d.key), members,
                QCoreApplication::translate("chipfinder::AnalysisPanel", "fewer than 2 chips"),
                QString(), QString()};
    }
    return rows;
}

QStringList coverageHeaders()
{
    return {QCoreApplication::translate("chipfinder::AnalysisPanel", "Covered by"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Chips"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Mean"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Max")};
}

QList<QStringList> coverageRows(const EmbeddingReport &report)
{
    QList<QStringList> rows;
    for (const SetDistances &c : report.coverage) {
        if (c.summary)
            rows << QStringList{AnalysisPanel::setTitle(c.key), QString::number(c.members),
                                number(c.summary->mean), number(c.summary->max)};
        else
            rows << QStringList{
                AnalysisPanel::setTitle(c.key), QString::number(c.members),
                QCoreApplication::translate("chipfinder::AnalysisPanel", "no chips"), QString()};
    }
    return rows;
}

QStringList retrievalHeaders(const EmbeddingReport &report)
{
    const size_t k = report.retrieval.k;
    return {QCoreApplication::translate("chipfinder::AnalysisPanel", "Strategy"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Precision@%1").arg(k),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Recall@%1").arg(k),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "MAP@R"),
            QCoreApplication::translate("chipfinder::AnalysisPanel", "Queries")};
}

QList<QStringList> retrievalRows(const EmbeddingReport &report)
{
    QList<QStringList> rows;
    for (const RetrievalQuality &r : report.retrieval.strategies)
        rows << QStringList{RecallChartWidget::strategyTitle(r.strategy), number(r.precisionAtK),
                            number(r.recallAtK), number(r.mapAtR), QString::number(r.queries)};
    return rows;
}

// A set's colour, the same in every chart: the positives in the palette's positive colour, the
// other sets by their place in the diversity section.
QColor setColour(const EmbeddingReport &report, const std::string &key)
{
    if (key == "positives")
        return Palette::color(Palette::Role::Positive);
    const auto it = std::find_if(report.diversity.begin(), report.diversity.end(),
                                 [&key](const SetDistances &d) { return d.key == key; });
    return QColor(ColorMap::category(int(it - report.diversity.begin())));
}

// Why retrieval quality is missing; empty when it was computed.
QString retrievalNote(RetrievalStatus status)
{
    switch (status) {
    case RetrievalStatus::Computed:
        break;
    case RetrievalStatus::NoTruth:
        return QCoreApplication::translate("chipfinder::AnalysisPanel", "no ground truth");
    case RetrievalStatus::NoStrategies:
        return QCoreApplication::translate("chipfinder::AnalysisPanel", "no strategy chosen");
    case RetrievalStatus::TooFewExamples:
        return QCoreApplication::translate("chipfinder::AnalysisPanel",
                                           "the ground truth has too few positives or negatives");
    }
    return {};
}

} // namespace

AnalysisPanel::AnalysisPanel(QWidget *parent) : QWidget(parent)
{
    m_truth = new QComboBox(this);
    m_k = new QSpinBox(this);
    m_k->setRange(1, 100000);
    m_k->setValue(25);
    m_k->setPrefix(tr("k = "));
    m_compute = new QPushButton(tr("Compute"), this);
    m_compute->setObjectName(QStringLiteral("computeAnalysis"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_export = new QPushButton(tr("Export report…"), this);
    m_export->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_status = new QLabel(this);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Ground truth:"), this));
    top->addWidget(m_truth);
    top->addWidget(m_k);
    top->addWidget(m_compute);
    top->addWidget(m_cancel);
    top->addWidget(m_progress);
    top->addStretch(1);
    top->addWidget(m_export);

    m_diversityTable = makeTable(this);
    m_coverageTable = makeTable(this);
    m_retrievalTable = makeTable(this);
    m_diversityView = new QChartView(new QChart, this);
    m_coverageView = new QChartView(new QChart, this);
    for (QChartView *view : {m_diversityView, m_coverageView}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(220);
    }

    auto *content = new QWidget(this);
    auto *grid = new QGridLayout(content);
    auto heading = [content](const QString &text) {
        auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()), content);
        return label;
    };
    grid->addWidget(heading(tr("Diversity (distance to the nearest other member)")), 0, 0);
    grid->addWidget(m_diversityTable, 1, 0);
    grid->addWidget(m_diversityView, 2, 0);
    grid->addWidget(heading(tr("Coverage (distance to the nearest chip of a set)")), 0, 1);
    grid->addWidget(m_coverageTable, 1, 1);
    grid->addWidget(m_coverageView, 2, 1);
    grid->addWidget(heading(tr("Retrieval quality on the ground truth")), 3, 0, 1, 2);
    grid->addWidget(m_retrievalTable, 4, 0, 1, 2);
    grid->setRowStretch(2, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_status);

    m_jobs = new JobRunner(this);
    connect(m_compute, &QPushButton::clicked, this, &AnalysisPanel::compute);
    connect(m_cancel, &QPushButton::clicked, this, &AnalysisPanel::cancel);
    connect(m_export, &QPushButton::clicked, this, &AnalysisPanel::exportWithDialog);
    connect(m_jobs, &JobRunner::progressChanged, this,
            [this](quint64, double f) { m_progress->setValue(int(f * 1000)); });
    connect(m_jobs, &JobRunner::runningChanged, this, [this](bool) { updateEnabled(); });
    connect(m_jobs, &JobRunner::failed, this, [this](quint64, const QString &message) {
        m_status->setText(message);
        emit computeFailed(message);
    });
    connect(m_jobs, &JobRunner::canceled, this,
            [this](quint64) { m_status->setText(tr("Analysis canceled.")); });

    QStringList names;
    for (const std::string &name : StrategyRegistry::instance().names())
        names << QString::fromStdString(name);
    setStrategies(names);
    m_status->setText(tr("Press Compute to analyse the embeddings."));
    updateEnabled();
}

AnalysisPanel::~AnalysisPanel() = default;

QString AnalysisPanel::setTitle(const std::string &key)
{
    if (key == "all")
        return tr("All chips");
    if (key == "labeled")
        return tr("Labeled chips");
    if (key == "positives")
        return tr("Positives");
    if (key == "random")
        return tr("Random set (labeled size)");
    return QString::fromStdString(key);
}

void AnalysisPanel::setData(std::shared_ptr<const EmbeddingMatrix> embeddings, Metric metric,
                            std::vector<int64_t> labeled, std::vector<int64_t> positives)
{
    m_embeddings = std::move(embeddings);
    m_metric = metric;
    m_labeled = std::move(labeled);
    m_positives = std::move(positives);
    updateEnabled();
}

void AnalysisPanel::setRetrievalData(
    std::shared_ptr<const FlatIndex> index,
    QMap<QString, std::shared_ptr<const std::vector<uint8_t>>> truths)
{
    m_index = std::move(index);
    m_truths = std::move(truths);
    const QString previous = m_truth->currentText();
    m_truth->clear();
    m_truth->addItems(m_truths.keys());
    if (m_truths.contains(previous))
        m_truth->setCurrentText(previous);
}

void AnalysisPanel::setStrategies(const QStringList &names, StrategyFactory factory)
{
    m_strategyNames = names;
    m_factory = std::move(factory);
}

void AnalysisPanel::setK(int k)
{
    m_k->setValue(k);
}

bool AnalysisPanel::isRunning() const
{
    return m_jobs->isRunning();
}

void AnalysisPanel::updateEnabled()
{
    const bool running = m_jobs->isRunning();
    m_compute->setEnabled(!running && m_embeddings && m_embeddings->rows() >= 2);
    m_cancel->setEnabled(running);
    m_export->setEnabled(!running && m_report);
}

void AnalysisPanel::compute()
{
    if (!m_embeddings)
        return;
    // The job keeps the shared inputs alive; the report input points into them.
    const std::shared_ptr<const EmbeddingMatrix> embeddings = m_embeddings;
    const std::shared_ptr<const FlatIndex> index = m_index;
    const std::shared_ptr<const std::vector<uint8_t>> truth =
        m_truths.value(m_truth->currentText());
    EmbeddingReportInput input;
    input.embeddings = embeddings.get();
    input.metric = m_metric;
    input.sets = {{"labeled", m_labeled}, {"positives", m_positives}};
    if (index && truth) {
        input.index = index.get();
        input.truth = *truth;
        input.truthName = m_truth->currentText().toStdString();
    }
    for (const QString &name : m_strategyNames)
        input.strategies.push_back(name.toStdString());
    input.factory = m_factory;
    input.k = size_t(m_k->value());
    m_status->setText(tr("Computing diversity, coverage and retrieval quality…"));
    m_progress->setValue(0);
    std::function<std::shared_ptr<const EmbeddingReport>(Feedback &)> work =
        [input, embeddings, index, truth](Feedback &feedback) {
            return std::shared_ptr<const EmbeddingReport>(
                std::make_shared<EmbeddingReport>(computeEmbeddingReport(input, feedback)));
        };
    m_jobs->run<std::shared_ptr<const EmbeddingReport>>(
        tr("Embedding analysis"), work,
        [this](quint64, std::shared_ptr<const EmbeddingReport> &report) {
            m_report = report;
            showReport();
            updateEnabled();
            emit reportReady();
        });
    updateEnabled();
}

void AnalysisPanel::showReport(std::shared_ptr<const EmbeddingReport> report)
{
    if (!report)
        return;
    m_report = std::move(report);
    showReport();
    updateEnabled();
}

void AnalysisPanel::cancel()
{
    m_jobs->cancel();
}

QChart *AnalysisPanel::diversityChart() const
{
    auto *chart = new QChart;
    chart->setTitle(tr("Diversity: nearest-neighbour distance within each set"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QValueAxis;
    x->setTitleText(tr("Distance"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("Fraction of the set"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double top = 0.0;
    if (m_report) {
        for (const SetDistances &d : m_report->diversity) {
            if (!d.summary)
                continue;
            QLineSeries *series = histogramSeries(d.histogram, setTitle(d.key));
            series->setPen(QPen(setColour(*m_report, d.key), 2.0));
            chart->addSeries(series);
            series->attachAxis(x);
            series->attachAxis(y);
            for (const QPointF &p : series->points())
                top = std::max(top, p.y());
            x->setRange(d.histogram.lower, d.histogram.upper);
        }
    }
    y->setRange(0.0, top > 0 ? top * 1.05 : 1.0);
    return chart;
}

QChart *AnalysisPanel::coverageChart() const
{
    auto *chart = new QChart;
    chart->setTitle(tr("Coverage: distance of every chip to the nearest chip of a set"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QValueAxis;
    x->setTitleText(tr("Distance"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("Fraction of chips"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    if (m_report && !m_report->coverage.empty()) {
        double top = 0.0;
        const Histogram *range = nullptr;
        for (size_t i = 0; i < m_report->coverage.size(); ++i) {
            const SetDistances &c = m_report->coverage[i];
            if (!c.summary)
                continue;
            range = &c.histogram;
            QLineSeries *line = histogramSeries(c.histogram, setTitle(c.key));
            for (const QPointF &p : line->points())
                top = std::max(top, p.y());
            QAbstractSeries *series = line;
            if (i == 0) {
                // The selected set as a filled area (which owns its outline), the rest as lines.
                auto *area = new QAreaSeries;
                line->setParent(area);
                area->setUpperSeries(line);
                area->setName(line->name());
                QColor fill = setColour(*m_report, c.key);
                fill.setAlpha(140);
                area->setBrush(fill);
                area->setPen(QPen(setColour(*m_report, c.key).darker(130), 1.5));
                series = area;
            } else {
                line->setPen(QPen(setColour(*m_report, c.key), 2.0, Qt::DashLine));
            }
            chart->addSeries(series);
            series->attachAxis(x);
            series->attachAxis(y);
        }
        if (range)
            x->setRange(range->lower, range->upper);
        y->setRange(0.0, top > 0 ? top * 1.05 : 1.0);
    }
    return chart;
}

void AnalysisPanel::showReport()
{
    if (!m_report)
        return;
    const EmbeddingReport &report = *m_report;
    fillTable(m_diversityTable, diversityHeaders(), diversityRows(report));
    fillTable(m_coverageTable, coverageHeaders(), coverageRows(report));
    fillTable(m_retrievalTable, retrievalHeaders(report), retrievalRows(report));
    QChart *old = m_diversityView->chart();
    m_diversityView->setChart(diversityChart());
    delete old;
    old = m_coverageView->chart();
    m_coverageView->setChart(coverageChart());
    delete old;
    const QString note = retrievalNote(report.retrieval.status);
    m_status->setText(note.isEmpty() ? tr("%1 chips, %2 dimensions, %3 metric.")
                                           .arg(report.chips)
                                           .arg(report.dim)
                                           .arg(QString::fromStdString(metricName(report.metric)))
                                     : tr("Retrieval quality not computed: %1.").arg(note));
}

bool AnalysisPanel::exportReport(const QString &pdfPath, const QString &jsonPath)
{
    if (!m_report) {
        m_error = tr("There is no analysis to export: press Compute first.");
        return false;
    }
    const EmbeddingReport &report = *m_report;
    const std::optional<AuditEstimate> audit =
        m_auditSource ? m_auditSource() : std::optional<AuditEstimate>();
    QByteArray json = QByteArray::fromStdString(report.toJson());
    if (audit) {
        QJsonObject root = QJsonDocument::fromJson(json).object();
        const auto interval = [](const AuditInterval &i) {
            return QJsonObject{{QStringLiteral("estimate"), i.estimate},
                               {QStringLiteral("low"), i.low},
                               {QStringLiteral("high"), i.high}};
        };
        QJsonObject object{{QStringLiteral("rounds"), qint64(audit->rounds)},
                           {QStringLiteral("audited_chips"), qint64(audit->auditedChips)},
                           {QStringLiteral("labeled_positives"), qint64(audit->labeledPositives)},
                           {QStringLiteral("unlabeled"), qint64(audit->unlabeled)},
                           {QStringLiteral("remaining"), interval(audit->remaining)},
                           {QStringLiteral("total"), interval(audit->total)},
                           {QStringLiteral("recall"), interval(audit->recall)},
                           {QStringLiteral("recall_target"), audit->recallTarget},
                           {QStringLiteral("recall_reached"), audit->recallReached},
                           {QStringLiteral("level"), 0.95}};
        if (audit->acceptedPrecision)
            object.insert(QStringLiteral("accepted_precision"),
                          interval(*audit->acceptedPrecision));
        root.insert(QStringLiteral("audit"), object);
        json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    }
    // Written whole or not at all: an earlier report stays if this write fails.
    QSaveFile jsonFile(jsonPath);
    if (!jsonFile.open(QIODevice::WriteOnly) || jsonFile.write(json) != json.size() ||
        !jsonFile.commit()) {
        m_error = tr("Could not write %1: %2").arg(jsonPath, jsonFile.errorString());
        return false;
    }

    QPdfWriter pdf(pdfPath);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setResolution(150);
    pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    pdf.setTitle(tr("Chipfinder embedding analysis"));
    pdf.setCreator(QStringLiteral("Chipfinder"));
    QPainter painter;
    if (!painter.begin(&pdf)) {
        m_error = tr("Could not write %1.").arg(pdfPath);
        return false;
    }
    const QRect page = painter.viewport();
    const int width = page.width();
    int y = 0;
    QFont titleFont = painter.font();
    titleFont.setPointSizeF(16);
    titleFont.setBold(true);
    QFont headFont = painter.font();
    headFont.setPointSizeF(11);
    headFont.setBold(true);
    QFont bodyFont = painter.font();
    bodyFont.setPointSizeF(9);

    auto text = [&](const QString &line, const QFont &font) {
        painter.setFont(font);
        const QRect r = painter.boundingRect(QRect(0, y, width, 10000), Qt::TextWordWrap, line);
        painter.drawText(r, Qt::TextWordWrap, line);
        y = r.bottom() + painter.fontMetrics().height() / 3;
    };
    auto table = [&](const QStringList &headers, const QList<QStringList> &rows) {
        painter.setFont(bodyFont);
        const int rowHeight = painter.fontMetrics().height() + 8;
        const int first = width * 2 / 5;
        const int rest = headers.size() > 1 ? (width - first) / int(headers.size() - 1) : 0;
        auto cellRect = [&](int c, int top) {
            return c == 0 ? QRect(0, top, first, rowHeight)
                          : QRect(first + (c - 1) * rest, top, rest, rowHeight);
        };
        painter.fillRect(QRect(0, y, width, rowHeight), QColor(230, 234, 240));
        QFont bold = bodyFont;
        bold.setBold(true);
        painter.setFont(bold);
        for (int c = 0; c < headers.size(); ++c)
            painter.drawText(cellRect(c, y).adjusted(6, 0, -6, 0),
                             (c ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, headers[c]);
        y += rowHeight;
        painter.setFont(bodyFont);
        for (const QStringList &row : rows) {
            for (int c = 0; c < row.size() && c < headers.size(); ++c)
                painter.drawText(cellRect(c, y).adjusted(6, 0, -6, 0),
                                 (c ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, row[c]);
            painter.setPen(QColor(200, 200, 200));
            painter.drawLine(0, y + rowHeight, width, y + rowHeight);
            painter.setPen(Qt::black);
            y += rowHeight;
        }
        y += rowHeight / 2;
    };
    auto chart = [&](QChart *c, int height) {
        // Lay the chart out at screen size in a scene of its own (which owns it), then render the
        // scene into the page as vectors, scaled so that fonts keep their screen proportions.
        QGraphicsScene scene;
        scene.addItem(c);
        const QSizeF screen(900.0, 900.0 * height / width);
        c->setGeometry(QRectF(QPointF(0, 0), screen));
        scene.setSceneRect(QRectF(QPointF(0, 0), screen));
        scene.render(&painter, QRectF(0, y, width, height), QRectF(QPointF(0, 0), screen));
        y += height + 20;
    };

    text(tr("Embedding analysis"), titleFont);
    text(tr("%1 chips · %2 dimensions · %3 metric (Euclidean distances%4) · %5")
             .arg(report.chips)
             .arg(report.dim)
             .arg(QString::fromStdString(metricName(report.metric)))
             .arg(report.metric == Metric::Cosine ? tr(" on L2-normalised embeddings") : QString())
             .arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat)),
         bodyFont);
    y += 10;
    text(tr("Diversity"), headFont);
    text(tr("For each member of a set, the distance to its nearest other member. Higher means a "
            "more varied set."),
         bodyFont);
    table(diversityHeaders(), diversityRows(report));
    chart(diversityChart(), int(width * 0.55));

    pdf.newPage();
    y = 0;
    text(tr("Coverage"), headFont);
    text(tr("For each chip, the distance to its nearest labeled chip. Low values mean the labeled "
            "set covers the data; a random set of the same size is the baseline."),
         bodyFont);
    table(coverageHeaders(), coverageRows(report));
    chart(coverageChart(), int(width * 0.5));
    text(tr("Retrieval quality"), headFont);
    const RetrievalReport &retrieval = report.retrieval;
    text(retrieval.status == RetrievalStatus::Computed
             ? tr("Ground truth \"%1\" (%2 positives). Each strategy ranks chips from %3 seeded "
                  "queries; query chips are excluded from the figures.")
                   .arg(QString::fromStdString(retrieval.truthName))
                   .arg(retrieval.truePositives.value_or(0))
                   .arg(retrieval.queries)
             : tr("Not computed: %1.").arg(retrievalNote(retrieval.status)),
         bodyFont);
    if (!retrieval.strategies.empty())
        table(retrievalHeaders(report), retrievalRows(report));
    if (audit) {
        if (y + page.height() / 3 > page.height()) {
            pdf.newPage();
            y = 0;
        }
        text(tr("How many are left"), headFont);
        text(tr("From %n audit round(s) (%1 chips drawn at random, stratified by score, and "
                "judged); intervals at 95 %.",
                nullptr, int(audit->rounds))
                 .arg(audit->auditedChips),
             bodyFont);
        const auto count = [](double v) { return QString::number(std::lround(v)); };
        const auto percent = [](double v) { return QString::number(v * 100.0, 'f', 1); };
        QList<QStringList> rows;
        rows.append({tr("Positives found"), QString::number(audit->labeledPositives),
                     QString::number(audit->labeledPositives),
                     QString::number(audit->labeledPositives)});
        rows.append({tr("Positives left"), count(audit->remaining.estimate),
                     count(std::floor(audit->remaining.low)),
                     count(std::ceil(audit->remaining.high))});
        rows.append({tr("Positives in all"), count(audit->total.estimate),
                     count(std::floor(audit->total.low)), count(std::ceil(audit->total.high))});
        rows.append({tr("Recall (%)"), percent(audit->recall.estimate), percent(audit->recall.low),
                     percent(audit->recall.high)});
        if (audit->acceptedPrecision)
            rows.append({tr("Precision of the accepted chips (%)"),
                         percent(audit->acceptedPrecision->estimate),
                         percent(audit->acceptedPrecision->low),
                         percent(audit->acceptedPrecision->high)});
        table({tr("Figure"), tr("Estimate"), tr("Low"), tr("High")}, rows);
        text(audit->recallReached
                 ? tr("The estimated recall has reached the target of %1 %: you may stop.")
                       .arg(std::lround(audit->recallTarget * 100.0))
                 : tr("The estimated recall is below the target of %1 %.")
                       .arg(std::lround(audit->recallTarget * 100.0)),
             bodyFont);
    }
    if (!painter.end()) {
        m_error = tr("Could not write %1.").arg(pdfPath);
        return false;
    }
    return true;
}

void AnalysisPanel::exportWithDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export report"), QString(),
                                                tr("PDF report (*.pdf)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        path += QLatin1String(".pdf");
    const QString json = path.left(path.size() - 4) + QLatin1String(".json");
    if (exportReport(path, json))
        m_status->setText(tr("Report written to %1 and %2.").arg(path, json));
    else
        QMessageBox::warning(this, tr("Export failed"), m_error);
}

} // namespace chipfinder
