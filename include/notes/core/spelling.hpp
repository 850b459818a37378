#pragma once
// "Did you mean …?" for words typed on the command line: commands, flags and
// the values of flags with a fixed set (formats, sort keys, report sections).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

/// Damerau–Levenshtein distance in its optimal-string-alignment form: the
/// fewest insertions, deletions, substitutions and swaps of two adjacent
/// characters that turn `a` into `b` ("fnid" → "find" is 1). Counted in code
/// points; ASCII letters compare case-insensitively.
std::size_t typo_distance(std::string_view a, std::string_view b);

/// The candidates `typed` is most likely a typo of, in the order of
/// `candidates`: those at the smallest typo_distance() when that is at most
/// a third of the typed length (at least 1), as git and cargo suggest; else
/// the one candidate that starts with `typed` (2 characters or more); else
/// none. An exact match is not a typo: it gives no suggestion.
std::vector<std::string> closest_words(std::string_view typed,
                                       const std::vector<std::string>& candidates);

/// "'a'", "'a' or 'b'", "'a', 'b' or 'c'": suggestions as a message says them.
std::string quoted_alternatives(const std::vector<std::string>& words);

}  // namespace notes
