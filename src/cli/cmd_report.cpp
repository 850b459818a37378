// `notes report`: the vault's health and shape. The query layer computes a
// Report (notes/query/report.hpp); render/ draws it as text, Markdown, JSON
// or HTML. This file only turns the flags into ReportOptions.

// GCC 12 sees a null dereference in the vector<string> reallocation of
// CLI11's detail::split, emitted in this file for --section's delimiter;
// the pointer is never null (a false positive that comes and goes with
// inlining, as in cli.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/usage.hpp"
#include "cli/reading.hpp"
#include "notes/core/error.hpp"
#include "notes/query/report.hpp"
#include "notes/render/output.hpp"
#include "notes/render/report.hpp"
#include "notes/store/index_store.hpp"

namespace notes::cli {

using query::Report;
using query::ReportOptions;
using query::ReportSection;
using query::all_report_sections;
using query::parse_report_section;
using render::printable;
using render::write_output;
using store::IndexStore;

namespace {

struct ReportFlags {
    std::vector<std::string> sections;
    std::size_t limit = 10;
    std::string format = "text";
    std::string output;
};


std::vector<std::string> section_names() {
    std::vector<std::string> out;
    for (const ReportSection s : all_report_sections()) out.emplace_back(report_section_name(s));
    return out;
}

int run_report_command(const Context& ctx, const ReportFlags& flags) {
    ReportOptions options;
    for (const auto& name : flags.sections) {
        const auto section = parse_report_section(name);
        if (!section) throw Error("unknown section '" + name + "'", exit_status::k_usage);
        if (std::find(options.sections.begin(), options.sections.end(), *section) ==
            options.sections.end()) {
            options.sections.push_back(*section);
        }
    }
    options.limit = flags.limit;
    options.index_file = ctx.db;
    const std::unique_ptr<IndexStore> store = open_index_for_reading(ctx);
    options.open_store = [&ctx] {
        return std::make_unique<IndexStore>(ctx.db, IndexStore::Mode::read_only);
    };
    const Report report = build_report(*store, options);

    const bool to_file = !flags.output.empty();
    std::string out;
    if (flags.format == "text") {
        out = render::report_text(report, ctx.color_stdout && !to_file);
    } else if (flags.format == "markdown" || flags.format == "md") {
        out = render::report_markdown(report);
    } else if (flags.format == "json") {
        out = render::report_json(report, flags.limit);
    } else {
        out = render::report_html(report);
    }
    write_output(out, flags.output);
    if (to_file && ctx.verbose > 0) {
        std::fprintf(stderr, "notes: wrote %s\n", printable(flags.output).c_str());
    }
    return exit_status::k_ok;
}

}  // namespace

CommandDefinition report_command() {
    return {"report",
            "The vault's health and shape: problems, activity, tags (text, Markdown, JSON, HTML)",
            [](CLI::App& app) -> Action {
                auto flags = std::make_shared<ReportFlags>();
                app.footer(
                    "Sections: overview, activity, tags, domains, statuses, broken-links, orphans, "
                    "front-matter,\n"
                    "duplicates, encoding, reading-queue.\n\nExamples:\n  notes report\n"
                    "  notes report --section broken-links --limit 0\n"
                    "  notes report --format html --output report.html");
                app.add_option("--section", flags->sections,
                               "Only this section (repeatable, or comma-separated)")
                    ->option_text("NAME")
                    ->delimiter(',')
                    ->check(CLI::Validator(
                        [](std::string& name) -> std::string {
                            // parse_report_section() also takes '_' for '-'.
                            return parse_report_section(name)
                                       ? std::string()
                                       : invalid_choice("--section", name, section_names());
                        },
                        ""));
                app.add_option("--limit", flags->limit,
                               "Longest list per section (default 10; 0 = no limit)")
                    ->option_text("N")
                    ->check(whole_number("--limit", 0));
                app.add_option("--format", flags->format, "text (default), markdown, json or html")
                    ->option_text("FORMAT")
                    ->transform(one_of("--format", {"text", "markdown", "md", "json", "html"},
                                       /*ignore_case=*/true));
                app.add_option("-o,--output", flags->output, "Write to FILE instead of stdout");
                return [flags](const Context& ctx) { return run_report_command(ctx, *flags); };
            }};
}

}  // namespace notes::cli

