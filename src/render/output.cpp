#include "notes/render/output.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <fstream>

#include "notes/core/error.hpp"
#include "notes/core/json.hpp"
#include "notes/core/text.hpp"

namespace notes::render {
namespace {

constexpr const char* k_bold = "\033[1m";
constexpr const char* k_dim = "\033[2m";
constexpr const char* k_match = "\033[1;33m";
constexpr const char* k_reset = "\033[0m";

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += sep;
        out += items[i];
    }
    return out;
}

std::string without_highlights(const std::string& s) {
    // Only a snippet has highlights: everything else is copied whole.
    if (std::none_of(s.begin(), s.end(), [](char c) { return c == k_highlight_on || c == k_highlight_off; })) {
        return s;
    }
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        if (c != k_highlight_on && c != k_highlight_off) out.push_back(c);
    }
    return out;
}

/// A cell as plain text for the line-oriented formats.
std::string plain(const Value& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return {};
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(x);
            } else if constexpr (std::is_same_v<T, double>) {
                char buf[32];
                const auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
                return std::string(buf, end);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return without_highlights(x);
            } else {
                return join(x, ", ");
            }
        },
        v);
}

void write_json_value(JsonWriter& w, const Value& v) {
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                w.null();
            } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
                w.value(x);
            } else if constexpr (std::is_same_v<T, std::string>) {
                w.value(without_highlights(x));
            } else {
                w.begin_array();
                for (const auto& item : x) w.value(item);
                w.end_array();
            }
        },
        v);
}

std::string json_object(const Table& table, const std::vector<Value>& row) {
    JsonWriter w;
    w.begin_object();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        w.key(table.columns[c].name);
        write_json_value(w, row[c]);
    }
    w.end_object();
    return w.take();
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

/// A cell for the table format: `raw` may hold highlight markers. Control
/// characters are escaped, the text is cut to `width` display columns (ending
/// with "…" when cut), and highlighted stretches are coloured when `color`.
std::string styled_cell(const std::string& raw, int width, bool color, const char* whole_style) {
    // Split into (text, highlighted) stretches, escaping each on its own so
    // that the markers themselves are never escaped.
    std::vector<std::pair<std::string, bool>> stretches;
    bool on = false;
    std::string current;
    for (const char c : raw) {
        if (c == k_highlight_on || c == k_highlight_off) {
            if (!current.empty()) stretches.emplace_back(printable(current), on);
            current.clear();
            on = c == k_highlight_on;
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) stretches.emplace_back(printable(current), on);

    int total = 0;
    for (const auto& [t, h] : stretches) total += text::display_width(t);
    const bool cut = width >= 0 && total > width;
    const int budget = cut ? std::max(0, width - 1) : total;

    std::string out;
    if (color && whole_style != nullptr) out += whole_style;
    int used = 0;
    for (const auto& [t, highlighted] : stretches) {
        if (used >= budget && cut) break;
        if (color && highlighted) out += k_match;
        std::size_t i = 0;
        while (i < t.size()) {
            const std::size_t start = i;
            const char32_t cp = text::decode(t, i);
            const int w = text::char_width(cp);
            if (cut && used + w > budget) {
                i = t.size();
                break;
            }
            used += w;
            out.append(t, start, i - start);
        }
        if (color && highlighted) out += k_reset;
        if (color && highlighted && whole_style != nullptr) out += whole_style;
    }
    if (cut && width > 0) out += "…";
    if (color && whole_style != nullptr) out += k_reset;
    return out;
}

void render_table(const Table& table, const RenderOptions& options, std::FILE* out) {
    const std::size_t n = table.columns.size();
    std::vector<std::vector<std::string>> cells;
    cells.reserve(table.rows.size());
    for (const auto& row : table.rows) {
        auto& line = cells.emplace_back();
        for (const auto& v : row) {
            std::string cell = printable(plain(v));
            line.push_back(std::move(cell));
        }
    }
    std::vector<bool> shown(n, true);
    std::vector<int> widths(n, 0);
    auto measure = [&] {
        for (std::size_t c = 0; c < n; ++c) {
            widths[c] = options.header ? text::display_width(table.columns[c].name) : 0;
            for (const auto& line : cells) widths[c] = std::max(widths[c], text::display_width(line[c]));
        }
    };
    measure();
    auto total = [&] {
        int sum = 0;
        int count = 0;
        for (std::size_t c = 0; c < n; ++c) {
            if (!shown[c]) continue;
            sum += widths[c];
            ++count;
        }
        return sum + 2 * std::max(0, count - 1);
    };
    if (options.width > 0) {
        // Drop optional columns from the right until the rest fit, then cut
        // the shrinkable column.
        for (std::size_t c = n; c-- > 0 && total() > options.width;) {
            if (table.columns[c].optional_in_table) shown[c] = false;
        }
        // Share the cut among the shrinkable columns in proportion to how
        // much each can give (down to 8 columns), so that a long path and a
        // long title both stay readable.
        const int excess = total() - options.width;
        if (excess > 0) {
            int spare = 0;
            for (std::size_t c = 0; c < n; ++c) {
                if (shown[c] && table.columns[c].shrinkable) spare += std::max(0, widths[c] - 8);
            }
            int left = std::min(excess, spare);
            for (std::size_t c = 0; c < n && spare > 0 && left > 0; ++c) {
                if (!shown[c] || !table.columns[c].shrinkable) continue;
                const int can = std::max(0, widths[c] - 8);
                const int cut = std::min({can, left, (excess * can + spare - 1) / spare});
                widths[c] -= cut;
                left -= cut;
            }
        }
    }
    // The last shown column is not padded.
    std::size_t last = 0;
    for (std::size_t c = 0; c < n; ++c) {
        if (shown[c]) last = c;
    }
    auto print_line = [&](const std::vector<std::string>& line, bool is_header, const std::vector<Value>* row) {
        std::string text_line;
        bool first = true;
        for (std::size_t c = 0; c < n; ++c) {
            if (!shown[c]) continue;
            if (!first) text_line += "  ";
            first = false;
            const std::string& source = row != nullptr && std::holds_alternative<std::string>((*row)[c])
                                            ? std::get<std::string>((*row)[c])
                                            : line[c];
            const char* style = is_header ? k_bold : table.columns[c].name == "path" ? k_dim : nullptr;
            const std::string cell = styled_cell(source, widths[c], options.color, style);
            const int pad = widths[c] - std::min(widths[c], text::display_width(line[c]));
            text_line += cell;
            if (c != last) text_line.append(static_cast<std::size_t>(std::max(0, pad)), ' ');
        }
        while (!text_line.empty() && text_line.back() == ' ') text_line.pop_back();
        text_line.push_back('\n');
        std::fwrite(text_line.data(), 1, text_line.size(), out);
    };
    if (options.header) {
        std::vector<std::string> names;
        for (const auto& col : table.columns) names.push_back(col.name);
        print_line(names, true, nullptr);
    }
    for (std::size_t r = 0; r < cells.size(); ++r) print_line(cells[r], false, &table.rows[r]);
}

}  // namespace

std::optional<Format> parse_format(const std::string& name) {
    static const std::pair<const char*, Format> k_formats[] = {
        {"table", Format::table}, {"list", Format::list},   {"json", Format::json},
        {"jsonl", Format::jsonl}, {"csv", Format::csv},     {"paths", Format::paths}};
    for (const auto& [n, f] : k_formats) {
        if (name == n) return f;
    }
    return std::nullopt;
}

const std::vector<std::string>& format_names() {
    static const std::vector<std::string> k_names{"table", "list", "json", "jsonl", "csv", "paths"};
    return k_names;
}


std::string printable(std::string_view s) {
    // Nearly every string has nothing to escape: find the first byte that
    // might (a control, DEL, or the lead byte of a C1 control) and copy
    // what comes before it in one go.
    static constexpr auto k_suspect = [] {
        std::array<bool, 256> table{};
        for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = true;
        table[0x7F] = table[0xC2] = true;
        return table;
    }();
    std::size_t first = 0;
    while (first < s.size() && !k_suspect[static_cast<unsigned char>(s[first])]) ++first;
    if (first == s.size()) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    out.append(s.data(), first);
    for (std::size_t i = first; i < s.size(); ++i) {
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


void print_table(const Table& table, const RenderOptions& options, std::FILE* out) {
    switch (options.format) {
        case Format::table:
            render_table(table, options, out);
            break;
        case Format::list:
            for (const auto& row : table.rows) {
                std::string line;
                for (std::size_t c = 0; c < row.size(); ++c) {
                    if (c > 0) line += '\t';
                    line += printable(plain(row[c]));
                }
                line.push_back('\n');
                std::fwrite(line.data(), 1, line.size(), out);
            }
            break;
        case Format::json: {
            std::fputs("[", out);
            for (std::size_t r = 0; r < table.rows.size(); ++r) {
                const std::string object = (r == 0 ? "\n  " : ",\n  ") + json_object(table, table.rows[r]);
                std::fwrite(object.data(), 1, object.size(), out);
            }
            std::fputs(table.rows.empty() ? "]\n" : "\n]\n", out);
            break;
        }
        case Format::jsonl:
            for (const auto& row : table.rows) {
                const std::string object = json_object(table, row) + "\n";
                std::fwrite(object.data(), 1, object.size(), out);
            }
            break;
        case Format::csv: {
            std::string line;
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                if (c > 0) line += ',';
                line += csv_field(table.columns[c].name);
            }
            line += "\r\n";
            std::fwrite(line.data(), 1, line.size(), out);
            for (const auto& row : table.rows) {
                line.clear();
                for (std::size_t c = 0; c < row.size(); ++c) {
                    if (c > 0) line += ',';
                    line += csv_field(plain(row[c]));
                }
                line += "\r\n";
                std::fwrite(line.data(), 1, line.size(), out);
            }
            break;
        }
        case Format::paths:
            for (const auto& row : table.rows) {
                const std::string path = printable(plain(row[table.path_column])) + "\n";
                std::fwrite(path.data(), 1, path.size(), out);
            }
            break;
    }
}

void write_output(const std::string& text, const std::string& file) {
    if (file.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (out) out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (out) out.close();
    if (!out) throw Error("cannot write " + file);
}

std::string markup_escape(std::string_view s, std::string_view apostrophe) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += apostrophe;
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
                    out += "\xEF\xBF\xBD";
                } else {
                    out += c;
                }
        }
    }
    return out;
}

}  // namespace notes::render
