// Map responsiveness benchmark (not a test): a 1000 × 1000 grid of chips (10^6 in the dataset)
// over the NAIP scene, drawn by MapView offscreen at several zoom levels, with labels and
// candidates set. Prints the time to index the footprints (setDataset), and per zoom level the
// chips in view, whether the frame was aggregated (density raster) or drawn chip by chip, and the
// time per frame — as a ratio to the baseline measured in the same run: QPainter filling as many
// plain rectangles (the cheapest way to put that many footprints on screen), capped at the
// 10^5-footprint frame the issue asks to stay responsive with.
// Usage: chipfinder-bench_mapview [--side N] [--frames F]   (runs with QT_QPA_PLATFORM=offscreen)

#include "../widgets/griddataset.h"
#include "mapview.h"

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace chipfinder;
using Clock = std::chrono::steady_clock;

namespace {

double bestOf(int repeats, const std::function<void()> &work)
{
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto start = Clock::now();
        work();
        best =
            std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return best;
}

// The baseline: n rectangles of `side` pixels filled with QPainter into an image of `size`.
double rectangles(size_t n, const QSize &size, int side)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    std::vector<QRect> rects;
    rects.reserve(n);
    const int cols = std::max(1, size.width() / std::max(1, side));
    for (size_t i = 0; i < n; ++i)
        rects.emplace_back(int(i % size_t(cols)) * side % size.width(),
                           int(i / size_t(cols)) * side % size.height(), side, side);
    return bestOf(5, [&] {
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setPen(QColor(40, 40, 40));
        painter.setBrush(QColor(255, 190, 0, 90));
        painter.drawRects(rects.data(), int(rects.size()));
    });
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int side = 1000, frames = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--side" && i + 1 < argc)
            side = std::atoi(argv[++i]);
        else if (a == "--frames" && i + 1 < argc)
            frames = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: %s [--side N] [--frames F]\n", argv[0]);
            return 2;
        }
    }
    const size_t n = size_t(side) * size_t(side);
    auto dataset = testing::gridDataset(testing::naipBox(), side, side, 4);

    MapView view;
    view.resize(1280, 800);
    const double indexMs = bestOf(1, [&] { view.setDataset(dataset); });
    ReviewTable review;
    view.setReviewDocument(&review);
    for (size_t i = 0; i < n; i += 97)
        review.setLabel(int64_t(i), LabelValue::Positive);
    for (size_t i = 13; i < n; i += 89)
        review.setLabel(int64_t(i), LabelValue::Negative);
    std::vector<ScoredChip> candidates;
    for (size_t i = 0; i < 500; ++i)
        candidates.push_back({int64_t((i * 7919) % n), 1.0f - float(i) / 500.0f});
    review.setCandidates(candidates);

    std::printf("bench_mapview: %zu chips (%d × %d grid), widget %d × %d, best of %d frames\n", n,
                side, side, view.width(), view.height(), frames);
    std::printf("index the footprints (setDataset)   %8.1f ms\n\n", indexMs);
    std::printf("%-26s %12s %11s %10s %13s %9s\n", "view", "chips shown", "drawn as", "frame ms",
                "baseline ms", "ratio");

    view.zoomToChips();
    const QPointF centre = view.center();
    const double full = view.resolution();
    // Zoom factors from the whole scene down to a few hundred chips on screen.
    for (const double zoom : {1.0, 2.0, 3.2, 4.5, 8.0, 20.0, 60.0}) {
        view.setView(centre, full / zoom);
        QImage frame(view.size(), QImage::Format_ARGB32_Premultiplied);
        const double ms = bestOf(frames, [&] { view.render(&frame); });
        const size_t shown = view.lastVisibleChips();
        // Baseline: as many rectangles (at most 10^5) at the on-screen chip size.
        const int px = std::max(1, int(double(view.width()) / (double(side) / zoom) + 0.5));
        const size_t baselineCount = std::min<size_t>(shown, 100000);
        const double base = rectangles(baselineCount, view.size(), px);
        char label[64];
        std::snprintf(label, sizeof label, "zoom ×%.1f (%d px/chip)", zoom, px);
        std::printf("%-26s %12zu %11s %10.1f %13.1f %9.2f\n", label, shown,
                    view.lastPaintAggregated() ? "density" : "footprints", ms, base,
                    ms / std::max(1e-3, base));
    }
    std::printf(
        "\nratio = MapView frame / QPainter filling min(chips shown, 10^5) plain rectangles "
        "of the same size; frames under ~16 ms keep 60 fps while panning.\n");
    return 0;
}
