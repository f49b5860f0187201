#include "dataset/embeddingcache.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "search/scan.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

namespace chipfinder {

namespace {

constexpr size_t kHeaderBytes = 4096;
constexpr char kMagic[8] = {'C', 'F', 'E', 'M', 'B', 'E', 'D', '1'};
constexpr uint32_t kVersion = 1;
// Data samples hashed on every load: this many evenly spaced 64-byte pieces.
constexpr size_t kSamples = 4096;
// Values written or converted per step (progress and cancel between steps).
constexpr size_t kChunkValues = size_t(16) << 20;

struct Header
{
    char magic[8];
    uint32_t version;
    uint32_t bytesPerValue; // 4 = float32, 2 = float16
    uint64_t rows;
    uint64_t dim;
    uint64_t key;
    uint64_t fingerprint;
    uint64_t samples;    // hash of the data samples
    uint64_t headerHash; // hash of every field above
};

uint64_t fnv(uint64_t hash, const void *data, size_t bytes)
{
    const auto *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < bytes; ++i) {
        hash ^= p[i];
        hash *= 0x100000001b3ull;
    }
    return hash;
}
constexpr uint64_t kFnvStart = 0xcbf29ce484222325ull;

uint64_t headerHash(const Header &h)
{
    return fnv(kFnvStart, &h, offsetof(Header, headerHash));
}

// Hash of kSamples pieces of 64 bytes (at 64-byte aligned offsets) of `bytes` data bytes;
// piece(offset, out) copies the bytes at offset into out.
template <typename Piece> uint64_t sampleHash(size_t bytes, Piece piece)
{
    uint64_t hash = fnv(kFnvStart, &bytes, sizeof(bytes));
    if (bytes < 64)
        return hash;
    unsigned char buffer[64];
    for (size_t s = 0; s < kSamples; ++s) {
        const size_t at = ((bytes - 64) / (kSamples - 1) * s) & ~size_t(63);
        piece(at, buffer);
        hash = fnv(hash, buffer, sizeof(buffer));
    }
    return hash;
}

uint64_t sampleHash(const unsigned char *data, size_t bytes)
{
    return sampleHash(bytes,
                      [data](size_t at, unsigned char *out) { std::memcpy(out, data + at, 64); });
}

// Size, modification time and the first 64 KiB of each source.
uint64_t fingerprintOf(const std::vector<std::string> &sources)
{
    uint64_t hash = kFnvStart;
    for (const std::string &source : sources) {
        hash = fnv(hash, source.data(), source.size());
        struct stat st
        {
        };
        if (::stat(source.c_str(), &st) != 0) {
            hash = fnv(hash, "missing", 7);
            continue;
        }
        const int64_t identity[3] = {int64_t(st.st_size), int64_t(st.st_mtim.tv_sec),
                                     int64_t(st.st_mtim.tv_nsec)};
        hash = fnv(hash, identity, sizeof(identity));
        const int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        std::array<unsigned char, 65536> buffer;
        const ssize_t got = ::pread(fd, buffer.data(), buffer.size(), 0);
        ::close(fd);
        if (got > 0)
            hash = fnv(hash, buffer.data(), size_t(got));
    }
    return hash;
}

std::string hex(uint64_t value)
{
    char text[17];
    std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(value));
    return text;
}

uint32_t bytesPerValue(EmbeddingCacheMode mode)
{
    return mode == EmbeddingCacheMode::Float16 ? 2 : 4;
}

// An mmap'ed region, unmapped with its last owner.
struct Mapping
{
    void *address = MAP_FAILED;
    size_t bytes = 0;
    ~Mapping()
    {
        if (address != MAP_FAILED)
            ::munmap(address, bytes);
    }
};

} // namespace

namespace detail {
uint64_t cacheKeyHash(const std::string &key)
{
    return fnv(kFnvStart, key.data(), key.size());
}
uint64_t sourceFingerprint(const std::vector<std::string> &sources)
{
    return fingerprintOf(sources);
}
std::string cacheKeyName(uint64_t keyHash)
{
    return hex(keyHash);
}
} // namespace detail

std::string embeddingCacheDirectory()
{
    std::filesystem::path base;
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
        base = xdg;
    else if (const char *home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / ".cache";
    else
        base = std::filesystem::temp_directory_path();
    return (base / "chipfinder" / "embeddings").string();
}

EmbeddingCache::EmbeddingCache(const std::string &directory, const std::string &key,
                               const std::vector<std::string> &sources, EmbeddingCacheMode mode)
    : m_key(fnv(kFnvStart, key.data(), key.size())), m_fingerprint(fingerprintOf(sources)),
      m_mode(mode)
{
    if (mode == EmbeddingCacheMode::Off)
        throw UsageError("EmbeddingCache: the cache is off");
    m_path = (std::filesystem::path(directory) /
              (hex(m_key) + (mode == EmbeddingCacheMode::Float16 ? ".f16" : ".f32")))
                 .string();
}

bool EmbeddingCache::exists() const
{
    std::error_code error;
    return std::filesystem::is_regular_file(m_path, error);
}

std::optional<EmbeddingMatrix> EmbeddingCache::load(size_t expectedRows, Feedback *feedback,
                                                    std::string &problem) const
{
    const int fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        problem = "cannot be opened: " + std::string(std::strerror(errno));
        return std::nullopt;
    }
    struct stat st
    {
    };
    Header header{};
    const bool readable =
        ::fstat(fd, &st) == 0 && ::pread(fd, &header, sizeof(header), 0) == ssize_t(sizeof(header));
    const auto fail = [&](const std::string &why) {
        ::close(fd);
        problem = why;
        return std::nullopt;
    };
    if (!readable || std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0 ||
        header.version != kVersion || header.headerHash != headerHash(header))
        return fail("not an embedding cache file of this version, or its header is damaged");
    if (header.key != m_key)
        return fail("written for another dataset");
    if (header.bytesPerValue != bytesPerValue(m_mode))
        return fail("holds another precision");
    if (header.fingerprint != m_fingerprint)
        return fail("the source changed since it was written");
    if (header.rows != expectedRows || header.dim == 0 || header.dim > (uint64_t(1) << 20) ||
        header.rows > (uint64_t(1) << 40))
        return fail("its shape (" + std::to_string(header.rows) + " × " +
                    std::to_string(header.dim) + ") does not match the dataset's " +
                    std::to_string(expectedRows) + " chips");
    const size_t values = size_t(header.rows) * size_t(header.dim);
    const size_t dataBytes = values * header.bytesPerValue;
    if (uint64_t(st.st_size) != kHeaderBytes + dataBytes)
        return fail("its size (" + std::to_string(st.st_size) + " bytes) is not the " +
                    std::to_string(kHeaderBytes + dataBytes) + " its header announces");

    // Private and writable: the caller may normalise rows in place; the file never changes.
    auto mapping = std::make_shared<Mapping>();
    mapping->bytes = kHeaderBytes + dataBytes;
    mapping->address = ::mmap(nullptr, mapping->bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (mapping->address == MAP_FAILED) {
        problem = "cannot be mapped: " + std::string(std::strerror(errno));
        return std::nullopt;
    }
    auto *bytes = static_cast<unsigned char *>(mapping->address) + kHeaderBytes;
    if (sampleHash(bytes, dataBytes) != header.samples) {
        problem = "its data is damaged";
        return std::nullopt;
    }
    if (feedback)
        feedback->throwIfCanceled();
    if (header.bytesPerValue == 4) {
        ::madvise(mapping->address, mapping->bytes, MADV_WILLNEED);
        if (feedback)
            feedback->setProgress(1.0);
        auto *data = reinterpret_cast<float *>(bytes);
        return EmbeddingMatrix(size_t(header.rows), size_t(header.dim), data, std::move(mapping));
    }
    ::madvise(mapping->address, mapping->bytes, MADV_SEQUENTIAL);
    FloatBuffer out(values);
    const auto *half = reinterpret_cast<const uint16_t *>(bytes);
    for (size_t begin = 0; begin < values; begin += kChunkValues) {
        const size_t end = std::min(values, begin + kChunkValues);
        detail::halfToFloat(half + begin, out.data() + begin, end - begin);
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(end) / double(values));
        }
    }
    return EmbeddingMatrix(size_t(header.rows), size_t(header.dim), std::move(out));
}

void EmbeddingCache::store(const EmbeddingMatrix &matrix, Feedback *feedback) const
{
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(m_path).parent_path(), error);
    if (error)
        throw DataError(std::filesystem::path(m_path).parent_path().string(),
                        "the cache folder cannot be created: " + error.message());
    const size_t values = matrix.rows() * matrix.dim();
    const uint32_t width = bytesPerValue(m_mode);
    std::vector<uint16_t> half;
    const auto piece = [&](size_t begin, size_t end) -> std::pair<const void *, size_t> {
        if (width == 4)
            return {matrix.data() + begin, (end - begin) * 4};
        half.resize(end - begin);
        detail::floatToHalf(matrix.data() + begin, half.data(), end - begin);
        return {half.data(), (end - begin) * 2};
    };
    // The sample hash is over the bytes as written: for float16 the converted values.
    const uint64_t samples =
        width == 4 ? sampleHash(reinterpret_cast<const unsigned char *>(matrix.data()), values * 4)
                   : sampleHash(values * 2, [&matrix](size_t at, unsigned char *out) {
                         uint16_t converted[32];
                         detail::floatToHalf(matrix.data() + at / 2, converted, 32);
                         std::memcpy(out, converted, 64);
                     });
    Header header{};
    std::memcpy(header.magic, kMagic, sizeof(kMagic));
    header.version = kVersion;
    header.bytesPerValue = width;
    header.rows = matrix.rows();
    header.dim = matrix.dim();
    header.key = m_key;
    header.fingerprint = m_fingerprint;
    header.samples = samples;
    header.headerHash = headerHash(header);
    std::vector<unsigned char> block(kHeaderBytes, 0);
    std::memcpy(block.data(), &header, sizeof(header));

    AtomicFile file(m_path);
    file.write(block.data(), block.size());
    for (size_t begin = 0; begin < values; begin += kChunkValues) {
        const size_t end = std::min(values, begin + kChunkValues);
        const auto [data, bytes] = piece(begin, end);
        file.write(data, bytes);
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(end) / double(values));
        }
    }
    file.commit();
}

} // namespace chipfinder
