#pragma once
// A dataset's embedding matrix kept in the user cache so that later opens memory-map it instead
// of parsing the source again. One file per dataset read (the source path and the open options
// make the key), "<cache>/chipfinder/embeddings/<key>.f32" or ".f16": a 4096-byte header, then
// the rows × dim values row-major, little-endian float32 or IEEE half.
// The header holds the key, the source fingerprint (size, modification time and a hash of the
// first 64 KiB of every source file), the shape, a hash of samples of the data and a hash of the
// header itself. A file whose header, size, key, fingerprint, shape or data samples do not match
// (damaged, truncated, written for another dataset, or the source changed since) is not used:
// load() says why and the caller rebuilds it. Files are written through AtomicFile (complete or
// absent). Thread safety: distinct objects are independent; two processes writing the same entry
// each write a complete file and the last rename wins.

#include "dataset/embeddingmatrix.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

enum class EmbeddingCacheMode
{
    Off,
    Float32, // exact values, mapped as they are
    Float16  // half the disk; converted to float32 on load (values rounded to half precision)
};

// $XDG_CACHE_HOME/chipfinder/embeddings, else $HOME/.cache/chipfinder/embeddings.
std::string embeddingCacheDirectory();

namespace detail {
// The cache key's hash and the sources' fingerprint, shared by the cache files of one dataset.
uint64_t cacheKeyHash(const std::string &key);
uint64_t sourceFingerprint(const std::vector<std::string> &sources);
std::string cacheKeyName(uint64_t keyHash); // 16 hex digits
} // namespace detail

class EmbeddingCache
{
public:
    // key: what was read and how (e.g. the dataset path and its open options); sources: the files
    // the matrix comes from (missing ones count as part of the fingerprint too).
    EmbeddingCache(const std::string &directory, const std::string &key,
                   const std::vector<std::string> &sources, EmbeddingCacheMode mode);

    const std::string &path() const { return m_path; }
    bool exists() const;

    // The cached matrix (float32: a private copy-on-write mapping of the file, so the caller may
    // normalise it in place; float16: converted into memory), or nullopt with `problem` saying why
    // the file cannot be used. Throws CanceledError.
    std::optional<EmbeddingMatrix> load(size_t expectedRows, Feedback *feedback,
                                        std::string &problem) const;
    // Writes the matrix (atomically; creates the directory). Throws DataError, CanceledError.
    void store(const EmbeddingMatrix &matrix, Feedback *feedback) const;

private:
    std::string m_path;
    uint64_t m_key = 0;
    uint64_t m_fingerprint = 0;
    EmbeddingCacheMode m_mode;
};

} // namespace chipfinder
