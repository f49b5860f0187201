#pragma once
// The single-writer lock of a project file: at most one ProjectStore (in any process on the
// machine) writes a project at a time. The lock is an flock(2) on the sidecar file
// "<project>.lock", which records the holder ("pid <pid> on <host>"); the kernel drops the lock
// when its holder exits or is killed, so a stale sidecar left by a kill never blocks the next
// writer. The holder removes the sidecar when it releases the lock. Readers (openReadOnly) take
// no lock. Two ProjectLocks on one file conflict also within one process.
// Errors: ProjectLockedError when another writer holds the lock; DataError naming the sidecar
// when it cannot be created (e.g. a folder without write permission).

#include "common/errors.h"

#include <optional>
#include <string>

namespace chipfinder {

// A second writer on a project: names the project and, as far as recorded, the holder.
class ProjectLockedError : public DataError
{
public:
    ProjectLockedError(const std::string &project, std::string holder);
    // "pid 1234 on host-name", or empty when the holder recorded nothing (yet).
    const std::string &holder() const { return m_holder; }

private:
    std::string m_holder;
};

class ProjectLock
{
public:
    // Takes the lock of `project` (never waits): throws ProjectLockedError if it is held.
    explicit ProjectLock(const std::string &project);
    ~ProjectLock(); // releases the lock and removes the sidecar
    ProjectLock(const ProjectLock &) = delete;
    ProjectLock &operator=(const ProjectLock &) = delete;

    static std::string sidecarPath(const std::string &project);
    // The recorded holder of a held lock ("pid … on …"), nullopt when the lock is free.
    static std::optional<std::string> holder(const std::string &project);

private:
    std::string m_path;
    int m_fd = -1;
};

} // namespace chipfinder
