// notes-eval-related: how good is `notes related`? A link-prediction test.
//
// A link the user wrote from S to T says "T belongs with S". Hide it — take
// every link from S to T out of a copy of the vault — and ask `related` about
// S: a good scorer still ranks T near the top from everything else the index
// knows (tags, co-citation, text, links T itself may have to S, …). We do this
// for a sample of source notes, one hidden target each, and report for the
// hidden targets:
//
//   hits@k  the share ranked in the first k results (k = 5, 10);
//   MRR     the mean of 1/rank (0 when the target is not found at all).
//
// The notes S still links to are related by definition, and `related` lists
// them first; but they are not what the test asks about, and with a dozen of
// them a hidden target could never reach the top 10. So, as is usual for link
// prediction ("filtered" ranking), they are left out of the ranking; the
// second row, and every row with --unfiltered, ranks them too.
//
// Rows: the combined scorer as `notes related` runs it (find_related, top
// 100, so its ranks are positions in a real list); the same counting S's
// other links; the combined scorer over all candidates
// (gather_related_evidence: every candidate, every signal exact); each signal
// alone; the combined scorer without each signal; and, with --sweep, the
// combined scorer with one weight scaled. Rankings built from the evidence
// count ties fairly: a target tied with m others gets the expected hits and
// reciprocal rank of a random order among them (this is what makes "same
// domain alone", where all the domain's notes tie, honest).
//
// The sample is fixed by --seed: std::mt19937_64 is specified bit for bit by
// the standard, and the shuffle below is ours (std::shuffle's is not
// specified). Candidate links are the resolved links between two different
// notes, except Dendron's hierarchy links (the file name makes them). Hiding
// must leave nothing of the link behind, so the test is honest: every
// stretch of S's text that holds a link to T — `[[T]]`, `[[label|T]]`,
// `![[T#part]]`, a Foam wiki-link through its definition, a Logseq
// `#[[T]]`, `[label]([[T]])` or `((block))`, a Markdown `[text](t.md)` — is
// taken out, label and all, and a stretch is taken out only when parsing S
// again in the vault's dialect shows that exactly links to T went with it.
// The copy is then indexed again, so that neither the link, nor T's
// backlink, nor co-citation or text through it is left in the index. A pair
// some link of which cannot be taken out of the text (a bare URL, say) is
// not hidden; another link of the same source is tried. A hidden pair that
// the re-index still shows as linked is dropped and counted. Links are
// hidden in batches of at most 5 % of the notes, so that one hidden link
// seldom removes the evidence of another. The original vault is never
// written: the copy lives in a temporary directory (or --work DIR).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "notes/core/config.hpp"
#include "notes/core/error.hpp"
#include "notes/core/paths.hpp"
#include "notes/core/resolve.hpp"
#include "notes/core/text.hpp"
#include "notes/index/dialect.hpp"
#include "notes/index/indexer.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/query/related.hpp"
#include "notes/store/index_store.hpp"

namespace fs = std::filesystem;
using namespace notes;
using namespace notes::index;
using namespace notes::parse;
using namespace notes::query;
using namespace notes::store;

namespace {

struct Args {
    fs::path vault;
    std::size_t sample = 300;
    std::uint64_t seed = 1;
    int rounds = 1;
    fs::path work;
    bool keep = false;
    bool sweep = false;
    bool unfiltered = false;  ///< rank the source's remaining links too
    bool details = false;     ///< one line per hidden link on stderr
    fs::path dump;            ///< every candidate's raw values, for notes-fit-related
    std::string weights;      ///< "name=value,…" on top of the vault's config
};

[[noreturn]] void usage(const std::string& message) {
    std::fprintf(stderr,
                 "notes-eval-related: %s\n"
                 "usage: notes-eval-related VAULT [--sample N] [--seed S] [--rounds R] [--weights "
                 "name=value,...] [--sweep] [--unfiltered] [--details] [--work DIR] [--keep]\n",
                 message.c_str());
    std::exit(2);
}

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) usage(arg + " needs a value");
            return argv[++i];
        };
        try {
            if (arg == "--sample") {
                a.sample = std::stoul(next());
            } else if (arg == "--seed") {
                a.seed = std::stoull(next());
            } else if (arg == "--rounds") {
                a.rounds = std::stoi(next());
            } else if (arg == "--work") {
                a.work = next();
            } else if (arg == "--weights") {
                a.weights = next();
            } else if (arg == "--keep") {
                a.keep = true;
            } else if (arg == "--dump") {
                a.dump = next();
            } else if (arg == "--details") {
                a.details = true;
            } else if (arg == "--unfiltered") {
                a.unfiltered = true;
            } else if (arg == "--sweep") {
                a.sweep = true;
            } else if (arg == "-h" || arg == "--help") {
                usage("measures notes related by hiding links (see docs/related.md)");
            } else if (!arg.empty() && arg[0] == '-') {
                usage("unknown option " + arg);
            } else if (a.vault.empty()) {
                a.vault = arg;
            } else {
                usage("one VAULT only");
            }
        } catch (const std::logic_error&) {
            usage("bad value for " + arg);
        }
    }
    if (a.vault.empty()) usage("VAULT is required");
    if (a.sample == 0 || a.rounds < 1) usage("--sample and --rounds must be positive");
    return a;
}

SignalValues parse_weights(const std::string& spec, SignalValues weights) {
    std::stringstream in(spec);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) continue;
        const auto eq = item.find('=');
        const auto signal = parse_related_signal(item.substr(0, eq));
        if (eq == std::string::npos || !signal) usage("--weights: bad item '" + item + "'");
        try {
            weights[*signal] = std::stod(item.substr(eq + 1));
        } catch (const std::logic_error&) {
            usage("--weights: bad number in '" + item + "'");
        }
    }
    return weights;
}

/// Copies the vault's notes (dot-directories left out, like the indexer
/// does, except the marker folders of a dialect: .foam, .vscode) and its
/// .notes/config.yaml. Copies are writable whatever the originals are.
void copy_vault(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator();
         ++it) {
        const fs::path rel = fs::relative(it->path(), from);
        const std::string name = it->path().filename().string();
        if (it->is_directory() && !it->is_symlink() && !name.empty() && name[0] == '.' &&
            name != ".foam" && name != ".vscode") {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_symlink()) {
            fs::copy_symlink(it->path(), to / rel);
        } else if (it->is_directory()) {
            fs::create_directories(to / rel);
        } else if (it->is_regular_file()) {
            fs::copy_file(it->path(), to / rel, fs::copy_options::overwrite_existing);
            fs::permissions(to / rel, fs::perms::owner_read | fs::perms::owner_write,
                            fs::perm_options::add);
        }
    }
    const fs::path config = from / ".notes" / "config.yaml";
    if (fs::exists(config)) {
        fs::create_directories(to / ".notes");
        fs::copy_file(config, to / ".notes" / "config.yaml", fs::copy_options::overwrite_existing);
    }
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << s;
    if (!out.flush()) throw Error("cannot write " + p.string());
}

bool is_empty_list_item(std::string_view line) {
    std::string rest;
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r') rest += c;
    }
    return rest == "-" || rest == "*" || rest == "+" || rest == "-''" || rest == "-\"\"";
}

/// A link as the parser reports it: what the index stores of it, so that
/// the links of S that resolve to T can be named.
using LinkIdentity = std::tuple<std::string, std::string, std::string>;  // kind, target, anchor

std::multiset<LinkIdentity> links_of(const ParsedNote& note) {
    std::multiset<LinkIdentity> out;
    for (const Link& l : note.links) out.insert({l.kind, l.target, l.anchor});
    return out;
}

/// Every stretch of text that may be a link: `[[…]]` (with a `!` or `#`
/// before it, quotes around it, Logseq's `[label](` … `)` or `{{embed` …
/// `}}` around it), a Markdown link or image `[text](dest)` / `[text][ref]`,
/// and a Logseq block reference `((uuid))`. Positions are [begin, end).
std::vector<std::pair<std::size_t, std::size_t>> link_spans(const std::string& text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    auto widen = [&](std::size_t a, std::size_t b) {
        // `[label](` … `)` and `{{embed ` … `}}` around a page or block reference.
        if (a >= 2 && text.compare(a - 2, 2, "](") == 0 && b < text.size() && text[b] == ')') {
            const std::size_t open = text.rfind('[', a - 2);
            const std::size_t nl = text.rfind('\n', a);
            if (open != std::string::npos && (nl == std::string::npos || open > nl)) {
                a = open;
                ++b;
            }
        }
        const std::size_t embed = a >= 8 ? text.rfind("{{embed", a) : std::string::npos;
        if (embed != std::string::npos && text.find_first_not_of(' ', embed + 7) == a &&
            text.compare(b, 2, "}}") == 0) {
            a = embed;
            b += 2;
        }
        if (a > 0 && (text[a - 1] == '!' || text[a - 1] == '#')) --a;
        if (a > 0 && b < text.size() && (text[a - 1] == '\'' || text[a - 1] == '"') &&
            text[b] == text[a - 1]) {
            --a;
            ++b;
        }
        spans.emplace_back(a, b);
    };
    for (std::size_t at = text.find("[["); at != std::string::npos; at = text.find("[[", at + 2)) {
        const std::size_t close = text.find("]]", at + 2);
        const std::size_t nl = text.find('\n', at);
        if (close == std::string::npos || (nl != std::string::npos && nl < close)) continue;
        widen(at, close + 2);
    }
    for (std::size_t at = text.find("(("); at != std::string::npos; at = text.find("((", at + 2)) {
        const std::size_t close = text.find("))", at + 2);
        if (close == std::string::npos || close - at != 38) continue;
        widen(at, close + 2);
    }
    // Markdown links: '[' … ']' then '(' … ')' or '[' … ']' on one line.
    for (std::size_t at = text.find('['); at != std::string::npos; at = text.find('[', at + 1)) {
        if (at + 1 < text.size() && text[at + 1] == '[') {
            ++at;
            continue;
        }
        const std::size_t close = text.find(']', at + 1);
        const std::size_t nl = text.find('\n', at);
        if (close == std::string::npos || (nl != std::string::npos && nl < close)) continue;
        if (close + 1 >= text.size() || (text[close + 1] != '(' && text[close + 1] != '['))
            continue;
        const char end_char = text[close + 1] == '(' ? ')' : ']';
        const std::size_t end = text.find(end_char, close + 2);
        if (end == std::string::npos || (nl != std::string::npos && nl < end)) continue;
        spans.emplace_back(at > 0 && text[at - 1] == '!' ? at - 1 : at, end + 1);
    }
    std::sort(spans.begin(), spans.end());
    spans.erase(std::unique(spans.begin(), spans.end()), spans.end());
    return spans;
}

/// The front-matter keys (or Logseq properties) that have a value in `note`.
std::set<std::string> keys_with_values(const ParsedNote& note) {
    std::set<std::string> keys;
    for (const Field& f : note.fields) {
        if (f.type != "null" && !f.value.empty()) keys.insert(f.key);
    }
    return keys;
}

/// A key whose only value was the hidden link would still say that S has,
/// say, a category: its line (`categories:` left without items, `type::`
/// left empty) goes too, so that notes of the same shape do not learn the
/// answer from the key alone.
template <typename Parse>
void drop_emptied_keys(std::string& text, const ParsedNote& original, Parse parse,
                       std::vector<std::string>* removed) {
    const std::set<std::string> before = keys_with_values(original);
    const ParsedNote now = parse(text);
    const std::set<std::string> after = keys_with_values(now);
    for (const std::string& key : before) {
        if (after.contains(key)) continue;
        // The first line that is the key alone: "key:", "key::", with spaces.
        std::size_t pos = 0;
        while (pos < text.size()) {
            const std::size_t eol = text.find('\n', pos);
            const std::size_t end = eol == std::string::npos ? text.size() : eol;
            std::string_view line(text.data() + pos, end - pos);
            while (!line.empty() &&
                   (line.back() == ' ' || line.back() == '\r' || line.back() == '\t'))
                line.remove_suffix(1);
            std::size_t lead = 0;
            while (lead < line.size() && (line[lead] == ' ' || line[lead] == '-')) ++lead;
            line.remove_prefix(lead);
            std::string lower(line);
            for (char& c : lower) c = text::ascii_lower(c);
            if (lower == text::fold_key(key) + ":" || lower == text::fold_key(key) + "::") {
                std::string trial =
                    text.substr(0, pos) + (eol == std::string::npos ? "" : text.substr(eol + 1));
                const ParsedNote reparsed = parse(trial);
                if (links_of(reparsed) == links_of(now) &&
                    reparsed.front_matter_invalid == now.front_matter_invalid) {
                    if (removed != nullptr) removed->push_back(text.substr(pos, end - pos));
                    text = std::move(trial);
                }
                break;
            }
            pos = end + 1;
        }
    }
}

/// Removes from `text` every link that resolves to the hidden target — the
/// links whose identity is in `hidden` — and nothing else: each candidate
/// stretch is taken out only when parsing the note again (as the indexer
/// does, in the vault's dialect) shows that exactly links to the target
/// went with it, and the front matter is still valid. The link's label,
/// the target's name written in it, goes with it: nothing of the hidden
/// link is left for the text signal. A list item or flow-list entry left
/// empty goes too. Returns false when some link to the target remains (a
/// Dendron hierarchy link, a bare URL…): such a link cannot be hidden.
/// `removed`, when given, receives the text taken out.
bool hide_links(std::string& text, const std::string& path, const ParseOptions& options,
                const std::set<LinkIdentity>& hidden, std::vector<std::string>* removed) {
    const std::string slug = notes::slug_of(path);
    auto parse = [&](const std::string& t) { return parse_note(path, slug, t, options); };
    auto remaining = [&](const std::multiset<LinkIdentity>& links) {
        std::size_t n = 0;
        for (const auto& l : links) n += hidden.contains(l) ? 1 : 0;
        return n;
    };
    const ParsedNote original = parse(text);
    std::multiset<LinkIdentity> links = links_of(original);
    if (remaining(links) == 0) return true;
    const auto spans = link_spans(text);
    // Back to front, so that earlier positions stay valid; a stretch that
    // overlaps one already removed is skipped.
    std::size_t removed_from = text.size();
    for (auto it = spans.rbegin(); it != spans.rend() && remaining(links) > 0; ++it) {
        auto [a, b] = *it;
        if (b > removed_from) continue;
        // One separating ", " of a flow list or a Logseq property goes too.
        if (b + 1 < text.size() && text[b] == ',' && text[b + 1] == ' ') {
            b += 2;
        } else if (a >= 2 && text[a - 2] == ',' && text[a - 1] == ' ') {
            a -= 2;
        }
        std::string trial = text.substr(0, a) + text.substr(b);
        const ParsedNote parsed = parse(trial);
        if (parsed.front_matter_invalid && !original.front_matter_invalid) continue;
        const std::multiset<LinkIdentity> after = links_of(parsed);
        std::vector<LinkIdentity> gone;
        std::set_difference(links.begin(), links.end(), after.begin(), after.end(),
                            std::back_inserter(gone));
        if (gone.empty() || after.size() + gone.size() != links.size()) continue;
        if (!std::all_of(gone.begin(), gone.end(),
                         [&](const LinkIdentity& l) { return hidden.contains(l); }))
            continue;
        // A list item left empty is removed with its line.
        const std::size_t line_start = trial.rfind('\n', a == 0 ? 0 : a - 1);
        const std::size_t begin = line_start == std::string::npos || a == 0 ? 0 : line_start + 1;
        const std::size_t line_end = trial.find('\n', a);
        const std::size_t end = line_end == std::string::npos ? trial.size() : line_end + 1;
        const std::size_t content_end = line_end == std::string::npos ? trial.size() : line_end;
        if (is_empty_list_item(std::string_view(trial).substr(begin, content_end - begin))) {
            std::string shorter = trial.substr(0, begin) + trial.substr(end);
            const ParsedNote reparsed = parse(shorter);
            if (links_of(reparsed) == after &&
                reparsed.front_matter_invalid == parsed.front_matter_invalid)
                trial = std::move(shorter);
        }
        if (removed != nullptr) removed->push_back(text.substr(a, b - a));
        text = std::move(trial);
        links = after;
        removed_from = a;
    }
    if (remaining(links) > 0) return false;
    drop_emptied_keys(text, original, parse, removed);
    return true;
}

/// One link that may be hidden: source S, target T, and how S wrote it.
struct Pair {
    std::int64_t source = 0, target = 0;
    std::string source_path;
    std::set<LinkIdentity> links;      ///< every link of S that resolves to T
    bool front_matter = false;         ///< one of them is a front-matter (`related:`…) link
    bool hierarchy = false;            ///< one is a Dendron `parent` link: not in the text
    std::vector<std::string> removed;  ///< the text hiding took out of S
};

std::int64_t int_of(const std::optional<std::string>& s) {
    return s ? std::stoll(*s) : 0;
}

/// Every pair of different notes with a resolved link, except Dendron's
/// hierarchy links, which the file name makes and no text removes.
std::vector<Pair> candidate_pairs(IndexStore& store) {
    const auto rows = store.query(
        "SELECT l.note_id, l.target_id, l.kind, l.target, coalesce(l.anchor, ''), s.path FROM "
        "links l JOIN notes s ON s.id = l.note_id "
        "WHERE l.target_id IS NOT NULL AND l.target_id <> l.note_id ORDER BY s.path, l.target_id");
    std::map<std::pair<std::int64_t, std::int64_t>, Pair> pairs;
    for (const auto& row : rows.rows) {
        const std::int64_t s = int_of(row[0]), t = int_of(row[1]);
        Pair& p = pairs[{s, t}];
        p.source = s;
        p.target = t;
        p.source_path = row[5].value_or("");
        const std::string kind = row[2].value_or("");
        if (kind == "parent") p.hierarchy = true;
        if (kind != "wiki" && kind != "embed" && kind != "markdown" && kind != "block_ref")
            p.front_matter = true;
        p.links.insert({kind, row[3].value_or(""), row[4].value_or("")});
    }
    std::vector<Pair> out;
    for (auto& [key, p] : pairs) {
        if (!p.hierarchy) out.push_back(std::move(p));
    }
    return out;
}

/// Fisher–Yates with a generator the standard specifies exactly.
template <typename T>
void shuffle(std::vector<T>& v, std::mt19937_64& rng) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

/// Expected hits@5, hits@10 and reciprocal rank of one target.
struct Outcome {
    double hits5 = 0, hits10 = 0, rr = 0;
};

/// `better` notes rank above the target, `ties` (the target included) tie with it.
Outcome outcome_of(std::size_t better, std::size_t ties) {
    Outcome o;
    if (ties == 0) return o;
    auto hits = [&](double k) {
        return std::clamp((k - static_cast<double>(better)) / static_cast<double>(ties), 0.0, 1.0);
    };
    o.hits5 = hits(5);
    o.hits10 = hits(10);
    for (std::size_t r = better + 1; r <= better + ties; ++r) o.rr += 1.0 / static_cast<double>(r);
    o.rr /= static_cast<double>(ties);
    return o;
}

/// S still links to it: a known link, left out of the filtered ranking.
bool known(const RelatedCandidate& c) {
    return c.links_out || c.explicit_out;
}

/// The rank of `target` among the candidates by `w`; notes S still links to
/// are left out when `filtered`.
Outcome rank_by(const RelatedEvidence& ev, std::int64_t target, const SignalValues& w,
                bool filtered) {
    double target_score = 0;
    for (const auto& c : ev.candidates) {
        if (c.id == target) target_score = related_score(c.raw, w);
    }
    if (!(target_score > 0)) return {};
    const double eps = 1e-9 * std::max(1.0, target_score);
    std::size_t better = 0, ties = 0;
    for (const auto& c : ev.candidates) {
        if (filtered && known(c)) continue;
        const double s = related_score(c.raw, w);
        if (s > target_score + eps) {
            ++better;
        } else if (s >= target_score - eps) {
            ++ties;
        }
    }
    return outcome_of(better, ties);
}

struct Row {
    std::string name;
    double hits5 = 0, hits10 = 0, rr = 0;
    std::size_t n = 0;
    void add(const Outcome& o) {
        hits5 += o.hits5;
        hits10 += o.hits10;
        rr += o.rr;
        ++n;
    }
};

void print_table(const std::vector<Row>& rows) {
    std::printf("| scorer | hits@5 | hits@10 | MRR |\n|---|---:|---:|---:|\n");
    for (const Row& r : rows) {
        const double n = r.n == 0 ? 1.0 : static_cast<double>(r.n);
        std::printf("| %s | %.3f | %.3f | %.3f |\n", r.name.c_str(), r.hits5 / n, r.hits10 / n,
                    r.rr / n);
    }
}

/// --details: the hidden link, where `related` ranked it, and the target's raw values.
void print_details(IndexStore& store, const RelatedEvidence& ev, const Pair& p,
                   const Outcome& shipped, const SignalValues& weights) {
    const auto target = store.query("SELECT path FROM notes WHERE id = ?", {p.target});
    std::string line =
        p.source_path + " -> " + (target.rows.empty() ? "?" : target.rows[0][0].value_or("?"));
    char buf[64];
    std::snprintf(buf, sizeof buf, ": rank %s;",
                  shipped.rr > 0 ? std::to_string(std::lround(1 / shipped.rr)).c_str() : ">100");
    line += buf;
    for (const auto& c : ev.candidates) {
        if (c.id != p.target) continue;
        std::snprintf(buf, sizeof buf, " score %.3f;", related_score(c.raw, weights));
        line += buf;
        for (const RelatedSignal s : all_related_signals()) {
            std::snprintf(buf, sizeof buf, " %s %.3f", std::string(related_signal_name(s)).c_str(),
                          c.raw[s]);
            line += buf;
        }
    }
    line += "; hidden:";
    for (const auto& r : p.removed) line += " «" + r + "»";
    std::fprintf(stderr, "%s\n", line.c_str());
}

/// --dump: one line per candidate the source does not link to (or every
/// candidate, unfiltered): the query's number, 1 for the hidden target, and
/// the raw value of each signal.
void write_dump(std::ofstream& out, const RelatedEvidence& ev, const Pair& p, bool filtered,
                std::size_t query) {
    for (const auto& c : ev.candidates) {
        if (filtered && known(c)) continue;
        out << query << '\t' << (c.id == p.target ? 1 : 0);
        for (const RelatedSignal s : all_related_signals()) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "\t%.6g", c.raw[s]);
            out << buf;
        }
        out << '\n';
    }
}

IndexStats index_vault(const fs::path& vault) {
    IndexOptions options;
    options.vault = vault;
    options.db = default_db_path(vault);
    return run_index(options);
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse_args(argc, argv);
    try {
        if (!fs::is_directory(args.vault)) usage(args.vault.string() + " is not a directory");
        fs::path work = args.work;
        if (work.empty()) {
            std::string tmpl = (fs::temp_directory_path() / "notes-eval-related-XXXXXX").string();
            if (mkdtemp(tmpl.data()) == nullptr) throw Error("cannot create a temporary directory");
            work = tmpl;
        }
        const fs::path copy = work / "vault";
        if (fs::exists(copy)) throw Error(copy.string() + " exists; give an empty --work DIR");
        std::fprintf(stderr, "eval-related: copying %s to %s\n", args.vault.c_str(), copy.c_str());
        copy_vault(args.vault, copy);
        const IndexStats first = index_vault(copy);
        std::fprintf(stderr, "eval-related: indexed %zu notes in %.1f s\n", first.seen,
                     first.seconds);

        const Config config = load_config(copy / ".notes" / "config.yaml", ".notes/config.yaml");
        const SignalValues weights = parse_weights(args.weights, config.related_weights);
        const DialectChoice dialect = choose_dialect(copy, config);
        ParseOptions parse_options;
        parse_options.keys = config.keys;
        parse_options.dialect = dialect.dialect;
        parse_options.logseq_legacy_file_names = dialect.logseq_legacy_file_names;

        std::vector<Pair> pool;
        std::int64_t vault_notes = 0;
        {
            IndexStore store(default_db_path(copy), IndexStore::Mode::read_only);
            pool = candidate_pairs(store);
            vault_notes = int_of(store.query("SELECT count(*) FROM notes").rows[0][0]);
        }
        std::map<std::int64_t, std::vector<std::size_t>> by_source;
        for (std::size_t i = 0; i < pool.size(); ++i) by_source[pool[i].source].push_back(i);
        std::vector<std::int64_t> sources;
        for (const auto& [s, _] : by_source) sources.push_back(s);

        // Rows: shipped, exact combined, each alone, each left out, sweeps.
        const auto& signals = all_related_signals();
        std::vector<Row> rows;
        rows.push_back({"**combined** (`notes related`, top 100)"});
        rows.push_back({"combined (`notes related`), the source's other links ranked too"});
        rows.push_back({"combined, all candidates"});
        for (const RelatedSignal s : signals)
            rows.push_back({std::string(related_signal_name(s)) + " alone"});
        for (const RelatedSignal s : signals) {
            rows.push_back({"combined without " + std::string(related_signal_name(s))});
        }
        const double k_factors[] = {0, 0.25, 0.5, 2, 4};
        if (args.sweep) {
            for (const RelatedSignal s : signals) {
                for (const double f : k_factors) {
                    char name[96];
                    std::snprintf(name, sizeof name, "%s × %g (%g)",
                                  std::string(related_signal_name(s)).c_str(), f, weights[s] * f);
                    rows.push_back({name});
                }
            }
        }
        Row shipped_front{"combined (`notes related`): hidden `related:` entries"};
        Row shipped_body{"combined (`notes related`): hidden body links only"};

        std::size_t hidden = 0, front = 0, dropped = 0, unhideable = 0, queries = 0;
        std::optional<std::ofstream> dump;
        if (!args.dump.empty()) {
            dump.emplace(args.dump, std::ios::binary | std::ios::trunc);
            *dump << "query\ttarget";
            for (const RelatedSignal s : all_related_signals())
                *dump << '\t' << related_signal_name(s);
            *dump << '\n';
        }
        // A batch hides links of at most 5 % of the notes at once, so that
        // hiding one link seldom takes evidence away from another test.
        const std::size_t batch_size = std::max<std::size_t>(
            1, std::min<std::size_t>(args.sample, static_cast<std::size_t>(vault_notes) / 20));
        for (int round = 0; round < args.rounds; ++round) {
            std::mt19937_64 rng(args.seed * 1000003u + static_cast<std::uint64_t>(round));
            std::vector<std::int64_t> order = sources;
            shuffle(order, rng);
            // Each source's links in a random order: the first one that can be
            // hidden is.
            std::vector<std::pair<Pair, std::string>> picked;  // with the source's new text
            for (const std::int64_t s : order) {
                if (picked.size() == args.sample) break;
                std::vector<std::size_t> options = by_source[s];
                shuffle(options, rng);
                for (const std::size_t i : options) {
                    Pair p = pool[i];
                    std::string text = read_file(copy / p.source_path);
                    if (hide_links(text, p.source_path, parse_options, p.links, &p.removed)) {
                        picked.emplace_back(std::move(p), std::move(text));
                        break;
                    }
                    ++unhideable;
                }
            }
            for (std::size_t from = 0; from < picked.size(); from += batch_size) {
                std::vector<Pair> chosen;
                for (std::size_t i = from; i < std::min(picked.size(), from + batch_size); ++i) {
                    chosen.push_back(picked[i].first);
                    write_file(copy / picked[i].first.source_path, picked[i].second);
                }
                index_vault(copy);

                IndexStore store(default_db_path(copy), IndexStore::Mode::read_only);
                for (const Pair& p : chosen) {
                    const auto still = store.query(
                        "SELECT count(*) FROM links WHERE note_id = ? AND target_id = ?",
                        {p.source, p.target});
                    if (int_of(still.rows[0][0]) > 0) {
                        ++dropped;
                        continue;
                    }
                    ++hidden;
                    if (p.front_matter) ++front;
                    RelatedOptions options;
                    options.limit = 100;
                    options.weights = weights;
                    const RelatedList list = find_related(store, p.source, options);
                    const RelatedEvidence ev = gather_related_evidence(store, p.source);
                    const bool filtered = !args.unfiltered;
                    std::set<std::int64_t> known_ids;
                    std::size_t known_in_domain = 0;
                    for (const auto& c : ev.candidates) {
                        if (!filtered || !known(c)) continue;
                        known_ids.insert(c.id);
                        if (c.same_domain) ++known_in_domain;
                    }
                    Outcome shipped, unfiltered;
                    for (std::size_t r = 0, unknown = 0; r < list.notes.size(); ++r) {
                        if (list.notes[r].id == p.target) {
                            shipped = outcome_of(unknown, 1);
                            unfiltered = outcome_of(r, 1);
                        }
                        if (!known_ids.contains(list.notes[r].id)) ++unknown;
                    }
                    if (args.details) print_details(store, ev, p, shipped, weights);
                    std::size_t row = 0;
                    rows[row++].add(shipped);
                    rows[row++].add(unfiltered);
                    (p.front_matter ? shipped_front : shipped_body).add(shipped);
                    rows[row++].add(rank_by(ev, p.target, weights, filtered));
                    if (dump) write_dump(*dump, ev, p, filtered, ++queries);
                    for (const RelatedSignal s : signals) {
                        if (s == RelatedSignal::same_domain) {
                            // Alone, the domain ranks all its notes equal.
                            const auto d = store.query(
                                "SELECT coalesce(domain, '') FROM notes WHERE id = ?", {p.target});
                            const bool same =
                                !ev.domain.empty() && !d.rows.empty() &&
                                text::iequals_ascii(d.rows[0][0].value_or(""), ev.domain);
                            const auto ties =
                                static_cast<std::size_t>(ev.domain_notes) - known_in_domain;
                            rows[row++].add(same ? outcome_of(0, ties) : Outcome{});
                            continue;
                        }
                        SignalValues alone;
                        alone[s] = 1;
                        rows[row++].add(rank_by(ev, p.target, alone, filtered));
                    }
                    for (const RelatedSignal s : signals) {
                        SignalValues without = weights;
                        without[s] = 0;
                        rows[row++].add(rank_by(ev, p.target, without, filtered));
                    }
                    if (args.sweep) {
                        for (const RelatedSignal s : signals) {
                            for (const double f : k_factors) {
                                SignalValues scaled = weights;
                                scaled[s] *= f;
                                rows[row++].add(rank_by(ev, p.target, scaled, filtered));
                            }
                        }
                    }
                }
                // Put the hidden links back for the next batch.
                for (std::size_t i = from; i < std::min(picked.size(), from + batch_size); ++i) {
                    const std::string& path = picked[i].first.source_path;
                    fs::copy_file(args.vault / path, copy / path,
                                  fs::copy_options::overwrite_existing);
                    fs::permissions(copy / path, fs::perms::owner_read | fs::perms::owner_write,
                                    fs::perm_options::add);
                }
            }
        }

        if (dump) *dump << "# queries " << queries << '\n';
        std::printf(
            "Vault `%s` (%s): %lld notes, %zu linked pairs of notes (resolved links, hierarchy "
            "links left out) from %zu notes.\n",
            args.vault.c_str(), std::string(dialect_name(parse_options.dialect)).c_str(),
            static_cast<long long>(vault_notes), pool.size(), sources.size());
        std::printf(
            "Hidden: %zu links (%zu with a front-matter entry, %zu body only), one per source "
            "note, in batches of up to %zu; seed %llu, %d round%s of up to %zu; %zu pairs could "
            "not be hidden in the text; %zu dropped (still linked after hiding).\n\n",
            hidden, front, hidden - front, batch_size, static_cast<unsigned long long>(args.seed),
            args.rounds, args.rounds == 1 ? "" : "s", args.sample, unhideable, dropped);
        std::string w;
        for (const RelatedSignal s : signals) {
            char item[64];
            std::snprintf(item, sizeof item, "%s%s %g", w.empty() ? "" : ", ",
                          std::string(related_signal_name(s)).c_str(), weights[s]);
            w += item;
        }
        std::printf("Weights: %s.\n\n", w.c_str());
        std::printf(
            "%s\n\n",
            args.unfiltered
                ? "Ranking: unfiltered (the notes the source still links to are ranked too)."
                : "Ranking: filtered (the notes the source still links to are left out, except in "
                  "the "
                  "second row).");
        print_table(rows);
        std::printf("\n");
        print_table({shipped_front, shipped_body});

        if (args.work.empty() && !args.keep) {
            fs::remove_all(work);
        } else {
            std::fprintf(stderr, "eval-related: kept %s\n", work.c_str());
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "notes-eval-related: error: %s\n", e.what());
        return e.status();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "notes-eval-related: error: %s\n", e.what());
        return 4;
    }
    return 0;
}
