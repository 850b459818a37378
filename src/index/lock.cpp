#include "notes/index/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "notes/core/error.hpp"

namespace notes::index {

IndexLock::IndexLock(const std::filesystem::path& lock_file, double wait_seconds) {
    // 0644 like SQLite's own files: the umask applies, and no other user may
    // write (or truncate) the lock.
    m_fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw Error("cannot open lock file " + lock_file.string() + ": " + std::strerror(errno));
    }
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration<double>(wait_seconds > 0 ? wait_seconds : 0);
    while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int err = errno;
            ::close(m_fd);
            throw Error("cannot lock " + lock_file.string() + ": " + std::strerror(err));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            ::close(m_fd);
            m_fd = -1;
            throw Error("another `notes index` is running (lock " + lock_file.string() +
                            " is held); try again later or pass --wait SECONDS",
                        exit_status::k_locked);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

IndexLock::~IndexLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the flock
}

}  // namespace notes::index
