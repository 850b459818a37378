#include "notes/watch/change_batch.hpp"

#include <algorithm>

namespace notes::watch {

ChangeBatch::ChangeBatch(std::chrono::milliseconds quiet, std::chrono::milliseconds max_delay,
                         std::size_t max_paths)
    : m_quiet(quiet), m_max_delay(std::max(max_delay, quiet)), m_max_paths(max_paths) {}

void ChangeBatch::note_time(Clock::time_point now) {
    if (empty()) m_first = now;
    m_last = now;
}

void ChangeBatch::add(const std::string& path, Clock::time_point now) {
    note_time(now);
    if (m_whole_vault) return;
    m_paths.insert(path);
    if (m_paths.size() > m_max_paths) {
        m_whole_vault = true;
        m_paths.clear();
    }
}

void ChangeBatch::add_whole_vault(Clock::time_point now) {
    note_time(now);
    m_whole_vault = true;
    m_paths.clear();
}

void ChangeBatch::put_back(const Changes& changes, Clock::time_point now) {
    if (changes.whole_vault) {
        add_whole_vault(now);
        return;
    }
    for (const std::string& path : changes.paths) add(path, now);
}

std::optional<Clock::time_point> ChangeBatch::due() const {
    if (empty()) return std::nullopt;
    return std::min(m_last + m_quiet, m_first + m_max_delay);
}

Changes ChangeBatch::take() {
    Changes out;
    out.whole_vault = m_whole_vault;
    out.paths.reserve(m_paths.size());
    while (!m_paths.empty())
        out.paths.push_back(std::move(m_paths.extract(m_paths.begin()).value()));
    m_whole_vault = false;
    m_paths.clear();
    return out;
}

}  // namespace notes::watch
