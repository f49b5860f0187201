#pragma once
// Recall-versus-iteration chart of a simulation (DESIGN §4) with Qt Charts: per strategy one dark
// thick line for the mean recall and a light thin line (same hue) for every run, a dashed
// threshold line, recall 0..1 against iteration; the legend lists only the mean lines, in a
// column on the right when the chart is at least LegendMinChartWidth wide (hidden when narrower,
// e.g. in a dock). Below, a table per strategy (its name with a swatch of the line colour): runs
// reaching the threshold, iterations to threshold (Q1, median, Q3), mean labels spent and the final
// mean recall. Exports: chart as PNG (grab) or SVG (QSvgGenerator), data as CSV
// (SimulationResult::writeCsv).

#include "simulation/simulation.h"

#include <QString>
#include <QWidget>

#include <memory>

class QChart;
class QChartView;
class QStandardItemModel;
class QTableView;

namespace chipfinder {

class RecallChartWidget : public QWidget
{
    Q_OBJECT
public:
    explicit RecallChartWidget(QWidget *parent = nullptr);
    ~RecallChartWidget() override;

    void setResult(std::shared_ptr<const SimulationResult> result);
    std::shared_ptr<const SimulationResult> result() const { return m_result; }
    void clear();

    QChart *chart() const;
    QChartView *chartView() const { return m_chartView; }
    QTableView *table() const { return m_table; }
    QStandardItemModel *summaryModel() const { return m_model; }

    // Each returns false and sets errorString() when writing failed.
    bool exportPng(const QString &path);
    bool exportSvg(const QString &path);
    bool exportCsv(const QString &path);
    QString errorString() const { return m_error; }

    // Display title of a strategy (the registry's title, else the name).
    static QString strategyTitle(const std::string &name);

    static constexpr int LegendMinChartWidth = 480;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateLegendPlacement();
    void exportWithDialog(const QString &filter, const QString &suffix);

    std::shared_ptr<const SimulationResult> m_result;
    QChartView *m_chartView = nullptr;
    QTableView *m_table = nullptr;
    QStandardItemModel *m_model = nullptr;
    QString m_error;
    QList<QWidget *> m_exportButtons;
};

} // namespace chipfinder
