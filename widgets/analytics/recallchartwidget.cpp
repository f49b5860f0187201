#include "analytics/recallchartwidget.h"

#include "analytics/colormap.h"
#include "strategies/strategyregistry.h"
#include "strategytext.h"

#include <QChart>
#include <QChartView>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QResizeEvent>
#include <QSplitter>
#include <QStandardItemModel>
#include <QSvgGenerator>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace chipfinder {

namespace {

QStandardItem *numberItem(double value, int decimals)
{
    auto *item = new QStandardItem(QString::number(value, 'f', decimals));
    item->setData(value, Qt::UserRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QStandardItem *textItem(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

RecallChartWidget::RecallChartWidget(QWidget *parent) : QWidget(parent)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Recall per iteration"));
    chart->legend()->setAlignment(Qt::AlignRight);
    m_chartView = new QChartView(chart, this);
    m_chartView->installEventFilter(this);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(260);

    m_model = new QStandardItemModel(0, 7, this);
    m_model->setHorizontalHeaderLabels({tr("Strategy"), tr("Reached"), tr("Iter. Q1"),
                                        tr("Iter. median"), tr("Iter. Q3"), tr("Labels spent"),
                                        tr("Final recall")});
    const QStringList tips{tr("Strategy"),
                           tr("Runs reaching the recall threshold"),
                           tr("Iterations to threshold, first quartile"),
                           tr("Iterations to threshold, median"),
                           tr("Iterations to threshold, third quartile"),
                           tr("Labels spent at the end of a run (mean over runs)"),
                           tr("Mean recall at the last iteration")};
    for (int c = 0; c < tips.size(); ++c)
        m_model->horizontalHeaderItem(c)->setToolTip(tips[c]);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(true);

    auto *png = new QPushButton(tr("Export PNG…"), this);
    auto *svg = new QPushButton(tr("Export SVG…"), this);
    auto *csv = new QPushButton(tr("Export CSV…"), this);
    for (QPushButton *b : {png, svg, csv})
        b->setEnabled(false);
    connect(png, &QPushButton::clicked, this,
            [this] { exportWithDialog(tr("PNG image (*.png)"), QStringLiteral("png")); });
    connect(svg, &QPushButton::clicked, this,
            [this] { exportWithDialog(tr("SVG image (*.svg)"), QStringLiteral("svg")); });
    connect(csv, &QPushButton::clicked, this,
            [this] { exportWithDialog(tr("CSV table (*.csv)"), QStringLiteral("csv")); });
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(png);
    buttons->addWidget(svg);
    buttons->addWidget(csv);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_chartView);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({3000, 1000});
    m_table->setMinimumHeight(80);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    m_exportButtons = {png, svg, csv};
}

RecallChartWidget::~RecallChartWidget() = default;

QChart *RecallChartWidget::chart() const
{
    return m_chartView->chart();
}

QString RecallChartWidget::strategyTitle(const std::string &name)
{
    return i18n::strategyTitle(name);
}

void RecallChartWidget::clear()
{
    m_result.reset();
    QChart *chart = this->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis), delete axis;
    m_model->removeRows(0, m_model->rowCount());
    for (QWidget *button : m_exportButtons)
        button->setEnabled(false);
}

void RecallChartWidget::setResult(std::shared_ptr<const SimulationResult> result)
{
    clear();
    m_result = std::move(result);
    if (!m_result)
        return;
    QChart *chart = this->chart();
    auto *axisX = new QValueAxis;
    axisX->setTitleText(tr("Iteration"));
    axisX->setLabelFormat(QStringLiteral("%d"));
    auto *axisY = new QValueAxis;
    axisY->setTitleText(tr("Recall"));
    axisY->setRange(0.0, 1.0);
    axisY->setTickCount(6);
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);

    size_t longest = 1;
    std::vector<QLineSeries *> means;
    for (size_t s = 0; s < m_result->strategies.size(); ++s) {
        const StrategyResult &strategy = m_result->strategies[s];
        const QString title = strategyTitle(strategy.strategy);
        const QColor hue(ColorMap::category(int(s)));
        QColor light = hue.lighter(120);
        light.setAlpha(120);
        for (const RunTrace &run : strategy.runs) {
            auto *series = new QLineSeries;
            series->setName(tr("%1, run %2").arg(title).arg(run.run + 1));
            for (size_t i = 0; i < run.recall.size(); ++i)
                series->append(double(i), run.recall[i]);
            series->setPen(QPen(light, 1.0));
            chart->addSeries(series);
            series->attachAxis(axisX);
            series->attachAxis(axisY);
            for (QLegendMarker *marker : chart->legend()->markers(series))
                marker->setVisible(false);
            longest = std::max(longest, run.recall.size());
        }
        auto *mean = new QLineSeries;
        mean->setName(title);
        const std::vector<double> curve = strategy.meanRecall();
        for (size_t i = 0; i < curve.size(); ++i)
            mean->append(double(i), curve[i]);
        mean->setPen(QPen(hue.darker(130), 3.0));
        means.push_back(mean);
        longest = std::max(longest, curve.size());
    }
    // Mean lines last, so they are drawn above every run line.
    for (QLineSeries *mean : means) {
        chart->addSeries(mean);
        mean->attachAxis(axisX);
        mean->attachAxis(axisY);
    }
    auto *threshold = new QLineSeries;
    threshold->setName(tr("threshold %1").arg(m_result->config.threshold));
    threshold->append(0.0, m_result->config.threshold);
    threshold->append(double(longest - 1), m_result->config.threshold);
    threshold->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
    chart->addSeries(threshold);
    threshold->attachAxis(axisX);
    threshold->attachAxis(axisY);
    for (QLegendMarker *marker : chart->legend()->markers(threshold))
        marker->setVisible(false);
    axisX->setRange(0.0, double(std::max<size_t>(1, longest - 1)));
    chart->setTitle(tr("Recall per iteration (%1 runs, batch %2, %3 of %4 chips positive)")
                        .arg(m_result->config.runs)
                        .arg(m_result->config.batch)
                        .arg(m_result->truePositives)
                        .arg(m_result->chips));

    for (size_t s = 0; s < m_result->strategies.size(); ++s) {
        const StrategyResult &strategy = m_result->strategies[s];
        QList<QStandardItem *> row;
        // The colour of the strategy's mean line: the table doubles as the legend.
        auto *name = new QStandardItem(strategyTitle(strategy.strategy));
        name->setData(QColor(ColorMap::category(int(s))).darker(130), Qt::DecorationRole);
        row << name;
        row << textItem(QStringLiteral("%1 / %2")
                            .arg(strategy.runsReachingThreshold())
                            .arg(strategy.runs.size()));
        const auto quartiles = strategy.iterationsQuartiles();
        for (int q = 0; q < 3; ++q)
            row << (quartiles ? numberItem((*quartiles)[size_t(q)], 1) : textItem(tr("—")));
        row << numberItem(strategy.meanLabelsSpent(), 1);
        const std::vector<double> curve = strategy.meanRecall();
        row << numberItem(curve.empty() ? 0.0 : curve.back(), 3);
        m_model->appendRow(row);
    }
    for (QWidget *button : m_exportButtons)
        button->setEnabled(true);
    updateLegendPlacement();
}

void RecallChartWidget::updateLegendPlacement()
{
    // Qt Charts lays a bottom legend out in one row, which elides every name once a few
    // strategies share a narrow chart. The names go in a column on the right when the chart is
    // wide enough; else the legend is hidden and the table's colour swatches name the lines.
    QLegend *legend = chart()->legend();
    const bool wide = m_chartView->width() >= LegendMinChartWidth;
    if (legend->alignment() != Qt::AlignRight)
        legend->setAlignment(Qt::AlignRight);
    if (legend->isVisible() != wide)
        legend->setVisible(wide);
}

bool RecallChartWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_chartView && event->type() == QEvent::Resize)
        updateLegendPlacement();
    return QWidget::eventFilter(watched, event);
}

bool RecallChartWidget::exportPng(const QString &path)
{
    const QPixmap pixmap = m_chartView->grab();
    if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
        m_error = tr("Could not write the image %1.").arg(path);
        return false;
    }
    return true;
}

bool RecallChartWidget::exportSvg(const QString &path)
{
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(m_chartView->size());
    generator.setViewBox(QRect(QPoint(0, 0), m_chartView->size()));
    generator.setTitle(chart()->title());
    generator.setDescription(tr("Chipfinder recall simulation"));
    QPainter painter;
    if (!painter.begin(&generator)) {
        m_error = tr("Could not write the image %1.").arg(path);
        return false;
    }
    m_chartView->render(&painter);
    painter.end();
    return true;
}

bool RecallChartWidget::exportCsv(const QString &path)
{
    if (!m_result) {
        m_error = tr("There is no simulation result to export.");
        return false;
    }
    try {
        m_result->writeCsv(path.toStdString());
    } catch (const std::exception &error) {
        m_error = tr("Could not write %1: %2").arg(path, QString::fromLocal8Bit(error.what()));
        return false;
    }
    return true;
}

void RecallChartWidget::exportWithDialog(const QString &filter, const QString &suffix)
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export"), QString(), filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1Char('.') + suffix, Qt::CaseInsensitive))
        path += QLatin1Char('.') + suffix;
    const bool ok = suffix == QLatin1String("png")   ? exportPng(path)
                    : suffix == QLatin1String("svg") ? exportSvg(path)
                                                     : exportCsv(path);
    if (!ok)
        QMessageBox::warning(this, tr("Export failed"), m_error);
}

} // namespace chipfinder
