// Dataset I/O throughput: N chips × D float32 (default 10^5 × 768) written and read back as
// GeoPackage (blob), FlatGeobuf (blob) and GeoPackage footprints + .npy. The baseline is reading
// the same file's bytes once (the disk/page-cache floor); the ratio says how far the reader is
// from it. Usage: chipfinder-bench_datasetio [N] [D] [DIR]

#include "dataset/datasetbuilder.h"
#include "dataset/datasetreader.h"
#include "dataset/datasetwriter.h"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

using namespace chipfinder;

namespace {

double seconds(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double readBytes(const std::string &path)
{
    const auto start = std::chrono::steady_clock::now();
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buffer(1 << 22);
    size_t total = 0;
    while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0)
        total += size_t(in.gcount());
    const double t = seconds(start);
    std::printf("    (%.0f MB)\n", double(total) / 1e6);
    return t;
}

} // namespace

int main(int argc, char **argv)
{
    const size_t n = argc > 1 ? std::stoul(argv[1]) : 100000;
    const size_t d = argc > 2 ? std::stoul(argv[2]) : 768;
    const std::string dir = argc > 3 ? argv[3] : std::filesystem::temp_directory_path().string();

    DatasetBuilder builder("generated", "EPSG:32614");
    builder.reserve(n);
    std::mt19937 rng(42);
    std::normal_distribution<float> normal;
    std::vector<float> vector(d);
    const size_t side = size_t(std::ceil(std::sqrt(double(n))));
    for (size_t i = 0; i < n; ++i) {
        for (auto &v : vector)
            v = normal(rng);
        const double x = 500000.0 + double(i % side) * 160.0,
                     y = 5200000.0 + double(i / side) * 160.0;
        const std::array<std::array<double, 2>, 4> ring{
            {{x, y}, {x + 160, y}, {x + 160, y + 160}, {x, y + 160}}};
        builder.addChip("chip-" + std::to_string(i), ring, vector, int64_t(i));
    }
    const Dataset dataset = builder.finish();
    std::printf("dataset I/O, %zu chips × %zu dims\n", n, d);

    struct Case
    {
        const char *name;
        std::string path;
        DatasetWriteOptions::Embedding embedding;
    };
    const std::vector<Case> cases{
        {"GeoPackage blob", dir + "/bench-io.gpkg", DatasetWriteOptions::Embedding::Blob},
        {"FlatGeobuf blob", dir + "/bench-io.fgb", DatasetWriteOptions::Embedding::Blob},
        {"GeoPackage + .npy", dir + "/bench-io-npy.gpkg", DatasetWriteOptions::Embedding::Npy},
    };
    for (const auto &c : cases) {
        DatasetWriteOptions options;
        options.embedding = c.embedding;
        auto start = std::chrono::steady_clock::now();
        writeDataset(dataset, c.path, options);
        const double write = seconds(start);
        const double floor =
            readBytes(c.path) +
            (c.embedding == DatasetWriteOptions::Embedding::Npy
                 ? readBytes(std::filesystem::path(c.path).replace_extension(".npy").string())
                 : 0.0);
        start = std::chrono::steady_clock::now();
        const Dataset back = openDataset(c.path);
        const double read = seconds(start);
        std::printf("  %-18s write %6.2f s   read %6.2f s   bytes-only read %6.2f s   ratio %5.1f×"
                    "   (%zu chips back)\n",
                    c.name, write, read, floor, read / floor, back.size());
        std::filesystem::remove(c.path);
        std::filesystem::remove(std::filesystem::path(c.path).replace_extension(".npy"));
    }
    return 0;
}
