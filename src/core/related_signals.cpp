#include "notes/core/related_signals.hpp"

namespace notes {
namespace {

constexpr std::array<RelatedSignal, k_related_signals> k_signals = {
    RelatedSignal::explicit_relation, RelatedSignal::direct_link,    RelatedSignal::shared_tags,
    RelatedSignal::co_citation,       RelatedSignal::shared_targets, RelatedSignal::same_domain,
    RelatedSignal::similar_text,      RelatedSignal::graph_walk,     RelatedSignal::title_mention};
constexpr std::array<std::string_view, k_related_signals> k_names = {
    "explicit", "links", "tags", "cocitation", "targets", "domain", "text", "walk", "mention"};

}  // namespace

const std::array<RelatedSignal, k_related_signals>& all_related_signals() {
    return k_signals;
}

std::string_view related_signal_name(RelatedSignal signal) {
    return k_names[static_cast<std::size_t>(signal)];
}

std::optional<RelatedSignal> parse_related_signal(std::string_view name) {
    for (std::size_t i = 0; i < k_names.size(); ++i) {
        if (k_names[i] == name) return k_signals[i];
    }
    return std::nullopt;
}

SignalValues default_related_weights() {
    // Fitted by notes-fit-related on the evaluation of the real vaults and
    // rounded; docs/related.md gives the fit and why each weight is what it is.
    SignalValues w;
    w[RelatedSignal::explicit_relation] = 4.0;
    w[RelatedSignal::direct_link] = 2.0;
    w[RelatedSignal::shared_tags] = 1.0;
    w[RelatedSignal::co_citation] = 3.0;
    w[RelatedSignal::shared_targets] = 0.5;
    w[RelatedSignal::same_domain] = 0.5;
    w[RelatedSignal::similar_text] = 1.5;
    w[RelatedSignal::graph_walk] = 3.0;
    w[RelatedSignal::title_mention] = 1.0;
    return w;
}

}  // namespace notes
