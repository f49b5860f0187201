// Scale benchmark (not a test) on a dataset file: footprints + .npy beside them, e.g. 10^6 × 768
// made by `chipfinder-bench_scale --generate 1000000 DIR` (DIR/scale-1000000.fgb, 0.15 GB, and
// .npy, 3.07 GB). Each figure is printed against a baseline measured in the same run:
//   - loading without the embeddings (what export and info --no-check do) against the full
//     load; with --cli, `chipfinder-cli export` of a project with 2 labels on the dataset with no
//     cache, with the footprint cache its first run wrote, and after a cached open;
//   - the caches (embedding + footprint cache, as the app and the CLI use them by default): cold
//     open (read + write the caches), warm open against the full load without cache, its
//     footprint step against reading the .chips file and the uncached open without embeddings,
//     its matrix step against reading the matrix cache file;
//   - search memory: peak RSS of one exact search in a child process, the index copying the matrix
//     (the old way) and sharing the dataset's matrix normalised in place, each / the matrix bytes;
//     with --cli, `chipfinder-cli search` too (cold, then warm from the embedding cache).
// Scratch disk: the caches and the project go to --scratch DIR (default: the dataset's folder),
// deleted at the end; at 10^6 × 768 they need 4.9 GB (float32 3.07 GB, float16 1.54 GB, .chips
// 0.25 GB) besides the 3.2 GB dataset. --no-search and --no-float16 leave those parts out.
// Usage: chipfinder-bench_scale DATASET [--cli PATH-TO-chipfinder-cli] [--scratch DIR]
//        [--no-search] [--no-float16]
//        chipfinder-bench_scale --generate N DIR [DIM]

#include "dataset/datasetreader.h"
#include "dataset/embeddingcache.h"
#include "project/projectstore.h"
#include "search/flatindex.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
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
    std::vector<char> buffer(size_t(1) << 22);
    while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0) {
    }
    return seconds(start);
}

double timed(const std::function<void()> &work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    return seconds(start);
}

// Runs argv in a child process (environment: `env` added); returns its peak RSS in bytes (0 if
// it failed).
double childPeakRss(const std::vector<std::string> &args, double *wall = nullptr,
                    const std::vector<std::string> &env = {}, double *cpu = nullptr)
{
    std::fflush(nullptr); // the child must not inherit (and print) our buffered output
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        for (const auto &e : env)
            putenv(const_cast<char *>(e.c_str()));
        std::vector<char *> argv;
        for (const auto &a : args)
            argv.push_back(const_cast<char *>(a.c_str()));
        argv.push_back(nullptr);
        if (!std::getenv("BENCH_VERBOSE"))
            (void)!std::freopen("/dev/null", "w", stdout);
        execv(argv[0], argv.data());
        std::_Exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (wall)
        *wall = seconds(start);
    if (cpu)
        *cpu = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "  child %s failed (status %d)\n", args[0].c_str(), status);
        return 0.0;
    }
    return double(usage.ru_maxrss) * 1024.0;
}

// Writes DIR/scale-N.fgb (N WGS 84 squares of 0.001°, string field `id`) and DIR/scale-N.npy
// beside it (N × dim float32, 1000 clusters with uniform noise), streamed in blocks of rows.
int generate(size_t rows, size_t dim, const std::string &folder)
{
    GDALAllRegister();
    std::filesystem::create_directories(folder);
    const std::string base = folder + "/scale-" + std::to_string(rows);
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("FlatGeobuf");
    GDALDatasetUniquePtr out(
        driver->Create((base + ".fgb").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference wgs84;
    wgs84.SetFromUserInput("EPSG:4326");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer *layer = out->CreateLayer("chips", &wgs84, wkbPolygon, nullptr);
    OGRFieldDefn idField("id", OFTString);
    layer->CreateField(&idField);
    const size_t side = size_t(std::ceil(std::sqrt(double(rows))));
    for (size_t i = 0; i < rows; ++i) {
        const double x = -75.0 + double(i % side) * 0.001, y = -9.0 + double(i / side) * 0.001;
        OGRLinearRing ring;
        ring.addPoint(x, y);
        ring.addPoint(x + 0.001, y);
        ring.addPoint(x + 0.001, y + 0.001);
        ring.addPoint(x, y + 0.001);
        ring.addPoint(x, y);
        OGRPolygon polygon;
        polygon.addRing(&ring);
        OGRFeature feature(layer->GetLayerDefn());
        std::string id = std::to_string(i); // not "c" + …: GCC 12's false -Wrestrict (105329)
        id.insert(id.begin(), 'c');
        feature.SetField("id", id.c_str());
        feature.SetGeometry(&polygon);
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            return 1;
    }
    out.reset();

    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(rows) + ", " + std::to_string(dim) + "), }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');
    std::ofstream npy(base + ".npy", std::ios::binary);
    const unsigned char preamble[10] = {0x93,
                                        'N',
                                        'U',
                                        'M',
                                        'P',
                                        'Y',
                                        1,
                                        0,
                                        static_cast<unsigned char>(header.size() & 0xff),
                                        static_cast<unsigned char>(header.size() >> 8)};
    npy.write(reinterpret_cast<const char *>(preamble), 10);
    npy.write(header.data(), std::streamsize(header.size()));
    uint64_t state = 0x9e3779b97f4a7c15ull;
    const auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return float(double(state >> 40) / double(1ull << 24)) - 0.5f;
    };
    std::vector<float> centres(1000 * dim);
    for (float &v : centres)
        v = next();
    std::vector<float> block(4096 * dim);
    for (size_t begin = 0; begin < rows; begin += 4096) {
        const size_t count = std::min<size_t>(4096, rows - begin);
        for (size_t r = 0; r < count; ++r) {
            const float *centre = centres.data() + ((begin + r) * 7919 % 1000) * dim;
            for (size_t j = 0; j < dim; ++j)
                block[r * dim + j] = centre[j] + 0.5f * next();
        }
        npy.write(reinterpret_cast<const char *>(block.data()),
                  std::streamsize(count * dim * sizeof(float)));
    }
    std::printf("%s.fgb, %s.npy: %zu chips × %zu\n", base.c_str(), base.c_str(), rows, dim);
    return npy.good() ? 0 : 1;
}

// Child: open, build the exact cosine index (copying or sharing), run one top-25 search.
int searchChild(const std::string &path, bool share)
{
    Dataset dataset = openDataset(path);
    std::unique_ptr<FlatIndex> index;
    if (share) {
        dataset.embeddings.normalizeRows();
        index = std::make_unique<FlatIndex>(std::shared_ptr<const EmbeddingMatrix>(
                                                std::shared_ptr<const void>(), &dataset.embeddings),
                                            Metric::Cosine);
    } else {
        index = std::make_unique<FlatIndex>(dataset.embeddings, Metric::Cosine);
    }
    const auto row = dataset.embeddings.row(0);
    const std::vector<float> query(row.begin(), row.end());
    const auto result = index->search(query, 25);
    std::printf("%zu results, best %s\n", result.size(),
                result.empty() ? "-" : dataset.ids[size_t(result[0].chip)].c_str());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc >= 4 && std::strcmp(argv[1], "--child-search") == 0)
        return searchChild(argv[3], std::strcmp(argv[2], "share") == 0);
    if (argc >= 4 && std::strcmp(argv[1], "--generate") == 0)
        return generate(std::stoul(argv[2]), argc >= 5 ? std::stoul(argv[4]) : 768, argv[3]);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: %s DATASET [--cli PATH] [--scratch DIR] [--no-search] "
                     "[--no-float16]\n       %s --generate N DIR [DIM]\n",
                     argv[0], argv[0]);
        return 2;
    }
    const std::string dataset = argv[1];
    std::string cli;
    std::string scratch = std::filesystem::absolute(dataset).parent_path().string();
    bool searchMemory = true, float16 = true;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--cli") == 0 && i + 1 < argc)
            cli = argv[i + 1];
        if (std::strcmp(argv[i], "--scratch") == 0 && i + 1 < argc)
            scratch = argv[i + 1];
        if (std::strcmp(argv[i], "--no-search") == 0)
            searchMemory = false;
        if (std::strcmp(argv[i], "--no-float16") == 0)
            float16 = false;
    }
    // The cache as the app and the CLI find it: XDG_CACHE_HOME/chipfinder/embeddings.
    const std::string cacheHome = scratch + "/bench-scale-cache";
    const std::string cacheDir = cacheHome + "/chipfinder/embeddings";
    const std::vector<std::string> cacheEnv{"XDG_CACHE_HOME=" + cacheHome};
    const std::string project = scratch + "/bench-scale.chipfinder.gpkg";
    std::filesystem::remove_all(cacheHome);
    std::filesystem::remove(project);
    char self[4096];
    const ssize_t selfLength = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (selfLength <= 0)
        return 1;
    self[selfLength] = '\0';

    // The baseline load: everything, no cache, the source files in the page cache.
    size_t rows = 0, dim = 0;
    std::string firstIds[2];
    double fullOpen = 0;
    {
        const std::string npy = std::filesystem::path(dataset).replace_extension(".npy").string();
        readBytes(dataset); // page cache warm-up
        if (std::filesystem::exists(npy))
            readBytes(npy);
        const auto start = std::chrono::steady_clock::now();
        const Dataset d = openDataset(dataset);
        fullOpen = seconds(start);
        rows = d.size();
        dim = d.dim();
        firstIds[0] = d.ids.at(0);
        firstIds[1] = d.ids.at(1);
        std::printf("%s: %zu chips × %zu dims\nbaseline: full open (footprints + embeddings, no "
                    "cache, page cache warm) %.2f s\n",
                    dataset.c_str(), rows, dim, fullOpen);
    }
    const double matrix = double(rows) * double(dim) * 4.0;
    std::printf("matrix: %.2f GB float32\n\n", matrix / 1e9);

    std::printf("loading without the embeddings (export, info --no-check):\n");
    double light = 0;
    {
        DatasetOpenOptions options;
        options.loadEmbeddings = false;
        light = timed([&] { openDataset(dataset, options); });
        std::printf("  open without embeddings, no cache     %6.2f s   %5.3f× full open\n", light,
                    light / fullOpen);
    }
    // chipfinder-cli export of a project with 2 labels: wall time and peak RSS.
    const auto exportRun = [&](const char *what) {
        if (cli.empty())
            return;
        double wall = 0, cpu = 0;
        const std::string out = scratch + "/bench-scale-labels.geojson";
        const double rss =
            childPeakRss({cli, "export", project, "--out", out}, &wall, cacheEnv, &cpu);
        std::printf("  chipfinder-cli export, 2 labels, %-20s %6.2f s   %5.3f× full open   "
                    "%5.3f× open without embeddings   peak RSS %.2f GB   CPU %.2f s\n",
                    what, wall, wall / fullOpen, wall / light, rss / 1e9, cpu);
        std::filesystem::remove(out);
    };
    if (!cli.empty()) {
        auto store = ProjectStore::create(
            project, DatasetReference::fromOpenOptions(dataset, DatasetOpenOptions{}));
        for (int i = 0; i < 2; ++i) {
            Label label;
            label.chipId = firstIds[i];
            label.value = i == 0 ? LabelValue::Positive : LabelValue::Negative;
            store->setLabel(label);
        }
    }
    exportRun("no cache yet");
    exportRun("its own cache");
    std::filesystem::remove_all(cacheHome);

    std::printf("\nembedding + footprint cache (%s):\n", cacheDir.c_str());
    for (const auto mode : {EmbeddingCacheMode::Float32, EmbeddingCacheMode::Float16}) {
        if (mode == EmbeddingCacheMode::Float16 && !float16)
            continue;
        DatasetOpenOptions options;
        options.embeddingCache = mode;
        options.embeddingCacheDirectory = cacheDir;
        const char *name = mode == EmbeddingCacheMode::Float32 ? "float32" : "float16";
        std::string state;
        const double cold = timed([&] { state = openDataset(dataset, options).embeddingCache; });
        std::printf("  %s cold open (reads, writes caches) %6.2f s   %5.2f× full open   (%s)\n",
                    name, cold, cold / fullOpen, state.c_str());
        const double warm = timed([&] { state = openDataset(dataset, options).embeddingCache; });
        std::printf("  %s warm open (maps caches)          %6.2f s   %5.3f× full open   (%s)\n",
                    name, warm, warm / fullOpen, state.c_str());
        options.loadEmbeddings = false;
        const double footprints = timed([&] { openDataset(dataset, options); });
        std::string cacheFile, chipsFile;
        for (const auto &entry : std::filesystem::directory_iterator(cacheDir)) {
            if (entry.path().extension() == (mode == EmbeddingCacheMode::Float32 ? ".f32" : ".f16"))
                cacheFile = entry.path().string();
            if (entry.path().extension() == ".chips")
                chipsFile = entry.path().string();
        }
        const double chipsFloor = readBytes(chipsFile);
        std::printf("  %s   of which footprints          %6.2f s   %5.2f× reading the .chips "
                    "file's %.2f GB (%.2f s)   %5.3f× open without embeddings\n",
                    name, footprints, footprints / chipsFloor,
                    double(std::filesystem::file_size(chipsFile)) / 1e9, chipsFloor,
                    footprints / light);
        const double floor = readBytes(cacheFile);
        const double matrixStep = std::max(0.0, warm - footprints);
        std::printf("  %s   of which embeddings          %6.2f s   %5.2f× reading the cache "
                    "file's %.2f GB (%.2f s)\n",
                    name, matrixStep, matrixStep / floor,
                    double(std::filesystem::file_size(cacheFile)) / 1e9, floor);
        if (mode == EmbeddingCacheMode::Float32)
            exportRun("after an open");
    }

    std::printf("\n");
    if (!searchMemory) {
        std::filesystem::remove_all(cacheHome);
        for (const char *suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(project + suffix);
        return 0;
    }

    std::printf("search memory (one exact top-25, child process, peak RSS / matrix):\n");
    double wall = 0;
    const double copy = childPeakRss({self, "--child-search", "copy", dataset}, &wall);
    std::printf("  baseline: index copies the matrix     %6.2f GB  %5.2f×  (%.1f s)\n", copy / 1e9,
                copy / matrix, wall);
    const double share = childPeakRss({self, "--child-search", "share", dataset}, &wall);
    std::printf("  index shares the normalised matrix   %6.2f GB  %5.2f×  (%.1f s)  %.2f× "
                "baseline\n",
                share / 1e9, share / matrix, wall, share / copy);
    if (!cli.empty()) {
        const std::vector<std::string> search{
            cli,           "search",    dataset,      "--positives", firstIds[0],
            "--negatives", firstIds[1], "--strategy", "centroid",    "--index",
            "exact",       "--k",       "25"};
        auto withCache = search;
        withCache.push_back("--embedding-cache");
        withCache.push_back("float32");
        auto noCache = search;
        noCache.push_back("--embedding-cache");
        noCache.push_back("off");
        const std::vector<std::string> env{"XDG_CACHE_HOME=" + cacheHome + "-cli"};
        const char *names[] = {"chipfinder-cli search, no cache   ",
                               "chipfinder-cli search, cold cache ",
                               "chipfinder-cli search, warm cache "};
        const std::vector<std::string> *runs[] = {&noCache, &withCache, &withCache};
        for (int r = 0; r < 3; ++r) {
            const double rss = childPeakRss(*runs[r], &wall, env);
            std::printf("  %s   %6.2f GB  %5.2f×  (%.1f s)  %.2f× baseline\n", names[r], rss / 1e9,
                        rss / matrix, wall, rss / copy);
        }
        std::filesystem::remove_all(cacheHome + "-cli");
    }
    std::filesystem::remove_all(cacheHome);
    for (const char *suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(project + suffix);
    return 0;
}
