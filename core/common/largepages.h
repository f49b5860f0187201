#pragma once
// An allocator for large float buffers (embedding matrices) that asks the kernel for transparent
// huge pages before the memory is first touched. Streaming a matrix of 10^5–10^6 rows × 768 with
// 4 KiB pages costs one TLB miss per page (and a two-level walk inside a virtual machine); with
// 2 MiB pages the exact scan reads measurably closer to memory bandwidth (bench_search). Small
// buffers and systems without THP behave exactly like std::allocator.

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace chipfinder {

namespace detail {
// Aligns to 2 MiB and advises MADV_HUGEPAGE for allocations of at least 4 MiB.
void *allocateLarge(size_t bytes);
void deallocateLarge(void *p) noexcept;
} // namespace detail

template <typename T> struct LargePageAllocator
{
    using value_type = T;
    LargePageAllocator() noexcept = default;
    template <typename U> LargePageAllocator(const LargePageAllocator<U> &) noexcept {}

    T *allocate(size_t n)
    {
        if (n > size_t(-1) / sizeof(T))
            throw std::bad_array_new_length();
        return static_cast<T *>(detail::allocateLarge(n * sizeof(T)));
    }
    void deallocate(T *p, size_t) noexcept { detail::deallocateLarge(p); }

    template <typename U> bool operator==(const LargePageAllocator<U> &) const noexcept
    {
        return true;
    }
};

using FloatBuffer = std::vector<float, LargePageAllocator<float>>;

} // namespace chipfinder
