#pragma once
// The SQLite index. The only place that knows the schema; SQLiteCpp stays
// behind this header. The schema is documented for users in docs/schema.md.

#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "notes/core/anchors.hpp"
#include "notes/core/note.hpp"
#include "notes/core/resolve.hpp"

struct sqlite3_stmt;

namespace notes::store {

/// What the incremental diff needs of each stored note. `hash` views text
/// the StoredStamps it came from owns.
struct StoredStamp {
    std::int64_t id = 0;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string_view hash;
};

/// The stamps of stored notes in bytewise path order, the order of the
/// vault walk's files, so that the diff of a run is one merge of the two
/// lists (no lookup per note). A run that changes nothing reads one per
/// note, so they are cheap to hold: the paths and hashes are copied into
/// blocks of 64 KiB this owns (one allocation per few hundred notes instead
/// of two per note), and the entries hold views of them. Moving it keeps the
/// views valid.
class StoredStamps {
  public:
    struct Entry {
        std::string_view path;
        StoredStamp stamp;
    };

    /// Adds a stamp, copying `path` and `hash` into the blocks.
    void add(std::string_view path, std::int64_t id, std::int64_t size, std::int64_t mtime_ns,
             std::string_view hash);
    void reserve(std::size_t n) { m_entries.reserve(n); }
    /// Puts the entries in path order, if add() did not get them so.
    void sort();

    /// The entries, in path order once sorted (load_stamps() returns them so).
    const std::vector<Entry>& entries() const { return m_entries; }
    /// The stamp of `path`, or nullptr; the entries must be sorted.
    const StoredStamp* find(std::string_view path) const;

  private:
    std::string_view keep(std::string_view text);

    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::size_t m_used = 0;      ///< bytes used of the last block
    std::size_t m_capacity = 0;  ///< its size
    std::vector<Entry> m_entries;
    bool m_sorted = true;  ///< whether every add() came after the one before in path order
};

/// A file's identity for the notes table.
struct FileRecord {
    std::string path;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string hash;
};

/// A stored link with its current resolution.
struct StoredLink {
    std::int64_t id = 0;
    std::int64_t note_id = 0;
    std::string kind;
    std::string target;
    std::string anchor;
    std::int64_t target_id = 0;  ///< 0 when unresolved
    /// "resolved", "broken", "external", "attachment", "stub" (a Dendron
    /// hierarchy link whose ancestors have no file)
    std::string status;
    std::string resolved_by;
    int anchor_ok = -1;          ///< -1 none/not checked, 0 missing, 1 present
    std::int64_t file_id = 0;    ///< the file of an attachment link
};

/// What the parser threads compute for write_note(), so that the single
/// writer only binds values: the folded keys and, on a fresh build, the id
/// the note is inserted with and the resolution of each link.
struct PreparedNote {
    /// The id to insert a new note with; 0: SQLite picks the next one.
    std::int64_t id = 0;
    std::string slug, folder, path_key, slug_key, title_key;
    /// Folded ParsedNote::link_name; empty: the note has none.
    std::string name_key;
    std::vector<std::string> alias_keys, tag_keys;
    /// Per heading: heading_match_key() of its source, and its GitHub slug.
    std::vector<std::string> heading_keys, heading_slugs;
    struct LinkState {
        std::int64_t target_id = 0;  ///< 0 when unresolved
        std::string status;          ///< empty: not known yet (written as broken and reported)
        std::string resolved_by;
    };
    /// One per link of the note, or empty: links are written unresolved.
    std::vector<LinkState> links;
    /// key_hash() of link_name_key() of each link's target, nullopt when it
    /// has none (always one per link).
    std::vector<std::optional<std::int64_t>> link_name_hashes;
};

/// The keys of PreparedNote for the note at `path`.
PreparedNote prepare_note(const std::string& path, const ParsedNote& note);

/// A value bound to a `?` of a query.
using SqlParam = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

/// The result of an arbitrary SELECT: column names and rows of optional text.
struct QueryResult {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
};

/// A value as SQLite returned it: NULL (monostate), integer, real or text.
/// A blob arrives as its SQL literal, `X'00FF'`.
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// The result of a user's query, each value keeping its SQLite type.
struct TypedQueryResult {
    std::vector<std::string> columns;
    std::vector<std::vector<SqlValue>> rows;
    /// run_user_query() stopped at its row limit: the query had more rows.
    bool truncated = false;
};

/// One row of for_each_row(), valid during the call only.
class RowView {
public:
    /// The value as text; nullopt for NULL.
    std::optional<std::string_view> text(int column) const;
    /// The value as an integer; NULL reads as 0.
    std::int64_t integer(int column) const;

private:
    friend class IndexStore;
    explicit RowView(sqlite3_stmt* statement) : m_statement(statement) {}
    sqlite3_stmt* m_statement;
};

class IndexStore {
public:
    static constexpr int k_schema_version = 8;

    /// read_only and read_write are for notes' own statements. untrusted_sql
    /// is read_only hardened for SQL a user typed (run_user_query()): SQLite
    /// itself refuses writes, ATTACH, VACUUM INTO, setting pragmas, loading
    /// extensions and fts3_tokenizer() on that connection.
    enum class Mode { read_only, read_write, untrusted_sql };

    /// Opens (read_write: creates) the database at `file`; ":memory:" works.
    IndexStore(const std::filesystem::path& file, Mode mode);
    ~IndexStore();
    IndexStore(const IndexStore&) = delete;
    IndexStore& operator=(const IndexStore&) = delete;

    /// PRAGMA user_version: 0 for a new file.
    int schema_version();
    /// True when the file holds no tables at all.
    bool is_empty();
    /// Creates every table and view and sets the schema version; also the
    /// secondary indexes unless `with_indexes` is false (a bulk load then
    /// calls create_indexes() after inserting the rows, and the notes' tags
    /// are counted in memory as they are written, for `tag_nodes`).
    void create_schema(bool with_indexes = true);
    /// The indexes has_anchor() needs, then all the others.
    void create_anchor_indexes();
    void create_indexes();
    /// Settings for a throwaway file being built from scratch (no journal);
    /// finish_fresh_build() turns it into a normal WAL database.
    void use_fast_build_settings();
    /// The page cache of a fresh build, sized for `notes` notes.
    void size_build_cache(std::size_t notes);
    void finish_fresh_build();
    /// A fresh build: full-text rows go to a builder on its own thread until
    /// finish_fts_aside() (before the commit) copies its index in; until then
    /// notes_fts is empty. end_fts_aside_rows() says that every note is
    /// written, so that the builder completes its index (merged into one
    /// segment) while the writer goes on.
    void build_fts_aside();
    void end_fts_aside_rows();
    void finish_fts_aside();

    /// The table `tag_nodes` (the tag tree, docs/schema.md) is brought up to
    /// date by commit(), for the tags the transaction wrote; by write_note()
    /// and remove_note() themselves outside a transaction.
    void begin();
    void commit();
    void rollback();

    /// The stamps of every stored note, in path order (a walk of the
    /// covering index `notes_stamp`).
    StoredStamps load_stamps();
    /// The stamps of the notes at or under `scopes`: vault-relative paths,
    /// each a file or a folder with everything in it; in path order too.
    StoredStamps load_stamps(const std::vector<std::string>& scopes);
    /// How many notes the index holds: `count(*)`, exact also inside a
    /// transaction that wrote notes (see committed_note_count()).
    std::size_t note_count();

    /// Inserts a note (existing_id == 0) or brings the rows of note
    /// `existing_id` up to date (rows the edit did not change are kept;
    /// see docs/architecture.md); returns the note's id.
    /// `prepared` (from prepare_note()) saves computing the keys here; the
    /// ids of links it left unresolved are appended to `unresolved_links`.
    std::int64_t write_note(std::int64_t existing_id, const FileRecord& file,
                            const ParsedNote& note, const PreparedNote* prepared = nullptr,
                            std::vector<std::int64_t>* unresolved_links = nullptr);
    /// The same, free to take the note's text instead of copying it.
    std::int64_t write_note(std::int64_t existing_id, const FileRecord& file, ParsedNote&& note,
                            const PreparedNote* prepared = nullptr,
                            std::vector<std::int64_t>* unresolved_links = nullptr);
    /// Records a new size/mtime for a note whose content did not change.
    void update_stamp(std::int64_t id, std::int64_t size, std::int64_t mtime_ns);
    void remove_note(std::int64_t id);

    /// The folded name ("" when none) and alias keys of a stored note, to
    /// tell whether a re-parse changed the names links resolve by; with
    /// `block_ids`, also its block ids as "^id" (Logseq's block references
    /// name blocks wherever they are).
    std::vector<std::string> name_keys(std::int64_t id, bool block_ids = false);

    /// Every note's names; with `block_ids`, also the block ids other notes
    /// may reference (Logseq).
    std::vector<NoteName> load_note_names(bool block_ids = false);
    /// The vault's files that are not notes, as the last run stored them.
    std::vector<FileName> load_files();
    /// Makes the stored files those at `paths` (sorted); ids of the files
    /// that stay are kept. Returns the paths added and removed.
    std::vector<std::string> replace_files(const std::vector<std::string>& paths);
    /// The same for part of the vault: the stored files at or under `scopes`
    /// (as for load_stamps()) become `paths`, which lie within them.
    std::vector<std::string> replace_files(const std::vector<std::string>& scopes,
                                           const std::vector<std::string>& paths);
    /// Files by folded key: `by` is "path" or "name" (FileName for
    /// resolve_target()).
    std::vector<NameSource::Candidate> files_by_key(std::string_view by, const std::string& key);
    /// The notes holding the block id `key` (lower case), in path order.
    std::vector<NameSource::Candidate> notes_by_block(const std::string& key);
    /// The notes a folded key names, in path order, through the indexes
    /// (NameSource for resolve_target()): `by` is "path" (the folded path
    /// without extension), "slug", "alias" or "title".
    std::vector<NameSource::Candidate> notes_by_key(std::string_view by, const std::string& key);
    /// The path of note `id`, or "" when there is none.
    std::string path_of(std::int64_t id);
    /// Calls `fn` for every link (`only_notes` empty) or for the links of
    /// the given notes and the anchored links pointing at them. Links are
    /// read in batches; `fn` may update them (set_link_resolution).
    void for_each_link(const std::vector<std::int64_t>& only_notes,
                       const std::function<void(const StoredLink&)>& fn);
    /// The same for the links with the given ids.
    void for_each_link_id(const std::vector<std::int64_t>& link_ids,
                          const std::function<void(const StoredLink&)>& fn);
    void set_link_resolution(const StoredLink& link);
    /// The ids of the links whose target's link_name_key() is one of `keys`
    /// or unknown, in id order (found by hash: a few more may come along).
    std::vector<std::int64_t> links_by_name_key(const std::vector<std::string>& keys);
    /// The ids of the links that resolve to one of the notes `ids` (by
    /// target_id, also when those notes are gone), in id order.
    std::vector<std::int64_t> links_into(const std::vector<std::int64_t>& ids);
    /// About as many links as the index holds (the largest link id): what
    /// resolving every link again costs.
    std::int64_t link_count_estimate();
    /// Whether note `id` has what `anchor` names (a heading, a heading path
    /// "H1#H2", a block "^id"), compared in `style` (core/anchors.hpp).
    bool has_anchor(std::int64_t id, const std::string& anchor, AnchorStyle style);

    /// Every stored parse warning, ordered by path and line; with
    /// `only_notes`, those of these notes.
    std::vector<Warning> load_warnings(const std::vector<std::int64_t>* only_notes = nullptr);
    /// Warnings about the vault as a whole, derived from the index: broken
    /// links and anchors (with their lines) and slugs shared by several notes.
    /// With `only_notes`: the broken links and anchors of these notes and
    /// the slugs they share with others.
    std::vector<Warning> vault_warnings(const std::vector<std::int64_t>* only_notes = nullptr);

    /// Runs one SQL statement with `params` bound to its `?`s in order and
    /// returns its rows as text (NULL as nullopt).
    QueryResult query(const std::string& sql, const std::vector<SqlParam>& params = {});

    /// Runs exactly one statement typed by a user and returns all its rows.
    /// Only on a store opened with Mode::untrusted_sql (std::logic_error
    /// otherwise). Throws Error with SQLite's message: status 2 when SQLite
    /// rejects the query (syntax, unknown name, a write or another refused
    /// statement, an error raised while evaluating it, or more than one
    /// statement), status 4 when the index cannot be read (busy, corrupt, I/O).
    /// With `max_rows`, stops after that many rows (and sets `truncated` when
    /// there was another one).
    TypedQueryResult run_user_query(const std::string& sql, std::size_t max_rows = 0);

    /// Makes the statements running on this connection fail soon with
    /// "interrupted" (SQLite's sqlite3_interrupt). Safe from any thread.
    void interrupt();

    /// Like query() for a statement whose columns are all integers (NULL
    /// reads as 0): the rows flattened, row r column c at [r * columns + c].
    /// Statements are prepared once per connection and kept, so a query run
    /// many times with other parameters is parsed once. For the hot paths of
    /// `related`, which read thousands of ids.
    std::vector<std::int64_t> query_ints(const std::string& sql,
                                         const std::vector<SqlParam>& params = {});

    /// Runs one statement and calls `fn` with each row, read in place: for
    /// scans of thousands of rows of which little is kept, without query()'s
    /// copy of every value. Prepared once per connection, like query_ints().
    void for_each_row(const std::string& sql, const std::vector<SqlParam>& params,
                      const std::function<void(const RowView&)>& fn);

    /// The number of notes: the row count FTS5 keeps in its statistics
    /// record (one row read, where `count(*)` reads a whole index: 2–4 ms at
    /// 100,000 notes). Falls back to `count(*)` when that record is missing
    /// or unreadable. For readers of a committed index: FTS5 may hold an
    /// open transaction's rows in memory, uncounted.
    std::int64_t committed_note_count();

    void set_meta(const std::string& key, const std::string& value);
    void erase_meta(const std::string& key);
    std::optional<std::string> meta(const std::string& key);

private:
    /// Makes `stored` (sorted by path) the files at `paths` (sorted), in one
    /// merge; returns the paths added and removed.
    std::vector<std::string> merge_files(const std::vector<FileName>& stored, const std::vector<std::string>& paths);
    std::int64_t write_note_impl(std::int64_t existing_id, const FileRecord& file, const ParsedNote& note,
                                 const PreparedNote* prepared, std::vector<std::int64_t>* unresolved_links,
                                 std::string* take_text);

    struct Impl;
    struct Writer;
    std::unique_ptr<Impl> m_impl;
};

enum class WalExit { done, busy, unreadable };

/// Checkpoints the database at `file` and switches it out of WAL mode, so
/// that it can be replaced by rename without its -wal/-shm files applying to
/// the new file. `busy` when other connections keep it open past the busy
/// timeout; `unreadable` when it is not a database SQLite can open.
WalExit leave_wal_mode(const std::filesystem::path& file);

/// The version of SQLite in use, for `notes --version`.
std::string sqlite_version();

/// Whether `e` is a failure SQLite reported (the top-level handler says
/// "database:" for those).
bool is_database_error(const std::exception& e);


/// The index's own name indexes as a NameSource: resolve_target() looks each
/// target up through them, for the links of a few notes among many.
class IndexNames : public NameSource {
public:
    explicit IndexNames(IndexStore& store) : m_store(store) {}
    std::vector<Candidate> by_path(const std::string& key) override;
    std::vector<Candidate> by_slug(const std::string& key) override;
    std::vector<Candidate> by_alias(const std::string& key) override;
    std::vector<Candidate> by_title(const std::string& key) override;
    std::vector<Candidate> files_by_path(const std::string& key) override;
    std::vector<Candidate> files_by_name(const std::string& key) override;
    std::vector<Candidate> by_block(const std::string& key) override;

private:
    IndexStore& m_store;
};

}  // namespace notes::store
