#pragma once
// Review tools the main window gets on top of its views (installed once, owned by the window):
// - a thumbnail size slider over the review grid (remembered in the user settings) and a hover
//   preview of a candidate with its surroundings (ChipPreview);
// - lasso labeling on the map (MapLasso: Ctrl+Shift+drag, left = positive, right = negative),
//   one undoable step with the label source `lasso`;
// - labeling the embedding scatter's selection (box or lasso there) positive or negative in one
//   undoable step (source `scatter`): buttons under the scatter, its context menu, and
//   Shift+Y / Shift+N while the scatter has the focus.

#include <QObject>

#include <vector>

class QPushButton;
class QSlider;

namespace chipfinder {

class ChipPreview;
class MainWindow;
class MapLasso;
class ScatterPanel;
enum class LabelValue;

class ReviewTools : public QObject
{
    Q_OBJECT
public:
    static ReviewTools *install(MainWindow *window);

    QSlider *thumbnailSlider() const { return m_slider; }
    ChipPreview *preview() const { return m_preview; }
    MapLasso *lasso() const { return m_lasso; }

    // Labels the scatter's current selection (false if nothing is selected or nothing changes).
    bool labelScatterSelection(LabelValue value);

private:
    explicit ReviewTools(MainWindow *window);
    void createThumbnailControls();
    void createScatterControls();
    void setThumbnailSize(int pixels);
    void updateScatterButtons();

    MainWindow *m_window = nullptr;
    QSlider *m_slider = nullptr;
    ChipPreview *m_preview = nullptr;
    MapLasso *m_lasso = nullptr;
    ScatterPanel *m_scatter = nullptr;
    QPushButton *m_scatterPositive = nullptr;
    QPushButton *m_scatterNegative = nullptr;
};

} // namespace chipfinder
