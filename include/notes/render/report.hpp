#pragma once
// `notes report` rendered: the Report of query/report.hpp in each format.
// Every renderer shows the same sections in the same order; a section absent
// from the Report (not asked for) is left out.

#include <cstddef>
#include <string>

#include "notes/query/report.hpp"

namespace notes::render {

/// For a terminal: aligned columns, Unicode bar charts; ANSI colour when `color`.
std::string report_text(const query::Report& report, bool color);
/// A Markdown dashboard; paths, tags and targets in code spans.
std::string report_markdown(const query::Report& report);
/// One JSON object (docs/cli.md); `limit` is the list limit the report was built with.
std::string report_json(const query::Report& report, std::size_t limit);
/// One self-contained HTML page with SVG charts.
std::string report_html(const query::Report& report);

}  // namespace notes::render
