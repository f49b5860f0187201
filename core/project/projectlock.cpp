#include "project/projectlock.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace chipfinder {
namespace {

std::string describeHolder(const std::string &holder)
{
    return holder.empty() ? std::string("another process") : holder;
}

std::string readHolder(int fd)
{
    char buffer[512];
    const ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
    if (n <= 0)
        return {};
    std::string text(buffer, size_t(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0'))
        text.pop_back();
    return text;
}

} // namespace

ProjectLockedError::ProjectLockedError(const std::string &project, std::string holder)
    : DataError(project,
                "the project is open for writing by " + describeHolder(holder) +
                    " (close it there, or open the project read-only)",
                std::nullopt, {}, "a project no other Chipfinder is writing"),
      m_holder(std::move(holder))
{
}

std::string ProjectLock::sidecarPath(const std::string &project)
{
    return project + ".lock";
}

ProjectLock::ProjectLock(const std::string &project) : m_path(sidecarPath(project))
{
    // The sidecar may be removed by a releasing holder between our open() and flock(): the lock
    // then sits on a dead inode, so it is taken again until it is on the file at m_path.
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            throw DataError(m_path, std::string("cannot create the project's lock file: ") +
                                        std::strerror(errno));
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int error = errno;
            std::string holder = readHolder(fd);
            ::close(fd);
            if (error == EWOULDBLOCK)
                throw ProjectLockedError(project, std::move(holder));
            throw DataError(m_path,
                            std::string("cannot lock the project: ") + std::strerror(error));
        }
        struct stat locked
        {
        }, current{};
        if (::fstat(fd, &locked) != 0 || ::stat(m_path.c_str(), &current) != 0 ||
            locked.st_ino != current.st_ino || locked.st_dev != current.st_dev) {
            ::close(fd);
            continue;
        }
        char host[256] = {};
        if (::gethostname(host, sizeof(host) - 1) != 0)
            host[0] = '\0';
        const std::string record =
            "pid " + std::to_string(::getpid()) + " on " + (host[0] ? host : "this machine") + "\n";
        // The record is informative only: a failed write leaves the lock held and valid.
        if (::ftruncate(fd, 0) == 0 &&
            ::pwrite(fd, record.data(), record.size(), 0) != ssize_t(record.size()))
            (void)::ftruncate(fd, 0);
        m_fd = fd;
        return;
    }
    throw DataError(m_path, "cannot lock the project (its lock file keeps being replaced)");
}

ProjectLock::~ProjectLock()
{
    if (m_fd < 0)
        return;
    ::unlink(m_path.c_str()); // while held: no other writer is between open and flock on it
    ::close(m_fd);
}

std::optional<std::string> ProjectLock::holder(const std::string &project)
{
    const int fd = ::open(sidecarPath(project).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::optional<std::string> result;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0)
        result = readHolder(fd);
    else
        ::flock(fd, LOCK_UN);
    ::close(fd);
    return result;
}

} // namespace chipfinder
