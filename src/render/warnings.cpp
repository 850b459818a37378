#include "notes/render/warnings.hpp"

#include "notes/render/output.hpp"
#include "report_wording.hpp"

namespace notes::render {

using report_detail::with_commas;

const std::vector<std::string>& warnings_mode_names() {
    static const std::vector<std::string> names{"summary", "all", "none"};
    return names;
}

std::optional<WarningsMode> parse_warnings_mode(std::string_view name) {
    if (name == "summary") return WarningsMode::summary;
    if (name == "all") return WarningsMode::all;
    if (name == "none") return WarningsMode::none;
    return std::nullopt;
}

std::string warning_kind_heading(WarningKind kind) {
    switch (kind) {
        case WarningKind::configuration:
            return "problems in .notes/config.yaml";
        case WarningKind::unreadable:
            return "files or folders not read";
        case WarningKind::symbolic_link:
            return "symbolic links skipped";
        case WarningKind::invalid_yaml:
            return "invalid YAML front matter";
        case WarningKind::unterminated_front_matter:
            return "unterminated front matter";
        case WarningKind::front_matter:
            return "front-matter values skipped";
        case WarningKind::unparseable_date:
            return "unparseable dates";
        case WarningKind::empty_file:
            return "empty files";
        case WarningKind::bad_bytes:
            return "invalid UTF-8 or NUL bytes";
        case WarningKind::too_large:
            return "files only partly read";
        case WarningKind::broken_link:
            return "broken links";
        case WarningKind::missing_attachment:
            return "missing attachments";
        case WarningKind::broken_block_reference:
            return "broken block references";
        case WarningKind::broken_anchor:
            return "broken anchors";
        case WarningKind::shared_slug:
            return "shared slugs";
        case WarningKind::other:
            break;
    }
    return "other warnings";
}

std::string warning_kind_command(WarningKind kind) {
    switch (kind) {
        case WarningKind::configuration:
            return "notes config";
        case WarningKind::invalid_yaml:
        case WarningKind::unterminated_front_matter:
        case WarningKind::front_matter:
        case WarningKind::unparseable_date:
        case WarningKind::empty_file:
        case WarningKind::bad_bytes:
        case WarningKind::too_large:
            return "notes report --section front-matter --limit 0";
        case WarningKind::broken_link:
        case WarningKind::missing_attachment:
        case WarningKind::broken_block_reference:
        case WarningKind::broken_anchor:
            return "notes report --section broken-links --limit 0";
        case WarningKind::shared_slug:
            return "notes report --section duplicates --limit 0";
        // Not kept in the index: only a run sees them.
        case WarningKind::unreadable:
        case WarningKind::symbolic_link:
        case WarningKind::other:
            break;
    }
    return "notes index --warnings all";
}

std::string warnings_text(const std::vector<Warning>& warnings, const std::vector<bool>& is_new,
                          WarningsMode mode, bool color) {
    std::string out;
    if (mode == WarningsMode::none) return out;
    if (mode == WarningsMode::all || warnings.size() <= k_warnings_listed_whole) {
        for (const Warning& w : warnings) out += format_warning(w) + "\n";
        return out;
    }
    const AnsiStyle s(color);
    auto fresh = [&](std::size_t i) { return i < is_new.size() && is_new[i]; };
    // Each kind's warnings in the order given (path order), new ones first.
    std::vector<std::vector<std::size_t>> by_kind(all_warning_kinds().size());
    for (const bool new_pass : {true, false}) {
        for (std::size_t i = 0; i < warnings.size(); ++i) {
            if (fresh(i) != new_pass) continue;
            by_kind[static_cast<std::size_t>(warning_kind(warnings[i]))].push_back(i);
        }
    }
    std::size_t shown = 0;
    for (const WarningKind kind : all_warning_kinds()) {
        const auto& list = by_kind[static_cast<std::size_t>(kind)];
        if (list.empty()) continue;
        std::size_t new_count = 0;
        for (const std::size_t i : list) new_count += fresh(i) ? 1 : 0;
        out += std::string(s.bold) + warning_kind_heading(kind) + ": " +
               with_commas(static_cast<std::int64_t>(list.size())) + s.reset;
        if (new_count > 0)
            out += " (" + with_commas(static_cast<std::int64_t>(new_count)) + " new)";
        out += "\n";
        const std::size_t n = std::min(list.size(), k_warnings_per_kind);
        for (std::size_t j = 0; j < n; ++j) out += "  " + format_warning(warnings[list[j]]) + "\n";
        shown += n;
        if (list.size() > n) {
            std::size_t new_left = 0;
            for (std::size_t j = n; j < list.size(); ++j) new_left += fresh(list[j]) ? 1 : 0;
            out += std::string("  ") + s.dim + "… and " +
                   with_commas(static_cast<std::int64_t>(list.size() - n)) + " more" +
                   (new_left > 0 ? " (" + with_commas(static_cast<std::int64_t>(new_left)) + " new)"
                                 : "") +
                   ": `" + warning_kind_command(kind) + "` lists them" + s.reset + "\n";
        }
    }
    if (shown < warnings.size()) {
        out += std::string(s.dim) + "notes: " + with_commas(static_cast<std::int64_t>(shown)) +
               " of " + with_commas(static_cast<std::int64_t>(warnings.size())) +
               " warnings shown; `notes index --warnings all` prints every one" + s.reset + "\n";
    }
    return out;
}

}  // namespace notes::render
