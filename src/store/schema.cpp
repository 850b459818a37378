// The schema of the index, as SQL. Keep docs/schema.md in step with every
// change here, and bump IndexStore::k_schema_version: an index of another
// version is rebuilt automatically.

#include "store_impl.hpp"

namespace notes::store::detail {

const char* const k_schema_sql = R"SQL(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;

CREATE TABLE notes (
  id                   INTEGER PRIMARY KEY,
  path                 TEXT NOT NULL UNIQUE,
  slug                 TEXT NOT NULL,
  folder               TEXT NOT NULL,
  title                TEXT NOT NULL,
  title_source         TEXT NOT NULL,
  date                 TEXT,
  domain               TEXT,
  status               TEXT,
  source               TEXT,
  relevance            TEXT,
  front_matter         TEXT,
  front_matter_invalid INTEGER NOT NULL DEFAULT 0,
  word_count           INTEGER NOT NULL DEFAULT 0,
  link_count           INTEGER NOT NULL DEFAULT 0,
  tag_count            INTEGER NOT NULL DEFAULT 0,
  size                 INTEGER NOT NULL,
  mtime_ns             INTEGER NOT NULL,
  hash                 TEXT NOT NULL,
  path_key             TEXT NOT NULL,
  slug_key             TEXT NOT NULL,
  title_key            TEXT NOT NULL,
  name_key             TEXT
);

CREATE TABLE aliases (
  note_id   INTEGER NOT NULL REFERENCES notes(id),
  alias     TEXT NOT NULL,
  alias_key TEXT NOT NULL
);

CREATE TABLE tags (
  note_id INTEGER NOT NULL REFERENCES notes(id),
  tag     TEXT NOT NULL,
  tag_key TEXT NOT NULL,
  source  TEXT NOT NULL,
  line    INTEGER NOT NULL,
  PRIMARY KEY (note_id, tag_key)
) WITHOUT ROWID;

-- The tag tree `notes tags` shows, kept by the writer (tag_nodes.cpp): one
-- row per tag a note carries and per parent of a nested tag.
CREATE TABLE tag_nodes (
  tag_key    TEXT PRIMARY KEY,
  tag        TEXT NOT NULL,
  name       TEXT NOT NULL,
  parent_key TEXT,
  notes      INTEGER NOT NULL,
  total      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE fields (
  note_id  INTEGER NOT NULL REFERENCES notes(id),
  key      TEXT NOT NULL,
  value    TEXT,
  position INTEGER,
  type     TEXT NOT NULL,
  line     INTEGER
);

CREATE TABLE links (
  id          INTEGER PRIMARY KEY,
  note_id     INTEGER NOT NULL REFERENCES notes(id),
  line        INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  target      TEXT NOT NULL,
  anchor      TEXT,
  label       TEXT,
  target_id   INTEGER REFERENCES notes(id),
  status      TEXT NOT NULL DEFAULT 'broken',
  resolved_by TEXT,
  anchor_ok   INTEGER,
  file_id     INTEGER REFERENCES files(id),
  name_hash   INTEGER
);

CREATE TABLE files (
  id       INTEGER PRIMARY KEY,
  path     TEXT NOT NULL UNIQUE,
  path_key TEXT NOT NULL,
  name_key TEXT NOT NULL
);

CREATE TABLE headings (
  note_id INTEGER NOT NULL REFERENCES notes(id),
  level   INTEGER NOT NULL,
  text    TEXT NOT NULL,
  key     TEXT NOT NULL,
  slug    TEXT NOT NULL,
  line    INTEGER NOT NULL
);

CREATE TABLE block_ids (
  note_id  INTEGER NOT NULL REFERENCES notes(id),
  block_id TEXT NOT NULL
);

CREATE TABLE warnings (
  note_id INTEGER NOT NULL REFERENCES notes(id),
  line    INTEGER,
  col     INTEGER,
  message TEXT NOT NULL
);

-- notes_fts: k_fts_sql below.

CREATE VIEW backlinks AS
  SELECT t.id AS note_id, t.path AS note_path, s.id AS source_id, s.path AS source_path,
         l.line, l.kind, l.anchor
  FROM links l JOIN notes s ON s.id = l.note_id JOIN notes t ON t.id = l.target_id
  WHERE l.status = 'resolved' AND l.target_id <> l.note_id;

CREATE VIEW broken_links AS
  SELECT s.path AS source_path, l.line, l.kind, l.target, l.anchor, l.label
  FROM links l JOIN notes s ON s.id = l.note_id
  WHERE l.status = 'broken';

CREATE VIEW broken_anchors AS
  SELECT s.path AS source_path, l.line, l.kind, l.target, l.anchor, t.path AS target_path
  FROM links l JOIN notes s ON s.id = l.note_id JOIN notes t ON t.id = l.target_id
  WHERE l.anchor_ok = 0;

CREATE VIEW attachments AS
  SELECT s.path AS source_path, l.line, l.kind, l.target, l.anchor, f.path AS file_path
  FROM links l JOIN notes s ON s.id = l.note_id JOIN files f ON f.id = l.file_id
  WHERE l.status = 'attachment';

CREATE VIEW tag_counts AS
  SELECT tag, tag_key, notes FROM tag_nodes WHERE notes > 0;

CREATE VIEW orphans AS
  SELECT n.id, n.path, n.title FROM notes n
  WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.note_id = n.id AND l.status = 'resolved'
                      AND l.target_id <> n.id)
    AND NOT EXISTS (SELECT 1 FROM links l WHERE l.target_id = n.id AND l.note_id <> n.id);
)SQL";

const char* const k_fts_sql = R"SQL(
CREATE VIRTUAL TABLE notes_fts USING fts5(
  title, body, tokenize = 'unicode61 remove_diacritics 2'
);
)SQL";

// FTS5's shadow tables: together they are the whole full-text index.
const char* const k_fts_shadow_tables[] = {"notes_fts_data", "notes_fts_idx", "notes_fts_content",
                                               "notes_fts_docsize", "notes_fts_config"};

// Partial indexes of few rows, created with the tables: a fresh build keeps
// them as it writes (a test of each row) instead of reading each table again
// at the end to create them.
const char* const k_early_index_sql = R"SQL(
-- The rows whose text holds the byte 0xC3, the lead byte of U+00C0-U+00FF,
-- where mojibake shows ('Ã©' for 'é'): `report`'s encoding section reads
-- these instead of every path, front-matter value and heading. Each holds
-- the columns read (SQLite 3.40 tests a partial index's condition again,
-- on the columns it names): a row of the table costs a page of its own.
CREATE INDEX notes_path_c3 ON notes(path) WHERE instr(CAST(path AS BLOB), x'C3') > 0;
CREATE INDEX fields_c3 ON fields(note_id, key, position, value, type)
  WHERE type = 'string' AND instr(CAST(value AS BLOB), x'C3') > 0;
CREATE INDEX headings_c3 ON headings(note_id, line, text) WHERE instr(CAST(text AS BLOB), x'C3') > 0;
-- The links resolved to no note, by status (target_id too: SQLite 3.40 would
-- read each row to test the condition): `report`'s counts of broken,
-- external and attachment links without reading the links table.
CREATE INDEX links_unresolved ON links(status, target_id) WHERE target_id IS NULL;
)SQL";

// Secondary indexes, kept apart so that a fresh build can create them after
// the bulk insert (one sort per index instead of a B-tree update per row).
const char* const k_anchor_index_sql = R"SQL(
CREATE INDEX headings_note ON headings(note_id, key);
CREATE INDEX block_ids_note ON block_ids(note_id, block_id);
CREATE INDEX block_ids_key ON block_ids(lower(block_id));
)SQL";
const char* const k_index_sql = R"SQL(
CREATE INDEX notes_slug_key  ON notes(slug_key);
CREATE INDEX notes_title_key ON notes(title_key);
CREATE INDEX notes_name_key  ON notes(name_key) WHERE name_key IS NOT NULL;
CREATE INDEX files_path_key  ON files(path_key);
CREATE INDEX files_name_key  ON files(name_key);
CREATE INDEX notes_date      ON notes(date);
-- What a run compares with the disk, covered and in path order: a run that
-- changes nothing reads this instead of the notes table (load_stamps()).
CREATE INDEX notes_stamp     ON notes(path, size, mtime_ns, hash);
-- `find`'s default order, covered: the paths of a listing without a sort
-- and without reading the notes table (find.cpp, list_from_index()).
CREATE INDEX notes_listing   ON notes(date DESC, path_key, path);
-- `report`'s counts per domain and status, covered: one pass over this
-- index instead of over the notes table (report.cpp, scan_notes()).
CREATE INDEX notes_summary   ON notes(domain, status, title_source, word_count, link_count,
                                      tag_count);
CREATE INDEX aliases_note ON aliases(note_id);
CREATE INDEX aliases_key  ON aliases(alias_key);
CREATE INDEX tags_key ON tags(tag_key);
CREATE INDEX fields_note      ON fields(note_id);
CREATE INDEX fields_key_value ON fields(key, value);
CREATE INDEX links_note   ON links(note_id, target_id);
CREATE INDEX links_target ON links(target_id, note_id, kind);
-- The links a new, removed or renamed note or file may concern
-- (link_name_key() in core/resolve.hpp, hashed): what an incremental run
-- resolves again instead of every link.
CREATE INDEX links_name_hash ON links(name_hash);
CREATE INDEX warnings_note ON warnings(note_id);
-- The broken links and anchors, which every run reports: read from here, a
-- run does not scan every link, and the index holds every column it reads.
CREATE INDEX links_problems ON links(note_id, line, status, target, anchor, kind, anchor_ok)
  WHERE status = 'broken' OR anchor_ok = 0;
)SQL";

}  // namespace notes::store::detail
