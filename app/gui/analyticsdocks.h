#pragma once
// Puts the visual analytics (recall simulation, embedding scatter, embedding analysis) into the
// main window as docks under the Analysis menu and keeps them in step with the project session:
// dataset and ground-truth columns when loaded, labels and candidates as they change, the
// UMAP-like layout cached in the project ("layout:umap"), the last simulation and analysis
// results kept in the project and shown again on reopening (analysisstate.h). The simulation and
// analysis panels scroll inside their docks, so the docks can be narrow beside the map. Selection
// is linked both ways: a box/lasso selection in the scatter highlights those chips on the map (and
// selects the first in the review grid); a chip selected or box-selected on the map is highlighted
// in the scatter.

#include <QObject>

#include <vector>

namespace chipfinder {

class AnalyticsWindow;
class MainWindow;

class AnalyticsDocks : public QObject
{
    Q_OBJECT
public:
    // Creates the docks in `window` (owned by it) and wires them.
    static AnalyticsDocks *install(MainWindow *window);

    AnalyticsWindow *analytics() const { return m_analytics; }

private:
    explicit AnalyticsDocks(MainWindow *window);
    void onLoaded();
    // Shows the simulation and analysis results kept in the project (analysisstate.h).
    void restoreResults();
    void onScatterSelection(const std::vector<int64_t> &chips);

    MainWindow *m_window = nullptr;
    AnalyticsWindow *m_analytics = nullptr;
    bool m_linking = false;
};

} // namespace chipfinder
