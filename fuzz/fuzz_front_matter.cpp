// libFuzzer target: front-matter splitting and YAML parsing
// (split_front_matter, parse_front_matter, parse_date).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "notes/parse/front_matter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using notes::fuzz::check;
    const std::string_view file(reinterpret_cast<const char*>(data), size);
    const notes::parse::FrontMatterBlock block = notes::parse::split_front_matter(file);
    check(block.body.size() <= file.size(), "body inside the file");
    check(!block.present || block.yaml.size() <= file.size(), "yaml inside the file");
    check(block.body_first_line >= 1, "body line");
    if (!block.present) return 0;

    const notes::parse::FrontMatter fm = notes::parse::parse_front_matter(block.yaml, block.yaml_first_line);
    // The fast reader of common front matter must agree with yaml-cpp.
    static const notes::FrontMatterKeys k_keys;
    const notes::parse::FrontMatter by_yaml_cpp =
        notes::parse::parse_front_matter(block.yaml, block.yaml_first_line, k_keys, notes::parse::YamlReader::yaml_cpp);
    check(notes::parse::describe(fm) == notes::parse::describe(by_yaml_cpp), "the fast YAML reader agrees with yaml-cpp");
    check(fm.valid || !fm.warnings.empty(), "invalid YAML always comes with a warning");
    check(!fm.json.empty() || !fm.valid, "valid front matter has JSON");
    for (const auto& w : fm.warnings) check(w.line >= 0, "warning line");
    if (!fm.date.empty()) {
        const auto again = notes::parse::parse_date(fm.date);
        check(again && *again == fm.date, "a stored date parses to itself");
    }
    // Only valid UTF-8 without NUL reaches parse_front_matter in the indexer
    // (parse_note repairs bytes first; yaml-cpp turns a NUL into a lone 0x85
    // byte); check what it returns then.
    if (notes::text::is_valid_utf8(block.yaml) && block.yaml.find('\0') == std::string_view::npos) {
        notes::fuzz::check_utf8(fm.json, "json");
        notes::fuzz::check_utf8(fm.title, "title");
        for (const auto& t : fm.tags) notes::fuzz::check_utf8(t.name, "tag");
        for (const auto& f : fm.fields) notes::fuzz::check_utf8(f.key, "field key");
    }
    return 0;
}
