// Memory of opening a dataset in the app (not a test): peak RSS of a child process that opens a
// project on DATASET through the app's own code path (ProjectSession: dataset with the user
// cache, map geometry, search index, ground truths; then the map view's setDataset), against a
// baseline measured in the same run: a child that only opens the dataset (openDataset, the
// matrix in memory once), and against the matrix bytes. Two app runs: the first writes the
// embedding and footprint caches, the second maps them (wall time printed too).
// The project and the cache go to --scratch DIR (default: the dataset's folder), deleted at the
// end. Usage: chipfinder-bench_appload DATASET [--scratch DIR]

#include "dataset/datasetreader.h"
#include "gui/projectsession.h"
#include "mapview.h"
#include "project/projectstore.h"

#include <QApplication>
#include <QTimer>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace chipfinder;

namespace {

double seconds(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs argv in a child process with `env` added; its peak RSS in bytes (0 if it failed).
double childPeakRss(const std::vector<std::string> &args, const std::vector<std::string> &env,
                    double &wall)
{
    std::fflush(nullptr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        for (const auto &e : env)
            putenv(const_cast<char *>(e.c_str()));
        std::vector<char *> argv;
        for (const auto &a : args)
            argv.push_back(const_cast<char *>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        std::_Exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    wall = seconds(start);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "  child failed (status %d)\n", status);
        return 0.0;
    }
    return double(usage.ru_maxrss) * 1024.0;
}

int openChild(const std::string &path)
{
    const Dataset dataset = openDataset(path);
    std::printf("  (%zu chips)\n", dataset.size());
    return 0;
}

int appChild(int argc, char **argv, const std::string &project)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ProjectSession session;
    MapView map;
    map.resize(1280, 800);
    int exit = 1;
    QObject::connect(&session, &ProjectSession::loaded, &app, [&] {
        map.setDataset(session.dataset(), session.geometry());
        std::printf("  (%zu chips, cache: %s)\n", session.dataset()->size(),
                    session.dataset()->embeddingCache.c_str());
        exit = 0;
        app.quit();
    });
    QObject::connect(&session, &ProjectSession::errorOccurred, &app, [&](const QString &message) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
        app.quit();
    });
    if (!session.openProject(QString::fromStdString(project)))
        return 1;
    app.exec();
    return exit;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc >= 3 && std::strcmp(argv[1], "--child-open") == 0)
        return openChild(argv[2]);
    if (argc >= 3 && std::strcmp(argv[1], "--child-app") == 0)
        return appChild(argc, argv, argv[2]);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DATASET [--scratch DIR]\n", argv[0]);
        return 2;
    }
    const std::string dataset = std::filesystem::absolute(argv[1]).string();
    std::string scratch = std::filesystem::path(dataset).parent_path().string();
    for (int i = 2; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--scratch") == 0)
            scratch = argv[i + 1];
    const std::string cacheHome = scratch + "/bench-appload-cache";
    const std::string project = scratch + "/bench-appload.chipfinder.gpkg";
    std::filesystem::remove_all(cacheHome);
    for (const char *suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(project + suffix);
    char self[4096];
    const ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (length <= 0)
        return 1;
    self[length] = '\0';
    ProjectStore::create(project, DatasetReference::fromOpenOptions(dataset, DatasetOpenOptions{}));
    const std::vector<std::string> env{"XDG_CACHE_HOME=" + cacheHome, "QT_QPA_PLATFORM=offscreen"};

    double wall = 0;
    const double open = childPeakRss({self, "--child-open", dataset}, env, wall);
    std::printf("%s\nbaseline: openDataset alone, peak RSS %.2f GB (%.1f s)\n", dataset.c_str(),
                open / 1e9, wall);
    const char *names[] = {"app open, first (writes the caches)", "app open, again (maps them)   "};
    for (int run = 0; run < 2; ++run) {
        const double rss = childPeakRss({self, "--child-app", project}, env, wall);
        std::printf("%s  peak RSS %.2f GB  %.2f× baseline  (%.1f s)\n", names[run], rss / 1e9,
                    rss / open, wall);
    }
    std::filesystem::remove_all(cacheHome);
    for (const char *suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(project + suffix);
    return 0;
}
