#include "report.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "notes/core/json.hpp"
#include "notes/render/output.hpp"
#include "notes/render/warnings.hpp"

namespace notes::watch::detail {

using render::printable;

namespace {

constexpr const char* k_config_file = ".notes/config.yaml";

/// "14:03:27", local time.
std::string clock_time(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm local{};
    ::localtime_r(&seconds, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &local);
    return buf;
}

/// "2026-12-07T13:03:27.412Z": UTC with milliseconds.
std::string iso_time(std::chrono::system_clock::time_point t) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
    return out;
}

void add_paths(JsonWriter& w, const char* key, const std::vector<std::string>& paths) {
    w.key(key).begin_array();
    for (const auto& p : paths) w.value(p);
    w.end_array();
}

}  // namespace

void Report::notice(const std::string& text) const {
    std::fprintf(m_options.err, "notes: %s\n", printable(text).c_str());
    std::fflush(m_options.err);
}

void Report::warning(const std::string& text) const {
    std::fprintf(m_options.err, "notes: warning: %s\n", printable(text).c_str());
    std::fflush(m_options.err);
}

void Report::error(const std::string& text) const {
    std::fprintf(m_options.err, "notes: error: %s\n", printable(text).c_str());
    std::fflush(m_options.err);
}

void Report::update(const index::IndexStats& stats, bool initial, bool settings_read,
                    std::chrono::milliseconds elapsed) const {
    const auto now = std::chrono::system_clock::now();
    std::vector<Warning> warnings;
    for (const Warning& w : stats.warnings) {
        if (w.path == k_config_file && !initial && !settings_read) continue;
        warnings.push_back(w);
    }
    for (const auto& n : stats.notices)
        std::fprintf(m_options.err, "notes: %s\n", printable(n).c_str());
    // Which warnings are new is known only for the whole list of a run.
    std::vector<bool> is_new;
    if (warnings.size() == stats.warnings.size()) is_new = stats.warning_is_new;
    const std::string text = render::warnings_text(warnings, is_new, m_options.warnings, m_options.color_err);
    std::fwrite(text.data(), 1, text.size(), m_options.err);
    std::fflush(m_options.err);
    const bool changed = stats.added + stats.changed + stats.removed > 0;
    if (!initial && !changed && warnings.empty() && stats.notices.empty()) return;

    if (m_options.output == Output::json) {
        JsonWriter w;
        w.begin_object();
        w.key("time").value(iso_time(now));
        w.key("initial").value(initial);
        w.key("notes").value(static_cast<std::int64_t>(stats.seen));
        add_paths(w, "added", stats.added_paths);
        add_paths(w, "changed", stats.changed_paths);
        add_paths(w, "removed", stats.removed_paths);
        w.key("warnings").begin_array();
        for (const Warning& warning : warnings) {
            w.begin_object();
            w.key("path").value(warning.path);
            w.key("line");
            warning.line > 0 ? w.value(warning.line) : w.null();
            w.key("column");
            warning.column > 0 ? w.value(warning.column) : w.null();
            w.key("message").value(warning.message);
            w.end_object();
        }
        w.end_array();
        w.key("notices").begin_array();
        for (const auto& n : stats.notices) w.value(n);
        w.end_array();
        w.key("whole_vault").value(stats.walked_vault);
        w.key("ms").value(static_cast<std::int64_t>(elapsed.count()));
        w.end_object();
        std::fprintf(m_options.out, "%s\n", w.str().c_str());
    } else if (m_options.output == Output::text) {
        // Up to three of the notes the update concerns, then how many more.
        // (Not for the first update: the whole vault, often.)
        std::string names;
        std::size_t listed = 0;
        const std::size_t total = initial ? 0
                                          : stats.added_paths.size() + stats.changed_paths.size() +
                                                stats.removed_paths.size();
        for (const auto* list : {&stats.added_paths, &stats.changed_paths, &stats.removed_paths}) {
            if (total == 0) break;
            for (const auto& p : *list) {
                if (listed == 3) break;
                names += (listed++ == 0 ? " (" : ", ") + printable(p);
            }
        }
        if (listed > 0)
            names += total > listed ? ", " + std::to_string(total - listed) + " more)" : ")";
        std::fprintf(
            m_options.out,
            "%s %zu notes: %zu added, %zu changed, %zu removed%s; %zu warning%s; %lld ms\n",
            clock_time(now).c_str(), stats.seen, stats.added, stats.changed, stats.removed,
            names.c_str(), warnings.size(), warnings.size() == 1 ? "" : "s",
            static_cast<long long>(elapsed.count()));
    }
    std::fflush(m_options.out);
}

}  // namespace notes::watch::detail
