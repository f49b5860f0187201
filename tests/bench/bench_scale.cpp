// Scale benchmark (not a test) on a dataset file the caller generated (e.g. 10^6 × 768: footprints
// + .npy beside them, see README "Benchmarks"). Each figure is printed against a baseline measured
// in the same run:
//   - search memory: peak RSS of one exact search in a child process, the index copying the matrix
//     (the old way) and sharing the dataset's matrix normalised in place, each / the matrix bytes;
//     with --cli, `chipfinder-cli search` too (cold, then warm from the embedding cache);
//   - loading without the embeddings (what export and info --no-check do) against the full
//     load; with --cli, `chipfinder-cli export` of a project with 2 labels on the dataset;
//   - the embedding cache: cold open (read + write the cache), warm open (map it) against the full
//     load without cache, and the warm embedding step against reading the cache file's bytes.
// The cache and the project go to --scratch DIR (default: the dataset's folder); they are deleted
// at the end. Usage: chipfinder-bench_scale DATASET [--cli PATH-TO-chipfinder-cli] [--scratch DIR]

#include "dataset/datasetreader.h"
#include "dataset/embeddingcache.h"
#include "project/projectstore.h"
#include "search/flatindex.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
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
                    const std::vector<std::string> &env = {})
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
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "  child %s failed (status %d)\n", args[0].c_str(), status);
        return 0.0;
    }
    return double(usage.ru_maxrss) * 1024.0;
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
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DATASET [--cli PATH]\n", argv[0]);
        return 2;
    }
    const std::string dataset = argv[1];
    std::string cli;
    std::string scratch = std::filesystem::absolute(dataset).parent_path().string();
    for (int i = 2; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--cli") == 0)
            cli = argv[i + 1];
        if (std::strcmp(argv[i], "--scratch") == 0)
            scratch = argv[i + 1];
    }
    const std::string cacheHome = scratch + "/bench-scale-cache";
    const std::string project = scratch + "/bench-scale.chipfinder.gpkg";
    std::filesystem::remove_all(cacheHome);
    std::filesystem::remove(project);
    char self[4096];
    const ssize_t selfLength = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (selfLength <= 0)
        return 1;
    self[selfLength] = '\0';

    // The baseline load (also warms the page cache for what follows): everything, no cache.
    size_t rows = 0, dim = 0;
    std::string firstIds[2];
    double fullOpen = 0;
    {
        openDataset(dataset); // page cache warm-up
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
    {
        DatasetOpenOptions options;
        options.loadEmbeddings = false;
        const double t = timed([&] { openDataset(dataset, options); });
        std::printf("  open without embeddings               %6.2f s   %5.3f× full open\n", t,
                    t / fullOpen);
    }
    if (!cli.empty()) {
        {
            auto store = ProjectStore::create(
                project, DatasetReference::fromOpenOptions(dataset, DatasetOpenOptions{}));
            for (int i = 0; i < 2; ++i) {
                Label label;
                label.chipId = firstIds[i];
                label.value = i == 0 ? LabelValue::Positive : LabelValue::Negative;
                store->setLabel(label);
            }
        }
        double wall = 0;
        const std::string out = scratch + "/bench-scale-labels.geojson";
        const double rss = childPeakRss({cli, "export", project, "--out", out}, &wall);
        std::printf("  chipfinder-cli export, 2 labels       %6.2f s   %5.3f× full open   peak "
                    "RSS %.2f GB\n",
                    wall, wall / fullOpen, rss / 1e9);
        std::filesystem::remove(out);
    }

    std::printf("\nembedding cache (%s):\n", cacheHome.c_str());
    for (const auto mode : {EmbeddingCacheMode::Float32, EmbeddingCacheMode::Float16}) {
        DatasetOpenOptions options;
        options.embeddingCache = mode;
        options.embeddingCacheDirectory = cacheHome;
        const char *name = mode == EmbeddingCacheMode::Float32 ? "float32" : "float16";
        std::string state;
        const double cold = timed([&] { state = openDataset(dataset, options).embeddingCache; });
        std::printf("  %s cold open (reads, writes cache)  %6.2f s   %5.2f× full open   (%s)\n",
                    name, cold, cold / fullOpen, state.c_str());
        const double warm = timed([&] { state = openDataset(dataset, options).embeddingCache; });
        std::printf("  %s warm open (maps cache)           %6.2f s   %5.3f× full open\n", name,
                    warm, warm / fullOpen);
        options.loadEmbeddings = false;
        const double footprints = timed([&] { openDataset(dataset, options); });
        std::string cacheFile;
        for (const auto &entry : std::filesystem::directory_iterator(cacheHome))
            if (entry.path().extension() == (mode == EmbeddingCacheMode::Float32 ? ".f32" : ".f16"))
                cacheFile = entry.path().string();
        const double floor = readBytes(cacheFile);
        const double matrixStep = std::max(0.0, warm - footprints);
        std::printf("  %s   of which embeddings          %6.2f s   %5.2f× reading the cache "
                    "file's %.2f GB (%.2f s)\n",
                    name, matrixStep, matrixStep / floor,
                    double(std::filesystem::file_size(cacheFile)) / 1e9, floor);
    }

    std::printf("\n");

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
