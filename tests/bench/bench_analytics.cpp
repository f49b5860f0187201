// Visual-analytics benchmark (not a test): on generated clustered embeddings (N × 128, 50
// clusters), the 2D projections and the scatter view that shows them.
//  - PCA (the baseline: one covariance pass) and the UMAP-like layout (k-NN graph, fuzzy
//    weights, SGD) at each N; the layout's time is printed as a ratio to PCA's.
//  - ScatterView frames (offscreen) at 10^5 and 10^6 points: the full render of a new view
//    (zoom/pan: projection, binning or sprites, painting) against QPainter drawing as many plain
//    points into an image of the same size, and the cached repaint.
// Usage: chipfinder-bench_analytics [--layout-rows N,N,...] [--scatter-rows N,N,...]
//        (runs with QT_QPA_PLATFORM=offscreen; defaults 10000,100000 and 100000,1000000)

#include "analytics/scatterview.h"
#include "projection/pca.h"
#include "projection/umaplayout.h"

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace chipfinder;
using Clock = std::chrono::steady_clock;

namespace {

double millis(const std::function<void()> &work, int repeats = 1)
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

EmbeddingMatrix clustered(size_t n, size_t dim, size_t clusters, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> gauss;
    std::vector<float> centres(clusters * dim);
    for (float &v : centres)
        v = 3.0f * gauss(rng);
    EmbeddingMatrix m(n, dim);
    for (size_t i = 0; i < n; ++i) {
        const size_t c = size_t(rng() % clusters);
        for (size_t j = 0; j < dim; ++j)
            m.row(i)[j] = centres[c * dim + j] + gauss(rng);
    }
    return m;
}

std::vector<size_t> sizes(const char *text)
{
    std::vector<size_t> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        out.push_back(size_t(std::strtoull(item.c_str(), nullptr, 10)));
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::vector<size_t> layoutRows{10000, 100000}, scatterRows{100000, 1000000};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--layout-rows" && i + 1 < argc)
            layoutRows = sizes(argv[++i]);
        else if (a == "--scatter-rows" && i + 1 < argc)
            scatterRows = sizes(argv[++i]);
        else {
            std::fprintf(stderr, "usage: %s [--layout-rows N,...] [--scatter-rows N,...]\n",
                         argv[0]);
            return 2;
        }
    }

    std::printf("== 2D projections, clustered N × 128 (2 threads) ==\n");
    std::printf("%10s %12s %14s %10s\n", "rows", "PCA ms", "UMAP-like ms", "UMAP/PCA");
    for (const size_t n : layoutRows) {
        const EmbeddingMatrix m = clustered(n, 128, 50, 7);
        const double pcaMs = millis([&] { pca(m, 2); });
        UmapOptions options;
        options.threads = 0;
        const double umapMs = millis([&] { umapLayout(m, options); });
        std::printf("%10zu %12.1f %14.1f %10.1f\n", n, pcaMs, umapMs, umapMs / pcaMs);
        std::fflush(stdout);
    }

    std::printf("\n== ScatterView frames, 640 × 480 ==\n");
    std::printf("%10s %9s %16s %12s %14s %9s\n", "points", "mode", "new view ms", "repaint ms",
                "baseline ms", "ratio");
    for (const size_t n : scatterRows) {
        const EmbeddingMatrix m = clustered(n, 2, 50, 11);
        ScatterView view;
        view.resize(640, 480);
        view.setPoints(m);
        std::vector<uint8_t> colours(n);
        for (size_t i = 0; i < n; ++i)
            colours[i] = uint8_t(i % 4);
        view.setColors(colours, {qRgb(200, 60, 60), qRgb(60, 160, 60), qRgb(60, 60, 200),
                                 qRgb(120, 120, 120)});
        view.renderImage();
        double frame = 1e300;
        const QPointF centre = view.viewCenter();
        const double scale = view.pixelsPerUnit();
        for (int f = 0; f < 5; ++f) { // a pan step per frame: every frame is a full render
            view.setView(centre + QPointF(0.01 * f, 0.0), scale * (1.0 + 0.05 * f));
            view.renderImage();
            frame = std::min(frame, view.lastRenderMilliseconds());
        }
        const double repaint = millis([&] { view.renderImage(); }, 5);
        // Baseline: QPainter drawing the same number of points into an image of the same size.
        QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
        std::vector<QPointF> points(n);
        for (size_t i = 0; i < n; ++i)
            points[i] = view.mapToWidget(QPointF(m.row(i)[0], m.row(i)[1]));
        const double base = millis(
            [&] {
                image.fill(Qt::white);
                QPainter painter(&image);
                painter.setPen(QColor(60, 60, 200));
                painter.drawPoints(points.data(), int(points.size()));
            },
            3);
        std::printf("%10zu %9s %16.1f %12.2f %14.1f %9.2f\n", n,
                    view.effectiveRenderMode() == ScatterView::RenderMode::Density ? "density"
                                                                                   : "points",
                    frame, repaint, base, frame / base);
    }
    std::printf(
        "\nratio = ScatterView full render of a new view / QPainter::drawPoints of the same "
        "points (1 px, no colours).\n");
    return 0;
}
