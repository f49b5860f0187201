// libFuzzer harness: the project store on arbitrary bytes as a project file. Opened read-only,
// every reader (dataset reference, labels, candidates, skipped chips, settings, history,
// fingerprint) must return or throw DataError; opened for writing, a label change with its undo
// step must commit or throw DataError. Any crash, sanitizer report or other exception is a
// finding.

#include "common/errors.h"
#include "project/projectstore.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

namespace {

void readEverything(const chipfinder::ProjectStore &store)
{
    (void)store.dataset();
    (void)store.resolvedDatasetPath();
    for (const chipfinder::Label &label : store.labels())
        (void)store.label(label.chipId);
    (void)store.labelCount();
    (void)store.candidates();
    (void)store.round();
    (void)store.candidateStrategy();
    (void)store.skipped();
    (void)store.settings();
    (void)store.history();
    (void)store.recordedDatasetFingerprint();
    (void)store.blob("layout:umap");
}

void removeProject(const std::string &path)
{
    for (const char *suffix : {"", "-wal", "-shm", "-journal", ".lock"})
        std::remove((path + suffix).c_str());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const std::string path =
        "/tmp/chipfinder-fuzz-" + std::to_string(::getpid()) + ".chipfinder.gpkg";
    removeProject(path);
    FILE *file = std::fopen(path.c_str(), "wb");
    if (!file)
        std::abort();
    if (size > 0 && std::fwrite(data, 1, size, file) != size)
        std::abort();
    std::fclose(file);
    try {
        readEverything(*chipfinder::ProjectStore::openReadOnly(path));
        auto store = chipfinder::ProjectStore::open(path);
        readEverything(*store);
        chipfinder::Label label;
        label.chipId = "fuzz";
        label.chip = 0;
        chipfinder::HistoryStep step{"fuzz", {{"fuzz", store->label("fuzz"), label}}};
        const chipfinder::LabelChange change{"fuzz", label};
        store->applyChanges({&change, 1}, chipfinder::HistoryMove::Push, &step, 10);
        store->applyChanges({}, chipfinder::HistoryMove::Undo);
    } catch (const chipfinder::DataError &) {
    }
    removeProject(path);
    return 0;
}
