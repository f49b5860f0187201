#include "common/atomicfile.h"

#include "common/errors.h"

#include <cpl_vsi.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace chipfinder {
namespace fs = std::filesystem;

namespace {

std::string systemError(int error)
{
    return std::strerror(error);
}

void fsyncPath(const std::string &path, bool directory)
{
    const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw DataError(path, "cannot be opened to be synced: " + systemError(errno));
    const int result = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    // Some file systems cannot sync a folder (EINVAL): the rename itself has succeeded then.
    if (result != 0 && !(directory && (error == EINVAL || error == EBADF)))
        throw DataError(path, "cannot be synced to disk: " + systemError(error));
}

} // namespace

AtomicFile::AtomicFile(const std::string &path) : m_path(path), m_target(path)
{
    struct stat status;
    if (::stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
        if (S_ISDIR(status.st_mode))
            throw DataError(path, "is a folder", std::nullopt, {}, "a file name");
        m_direct = true;
        m_writePath = path;
        return;
    }
    std::error_code ec;
    if (fs::is_symlink(path, ec)) {
        const fs::path resolved = fs::weakly_canonical(path, ec);
        if (!ec)
            m_target = resolved.string();
    }
    static std::atomic<unsigned> counter{0};
    const fs::path target(m_target);
    const std::string stem = target.stem().string() + ".partial-" + std::to_string(::getpid()) +
                             "-" + std::to_string(counter++);
    m_tempStem = (target.parent_path() / stem).string();
    m_writePath = m_tempStem + target.extension().string();
}

AtomicFile::~AtomicFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_committed && !m_direct)
        removeTemporaries();
}

void AtomicFile::write(const void *data, size_t size)
{
    if (m_committed)
        throw DataError(m_path, "written after it was completed");
    if (m_fd < 0) {
        const int flags =
            m_direct ? O_WRONLY | O_TRUNC | O_CLOEXEC : O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
        m_fd = ::open(m_writePath.c_str(), flags, 0666);
        if (m_fd < 0)
            throw DataError(m_path, "cannot be created: " + systemError(errno), std::nullopt, {},
                            "a writable folder");
    }
    const char *bytes = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t written = ::write(m_fd, bytes, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            throw DataError(m_path, "cannot be written: " + systemError(written < 0 ? errno : EIO),
                            std::nullopt, {}, "a writable location with free space");
        bytes += written;
        size -= size_t(written);
    }
}

void AtomicFile::closeChecked()
{
    if (m_fd < 0)
        return;
    const int fd = m_fd;
    m_fd = -1;
    // fsync reports what the page cache could not write (ENOSPC, EIO on delayed allocation);
    // a device such as /dev/stdout may not support it (EINVAL), which is not a loss.
    if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        const int error = errno;
        ::close(fd);
        throw DataError(m_path, "cannot be written: " + systemError(error), std::nullopt, {},
                        "a writable location with free space");
    }
    if (::close(fd) != 0)
        throw DataError(m_path, "cannot be written: " + systemError(errno), std::nullopt, {},
                        "a writable location with free space");
}

void AtomicFile::commit()
{
    if (m_committed)
        return;
    if (m_direct) {
        closeChecked();
        m_committed = true;
        return;
    }
    if (m_fd < 0 && !fs::exists(m_writePath))
        write("", 0); // nothing written: an empty file
    closeChecked();

    // The files an external writer left with the temporary stem: siblings first, the main file
    // last, so that the destination appears only when everything beside it is in place.
    const fs::path target(m_target);
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    const std::string tempName = fs::path(m_tempStem).filename().string();
    const std::string targetStem = target.stem().string();
    std::vector<std::pair<fs::path, fs::path>> moves;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() <= tempName.size() || name.compare(0, tempName.size(), tempName) != 0 ||
            name[tempName.size()] != '.')
            continue;
        if (name == fs::path(m_writePath).filename().string())
            continue; // the main file, moved last
        const std::string suffix = name.substr(tempName.size());
        moves.emplace_back(entry.path(), folder / (targetStem + suffix));
    }
    if (ec)
        throw DataError(m_path, "its folder cannot be listed: " + ec.message());
    moves.emplace_back(m_writePath, m_target);
    for (const auto &[from, to] : moves) {
        if (from.string() != m_writePath)
            fsyncPath(from.string(), false);
    }
    fsyncPath(m_writePath, false);
    for (const auto &[from, to] : moves) {
        if (::rename(from.c_str(), to.c_str()) != 0)
            throw DataError(m_path,
                            "cannot be replaced: renaming " + from.string() +
                                " failed: " + systemError(errno),
                            std::nullopt, {}, "a writable folder");
    }
    m_committed = true;
    fsyncPath(folder.string(), true);
}

void AtomicFile::removeTemporaries() noexcept
{
    if (m_tempStem.empty())
        return;
    const fs::path temp(m_tempStem);
    const fs::path folder = temp.parent_path().empty() ? fs::path(".") : temp.parent_path();
    const std::string tempName = temp.filename().string();
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const auto &entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > tempName.size() && name.compare(0, tempName.size(), tempName) == 0 &&
            name[tempName.size()] == '.')
            doomed.push_back(entry.path());
    }
    for (const auto &path : doomed)
        fs::remove_all(path, ec);
}

void writeFileAtomically(const std::string &path, std::string_view content)
{
    AtomicFile file(path);
    file.write(content);
    file.commit();
}

void writeStdout(std::string_view content)
{
    if ((!content.empty() &&
         std::fwrite(content.data(), 1, content.size(), stdout) != content.size()) ||
        std::fflush(stdout) != 0 || std::ferror(stdout))
        throw DataError("standard output", "cannot be written: " + systemError(errno), std::nullopt,
                        {}, "a writable standard output");
}

void commitMemoryFile(const std::string &memoryPath, const std::string &path)
{
    struct Unlink
    {
        const std::string &path;
        ~Unlink() { VSIUnlink(path.c_str()); }
    } unlink{memoryPath};
    vsi_l_offset length = 0;
    const GByte *bytes = VSIGetMemFileBuffer(memoryPath.c_str(), &length, FALSE);
    if (!bytes && length != 0)
        throw DataError(path, "the output was not produced");
    const std::string_view content(reinterpret_cast<const char *>(bytes), size_t(length));
    if (path.empty() || path == "-" || path == "/vsistdout/")
        writeStdout(content);
    else
        writeFileAtomically(path, content);
}

bool isSameFile(const std::string &a, const std::string &b)
{
    if (a.empty() || b.empty() || a == "-" || b == "-")
        return false;
    struct stat first, second;
    const bool haveFirst = ::stat(a.c_str(), &first) == 0;
    const bool haveSecond = ::stat(b.c_str(), &second) == 0;
    if (haveFirst && haveSecond)
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino &&
               S_ISREG(first.st_mode);
    if (!haveFirst && !haveSecond) {
        std::error_code ec1, ec2;
        const fs::path x = fs::weakly_canonical(a, ec1);
        const fs::path y = fs::weakly_canonical(b, ec2);
        return !ec1 && !ec2 && x == y;
    }
    return false;
}

} // namespace chipfinder
