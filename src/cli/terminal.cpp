#include "cli/terminal.hpp"

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

std::string printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        // C1 controls are U+0080..U+009F, encoded as C2 80..C2 9F.
        const bool c1 = c == 0xC2 && i + 1 < s.size() &&
                        static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(s[i + 1]) <= 0x9F;
        if (c < 0x20 || c == 0x7F || c1) {
            const unsigned char shown = c1 ? static_cast<unsigned char>(s[++i]) : c;
            static constexpr char k_hex[] = "0123456789abcdef";
            out += "\\x";
            out.push_back(k_hex[shown >> 4]);
            out.push_back(k_hex[shown & 15]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::string format_warning(const Warning& w) {
    std::string out = printable(w.path);
    if (w.line > 0) {
        out += ":" + std::to_string(w.line);
        if (w.column > 0) out += ":" + std::to_string(w.column);
    }
    out += ": ";
    out += printable(w.message);
    return out;
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

}  // namespace notes::cli
