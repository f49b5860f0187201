#include "gui/reviewtools.h"

#include "analytics/scatterpanel.h"
#include "analytics/scatterview.h"
#include "candidategrid.h"
#include "candidatemodel.h"
#include "chippreview.h"
#include "gui/mainwindow.h"
#include "gui/projectsession.h"
#include "gui/usersettings.h"
#include "maplasso.h"
#include "mapview.h"
#include "thumbnailprovider.h"

#include <QAction>
#include <QBoxLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSlider>

namespace chipfinder {

namespace {
constexpr int MinThumbnail = 64;
constexpr int MaxThumbnail = 256;
} // namespace

ReviewTools *ReviewTools::install(MainWindow *window)
{
    return new ReviewTools(window);
}

ReviewTools::ReviewTools(MainWindow *window) : QObject(window), m_window(window)
{
    createThumbnailControls();
    m_preview = new ChipPreview(window->candidateGrid());

    m_lasso = new MapLasso(window->mapView());
    connect(m_lasso, &MapLasso::chipsLassoed, this,
            [this](const QList<qint64> &chips, Qt::MouseButton button) {
                ProjectSession *session = m_window->session();
                if (!session->isLoaded())
                    return;
                session->labelChips(std::vector<int64_t>(chips.begin(), chips.end()),
                                    button == Qt::RightButton ? LabelValue::Negative
                                                              : LabelValue::Positive,
                                    LabelSource::Lasso);
            });

    createScatterControls();
}

void ReviewTools::createThumbnailControls()
{
    CandidateGrid *grid = m_window->candidateGrid();
    auto *layout = qobject_cast<QBoxLayout *>(grid->parentWidget()->layout());
    m_slider = new QSlider(Qt::Horizontal, grid->parentWidget());
    m_slider->setObjectName(QStringLiteral("thumbnailSize"));
    m_slider->setRange(MinThumbnail, MaxThumbnail);
    m_slider->setSingleStep(8);
    m_slider->setPageStep(32);
    m_slider->setFocusPolicy(Qt::NoFocus); // arrows stay with the grid
    m_slider->setToolTip(tr("Thumbnail size; rest the mouse on a thumbnail to see it larger with "
                            "its surroundings"));
    const int size = std::clamp(usersettings::thumbnailSize(), MinThumbnail, MaxThumbnail);
    m_slider->setValue(size);
    grid->setThumbnailSize(size);
    connect(m_slider, &QSlider::valueChanged, this, &ReviewTools::setThumbnailSize);
    if (layout) {
        auto *row = new QHBoxLayout;
        row->addWidget(new QLabel(tr("Size:"), grid->parentWidget()));
        row->addWidget(m_slider, 1);
        layout->insertLayout(layout->indexOf(grid), row);
    }
}

void ReviewTools::setThumbnailSize(int pixels)
{
    CandidateGrid *grid = m_window->candidateGrid();
    grid->setThumbnailSize(pixels);
    if (ThumbnailProvider *provider = m_window->candidateModel()->thumbnailProvider())
        provider->setSize(pixels);
    usersettings::setThumbnailSize(pixels);
}

void ReviewTools::createScatterControls()
{
    m_scatter = m_window->findChild<ScatterPanel *>();
    if (!m_scatter)
        return;
    ScatterView *view = m_scatter->view();
    view->setFocusPolicy(Qt::ClickFocus); // its shortcuts work once it was clicked

    auto *positive = new QAction(tr("Label the selection &positive"), m_scatter);
    positive->setObjectName(QStringLiteral("labelSelectionPositive"));
    positive->setShortcut(QKeySequence(tr("Shift+Y")));
    auto *negative = new QAction(tr("Label the selection &negative"), m_scatter);
    negative->setObjectName(QStringLiteral("labelSelectionNegative"));
    negative->setShortcut(QKeySequence(tr("Shift+N")));
    for (QAction *action : {positive, negative}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_scatter->addAction(action);
    }
    connect(positive, &QAction::triggered, this,
            [this] { labelScatterSelection(LabelValue::Positive); });
    connect(negative, &QAction::triggered, this,
            [this] { labelScatterSelection(LabelValue::Negative); });

    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this,
            [this, view, positive, negative](const QPoint &pos) {
                QMenu menu(view);
                menu.setObjectName(QStringLiteral("scatterMenu"));
                const bool any = !view->selection().empty() && m_window->session()->isLoaded();
                positive->setEnabled(any);
                negative->setEnabled(any);
                menu.addAction(positive);
                menu.addAction(negative);
                menu.exec(view->mapToGlobal(pos));
                positive->setEnabled(true);
                negative->setEnabled(true);
            });

    if (auto *layout = qobject_cast<QBoxLayout *>(m_scatter->QWidget::layout())) {
        auto *row = new QHBoxLayout;
        m_scatterPositive = new QPushButton(m_scatter);
        m_scatterPositive->setObjectName(QStringLiteral("scatterPositive"));
        m_scatterNegative = new QPushButton(m_scatter);
        m_scatterNegative->setObjectName(QStringLiteral("scatterNegative"));
        for (QPushButton *button : {m_scatterPositive, m_scatterNegative}) {
            button->setFocusPolicy(Qt::NoFocus);
            row->addWidget(button);
        }
        row->addStretch(1);
        connect(m_scatterPositive, &QPushButton::clicked, positive, &QAction::trigger);
        connect(m_scatterNegative, &QPushButton::clicked, negative, &QAction::trigger);
        layout->addLayout(row);
    }
    connect(view, &ScatterView::selectionChanged, this, &ReviewTools::updateScatterButtons);
    connect(m_window->session(), &ProjectSession::loaded, this, &ReviewTools::updateScatterButtons);
    updateScatterButtons();
}

void ReviewTools::updateScatterButtons()
{
    if (!m_scatterPositive)
        return;
    const int count = int(m_scatter->view()->selection().size());
    const bool enabled = count > 0 && m_window->session()->isLoaded();
    m_scatterPositive->setText(tr("%n selected → positive", nullptr, count));
    m_scatterNegative->setText(tr("%n selected → negative", nullptr, count));
    m_scatterPositive->setToolTip(tr("Label the chips selected in the scatter positive (Shift+Y)"));
    m_scatterNegative->setToolTip(tr("Label the chips selected in the scatter negative (Shift+N)"));
    m_scatterPositive->setEnabled(enabled);
    m_scatterNegative->setEnabled(enabled);
}

bool ReviewTools::labelScatterSelection(LabelValue value)
{
    if (!m_scatter || !m_window->session()->isLoaded())
        return false;
    const std::vector<int64_t> &chips = m_scatter->view()->selection();
    if (chips.empty())
        return false;
    return m_window->session()->labelChips(chips, value, LabelSource::Scatter);
}

} // namespace chipfinder
