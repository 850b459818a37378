#include "stop_signals.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "notes/core/error.hpp"

namespace notes::watch::detail {
namespace {

// What the handler may touch: lock-free atomics and a pipe.
std::atomic<int> g_signals{0};
std::atomic<bool> g_updating{false};
std::atomic<bool> g_say_so{false};
int g_pipe[2] = {-1, -1};
struct sigaction g_old_int {};
struct sigaction g_old_term {};

void on_signal(int signal) {
    const int saved_errno = errno;
    if (g_signals.fetch_add(1) > 0 && g_updating.load()) {
        // A second signal during an update: stop now, as SIGKILL would.
        ::signal(signal, SIG_DFL);
        ::raise(signal);
    }
    if (g_updating.load() && g_say_so.load()) {
        static const char k_message[] =
            "notes: stopping after the update in progress (again to stop at once)\n";
        [[maybe_unused]] const ssize_t w = ::write(STDERR_FILENO, k_message, sizeof k_message - 1);
    }
    const char byte = 1;
    [[maybe_unused]] const ssize_t w = ::write(g_pipe[1], &byte, 1);
    errno = saved_errno;
}

}  // namespace

StopSignals::StopSignals(bool say_so) {
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        throw Error(std::string("cannot set up signal handling: ") + std::strerror(errno));
    }
    g_signals = 0;
    g_updating = false;
    g_say_so = say_so;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    // Restart the system calls an update makes (reads, SQLite's writes);
    // poll() still returns at once, and the pipe says why.
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &g_old_int);
    ::sigaction(SIGTERM, &action, &g_old_term);
}

StopSignals::~StopSignals() {
    ::sigaction(SIGINT, &g_old_int, nullptr);
    ::sigaction(SIGTERM, &g_old_term, nullptr);
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
}

int StopSignals::fd() const {
    return g_pipe[0];
}

bool StopSignals::requested() const {
    return g_signals.load() > 0;
}

void StopSignals::updating(bool in_progress) {
    g_updating = in_progress;
}

}  // namespace notes::watch::detail
