#pragma once
// Which front-matter keys fill the typed columns. The defaults are the
// common spellings; `keys:` in .notes/config.yaml replaces any of the lists.

#include <string>
#include <vector>

namespace notes {

struct FrontMatterKeys {
    /// The first key present wins.
    std::vector<std::string> title{"title"};
    /// The first key present wins.
    std::vector<std::string> date{"date", "created"};
    /// Every key present counts (a note may carry `tags` and `keywords`).
    std::vector<std::string> tags{"tags", "tag", "keywords"};
    /// The first key present wins.
    std::vector<std::string> aliases{"aliases", "alias"};

    bool operator==(const FrontMatterKeys&) const = default;
};

/// A stable text of the mapping, stored in the index so that a change of
/// mapping re-parses every note.
std::string fingerprint(const FrontMatterKeys& keys);

}  // namespace notes
