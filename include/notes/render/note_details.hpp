#pragma once
// `notes show`: everything the index knows about one note, rendered.

#include <string>

#include "notes/query/note_details.hpp"

namespace notes::render {

/// The readable view: sections for fields, tags, links, backlinks, headings
/// and warnings; ANSI colour when `color`. Ends with a newline.
std::string note_details_text(const query::NoteDetails& details, bool color);
/// One JSON object whose keys are documented in docs/cli.md (no newline).
std::string note_details_json(const query::NoteDetails& details);

}  // namespace notes::render
