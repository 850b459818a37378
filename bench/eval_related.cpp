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
// specified). Candidate links are resolved links between two notes whose
// every occurrence S→T is a wiki-link, an embed or a front-matter link (so
// `related:` entries and body wiki-links; a pair with a Markdown link is
// skipped, since we only remove [[…]]). A hidden pair that the re-index
// still shows as linked is dropped and counted. The original vault is never
// written: the copy lives in a temporary directory (or --work DIR).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "notes/core/config.hpp"
#include "notes/core/error.hpp"
#include "notes/store/index_store.hpp"
#include "notes/index/indexer.hpp"
#include "notes/query/related.hpp"
#include "notes/core/resolve.hpp"
#include "notes/core/text.hpp"

namespace fs = std::filesystem;
using namespace notes;
using namespace notes::index;
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
/// does) and its .notes/config.yaml.
void copy_vault(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator();
         ++it) {
        const fs::path rel = fs::relative(it->path(), from);
        const std::string name = it->path().filename().string();
        if (it->is_directory() && !it->is_symlink() && !name.empty() && name[0] == '.') {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_symlink()) {
            fs::copy_symlink(it->path(), to / rel);
        } else if (it->is_directory()) {
            fs::create_directories(to / rel);
        } else if (it->is_regular_file()) {
            fs::copy_file(it->path(), to / rel, fs::copy_options::overwrite_existing);
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
}

bool is_empty_list_item(std::string_view line) {
    std::string rest;
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r') rest += c;
    }
    return rest == "-" || rest == "*" || rest == "+" || rest == "-''" || rest == "-\"\"";
}

/// Removes from `text` every [[wiki-link]] (and ![[embed]], and the quotes
/// around a quoted one) whose target is in `keys`; a list item left empty is
/// removed with its line. Returns how many links went.
std::size_t remove_links(std::string& text, const std::set<std::string>& keys) {
    std::string out;
    std::size_t removed = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        const std::size_t next = eol == std::string::npos ? text.size() : eol + 1;
        std::string line = text.substr(pos, next - pos);
        pos = next;
        std::size_t removed_here = 0;
        std::size_t at = 0;
        while ((at = line.find("[[", at)) != std::string::npos) {
            const std::size_t close = line.find("]]", at + 2);
            if (close == std::string::npos) break;
            if (at > 0 && line[at - 1] == '\\') {
                at += 2;
                continue;
            }
            const std::string inner = line.substr(at + 2, close - at - 2);
            std::size_t end = inner.find_first_of("|#");
            if (end != std::string::npos && end > 0 && inner[end] == '|' && inner[end - 1] == '\\')
                --end;
            const std::string key = notes::target_key(inner.substr(0, end));
            if (key.empty() || !keys.contains(key)) {
                at = close + 2;
                continue;
            }
            std::size_t a = at, b = close + 2;
            if (a > 0 && line[a - 1] == '!') --a;
            if (a > 0 && b < line.size() && (line[a - 1] == '\'' || line[a - 1] == '"') &&
                line[b] == line[a - 1]) {
                --a;
                ++b;
                // A flow list item: take one separating comma with it.
                if (b + 1 < line.size() && line[b] == ',' && line[b + 1] == ' ') {
                    b += 2;
                } else if (a >= 2 && line[a - 2] == ',' && line[a - 1] == ' ') {
                    a -= 2;
                }
            }
            line.erase(a, b - a);
            at = a;
            ++removed_here;
        }
        removed += removed_here;
        if (removed_here > 0 && is_empty_list_item(line.substr(0, line.find('\n')))) continue;
        out += line;
    }
    text = std::move(out);
    return removed;
}

/// One hidden link: source S, target T, and how S wrote it.
struct Pair {
    std::int64_t source = 0, target = 0;
    std::string source_path;
    std::set<std::string> keys;  ///< folded targets as written in S
    bool front_matter = false;   ///< S has a front-matter (`related:`…) link to T
    bool eligible = true;
};

std::int64_t int_of(const std::optional<std::string>& s) {
    return s ? std::stoll(*s) : 0;
}

std::vector<Pair> candidate_pairs(IndexStore& store) {
    const auto rows = store.query(
        "SELECT l.note_id, l.target_id, l.kind, l.target, s.path FROM links l JOIN notes s ON s.id "
        "= l.note_id "
        "WHERE l.target_id IS NOT NULL AND l.target_id <> l.note_id ORDER BY s.path, l.target_id");
    std::map<std::pair<std::int64_t, std::int64_t>, Pair> pairs;
    for (const auto& row : rows.rows) {
        const std::int64_t s = int_of(row[0]), t = int_of(row[1]);
        Pair& p = pairs[{s, t}];
        p.source = s;
        p.target = t;
        p.source_path = row[4].value_or("");
        const std::string kind = row[2].value_or("");
        if (kind == "markdown" || kind == "external") p.eligible = false;
        if (kind != "wiki" && kind != "embed" && kind != "markdown") p.front_matter = true;
        p.keys.insert(notes::target_key(row[3].value_or("")));
    }
    std::vector<Pair> out;
    for (auto& [key, p] : pairs) {
        if (p.eligible) out.push_back(std::move(p));
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
    return c.links_out || !c.keys_out.empty();
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
    std::fprintf(stderr, "%s\n", line.c_str());
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

        std::size_t hidden = 0, front = 0, dropped = 0;
        for (int round = 0; round < args.rounds; ++round) {
            std::mt19937_64 rng(args.seed * 1000003u + static_cast<std::uint64_t>(round));
            std::vector<std::int64_t> order = sources;
            shuffle(order, rng);
            if (order.size() > args.sample) order.resize(args.sample);
            std::vector<Pair> chosen;
            for (const std::int64_t s : order) {
                const auto& options = by_source[s];
                chosen.push_back(pool[options[rng() % options.size()]]);
            }
            for (const Pair& p : chosen) {
                const fs::path file = copy / p.source_path;
                std::string text = read_file(file);
                if (remove_links(text, p.keys) > 0) write_file(file, text);
            }
            index_vault(copy);

            IndexStore store(default_db_path(copy), IndexStore::Mode::read_only);
            for (const Pair& p : chosen) {
                const auto still =
                    store.query("SELECT count(*) FROM links WHERE note_id = ? AND target_id = ?",
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
                for (const RelatedSignal s : signals) {
                    if (s == RelatedSignal::same_domain) {
                        // Alone, the domain ranks all its notes equal.
                        const auto d = store.query(
                            "SELECT coalesce(domain, '') FROM notes WHERE id = ?", {p.target});
                        const bool same = !ev.domain.empty() && !d.rows.empty() &&
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
            // Put the hidden links back for the next round.
            for (const Pair& p : chosen) {
                fs::copy_file(args.vault / p.source_path, copy / p.source_path,
                              fs::copy_options::overwrite_existing);
            }
        }

        std::printf(
            "Vault `%s`: %lld notes, %zu candidate links (resolved, written as `[[…]]`) from %zu "
            "notes.\n",
            args.vault.c_str(), static_cast<long long>(vault_notes), pool.size(), sources.size());
        std::printf(
            "Hidden: %zu links (%zu with a front-matter entry, %zu body only), one per source "
            "note; "
            "seed %llu, %d round%s of up to %zu; %zu dropped (still linked after hiding).\n\n",
            hidden, front, hidden - front, static_cast<unsigned long long>(args.seed), args.rounds,
            args.rounds == 1 ? "" : "s", args.sample, dropped);
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
