#pragma once
// Terminal concerns: colour, control characters, the progress bar. Nothing
// here is used by the core library.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "notes/core/note.hpp"

namespace notes::cli {

enum class ColorChoice { automatic, always, never };

/// Whether to colour a stream: `always`/`never` win; `automatic` colours a
/// terminal unless NO_COLOR is set (to anything non-empty) or TERM=dumb.
bool use_color(ColorChoice choice, std::FILE* stream);

bool is_terminal(std::FILE* stream);

/// Width of the terminal on `stream` ($COLUMNS, else ioctl), 0 when not a terminal.
int terminal_width(std::FILE* stream);

/// A one-line progress bar on stderr, drawn only after `delay` has passed
/// and at most ten times a second; erased by finish().
class ProgressBar {
public:
    explicit ProgressBar(bool enabled, std::chrono::milliseconds delay = std::chrono::milliseconds(300));
    void update(std::size_t done, std::size_t total);
    void finish();

private:
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last_draw;
    std::chrono::milliseconds m_delay;
};

}  // namespace notes::cli
