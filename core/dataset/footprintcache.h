#pragma once
// Everything of a Dataset but its embedding matrix (ids, footprints, attributes, what was read
// and skipped, the id index) kept in the user cache beside the embedding cache, so that a later
// open, with or without the embeddings, takes it from there instead of parsing the source again.
// One file per dataset read: "<cache>/chipfinder/embeddings/<key>.chips", the key and the source
// fingerprint made exactly as EmbeddingCache makes them (embeddingcache.h).
// Layout: a 4096-byte header (magic, version, whether the read checked the embeddings, chip
// count, key, fingerprint, payload size and hash, a hash of the header), then the payload: every
// member as a length-prefixed block padded to 8 bytes; string columns as one offset table + one
// byte block; footprints as the lon/lat ring table, bounds and the source WKB (offsets + bytes).
// A file whose header, size, key, fingerprint, payload hash or structure does not match is not
// used: load() says why and the caller rebuilds it. Files are written through AtomicFile
// (complete or absent). Thread safety: distinct objects are independent.

#include "dataset/dataset.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chipfinder {

class Feedback;

class FootprintCache
{
public:
    // directory, key and sources: as for EmbeddingCache.
    FootprintCache(const std::string &directory, const std::string &key,
                   const std::vector<std::string> &sources);

    const std::string &path() const { return m_path; }
    bool exists() const;

    // The dataset without embeddings (an N × 0 matrix), or nullopt with `problem` saying why the
    // file cannot be used. needChecked: only a file written from a read that checked the
    // embeddings (its chips are those of a full open: rows with a bad embedding left out) will do.
    // Progress and cancel (CanceledError) through `feedback`.
    std::optional<Dataset> load(bool needChecked, Feedback *feedback, std::string &problem) const;
    // Writes the dataset's members but the matrix (atomically; creates the directory).
    // embeddingsChecked: the dataset was read with its embeddings. Throws DataError,
    // CanceledError.
    void store(const Dataset &dataset, bool embeddingsChecked, Feedback *feedback) const;

private:
    std::string m_path;
    uint64_t m_key = 0;
    uint64_t m_fingerprint = 0;
};

} // namespace chipfinder
