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
#include "notes/render/listings.hpp"
#include "notes/render/output.hpp"
#include "cli/reading.hpp"
#include "notes/core/error.hpp"
#include "notes/store/index_store.hpp"

namespace notes::cli {

using render::Column;
using render::RenderOptions;
using render::Table;
using render::Value;
using render::format_names;
using render::print_table;
using store::IndexStore;
using store::SqlValue;
using store::TypedQueryResult;

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
    const Table table = render::sql_result_table(std::move(result));
    print_table(table, options, stdout);
    return table.rows.empty() ? exit_status::k_nothing_found : exit_status::k_ok;
}

}  // namespace

CommandDefinition sql_command() {
    return {"sql", "Run one read-only SQL query over the index", [](CLI::App& app) -> Action {
                auto flags = std::make_shared<SqlFlags>();
                app.footer(
                    "The query runs on a read-only connection: SQLite itself refuses writes, ATTACH, "
                    "VACUUM INTO and setting pragmas. One statement per run. Tables and views: "
                    "docs/schema.md (notes, tags, tag_nodes, aliases, fields, links, headings, block_ids, "
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
                add_format_option(app, flags->format, "--format");
                return [flags](const Context& ctx) { return run_sql_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli
