#pragma once
// Puts the visual analytics (recall simulation, embedding scatter, embedding analysis) into the
// main window as docks under the Analysis menu and keeps them in step with the project session:
// dataset and ground-truth columns when loaded, labels and candidates as they change, the
// UMAP-like layout cached in the project ("layout:umap"). Selection is linked both ways: a
// box/lasso selection in the scatter highlights those chips on the map (and selects the first in
// the review grid); a chip selected or box-selected on the map is highlighted in the scatter.

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
    void onScatterSelection(const std::vector<int64_t> &chips);

    MainWindow *m_window = nullptr;
    AnalyticsWindow *m_analytics = nullptr;
    bool m_linking = false;
};

} // namespace chipfinder
