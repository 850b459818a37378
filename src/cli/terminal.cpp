#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace notes::cli {

bool is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

bool use_color(ColorChoice choice, std::FILE* stream) {
    if (choice == ColorChoice::always) return true;
    if (choice == ColorChoice::never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
    return is_terminal(stream);
}


ProgressBar::ProgressBar(bool enabled, std::chrono::milliseconds delay)
    : m_enabled(enabled), m_start(std::chrono::steady_clock::now()), m_delay(delay) {}

void ProgressBar::update(std::size_t done, std::size_t total) {
    if (!m_enabled || total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_start < m_delay) return;
    if (m_drawn && now - m_last_draw < std::chrono::milliseconds(100) && done != total) return;
    m_last_draw = now;
    m_drawn = true;
    constexpr int k_width = 30;
    const int filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * k_width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(k_width - filled), ' ');
    std::fprintf(stderr, "\r[%s] %zu/%zu notes", bar.c_str(), done, total);
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (m_drawn) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }
    m_drawn = false;
}

int terminal_width(std::FILE* stream) {
    if (!is_terminal(stream)) return 0;
    if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
        const int n = std::atoi(columns);
        if (n > 0) return n;
    }
    winsize ws{};
    if (::ioctl(::fileno(stream), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

}  // namespace notes::cli
