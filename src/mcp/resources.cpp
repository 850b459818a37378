// Resources: every note is one, `notes://<path>`, read as its Markdown text.
// resources/list pages through the notes in path order; its cursor is the
// last path of the previous page (opaque to the client, stable while notes
// are added or removed between pages). A URI that names no path is looked up
// like a NOTE argument (slug, title, alias) before it is "not found", so that
// `notes://index-tuning` works too.

#include "resources.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "notes/query/note_ref.hpp"
#include "notes/store/index_store.hpp"

namespace notes::mcp {
namespace {

constexpr std::string_view k_scheme = "notes://";
/// The most text resources/read returns of one note.
constexpr std::size_t k_max_resource_bytes = 1024 * 1024;

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '/';
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Json resource_of(const std::string& path, const std::string& title, std::int64_t size) {
    return Json{{"uri", note_uri(path)},
                {"name", path},
                {"title", title},
                {"mimeType", "text/markdown"},
                {"size", size}};
}

}  // namespace

std::string note_uri(std::string_view path) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out(k_scheme);
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c)) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(k_hex[c >> 4]);
            out.push_back(k_hex[c & 15]);
        }
    }
    return out;
}

std::optional<std::string> note_path_of_uri(std::string_view uri) {
    if (uri.substr(0, k_scheme.size()) != k_scheme) return std::nullopt;
    const std::string_view rest = uri.substr(k_scheme.size());
    std::string path;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '%') {
            if (i + 2 >= rest.size()) return std::nullopt;
            const int hi = hex_digit(rest[i + 1]);
            const int lo = hex_digit(rest[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            path.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            path.push_back(rest[i]);
        }
    }
    if (path.empty()) return std::nullopt;
    return path;
}

Json list_note_resources(IndexAccess& index, const std::string& cursor) {
    std::string after;
    if (!cursor.empty()) {
        // "p:" + the last path of the previous page.
        if (cursor.rfind("p:", 0) != 0) throw std::invalid_argument("invalid cursor");
        after = cursor.substr(2);
    }
    const store::QueryResult rows = index.store().query(
        "SELECT path, title, size FROM notes WHERE path > ? ORDER BY path LIMIT ?",
        {after, static_cast<std::int64_t>(k_resources_page + 1)});
    Json resources = Json::array();
    std::string last;
    for (std::size_t i = 0; i < rows.rows.size() && i < k_resources_page; ++i) {
        const auto& row = rows.rows[i];
        last = row[0].value_or("");
        resources.push_back(
            resource_of(last, row[1].value_or(last), std::stoll(row[2].value_or("0"))));
    }
    Json result{{"resources", std::move(resources)}};
    if (rows.rows.size() > k_resources_page) result["nextCursor"] = "p:" + last;
    return result;
}

Json note_resource_templates() {
    return Json{
        {"resourceTemplates",
         Json::array({Json{{"uriTemplate", "notes://{+path}"},
                           {"name", "note"},
                           {"title", "A note of the vault"},
                           {"description",
                            "A note by its vault-relative path (notes://projects/index-tuning.md); "
                            "a slug, title or alias also works"},
                           {"mimeType", "text/markdown"}}})}};
}

std::optional<Json> read_note_resource(IndexAccess& index, std::string_view uri) {
    const auto path = note_path_of_uri(uri);
    if (!path) return std::nullopt;
    store::IndexStore& store = index.store();
    std::string found;
    const auto exact = store.query("SELECT path FROM notes WHERE path = ?", {*path});
    if (!exact.rows.empty()) {
        found = *path;
    } else {
        const query::NoteLookup lookup = query::find_note(store, *path);
        if (lookup.matches.size() != 1) return std::nullopt;
        found = lookup.matches.front().path;
    }
    std::ifstream in(index.vault() / found, std::ios::binary | std::ios::ate);
    if (!in) return std::nullopt;
    const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
    in.seekg(0);
    std::string text(std::min(size, k_max_resource_bytes + 1), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    Json content{{"uri", std::string(uri)}, {"mimeType", "text/markdown"}};
    if (text.size() > k_max_resource_bytes) {
        std::size_t end = text.rfind('\n', k_max_resource_bytes);
        text.resize(end == std::string::npos ? k_max_resource_bytes : end + 1);
        text +=
            "\n[notes: the note is longer than 1 MiB; the read_note tool reads it by line "
            "ranges]\n";
    }
    content["text"] = std::move(text);
    return Json{{"contents", Json::array({std::move(content)})}};
}

}  // namespace notes::mcp
