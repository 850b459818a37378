// notes-fit-related: learns the weights of `notes related` from evaluations.
//
// `notes-eval-related VAULT --dump FILE` writes, for every hidden link, the
// raw value of every signal for every candidate (and which candidate is the
// hidden target). This tool reads such dumps, one per vault, and searches the
// weights that rank the hidden targets best: coordinate ascent on the mean
// reciprocal rank, each vault counting equally (the mean over vaults of each
// vault's MRR), so that a large vault does not outvote the others. The score
// is the one `notes related` computes, Σ weight × related_strength(raw), so a
// fitted weight can be put in the defaults as it is.
//
// To show that a fit generalises rather than learning one vault, it reports:
//
//   * leave one vault out: for each vault, the weights fitted on the others
//     only, measured on it (a vault nobody tuned for);
//   * split by links: the weights fitted on the odd-numbered hidden links of
//     every vault, measured on the even-numbered ones;
//   * the weights fitted on all of them, and the given weights (the
//     defaults, unless --weights), for comparison;
//   * with --hold NAME,…: the weights fitted on the other vaults only (the
//     development split), measured on every vault; the held ones were never
//     seen by the fit.
//
// Ranking as in the evaluation: ties count fairly (the expected rank in a
// random order among the tied notes); a hidden target no signal finds has
// reciprocal rank 0. The dumps hold the filtered candidates (the notes the
// source still links to are left out), so the numbers match the evaluation's
// "all candidates" row.
//
//   notes-fit-related NAME=DUMP... [--signals a,b,c] [--fix NAME] [--weights k=v,...]
//                     [--hold NAME,...]

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "notes/core/related_signals.hpp"
#include "notes/query/related.hpp"

using namespace notes;

namespace {

/// One hidden link: its candidates' strengths, and which one is the target.
struct Query {
    std::vector<std::array<double, k_related_signals>> strength;
    int target = -1;
};

struct Vault {
    std::string name;
    std::vector<Query> queries;
};

[[noreturn]] void usage(const std::string& message) {
    std::fprintf(stderr,
                 "notes-fit-related: %s\n"
                 "usage: notes-fit-related NAME=DUMP... [--signals a,b,...] [--fix SIGNAL] "
                 "[--weights name=value,...] [--hold NAME,...]\n",
                 message.c_str());
    std::exit(2);
}

Vault load(const std::string& name, const std::string& path) {
    std::ifstream in(path);
    if (!in) usage("cannot read " + path);
    Vault v;
    v.name = name;
    std::string line;
    std::getline(in, line);  // header: query, target, the signals' names
    std::vector<RelatedSignal> columns;
    {
        std::stringstream ss(line);
        std::string field;
        std::getline(ss, field, '\t');
        std::getline(ss, field, '\t');
        while (std::getline(ss, field, '\t')) {
            const auto s = parse_related_signal(field);
            if (!s) usage(path + ": unknown signal " + field);
            columns.push_back(*s);
        }
    }
    std::size_t queries = 0;
    std::map<std::size_t, Query> by_query;
    while (std::getline(in, line)) {
        if (line.rfind("# queries ", 0) == 0) {
            queries = std::stoul(line.substr(10));
            continue;
        }
        std::stringstream ss(line);
        std::size_t q = 0;
        int target = 0;
        ss >> q >> target;
        std::array<double, k_related_signals> st{};
        for (const RelatedSignal s : columns) {
            double raw = 0;
            ss >> raw;
            st[static_cast<std::size_t>(s)] = query::related_strength(s, raw);
        }
        Query& query = by_query[q];
        if (target == 1) query.target = static_cast<int>(query.strength.size());
        query.strength.push_back(st);
    }
    if (queries == 0) usage(path + ": no '# queries' line (an unfinished dump?)");
    v.queries.resize(queries);
    for (auto& [q, query] : by_query) {
        if (q >= 1 && q <= queries) v.queries[q - 1] = std::move(query);
    }
    return v;
}

struct Score {
    double hits5 = 0, hits10 = 0, mrr = 0;
};

/// Which queries of a vault count: all, the odd-numbered or the even-numbered.
enum class Part { all, odd, even };

bool in_part(std::size_t i, Part part) {
    return part == Part::all || (part == Part::odd ? i % 2 == 0 : i % 2 == 1);
}

Score measure(const Vault& v, const SignalValues& w, Part part) {
    Score s;
    std::size_t n = 0;
    for (std::size_t i = 0; i < v.queries.size(); ++i) {
        if (!in_part(i, part)) continue;
        ++n;
        const Query& q = v.queries[i];
        if (q.target < 0) continue;
        auto score = [&](std::size_t c) {
            double total = 0;
            for (std::size_t k = 0; k < k_related_signals; ++k)
                total += w.values[k] * q.strength[c][k];
            return total;
        };
        const double t = score(static_cast<std::size_t>(q.target));
        if (!(t > 0)) continue;
        const double eps = 1e-9 * std::max(1.0, t);
        std::size_t better = 0, ties = 0;
        for (std::size_t c = 0; c < q.strength.size(); ++c) {
            const double x = score(c);
            if (x > t + eps) {
                ++better;
            } else if (x >= t - eps) {
                ++ties;
            }
        }
        auto hits = [&](double k) {
            return std::clamp((k - static_cast<double>(better)) / static_cast<double>(ties), 0.0,
                              1.0);
        };
        s.hits5 += hits(5);
        s.hits10 += hits(10);
        double rr = 0;
        for (std::size_t r = better + 1; r <= better + ties; ++r)
            rr += 1.0 / static_cast<double>(r);
        s.mrr += rr / static_cast<double>(ties);
    }
    if (n > 0) {
        s.hits5 /= static_cast<double>(n);
        s.hits10 /= static_cast<double>(n);
        s.mrr /= static_cast<double>(n);
    }
    return s;
}

/// The objective: the mean over `vaults` of their MRR on `part`.
double objective(const std::vector<const Vault*>& vaults, const SignalValues& w, Part part) {
    double total = 0;
    for (const Vault* v : vaults) total += measure(*v, w, part).mrr;
    return vaults.empty() ? 0 : total / static_cast<double>(vaults.size());
}

/// Coordinate ascent from `start` over the signals in `free`: each round tries
/// every free weight at a set of multiples of its value (and a few absolute
/// values, so that a weight at 0 can come back), keeps the best change, and
/// stops when no change gains 0.0005.
SignalValues fit(const std::vector<const Vault*>& vaults, SignalValues w,
                 const std::vector<RelatedSignal>& free, Part part) {
    const double factors[] = {0, 0.25, 0.5, 0.71, 0.85, 1.2, 1.41, 2, 4};
    const double absolute[] = {0.25, 0.5, 1, 2};
    double best = objective(vaults, w, part);
    for (int round = 0; round < 30; ++round) {
        double gain = 0;
        RelatedSignal best_signal{};
        double best_value = 0;
        for (const RelatedSignal s : free) {
            std::vector<double> values;
            for (const double f : factors) values.push_back(w[s] * f);
            for (const double a : absolute) values.push_back(a);
            for (const double value : values) {
                if (value == w[s]) continue;
                SignalValues trial = w;
                trial[s] = value;
                const double o = objective(vaults, trial, part);
                if (o - best > gain) {
                    gain = o - best;
                    best_signal = s;
                    best_value = value;
                }
            }
        }
        if (gain < 0.0005) break;
        w[best_signal] = best_value;
        best += gain;
    }
    return w;
}

std::string weights_text(const SignalValues& w, const std::vector<RelatedSignal>& shown) {
    std::string out;
    for (const RelatedSignal s : shown) {
        char item[64];
        std::snprintf(item, sizeof item, "%s%s %.3g", out.empty() ? "" : ", ",
                      std::string(related_signal_name(s)).c_str(), w[s]);
        out += item;
    }
    return out;
}

SignalValues parse_weights(const std::string& spec, SignalValues weights) {
    std::stringstream in(spec);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) continue;
        const auto eq = item.find('=');
        const auto signal = parse_related_signal(item.substr(0, eq));
        if (eq == std::string::npos || !signal) usage("--weights: bad item '" + item + "'");
        weights[*signal] = std::stod(item.substr(eq + 1));
    }
    return weights;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<Vault> vaults;
    std::vector<RelatedSignal> free(all_related_signals().begin(), all_related_signals().end());
    std::string fixed, weight_spec;
    std::vector<std::string> held;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) usage(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--signals") {
            free.clear();
            std::stringstream ss(next());
            std::string name;
            while (std::getline(ss, name, ',')) {
                const auto s = parse_related_signal(name);
                if (!s) usage("unknown signal " + name);
                free.push_back(*s);
            }
        } else if (arg == "--fix") {
            fixed = next();
        } else if (arg == "--weights") {
            weight_spec = next();
        } else if (arg == "--hold") {
            std::stringstream ss(next());
            std::string name;
            while (std::getline(ss, name, ',')) held.push_back(name);
        } else if (arg.find('=') != std::string::npos && arg[0] != '-') {
            const auto eq = arg.find('=');
            vaults.push_back(load(arg.substr(0, eq), arg.substr(eq + 1)));
        } else {
            usage("unknown argument " + arg);
        }
    }
    if (vaults.empty()) usage("no NAME=DUMP given");

    SignalValues given = parse_weights(weight_spec, default_related_weights());
    // Signals not fitted keep 0 unless given; the fixed one sets the scale.
    SignalValues start;
    for (const RelatedSignal s : free) start[s] = given[s] > 0 ? given[s] : 1;
    std::vector<RelatedSignal> fitted = free;
    if (!fixed.empty()) {
        const auto s = parse_related_signal(fixed);
        if (!s) usage("unknown signal " + fixed);
        fitted.erase(std::remove(fitted.begin(), fitted.end(), *s), fitted.end());
    }

    std::vector<const Vault*> all;
    for (const Vault& v : vaults) all.push_back(&v);

    const SignalValues on_all = fit(all, start, fitted, Part::all);
    const SignalValues on_odd = fit(all, start, fitted, Part::odd);
    std::vector<SignalValues> loo;
    for (const Vault& v : vaults) {
        std::vector<const Vault*> others;
        for (const Vault& o : vaults) {
            if (&o != &v) others.push_back(&o);
        }
        loo.push_back(others.empty() ? start : fit(others, start, fitted, Part::all));
    }

    std::printf("Given weights: %s.\n",
                weights_text(given, std::vector<RelatedSignal>(all_related_signals().begin(),
                                                               all_related_signals().end()))
                    .c_str());
    std::printf("Fitted on every vault: %s.\n", weights_text(on_all, free).c_str());
    std::printf("Fitted on the odd-numbered hidden links: %s.\n",
                weights_text(on_odd, free).c_str());
    for (std::size_t i = 0; i < vaults.size(); ++i) {
        std::printf("Fitted without %s: %s.\n", vaults[i].name.c_str(),
                    weights_text(loo[i], free).c_str());
    }
    if (!held.empty()) {
        std::vector<const Vault*> development;
        for (const Vault& v : vaults) {
            if (std::find(held.begin(), held.end(), v.name) == held.end())
                development.push_back(&v);
        }
        const SignalValues split = fit(development, start, fitted, Part::all);
        std::printf("Fitted on the development vaults only: %s.\n\n",
                    weights_text(split, free).c_str());
        std::printf(
            "| vault | split | given | fitted on the development vaults |\n|---|---|---|---|\n");
        for (const Vault& v : vaults) {
            const bool is_held = std::find(held.begin(), held.end(), v.name) != held.end();
            const Score a = measure(v, given, Part::all);
            const Score b = measure(v, split, Part::all);
            std::printf("| %s | %s | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f |\n", v.name.c_str(),
                        is_held ? "held apart" : "development", a.hits5, a.hits10, a.mrr, b.hits5,
                        b.hits10, b.mrr);
        }
    }
    std::printf(
        "\n| vault | given | fitted on all | leave the vault out | fitted on odd, "
        "measured on even |\n|---|---|---|---|---|\n");
    double sums[4][3] = {};
    for (std::size_t i = 0; i < vaults.size(); ++i) {
        const Score a = measure(vaults[i], given, Part::all);
        const Score b = measure(vaults[i], on_all, Part::all);
        const Score c = measure(vaults[i], loo[i], Part::all);
        const Score d = measure(vaults[i], on_odd, Part::even);
        const Score* scores[] = {&a, &b, &c, &d};
        std::printf("| %s ", vaults[i].name.c_str());
        for (int k = 0; k < 4; ++k) {
            std::printf("| %.3f / %.3f / %.3f ", scores[k]->hits5, scores[k]->hits10,
                        scores[k]->mrr);
            sums[k][0] += scores[k]->hits5;
            sums[k][1] += scores[k]->hits10;
            sums[k][2] += scores[k]->mrr;
        }
        std::printf("|\n");
    }
    const double n = static_cast<double>(vaults.size());
    std::printf("| mean ");
    for (auto& sum : sums) std::printf("| %.3f / %.3f / %.3f ", sum[0] / n, sum[1] / n, sum[2] / n);
    std::printf("|\n\n(hits@5 / hits@10 / MRR)\n");
    return 0;
}
