#include "common/largepages.h"

#include <sys/mman.h>

namespace chipfinder::detail {

namespace {
constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kLargeThreshold = size_t(4) << 20;
} // namespace

void *allocateLarge(size_t bytes)
{
    if (bytes < kLargeThreshold) {
        void *p = std::malloc(bytes ? bytes : 1);
        if (!p)
            throw std::bad_alloc();
        return p;
    }
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void *p = std::aligned_alloc(kHugePage, rounded);
    if (!p)
        throw std::bad_alloc();
    // Advice only: without THP (or with it disabled) the buffer simply uses normal pages.
    (void)madvise(p, rounded, MADV_HUGEPAGE);
    return p;
}

void deallocateLarge(void *p) noexcept
{
    std::free(p);
}

} // namespace chipfinder::detail
