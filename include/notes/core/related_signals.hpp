#pragma once
// The vocabulary of `notes related`: its kinds of evidence, their names and
// default weights. In the core because the configuration names them too
// (`related:` in .notes/config.yaml); the scoring itself is query/related.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace notes {

/// The kinds of evidence `related` combines, in the order it reports them.
enum class RelatedSignal : std::size_t {
    explicit_relation,  ///< a front-matter link (`related:`, `up:`, …), either way
    direct_link,        ///< a link in the body, either way
    shared_tags,        ///< tags both carry, each weighted by its rarity
    co_citation,        ///< notes that link to both, damped by how much they link
    shared_targets,     ///< notes both link to, damped by how linked-to they are
    same_domain,        ///< the same front-matter `domain`, weighted by its rarity
    similar_text,       ///< full-text similarity on the note's distinctive terms
    graph_walk,         ///< where a three-step random walk from the note ends
    title_mention,      ///< one note's text names the other by its title
};
inline constexpr std::size_t k_related_signals = 9;

/// Every signal, in report order.
const std::array<RelatedSignal, k_related_signals>& all_related_signals();
/// Stable names (config keys, `--explain`, docs): explicit, links, tags,
/// cocitation, targets, domain, text, walk, mention.
std::string_view related_signal_name(RelatedSignal signal);
std::optional<RelatedSignal> parse_related_signal(std::string_view name);

/// One number per signal: raw values, weights or contributions.
struct SignalValues {
    std::array<double, k_related_signals> values{};
    double& operator[](RelatedSignal s) { return values[static_cast<std::size_t>(s)]; }
    double operator[](RelatedSignal s) const { return values[static_cast<std::size_t>(s)]; }
};

/// The weights `related` uses unless `.notes/config.yaml` overrides them.
SignalValues default_related_weights();

}  // namespace notes
