#include "dataset/footprintcache.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/embeddingcache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <limits>
#include <span>
#include <type_traits>

namespace chipfinder {

namespace {

constexpr size_t kHeaderBytes = 4096;
constexpr char kMagic[8] = {'C', 'F', 'C', 'H', 'I', 'P', 'S', '1'};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kChecked = 1; // flags: the read checked the embeddings

struct Header
{
    char magic[8];
    uint32_t version;
    uint32_t flags;
    uint64_t chips;
    uint64_t key;
    uint64_t fingerprint;
    uint64_t payloadBytes;
    uint64_t payloadHash;
    uint64_t headerHash; // hash of every field above
};

// Hash of a sequence of little-endian 64-bit words (every block is padded to 8 bytes, so the
// hash does not depend on how the bytes were split into writes).
struct WordHash
{
    uint64_t value = 0x9e3779b97f4a7c15ull;
    void add(const void *data, size_t bytes)
    {
        const auto *p = static_cast<const unsigned char *>(data);
        for (size_t i = 0; i + 8 <= bytes; i += 8) {
            uint64_t word;
            std::memcpy(&word, p + i, 8);
            value = ((value << 29 | value >> 35) ^ word) * 0xff51afd7ed558ccdull;
        }
    }
};

uint64_t headerHash(const Header &h)
{
    WordHash hash;
    hash.add(&h, offsetof(Header, headerHash));
    return hash.value;
}

// Serialises the dataset into `sink(data, bytes)` calls, every call a multiple of 8 bytes.
template <typename Sink> class Writer
{
public:
    explicit Writer(Sink &sink) : m_sink(sink) {}

    void u64(uint64_t value) { m_sink(&value, 8); }
    void f64(double value) { m_sink(&value, 8); }
    void bytes(const void *data, size_t size)
    {
        u64(size);
        const size_t whole = size & ~size_t(7);
        if (whole > 0)
            m_sink(data, whole);
        if (size > whole) {
            unsigned char tail[8] = {};
            std::memcpy(tail, static_cast<const unsigned char *>(data) + whole, size - whole);
            m_sink(tail, 8);
        }
    }
    void text(const std::string &value) { bytes(value.data(), value.size()); }
    template <typename T> void array(const std::vector<T> &values)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(values.data(), values.size() * sizeof(T));
    }
    // Strings of a column: an offset table (count + 1 entries) and the bytes, in blocks of rows.
    template <typename Get> void strings(size_t count, Get get)
    {
        std::vector<uint64_t> offsets(count + 1, 0);
        for (size_t i = 0; i < count; ++i)
            offsets[i + 1] = offsets[i] + get(i).size();
        array(offsets);
        u64(offsets[count]);
        std::string block;
        for (size_t i = 0; i < count; ++i) {
            block += get(i);
            if (block.size() >= (size_t(1) << 20) || i + 1 == count) {
                const size_t whole = block.size() & ~size_t(7);
                if (whole > 0)
                    m_sink(block.data(), whole);
                block.erase(0, whole);
            }
        }
        if (!block.empty()) {
            block.resize(8, '\0');
            m_sink(block.data(), 8);
        }
    }

private:
    Sink &m_sink;
};

template <typename Sink> void serialise(const Dataset &d, Sink &sink)
{
    Writer<Sink> w(sink);
    for (const std::string *text : {&d.sourcePath, &d.driver, &d.embeddingSource,
                                    &d.blobElementType, &d.sourceCrsWkt, &d.imageryPath})
        w.text(*text);
    w.f64(d.pointChipSizeMeters);
    const size_t n = d.size();
    w.strings(n, [&d](size_t i) -> const std::string & { return d.ids[i]; });
    w.array(d.idOrder());
    w.array(d.ringCoords);
    w.array(d.ringOffsets);
    w.array(d.bounds);
    static const std::string none;
    w.u64(d.sourceWkb.size());
    std::vector<uint64_t> wkbOffsets(d.sourceWkb.size() + 1, 0);
    for (size_t i = 0; i < d.sourceWkb.size(); ++i)
        wkbOffsets[i + 1] = wkbOffsets[i] + d.sourceWkb[i].size();
    w.array(wkbOffsets);
    w.u64(wkbOffsets.back());
    {
        std::vector<uint8_t> block;
        for (size_t i = 0; i < d.sourceWkb.size(); ++i) {
            block.insert(block.end(), d.sourceWkb[i].begin(), d.sourceWkb[i].end());
            if (block.size() >= (size_t(1) << 20) || i + 1 == d.sourceWkb.size()) {
                const size_t whole = block.size() & ~size_t(7);
                if (whole > 0)
                    sink(block.data(), whole);
                block.erase(block.begin(), block.begin() + std::ptrdiff_t(whole));
            }
        }
        if (!block.empty()) {
            block.resize(8, 0);
            sink(block.data(), 8);
        }
    }
    w.u64(d.attributes.size());
    for (const AttributeColumn &column : d.attributes) {
        w.text(column.name);
        w.u64(column.real ? 1 : 0);
        std::vector<uint8_t> valid(column.values.size());
        for (size_t i = 0; i < valid.size(); ++i)
            valid[i] = column.values[i].has_value() ? 1 : 0;
        w.array(valid);
        w.strings(column.values.size(), [&column](size_t i) -> const std::string & {
            return column.values[i] ? *column.values[i] : none;
        });
    }
    w.u64(d.skipped.count);
    w.u64(d.skipped.byKind.size());
    for (const auto &[kind, count] : d.skipped.byKind) {
        w.text(kind);
        w.u64(count);
    }
    w.u64(d.skipped.first.size());
    for (const SkippedRow &row : d.skipped.first) {
        w.u64(uint64_t(row.row));
        w.text(row.id);
        w.text(row.reason);
    }
}

// Thrown by Reader when the payload does not hold what its structure says.
struct Damaged
{
    std::string what;
};

class Reader
{
public:
    Reader(const unsigned char *data, size_t size) : m_p(data), m_left(size) {}

    uint64_t u64()
    {
        uint64_t value;
        std::memcpy(&value, take(8), 8);
        return value;
    }
    double f64()
    {
        double value;
        std::memcpy(&value, take(8), 8);
        return value;
    }
    std::span<const unsigned char> bytes()
    {
        const uint64_t size = u64();
        if (size > m_left)
            throw Damaged{"a block runs past the end"};
        const unsigned char *data = take((size + 7) & ~uint64_t(7));
        return {data, size_t(size)};
    }
    std::string text()
    {
        const auto b = bytes();
        return std::string(reinterpret_cast<const char *>(b.data()), b.size());
    }
    template <typename T> std::vector<T> array(size_t expected, const char *what)
    {
        const auto b = bytes();
        if (b.size() % sizeof(T) != 0 ||
            (expected != size_t(-1) && b.size() / sizeof(T) != expected))
            throw Damaged{std::string(what) + " has the wrong size"};
        std::vector<T> values(b.size() / sizeof(T));
        if (!b.empty())
            std::memcpy(values.data(), b.data(), b.size());
        return values;
    }
    // An offset table of count + 1 entries and its byte block; at(i) is the i-th piece.
    struct Pieces
    {
        std::vector<uint64_t> offsets;
        const unsigned char *data = nullptr;
        std::span<const unsigned char> at(size_t i) const
        {
            return {data + offsets[i], size_t(offsets[i + 1] - offsets[i])};
        }
    };
    Pieces pieces(size_t count, const char *what)
    {
        Pieces p;
        p.offsets = array<uint64_t>(count + 1, what);
        const uint64_t size = u64();
        if (p.offsets[0] != 0 || p.offsets[count] != size || size > m_left)
            throw Damaged{std::string(what) + " has a broken offset table"};
        for (size_t i = 0; i < count; ++i)
            if (p.offsets[i + 1] < p.offsets[i])
                throw Damaged{std::string(what) + " has a broken offset table"};
        p.data = take((size + 7) & ~uint64_t(7));
        return p;
    }
    std::vector<std::string> strings(size_t count, const char *what)
    {
        const Pieces p = pieces(count, what);
        std::vector<std::string> values;
        values.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            const auto piece = p.at(i);
            values.emplace_back(reinterpret_cast<const char *>(piece.data()), piece.size());
        }
        return values;
    }
    bool atEnd() const { return m_left == 0; }

private:
    const unsigned char *take(uint64_t bytes)
    {
        if (bytes > m_left)
            throw Damaged{"the payload ends early"};
        const unsigned char *at = m_p;
        m_p += bytes;
        m_left -= size_t(bytes);
        return at;
    }
    const unsigned char *m_p;
    size_t m_left;
};

Dataset deserialise(const unsigned char *payload, size_t size, size_t chips, Feedback *feedback)
{
    Reader r(payload, size);
    Dataset d;
    for (std::string *text : {&d.sourcePath, &d.driver, &d.embeddingSource, &d.blobElementType,
                              &d.sourceCrsWkt, &d.imageryPath})
        *text = r.text();
    d.pointChipSizeMeters = r.f64();
    const auto step = [feedback](double done) {
        if (feedback) {
            feedback->throwIfCanceled();
            feedback->setProgress(done);
        }
    };
    d.ids = r.strings(chips, "the id column");
    step(0.3);
    auto order = r.array<uint32_t>(chips, "the id index");
    for (const uint32_t chip : order)
        if (chip >= chips)
            throw Damaged{"the id index names a chip that does not exist"};
    d.setIdOrder(std::move(order));
    d.ringCoords = r.array<LonLat>(size_t(-1), "the footprint rings");
    d.ringOffsets = r.array<uint32_t>(chips + 1, "the ring offsets");
    for (size_t i = 0; i < chips; ++i)
        if (d.ringOffsets[i + 1] < d.ringOffsets[i])
            throw Damaged{"the ring offsets are not ascending"};
    if (d.ringOffsets[0] != 0 || d.ringOffsets[chips] != d.ringCoords.size())
        throw Damaged{"the ring offsets do not match the rings"};
    d.bounds = r.array<BoundingBox>(chips, "the bounds");
    step(0.5);
    const size_t wkbCount = r.u64();
    if (wkbCount != chips && wkbCount != 0)
        throw Damaged{"the source geometries do not match the chips"};
    const Reader::Pieces wkb = r.pieces(wkbCount, "the source geometries");
    d.sourceWkb.resize(wkbCount);
    for (size_t i = 0; i < wkbCount; ++i) {
        const auto piece = wkb.at(i);
        d.sourceWkb[i].assign(piece.begin(), piece.end());
    }
    step(0.8);
    const uint64_t columns = r.u64();
    if (columns > 100000)
        throw Damaged{"the attribute count is implausible"};
    for (uint64_t c = 0; c < columns; ++c) {
        AttributeColumn column;
        column.name = r.text();
        column.real = r.u64() != 0;
        const auto valid = r.array<uint8_t>(chips, "an attribute's validity");
        auto values = r.strings(chips, "an attribute column");
        column.values.reserve(chips);
        for (size_t i = 0; i < chips; ++i)
            column.values.push_back(valid[i] ? std::optional<std::string>(std::move(values[i]))
                                             : std::nullopt);
        d.attributes.push_back(std::move(column));
    }
    d.skipped.count = r.u64();
    const uint64_t kinds = r.u64();
    if (kinds > 1000)
        throw Damaged{"the skip report is implausible"};
    for (uint64_t k = 0; k < kinds; ++k) {
        std::string kind = r.text();
        d.skipped.byKind[kind] = r.u64();
    }
    const uint64_t first = r.u64();
    if (first > SkipReport::kListed)
        throw Damaged{"the skip report is implausible"};
    for (uint64_t k = 0; k < first; ++k) {
        SkippedRow row;
        row.row = int64_t(r.u64());
        row.id = r.text();
        row.reason = r.text();
        d.skipped.first.push_back(std::move(row));
    }
    if (!r.atEnd())
        throw Damaged{"bytes follow the payload"};
    d.embeddings = EmbeddingMatrix(chips, 0);
    return d;
}

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

FootprintCache::FootprintCache(const std::string &directory, const std::string &key,
                               const std::vector<std::string> &sources)
    : m_key(detail::cacheKeyHash(key)), m_fingerprint(detail::sourceFingerprint(sources))
{
    m_path = (std::filesystem::path(directory) / (detail::cacheKeyName(m_key) + ".chips")).string();
}

bool FootprintCache::exists() const
{
    std::error_code error;
    return std::filesystem::is_regular_file(m_path, error);
}

std::optional<Dataset> FootprintCache::load(bool needChecked, Feedback *feedback,
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
        return fail("not a footprint cache file of this version, or its header is damaged");
    if (header.key != m_key)
        return fail("written for another dataset");
    if (header.fingerprint != m_fingerprint)
        return fail("the source changed since it was written");
    if (needChecked && !(header.flags & kChecked))
        return fail("written by a read without the embeddings");
    if (header.chips == 0 || header.chips > std::numeric_limits<uint32_t>::max() ||
        header.payloadBytes % 8 != 0 || uint64_t(st.st_size) != kHeaderBytes + header.payloadBytes)
        return fail("its size (" + std::to_string(st.st_size) +
                    " bytes) is not what its header announces");
    Mapping mapping;
    mapping.bytes = size_t(st.st_size);
    mapping.address = ::mmap(nullptr, mapping.bytes, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (mapping.address == MAP_FAILED) {
        problem = "cannot be mapped: " + std::string(std::strerror(errno));
        return std::nullopt;
    }
    ::madvise(mapping.address, mapping.bytes, MADV_SEQUENTIAL);
    const auto *payload = static_cast<const unsigned char *>(mapping.address) + kHeaderBytes;
    WordHash hash;
    hash.add(payload, size_t(header.payloadBytes));
    if (hash.value != header.payloadHash) {
        problem = "its data is damaged";
        return std::nullopt;
    }
    if (feedback) {
        feedback->throwIfCanceled();
        feedback->setProgress(0.1);
    }
    try {
        Dataset dataset =
            deserialise(payload, size_t(header.payloadBytes), size_t(header.chips), feedback);
        if (feedback)
            feedback->setProgress(1.0);
        return dataset;
    } catch (const Damaged &damaged) {
        problem = "its data is damaged: " + damaged.what;
        return std::nullopt;
    }
}

void FootprintCache::store(const Dataset &dataset, bool embeddingsChecked, Feedback *feedback) const
{
    if (dataset.size() == 0 || dataset.idOrder().size() != dataset.size() ||
        dataset.ringOffsets.size() != dataset.size() + 1 || dataset.bounds.size() != dataset.size())
        throw UsageError("FootprintCache: the dataset is incomplete");
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(m_path).parent_path(), error);
    if (error)
        throw DataError(std::filesystem::path(m_path).parent_path().string(),
                        "the cache folder cannot be created: " + error.message());
    // First pass: size and hash of the payload (for the header); second pass: the file.
    WordHash hash;
    uint64_t payloadBytes = 0;
    auto measure = [&](const void *data, size_t bytes) {
        hash.add(data, bytes);
        payloadBytes += bytes;
    };
    serialise(dataset, measure);
    if (feedback) {
        feedback->throwIfCanceled();
        feedback->setProgress(0.4);
    }
    Header header{};
    std::memcpy(header.magic, kMagic, sizeof(kMagic));
    header.version = kVersion;
    header.flags = embeddingsChecked ? kChecked : 0;
    header.chips = dataset.size();
    header.key = m_key;
    header.fingerprint = m_fingerprint;
    header.payloadBytes = payloadBytes;
    header.payloadHash = hash.value;
    header.headerHash = headerHash(header);
    std::vector<unsigned char> block(kHeaderBytes, 0);
    std::memcpy(block.data(), &header, sizeof(header));
    AtomicFile file(m_path);
    file.write(block.data(), block.size());
    uint64_t written = 0;
    auto write = [&](const void *data, size_t bytes) {
        file.write(data, bytes);
        written += bytes;
        if (feedback && (written & ~((uint64_t(1) << 24) - 1)) !=
                            ((written - bytes) & ~((uint64_t(1) << 24) - 1))) {
            feedback->throwIfCanceled();
            feedback->setProgress(0.4 + 0.6 * double(written) / double(payloadBytes));
        }
    };
    serialise(dataset, write);
    file.commit();
    if (feedback)
        feedback->setProgress(1.0);
}

} // namespace chipfinder
