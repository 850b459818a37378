#include "read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace notes::index::detail {
namespace fs = std::filesystem;
namespace {

// Where the open descriptor really leads, from /proc; empty if unknown.
std::string real_path_of(int fd) {
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char target[4096];
    const ssize_t n = ::readlink(link, target, sizeof target);
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof target) return {};
    return std::string(target, static_cast<std::size_t>(n));
}

// The file may have changed since the walk saw a regular note inside the
// vault: it may now be a FIFO (opening it would block: O_NONBLOCK, then
// fstat), a device, or a symbolic link leading anywhere (O_NOFOLLOW, then
// where the descriptor really leads).
}  // namespace

ReadResult read_file(const fs::path& file, const ReadPolicy& policy) {
    ReadResult r;
    const int fd = ::open(file.c_str(),
                          O_RDONLY | O_CLOEXEC | O_NONBLOCK | (policy.follow_symlinks ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        r.error = errno;
        if (r.error == ELOOP && !policy.follow_symlinks) r.problem = "it is now a symbolic link; not followed";
        return r;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        r.problem = "not a regular file; not read";
        ::close(fd);
        return r;
    }
    if (!policy.vault_real.empty()) {
        const std::string real = real_path_of(fd);
        if (!real.empty() && real.compare(0, policy.vault_real.size() + 1, policy.vault_real + "/") != 0) {
            r.problem = "it leads outside the vault; not read";
            ::close(fd);
            return r;
        }
    }
    if (st.st_size > 0) {
        r.content.reserve(std::min(static_cast<std::size_t>(st.st_size), k_max_file_bytes + 1));
    }
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            r.error = errno;
            ::close(fd);
            return r;
        }
        if (n == 0) break;
        r.content.append(buf, static_cast<std::size_t>(n));
        if (r.content.size() > k_max_file_bytes) {
            r.content.resize(k_max_file_bytes);
            r.truncated = true;
            break;
        }
    }
    ::close(fd);
    r.ok = true;
    return r;
}

}  // namespace notes::index::detail
