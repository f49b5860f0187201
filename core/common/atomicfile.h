#pragma once
// Outputs that are complete or absent. Every file Chipfinder writes goes through AtomicFile: the
// content goes to a temporary sibling of the destination (same folder, so the final rename stays
// on one file system), every write is checked, the data is flushed, fsync'ed and closed, and only
// then renamed over the destination (and the folder fsync'ed). On any failure, or when the object
// is destroyed without commit(), the temporary files are removed and an existing destination is
// left untouched (never truncated, never replaced by a partial file).
// A destination that exists and is not a regular file (a character device such as /dev/stdout
// or /dev/full, a FIFO) cannot be replaced by a rename: it is written directly, with every
// write, the flush and the close checked; a regular-file destination reached through a symbolic
// link is replaced where the link points.
// Errors: DataError naming the destination and the system's reason (e.g. "No space left on
// device"). Thread safety: one object per thread; distinct objects are independent.

#include <cstddef>
#include <string>
#include <string_view>

namespace chipfinder {

class AtomicFile
{
public:
    // Nothing is created until the first write() (or until an external writer uses
    // writePath()).
    explicit AtomicFile(const std::string &path);
    ~AtomicFile(); // removes the temporary files unless commit() succeeded
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    // The destination as given.
    const std::string &path() const { return m_path; }
    // True when the destination is written in place (a device or FIFO, see above).
    bool direct() const { return m_direct; }
    // Where the content is written: the temporary sibling "<stem>.partial-<pid>-<n><extension>"
    // (the extension kept so that GDAL drivers recognise the format), or the destination itself
    // when direct(). A writer other than write() (GDAL, SQLite, DuckDB) may create this file and
    // siblings sharing its stem ("<stem>.partial-…​.dbf", "…​.gpkg-journal"): commit()
    // moves each sibling to the destination's stem with the same suffix, the main file last.
    const std::string &writePath() const { return m_writePath; }

    // Appends bytes to writePath() (opened on the first call). Throws DataError.
    void write(const void *data, size_t size);
    void write(std::string_view text) { write(text.data(), text.size()); }

    // Makes the written content the destination's: close (checked), fsync, rename, fsync of the
    // folder. Throws DataError; the destination is then untouched.
    void commit();

private:
    void closeChecked();
    void removeTemporaries() noexcept;

    std::string m_path;
    std::string m_target; // m_path with a symbolic link resolved: what the rename replaces
    std::string m_writePath;
    std::string m_tempStem; // folder + stem of the temporary files
    bool m_direct = false;
    bool m_committed = false;
    int m_fd = -1;
};

// Writes `content` to `path` through an AtomicFile. Throws DataError.
void writeFileAtomically(const std::string &path, std::string_view content);

// Writes `content` to the standard output; a failed write or flush (e.g. stdout is /dev/full or
// a closed pipe) is a DataError naming "standard output".
void writeStdout(std::string_view content);

// Copies a GDAL in-memory file (/vsimem/…) to `path` through an AtomicFile and deletes the
// memory file, whether or not the copy succeeded. Throws DataError.
void commitMemoryFile(const std::string &memoryPath, const std::string &path);

// True when `a` and `b` name the same existing file (same device and inode, so hard and
// symbolic links count), or the same canonical path when neither exists yet. Used to refuse
// an output that would overwrite an input.
bool isSameFile(const std::string &a, const std::string &b);

} // namespace chipfinder
