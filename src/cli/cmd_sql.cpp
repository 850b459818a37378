// `notes sql QUERY`: one SQL statement over the index, printed by the output
// layer in any of its formats.
//
// Nothing in this file makes the command safe, and nothing here looks at the
// SQL text: the statement runs on a connection opened with
// IndexStore::Mode::untrusted_sql, where SQLite itself refuses writes, ATTACH,
// VACUUM INTO, setting pragmas and the functions that reach outside SQL (the
// layers are described in src/core/index_store.cpp).

#include <CLI/CLI.hpp>
#include <strings.h>

#include <cstdio>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "cli/command.hpp"
#include "cli/output.hpp"
#include "cli/reading.hpp"
#include "notes/error.hpp"
#include "notes/index_store.hpp"

namespace notes::cli {
namespace {

struct SqlFlags {
    std::string query;
    std::string format;
};

std::string read_all(std::FILE* in) {
    std::string text;
    char buf[65536];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) text.append(buf, n);
    if (std::ferror(in)) throw Error("sql: cannot read the query from standard input");
    return text;
}

Value to_value(SqlValue&& v) {
    return std::visit(
        [](auto&& x) -> Value {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>) {
                return std::move(x);
            } else {
                return x;
            }
        },
        std::move(v));
}

/// Columns named after the result's, cells keeping their SQLite types so that
/// numbers stay numbers in JSON. `paths` prints the column named `path`, else
/// the first. On a narrow terminal every column holding text may be cut (from
/// the left, none below 8 columns): a query's columns have no known priority,
/// and numbers are never cut.
Table to_table(TypedQueryResult&& result) {
    Table table;
    std::vector<bool> has_text(result.columns.size(), false);
    for (auto& row : result.rows) {
        auto& cells = table.rows.emplace_back();
        cells.reserve(row.size());
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (std::holds_alternative<std::string>(row[c])) has_text[c] = true;
            cells.push_back(to_value(std::move(row[c])));
        }
    }
    bool path_found = false;
    for (std::size_t c = 0; c < result.columns.size(); ++c) {
        if (!path_found && ::strcasecmp(result.columns[c].c_str(), "path") == 0) {
            table.path_column = c;
            path_found = true;
        }
        table.columns.push_back(Column{std::move(result.columns[c]), has_text[c], false});
    }
    return table;
}

int run_sql_command(const Context& ctx, const SqlFlags& flags) {
    const RenderOptions options = render_options(ctx, flags.format);
    const std::string sql = flags.query == "-" ? read_all(stdin) : flags.query;

    // The shared opener says "run `notes index` first" or "built by another
    // version" when it should; the query then gets a connection of its own,
    // locked down before it sees any user SQL.
    open_index_for_reading(ctx);
    IndexStore store(ctx.db, IndexStore::Mode::untrusted_sql);
    TypedQueryResult result;
    try {
        result = store.run_user_query(sql);
    } catch (const Error& e) {
        throw Error(std::string("sql: ") + e.what(), e.status());
    }
    const Table table = to_table(std::move(result));
    render(table, options, stdout);
    return table.rows.empty() ? exit_status::k_nothing_found : exit_status::k_ok;
}

}  // namespace

CommandDefinition sql_command() {
    return {"sql", "Run one read-only SQL query over the index", [](CLI::App& app) -> Action {
                auto flags = std::make_shared<SqlFlags>();
                app.footer(
                    "The query runs on a read-only connection: SQLite itself refuses writes, ATTACH, "
                    "VACUUM INTO and setting pragmas. One statement per run. Tables and views: "
                    "docs/schema.md (notes, tags, aliases, fields, links, headings, block_ids, "
                    "warnings, notes_fts; backlinks, broken_links, broken_anchors, tag_counts, "
                    "orphans).\n\n"
                    "Exit status: 0 rows printed; 1 no rows; 2 SQLite rejected the query; 4 the index "
                    "could not be read.\n\n"
                    "Examples:\n"
                    "  notes sql \"SELECT tag, notes FROM tag_counts ORDER BY notes DESC LIMIT 10\"\n"
                    "  notes sql \"SELECT source_path, line, target FROM broken_links\" --format csv\n"
                    "  notes sql \"SELECT path FROM notes WHERE status = 'unread'\" --format paths\n"
                    "  notes sql \"SELECT domain, count(*) AS n FROM notes GROUP BY domain\" --format json\n"
                    "  notes sql - < query.sql");
                app.add_option("QUERY", flags->query, "One SQL statement; '-' reads it from standard input")
                    ->required();
                app.add_option("--format", flags->format,
                               "table (default on a terminal), list (default otherwise), json, jsonl, "
                               "csv or paths")
                    ->check(CLI::IsMember(format_names()))
                    ->option_text("FORMAT");
                return [flags](const Context& ctx) { return run_sql_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli
