#include "analytics/simulationpanel.h"

#include "analytics/recallchartwidget.h"
#include "common/feedback.h"
#include "jobrunner.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"
#include "strategytext.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace chipfinder {

SimulationPanel::SimulationPanel(QWidget *parent) : QWidget(parent)
{
    m_strategies = new QListWidget(this);
    m_strategies->setToolTip(tr("Strategies to compare"));
    m_strategies->setMinimumHeight(90);
    auto spin = [this](int lo, int hi, int value) {
        auto *box = new QSpinBox(this);
        box->setRange(lo, hi);
        box->setValue(value);
        return box;
    };
    const SimulationConfig defaults;
    m_runs = spin(1, 1000, int(defaults.runs));
    m_batch = spin(1, 10000, int(defaults.batch));
    m_startPositives = spin(1, 10000, int(defaults.startPositives));
    m_startNegatives = spin(0, 10000, int(defaults.startNegatives));
    m_maxIterations = spin(1, 100000, int(defaults.maxIterations));
    m_seed = spin(0, std::numeric_limits<int>::max(), int(defaults.seed));
    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setRange(0.01, 1.0);
    m_threshold->setSingleStep(0.05);
    m_threshold->setDecimals(2);
    m_threshold->setValue(defaults.threshold);
    m_noise = new QDoubleSpinBox(this);
    m_noise->setRange(0.0, 0.5);
    m_noise->setSingleStep(0.01);
    m_noise->setDecimals(2);
    m_noise->setValue(defaults.labelNoise);
    m_truth = new QComboBox(this);

    auto *form = new QFormLayout;
    form->addRow(tr("Ground truth:"), m_truth);
    form->addRow(tr("Runs per strategy:"), m_runs);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Recall threshold:"), m_threshold);
    form->addRow(tr("Label noise:"), m_noise);
    form->addRow(tr("Start positives:"), m_startPositives);
    form->addRow(tr("Start negatives:"), m_startNegatives);
    form->addRow(tr("Max iterations:"), m_maxIterations);
    form->addRow(tr("Seed:"), m_seed);

    m_run = new QPushButton(tr("Run simulation"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(new QLabel(tr("Strategies:"), left));
    leftLayout->addWidget(m_strategies, 1);
    leftLayout->addLayout(form);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_progress);
    leftLayout->addWidget(m_status);

    m_chart = new RecallChartWidget(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    m_jobs = new JobRunner(this);
    connect(m_run, &QPushButton::clicked, this, &SimulationPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &SimulationPanel::cancel);
    connect(m_jobs, &JobRunner::progressChanged, this,
            [this](quint64, double f) { m_progress->setValue(int(f * 1000)); });
    connect(m_jobs, &JobRunner::runningChanged, this, [this](bool running) {
        m_cancel->setEnabled(running);
        updateRunEnabled();
    });
    connect(m_jobs, &JobRunner::failed, this, [this](quint64, const QString &message) {
        m_status->setText(message);
        emit simulationFailed(message);
    });
    connect(m_jobs, &JobRunner::canceled, this, [this](quint64) {
        m_status->setText(tr("Simulation canceled."));
        m_progress->setValue(0);
    });
    connect(m_strategies, &QListWidget::itemChanged, this, &SimulationPanel::updateRunEnabled);

    QStringList names;
    for (const std::string &name : StrategyRegistry::instance().names())
        names << QString::fromStdString(name);
    setStrategies(names);
}

SimulationPanel::~SimulationPanel() = default;

void SimulationPanel::setData(std::shared_ptr<const FlatIndex> index,
                              QMap<QString, std::shared_ptr<const std::vector<uint8_t>>> truths)
{
    m_index = std::move(index);
    m_truths = std::move(truths);
    const QString previous = m_truth->currentText();
    m_truth->clear();
    m_truth->addItems(m_truths.keys());
    if (m_truths.contains(previous))
        m_truth->setCurrentText(previous);
    m_status->setText(m_truths.isEmpty()
                          ? tr("The dataset has no ground truth: add a label column or a "
                               "polygon layer to simulate.")
                          : QString());
    updateRunEnabled();
}

void SimulationPanel::setStrategies(const QStringList &names, StrategyFactory factory)
{
    m_factory = std::move(factory);
    m_strategies->clear();
    for (const QString &name : names) {
        auto *item =
            new QListWidgetItem(RecallChartWidget::strategyTitle(name.toStdString()), m_strategies);
        item->setData(Qt::UserRole, name);
        if (const StrategyInfo *info = StrategyRegistry::instance().find(name.toStdString()))
            item->setToolTip(i18n::strategyText(info->description));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    updateRunEnabled();
}

SimulationConfig SimulationPanel::config() const
{
    SimulationConfig config;
    for (int i = 0; i < m_strategies->count(); ++i)
        if (m_strategies->item(i)->checkState() == Qt::Checked)
            config.strategies.push_back(
                m_strategies->item(i)->data(Qt::UserRole).toString().toStdString());
    config.runs = size_t(m_runs->value());
    config.batch = size_t(m_batch->value());
    config.startPositives = size_t(m_startPositives->value());
    config.startNegatives = size_t(m_startNegatives->value());
    config.threshold = m_threshold->value();
    config.maxIterations = size_t(m_maxIterations->value());
    config.labelNoise = m_noise->value();
    config.seed = uint64_t(m_seed->value());
    return config;
}

void SimulationPanel::setConfig(const SimulationConfig &config)
{
    for (int i = 0; i < m_strategies->count(); ++i) {
        const std::string name = m_strategies->item(i)->data(Qt::UserRole).toString().toStdString();
        const bool on = std::find(config.strategies.begin(), config.strategies.end(), name) !=
                        config.strategies.end();
        m_strategies->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    m_runs->setValue(int(config.runs));
    m_batch->setValue(int(config.batch));
    m_startPositives->setValue(int(config.startPositives));
    m_startNegatives->setValue(int(config.startNegatives));
    m_threshold->setValue(config.threshold);
    m_maxIterations->setValue(int(config.maxIterations));
    m_noise->setValue(config.labelNoise);
    m_seed->setValue(int(std::min<uint64_t>(config.seed, uint64_t(m_seed->maximum()))));
}

QString SimulationPanel::truthName() const
{
    return m_truth->currentText();
}

void SimulationPanel::setTruthName(const QString &name)
{
    m_truth->setCurrentText(name);
}

void SimulationPanel::updateRunEnabled()
{
    m_run->setEnabled(!m_jobs->isRunning() && m_index && !m_truths.isEmpty() &&
                      !config().strategies.empty());
}

bool SimulationPanel::isRunning() const
{
    return m_jobs->isRunning();
}

std::shared_ptr<const SimulationResult> SimulationPanel::result() const
{
    return m_chart->result();
}

void SimulationPanel::run()
{
    const SimulationConfig config = this->config();
    const auto truth = m_truths.value(m_truth->currentText());
    if (!m_index || !truth || config.strategies.empty()) {
        m_status->setText(tr("Choose at least one strategy and a ground truth."));
        return;
    }
    const auto index = m_index;
    const StrategyFactory factory = m_factory;
    m_status->setText(tr("Simulating %n strategies…", nullptr, int(config.strategies.size())));
    m_progress->setValue(0);
    std::function<std::shared_ptr<const SimulationResult>(Feedback &)> work =
        [index, truth, config, factory](Feedback &feedback) {
            auto result = std::make_shared<SimulationResult>(
                factory ? simulate(*index, *truth, config, factory, &feedback)
                        : simulate(*index, *truth, config, &feedback));
            return std::shared_ptr<const SimulationResult>(std::move(result));
        };
    m_jobs->run<std::shared_ptr<const SimulationResult>>(
        tr("Recall simulation"), work,
        [this](quint64, std::shared_ptr<const SimulationResult> &result) {
            m_chart->setResult(result);
            m_progress->setValue(1000);
            m_status->setText(tr("Done: %1 strategies, %2 runs each.")
                                  .arg(result->strategies.size())
                                  .arg(result->config.runs));
            emit simulationFinished();
        });
    updateRunEnabled();
}

void SimulationPanel::showResult(std::shared_ptr<const SimulationResult> result)
{
    if (!result)
        return;
    setConfig(result->config);
    m_chart->setResult(result);
    m_progress->setValue(1000);
    m_status->setText(tr("Last result: %1 strategies, %2 runs each.")
                          .arg(result->strategies.size())
                          .arg(result->config.runs));
}

void SimulationPanel::cancel()
{
    m_jobs->cancel();
}

} // namespace chipfinder
