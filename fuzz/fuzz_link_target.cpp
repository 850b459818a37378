// libFuzzer target: the link grammar (parse_wiki_inner, scan_wiki_links),
// target classification and the lookup key and path joining that link
// resolution uses.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "notes/parse/links.hpp"
#include "notes/core/resolve.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using notes::fuzz::check;
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    if (const auto link = notes::parse::parse_wiki_inner(input)) {
        check(link->target.size() + link->anchor.size() + link->label.size() <= input.size() + 8,
              "parts of a link come from its text");
    }
    const int newlines = static_cast<int>(std::count(input.begin(), input.end(), '\n'));
    for (const auto& link : notes::parse::scan_wiki_links(input, "related", 7)) {
        check(link.line >= 7 && link.line <= 7 + newlines, "links of a multi-line value keep their line");
        check(link.kind == "related", "front-matter links keep the kind given");
    }
    (void)notes::parse::is_external_target(input);
    (void)notes::names_a_file(input);
    const std::string key = notes::target_key(input);
    if (notes::text::is_valid_utf8(input)) notes::fuzz::check_utf8(key, "lookup key");

    // The first line is a folder, the rest a relative target.
    const auto nl = input.find('\n');
    const std::string_view folder = input.substr(0, nl == std::string_view::npos ? 0 : nl);
    const std::string_view relative = nl == std::string_view::npos ? input : input.substr(nl + 1);
    const std::string joined = notes::join_vault_path(folder, relative);
    check(joined.find("/../") == std::string::npos && joined.rfind("../", 0) != 0,
          "a joined path never climbs");
    return 0;
}
