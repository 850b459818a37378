// `notes related NOTE`: the notes that belong with NOTE, best first, with the
// reasons; `notes related --text "…"` / `--file draft.md`: the notes that
// belong with text that is not a note yet (what to link from a draft). The
// scoring is query logic (notes/query/related.hpp, explained at the top of
// src/query/related.cpp); this file reads the weights from the config, parses
// a draft the way the indexer would, turns the results into a Table and
// renders it.

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "notes/render/listings.hpp"
#include "notes/render/output.hpp"
#include "cli/reading.hpp"
#include "cli/terminal.hpp"
#include "notes/core/config.hpp"
#include "notes/core/error.hpp"
#include "notes/core/paths.hpp"
#include "notes/index/dialect.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/query/related.hpp"
#include "notes/render/listings.hpp"
#include "notes/render/output.hpp"

namespace notes::cli {

namespace fs = std::filesystem;
using query::RelatedDraft;
using query::RelatedList;
using query::RelatedNote;
using query::RelatedOptions;
using render::Format;
using render::format_names;
using render::format_warning;
using render::print_table;
using render::printable;
using render::RenderOptions;
using render::Table;
using render::Value;

namespace {

struct RelatedFlags {
    std::string note;
    std::optional<std::string> text;
    std::optional<std::string> file;
    std::size_t limit = 10;
    std::string format;
    bool explain = false;
};

std::string read_all(std::istream& in) {
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The draft of --text or --file, parsed as the indexer parses a note of
/// this vault. A file inside the vault is parsed at its own path (its
/// relative links and Foam definitions resolve from its folder) and, when it
/// is an indexed note, stands for that note.
RelatedDraft read_draft(const Context& ctx, const Config& config, store::IndexStore& store,
                        const RelatedFlags& flags) {
    std::string content;
    std::string path = "draft.md";
    std::optional<std::int64_t> note_id;
    if (flags.text) {
        content = *flags.text;
    } else if (*flags.file == "-") {
        content = read_all(std::cin);
    } else {
        const fs::path file = *flags.file;
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            throw Error("cannot read '" + file.string() + "': " +
                        (fs::exists(file) ? "permission denied or not a file" : "no such file"));
        }
        content = read_all(in);
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(fs::absolute(file), ec);
        const fs::path vault = fs::weakly_canonical(fs::absolute(ctx.vault), ec);
        const fs::path rel = canonical.lexically_relative(vault);
        if (!ec && !rel.empty() && *rel.begin() != "..") {
            path = rel.generic_string();
            const auto row = store.query("SELECT id FROM notes WHERE path = ?", {path});
            if (!row.rows.empty() && row.rows[0][0]) note_id = std::stoll(*row.rows[0][0]);
        } else {
            path = file.filename().string();
        }
    }
    const index::DialectChoice dialect = index::choose_dialect(ctx.vault, config);
    parse::ParseOptions options;
    options.keys = config.keys;
    options.dialect = dialect.dialect;
    options.logseq_legacy_file_names = dialect.logseq_legacy_file_names;
    const ParsedNote parsed = parse::parse_note(path, slug_of(path), content, options);
    RelatedDraft draft = query::related_draft(parsed, path);
    // Text typed on the command line has no file name to stand for a title.
    if (flags.text && parsed.title_source == "slug") draft.title.clear();
    draft.note_id = note_id;
    return draft;
}

int run_related_command(const Context& ctx, const RelatedFlags& flags) {
    const RenderOptions options = render_options(ctx, flags.format);
    const Config config = load_config(ctx.vault / ".notes" / "config.yaml", ".notes/config.yaml");
    for (const Warning& w : config.warnings)
        std::fprintf(stderr, "%s\n", format_warning(w).c_str());

    const bool draft = flags.text || flags.file;
    if (draft == !flags.note.empty()) {
        throw Error("give NOTE, --text TEXT or --file FILE (one of them)", exit_status::k_usage);
    }
    auto store = open_index_for_reading(ctx);
    RelatedOptions query;
    query.limit = flags.limit;
    query.weights = config.related_weights;
    RelatedList list;
    std::string subject;
    if (draft) {
        list = find_related(*store, read_draft(ctx, config, *store, flags), query);
        subject = flags.text ? "the text"
                             : (*flags.file == "-" ? "the text read from stdin"
                                                   : "'" + printable(*flags.file) + "'");
    } else {
        const auto id = resolve_note_argument(*store, flags.note);
        if (!id) return exit_status::k_nothing_found;
        list = find_related(*store, *id, query);
        subject = "'" + printable(flags.note) + "'";
    }
    const std::vector<RelatedNote>& related = list.notes;
    if (ctx.verbose > 0 && query.weights[RelatedSignal::similar_text] == 0) {
        std::fprintf(stderr, "notes: similar text: off (weight 0)\n");
    } else if (ctx.verbose > 0) {
        std::string terms;
        for (const auto& t : list.terms) terms += (terms.empty() ? "" : ", ") + t;
        std::fprintf(stderr, "notes: similar text searched for: %s\n",
                     terms.empty() ? "(no distinctive terms)" : printable(terms).c_str());
    }
    if (related.empty()) {
        std::fprintf(stderr,
                     "notes: nothing relates to %s: no links, tags, front-matter keys or words in "
                     "common with a note\n",
                     subject.c_str());
        // Like `find`: the machine formats still print an empty result.
        if (options.format == Format::table) return exit_status::k_nothing_found;
    }
    const bool as_list = options.format == Format::json || options.format == Format::jsonl;
    print_table(flags.explain ? render::related_explain_table(related, query.weights)
                              : render::related_table(related, as_list),
                options, stdout);
    return related.empty() ? exit_status::k_nothing_found : exit_status::k_ok;
}

}  // namespace

CommandDefinition related_command() {
    return {"related", "Notes related to NOTE (or to a draft), ranked, with the reasons",
            [](CLI::App& app) -> Action {
                auto flags = std::make_shared<RelatedFlags>();
                app.footer(
                    "Combines front-matter relations, links both ways, shared tags (rare ones "
                    "count more), co-citation, shared link targets, the domain, similar text, a "
                    "short random walk over links, tags and front-matter keys (notes like this "
                    "one link to it), and one note naming the other by its title. Weights can be "
                    "set under `related:` in .notes/config.yaml (see docs/related.md). With "
                    "--text or --file, ranks the notes for a draft that is not a note yet: its "
                    "words, tags, keys and the notes its links name. Exit status 1 when nothing "
                    "relates.\n\n"
                    "Examples:\n"
                    "  notes related index-tuning.md\n"
                    "  notes related index-tuning.md --limit 5 --format json\n"
                    "  notes related index-tuning.md --explain\n"
                    "  notes related --text \"Checkpoints and the WAL file in SQLite\"\n"
                    "  notes related --file ~/drafts/wal.md\n"
                    "  pbpaste | notes related --file -");
                app.add_option("NOTE", flags->note, "The note: a slug, path, title or alias");
                auto* text = app.add_option("--text", flags->text,
                                            "Rank the notes for TEXT, a draft that is not a note "
                                            "(Markdown: its [[links]] and #tags count)")
                                 ->option_text("TEXT");
                auto* file = app.add_option("--file", flags->file,
                                            "Rank the notes for the draft in FILE, inside the "
                                            "vault or not; - reads standard input")
                                 ->option_text("FILE");
                text->excludes(file);
                app.add_option("-n,--limit", flags->limit, "Print at most N notes (default 10)")
                    ->option_text("N")
                    ->check(whole_number("--limit", 1));
                add_format_option(app, flags->format, "-f,--format");
                app.add_flag("--explain", flags->explain,
                             "One line per note and signal: its raw value, weight and "
                             "contribution");
                return [flags](const Context& ctx) { return run_related_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli
