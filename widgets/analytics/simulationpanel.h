#pragma once
// Runs the labeling simulation (DESIGN §4) from the GUI: a form (strategies as a checkable list
// from the StrategyRegistry, runs, batch, threshold, label noise, start positives/negatives,
// maximum iterations, seed, ground-truth choice), simulate() in the background through a
// JobRunner with progress and cancel, and the RecallChartWidget filled when it is done.
// The index and the ground-truth vectors are shared with the caller and must not change while a
// simulation runs (replace them with new objects instead).

#include "simulation/simulation.h"

#include <QMap>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace chipfinder {

class FlatIndex;
class JobRunner;
class RecallChartWidget;

class SimulationPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SimulationPanel(QWidget *parent = nullptr);
    ~SimulationPanel() override;

    // The index to simulate on and the ground truths to choose from (name → one flag per chip).
    void setData(std::shared_ptr<const FlatIndex> index,
                 QMap<QString, std::shared_ptr<const std::vector<uint8_t>>> truths);
    // Strategies offered (default: every registry strategy). A factory replaces the registry
    // (strategies outside it, tests).
    void setStrategies(const QStringList &names, StrategyFactory factory = {});

    // The form as a config (checked strategies, numbers) and back.
    SimulationConfig config() const;
    void setConfig(const SimulationConfig &config);
    QString truthName() const;
    void setTruthName(const QString &name);

    // Starts the simulation in the background (no-op with a message if the form is incomplete).
    void run();
    void cancel();
    bool isRunning() const;

    // Shows a result computed earlier (e.g. kept in a project) as if just simulated; its
    // config fills the form.
    void showResult(std::shared_ptr<const SimulationResult> result);
    RecallChartWidget *chart() const { return m_chart; }
    std::shared_ptr<const SimulationResult> result() const;

signals:
    void simulationFinished();
    void simulationFailed(const QString &message);

private:
    void updateRunEnabled();

    std::shared_ptr<const FlatIndex> m_index;
    QMap<QString, std::shared_ptr<const std::vector<uint8_t>>> m_truths;
    StrategyFactory m_factory;

    QListWidget *m_strategies = nullptr;
    QSpinBox *m_runs = nullptr;
    QSpinBox *m_batch = nullptr;
    QDoubleSpinBox *m_threshold = nullptr;
    QDoubleSpinBox *m_noise = nullptr;
    QSpinBox *m_startPositives = nullptr;
    QSpinBox *m_startNegatives = nullptr;
    QSpinBox *m_maxIterations = nullptr;
    QSpinBox *m_seed = nullptr;
    QComboBox *m_truth = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    RecallChartWidget *m_chart = nullptr;
    JobRunner *m_jobs = nullptr;
};

} // namespace chipfinder
