// Child process of tst_projectstore's kill test: labels chips in a tight loop through a
// LabelHistory on a ProjectStore, killtest::kBatch labels per undoable step (one transaction with
// the stored step), and prints the committed label count after every commit. The test SIGKILLs it
// at moments chosen from that output. Usage: project_kill_child PROJECT

#include "core/killchildlabel.h"
#include "project/labelhistory.h"
#include "project/projectstore.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

using namespace chipfinder;

int main(int argc, char *argv[])
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: project_kill_child PROJECT\n");
        return 2;
    }
    try {
        auto store = ProjectStore::open(argv[1]);
        LabelHistory history(*store);
        history.setLimit(0); // keep every step: the test counts them
        int64_t committed = store->labelCount();
        std::printf("start %lld\n", static_cast<long long>(committed));
        std::fflush(stdout);
        // Bounded so that a test that fails to kill it does not leave it running forever.
        for (int iteration = 0; iteration < 100'000; ++iteration) {
            std::vector<LabelChange> batch;
            for (int j = 0; j < killtest::kBatch; ++j) {
                const Label label = killtest::labelFor(committed + j);
                batch.push_back(LabelChange{label.chipId, label});
            }
            history.apply(batch, "batch " + std::to_string(committed / killtest::kBatch));
            committed += killtest::kBatch;
            std::printf("%lld\n", static_cast<long long>(committed));
            std::fflush(stdout);
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "project_kill_child: %s\n", e.what());
        return 1;
    }
    return 0;
}
