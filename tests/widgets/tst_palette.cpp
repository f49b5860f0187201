// The shared palette (palette.h): every pair of roles stays distinguishable for viewers with
// deuteranopia and protanopia (Machado et al. 2009 simulation, CIE76 ΔE in CIELAB), and the map,
// the review grid and the scatter paint the same role in the same colour (read back from their
// pixels). The scatter's legend sits beside the points, never over them.

#include "analytics/scatterpanel.h"
#include "analytics/scatterview.h"
#include "candidategrid.h"
#include "candidatemodel.h"
#include "legendstrip.h"
#include "mapview.h"
#include "palette.h"
#include "reviewdocument.h"
#include "widgets/griddataset.h"

#include <QSignalSpy>
#include <QTest>

#include <array>
#include <cmath>

using namespace chipfinder;
using namespace chipfinder::testing;
using Palette::Role;

namespace {

using Matrix = std::array<std::array<double, 3>, 3>;
// Machado, Oliveira & Fernandes 2009, severity 1.0, on linear RGB.
constexpr Matrix Normal = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
constexpr Matrix Deuteranopia = {{{0.367322, 0.860646, -0.227968},
                                  {0.280085, 0.672501, 0.047413},
                                  {-0.011820, 0.042940, 0.968881}}};
constexpr Matrix Protanopia = {{{0.152286, 1.052583, -0.204868},
                                {0.114503, 0.786281, 0.099216},
                                {-0.003882, -0.048116, 1.051998}}};

double toLinear(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// sRGB colour as seen with the given simulation, in CIELAB (D65).
std::array<double, 3> lab(QColor color, const Matrix &m)
{
    const std::array<double, 3> in = {toLinear(color.redF()), toLinear(color.greenF()),
                                      toLinear(color.blueF())};
    std::array<double, 3> rgb{};
    for (size_t i = 0; i < 3; ++i)
        rgb[i] = std::clamp(m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2], 0.0, 1.0);
    const double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    const double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    const double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return {116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))};
}

double deltaE(QColor a, QColor b, const Matrix &m)
{
    const auto p = lab(a, m), q = lab(b, m);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

// What a fill of colour with alpha over the background gives.
QColor over(QColor color, int alpha, QColor background)
{
    auto mix = [alpha](int c, int b) { return (c * alpha + b * (255 - alpha) + 127) / 255; };
    return QColor(mix(color.red(), background.red()), mix(color.green(), background.green()),
                  mix(color.blue(), background.blue()));
}

bool near(QColor a, QColor b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

QByteArray describe(QColor c)
{
    return c.name().toUtf8();
}

} // namespace

class TestPalette : public QObject
{
    Q_OBJECT
private slots:
    void rolesStayApartForColourBlindViewers_data()
    {
        QTest::addColumn<int>("vision");
        QTest::newRow("normal") << 0;
        QTest::newRow("deuteranopia") << 1;
        QTest::newRow("protanopia") << 2;
    }

    void rolesStayApartForColourBlindViewers()
    {
        QFETCH(int, vision);
        const Matrix &m = vision == 0 ? Normal : vision == 1 ? Deuteranopia : Protanopia;
        // The simulation itself: the old map's red and green (ΔE 120 for normal vision) come
        // within a third of that for a dichromat (11 deuteranopia, 36 protanopia).
        const double redGreen = deltaE(QColor(214, 48, 49), QColor(34, 170, 68), m);
        QVERIFY2(vision == 0 ? redGreen > 100 : redGreen < 40,
                 qPrintable(QString::number(redGreen)));
        double smallest = 1e9;
        for (size_t i = 0; i < Palette::roles.size(); ++i)
            for (size_t j = i + 1; j < Palette::roles.size(); ++j) {
                const Role a = Palette::roles[i], b = Palette::roles[j];
                const double d = deltaE(Palette::color(a), Palette::color(b), m);
                smallest = std::min(smallest, d);
                QVERIFY2(d >= 15.0, qPrintable(QStringLiteral("%1 and %2: ΔE %3")
                                                   .arg(Palette::name(a), Palette::name(b))
                                                   .arg(d, 0, 'f', 1)));
            }
        qInfo("smallest ΔE between two roles: %.1f", smallest);
    }

    void mapGridAndScatterShareTheColours()
    {
        auto dataset = gridDataset(naipBox(), 8, 6, 8);
        ReviewTable review;
        const int64_t positive = 20, negative = 21, candidate = 26, rejected = 27, skipped = 28;
        review.setLabel(positive, LabelValue::Positive);
        review.setLabel(negative, LabelValue::Negative);
        review.setCandidates(
            {{candidate, 0.9f}, {positive, 0.8f}, {rejected, 0.7f}, {skipped, 0.6f}});
        review.setLabel(rejected, LabelValue::Negative);
        review.setSkipped(skipped, true);

        // Map: labeled chips are filled with the role's colour at alpha 120 over the background.
        MapView map;
        map.resize(640, 480);
        map.setDataset(dataset);
        map.setReviewDocument(&review);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        const QImage mapImage = map.grab().toImage();
        const QColor background(226, 228, 224);
        const QColor mapPositive = mapImage.pixelColor(map.screenPosition(positive));
        const QColor mapNegative = mapImage.pixelColor(map.screenPosition(negative));
        QVERIFY2(near(mapPositive, over(Palette::color(Role::Positive), 120, background), 2),
                 describe(mapPositive));
        QVERIFY2(near(mapNegative, over(Palette::color(Role::Negative), 120, background), 2),
                 describe(mapNegative));
        const QColor mapCandidate = mapImage.pixelColor(map.screenPosition(candidate));
        // The best candidate: alpha 0.45.
        QVERIFY2(near(mapCandidate, over(Palette::color(Role::Candidate), 115, background), 3),
                 describe(mapCandidate));

        // Grid: the frame of each decision in the role's colour.
        CandidateModel model;
        model.setDataset(dataset);
        model.setReviewDocument(&review);
        CandidateGrid grid;
        grid.setCandidateModel(&model);
        grid.resize(700, 300);
        grid.show();
        QVERIFY(QTest::qWaitForWindowExposed(&grid));
        const QImage gridImage = grid.viewport()->grab().toImage();
        auto frameOf = [&](int64_t chip) {
            const QRect cell =
                grid.visualRect(model.index(model.rowOf(chip))).adjusted(2, 2, -2, -2);
            const QRect thumb(cell.left() + (cell.width() - 96) / 2, cell.top() + 4, 96, 96);
            return gridImage.pixelColor(thumb.left() + 1, thumb.center().y());
        };
        QCOMPARE(frameOf(positive), Palette::color(Role::Positive));
        QCOMPARE(frameOf(rejected), Palette::color(Role::Negative));
        QCOMPARE(frameOf(skipped), Palette::color(Role::Skipped));
        QVERIFY2(near(frameOf(candidate), Palette::color(Role::Candidate), 2),
                 describe(frameOf(candidate)));

        // Scatter coloured by label: a point's core in the role's colour.
        ScatterPanel panel;
        panel.resize(600, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy computed(&panel, &ScatterPanel::layoutComputed);
        panel.setReviewDocument(&review);
        panel.setEmbeddings(std::make_shared<EmbeddingMatrix>(dataset->embeddings), Metric::Cosine);
        QVERIFY(computed.wait(20000));
        panel.setColorBy(ScatterPanel::ColorBy::Label);
        ScatterView *view = panel.view();
        const QImage scatter = view->renderImage();
        auto pointColour = [&](int64_t chip) {
            const QPointF at = view->mapToWidget(
                {view->points()[size_t(chip) * 2], view->points()[size_t(chip) * 2 + 1]});
            return scatter.pixelColor(at.toPoint());
        };
        // Points drawn later may cover a labeled point: find the labeled colour at either point.
        const QColor scatterPositive = pointColour(positive);
        const QColor scatterNegative = pointColour(negative);
        QCOMPARE(scatterPositive, Palette::color(Role::Positive));
        QCOMPARE(scatterNegative, Palette::color(Role::Negative));
        bool legendHasPositive = false;
        for (const LegendStrip::Entry &entry : panel.legend()->entries())
            legendHasPositive |= entry.color == Palette::rgb(Role::Positive);
        QVERIFY(legendHasPositive);

        // The score legend is a ramp in the strip above the view, not a box over the points.
        panel.setColorBy(ScatterPanel::ColorBy::Score);
        QVERIFY(panel.legend()->hasRamp());
        QVERIFY(panel.legend()->isVisible());
        QVERIFY(!panel.legend()->geometry().intersects(view->geometry()));
        // What the view shows in its top-left corner is its own raster (no legend drawn on it).
        const QImage shown = view->grab().toImage();
        const QImage raster = view->renderImage();
        for (int y = 4; y < 60; y += 7)
            for (int x = 4; x < 120; x += 9)
                QCOMPARE(shown.pixelColor(x, y), raster.pixelColor(x, y));
    }
};

QTEST_MAIN(TestPalette)
#include "tst_palette.moc"
