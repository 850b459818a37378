// `notes mcp` driven by the official MCP client SDK (@modelcontextprotocol/sdk,
// installed into the build directory by scripts/install-mcp-sdk), the way
// Claude Desktop, Claude Code or VS Code start it: a child process over stdio.
// Every tool is called on a copy of seeds/ and its result checked exactly,
// against fixed facts of the sample vault and against the JSON the matching
// command prints (the same query functions answer both).
//
// Run by CTest (mcp_sdk_e2e) with NOTES_BINARY, NOTES_SEEDS_DIR and
// NOTES_MCP_NODE_DIR set; `node --test tests/mcp/sdk.test.mjs` by hand.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const binary = process.env.NOTES_BINARY && resolve(process.env.NOTES_BINARY);
const seeds = process.env.NOTES_SEEDS_DIR && resolve(process.env.NOTES_SEEDS_DIR);
const nodeDir = process.env.NOTES_MCP_NODE_DIR && resolve(process.env.NOTES_MCP_NODE_DIR);
assert.ok(binary && seeds && nodeDir, "NOTES_BINARY, NOTES_SEEDS_DIR and NOTES_MCP_NODE_DIR must be set");

const require = createRequire(join(nodeDir, "package.json"));
const { Client } = require("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = require("@modelcontextprotocol/sdk/client/stdio.js");
const { McpError } = require("@modelcontextprotocol/sdk/types.js");
const sdkVersion = JSON.parse(
  readFileSync(join(nodeDir, "node_modules/@modelcontextprotocol/sdk/package.json"), "utf8"),
).version;

let dir;
let vault;
let client;
let transport;
let stderr = "";

/** What `notes ARGS` prints on the vault, parsed as JSON. */
function cli(...args) {
  return JSON.parse(execFileSync(binary, ["--vault", vault, ...args], { encoding: "utf8" }));
}

async function call(name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.isError, false, `${name}: ${JSON.stringify(result.content)}`);
  // The text content is the structured result, serialised.
  assert.equal(result.content.length, 1);
  assert.equal(result.content[0].type, "text");
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
  return result.structuredContent;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "notes-mcp-sdk-"));
  vault = join(dir, "vault");
  cpSync(seeds, vault, { recursive: true, filter: (src) => !src.endsWith("/.notes") });
  execFileSync(binary, ["--vault", vault, "index", "-q"], { stdio: ["ignore", "ignore", "ignore"] });
  transport = new StdioClientTransport({
    command: binary,
    args: ["--vault", vault, "mcp", "--refresh", "0"],
    stderr: "pipe",
  });
  transport.stderr.on("data", (chunk) => (stderr += chunk));
  client = new Client({ name: "notes-sdk-test", version: "1.0.0" });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(`initialize with SDK ${sdkVersion}: version, identity, capabilities, instructions`, () => {
  const info = client.getServerVersion();
  assert.equal(info.name, "notes");
  assert.match(info.version, /^\d+\.\d+\.\d+$/);
  assert.deepEqual(client.getServerCapabilities(), {
    tools: { listChanged: false },
    resources: { listChanged: false, subscribe: false },
  });
  assert.match(client.getInstructions(), /^The user's vault of Markdown notes/);
});

test("ping", async () => {
  assert.deepEqual(await client.ping(), {});
});

test("tools/list: seven read-only tools with input and output schemas", async () => {
  const { tools, nextCursor } = await client.listTools();
  assert.equal(nextCursor, undefined);
  assert.deepEqual(
    tools.map((t) => t.name),
    ["search", "find", "read_note", "related", "tags", "report", "sql"],
  );
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, "object", tool.name);
    assert.equal(tool.inputSchema.additionalProperties, false, tool.name);
    assert.equal(tool.outputSchema.type, "object", tool.name);
    assert.equal(tool.annotations.readOnlyHint, true, tool.name);
    assert.ok(tool.description.length > 80, tool.name);
  }
  const search = tools.find((t) => t.name === "search");
  assert.deepEqual(search.inputSchema.required, ["query"]);
  assert.deepEqual(search.inputSchema.properties.limit, {
    type: "integer",
    minimum: 1,
    maximum: 50,
    default: 10,
    description: "Return at most this many notes (default 10, at most 50)",
  });
});

test("search: ranked full text with snippets, as `notes find --match`", async () => {
  const result = await call("search", { query: '"query plan"', limit: 3 });
  assert.equal(result.count, 3);
  assert.equal(result.truncated, true);
  assert.equal(
    result.notice,
    "more match than the limit of 3; raise limit (at most 50) or add filters to narrow the search",
  );
  assert.deepEqual(
    result.notes.map((n) => n.path),
    [
      "2026-03-02-reading-explain-query-plan-output.md",
      "2026-02-27-orms-are-a-lie-we-tell-junior-developers-so-they-dont-have-to-learn-sql.md",
      "café-notes.md",
    ],
  );
  assert.equal(
    result.notes[0].snippet,
    "…Prefix the statement with EXPLAIN **QUERY PLAN**, read the tree from the…",
  );
  // The same rows as the command, but for the highlights it strips.
  const expected = cli("find", "--match", '"query plan"', "--limit", "3", "--format", "json");
  assert.deepEqual(
    result.notes.map((n) => ({ ...n, snippet: n.snippet.replaceAll("**", "") })),
    expected,
  );
  // Filters of find apply.
  const filtered = await call("search", { query: "sqlite", tags: ["db/sqlite"] });
  assert.deepEqual(
    filtered.notes.map((n) => n.path),
    ["2026-03-01-sqlite-wal-mode-and-checkpoints.md"],
  );
});

test("find: filters, as `notes find --format json`", async () => {
  const decision = await call("find", { tags: ["decision"] });
  assert.deepEqual(decision, {
    count: 1,
    truncated: false,
    notes: [
      {
        path: "My Note.md",
        slug: "My Note",
        title: "Open questions before choosing a database",
        date: null,
        tags: ["decision"],
        domain: null,
        status: null,
      },
    ],
  });
  const unread = await call("find", { status: "unread", sort: "path" });
  assert.deepEqual(unread.notes, cli("find", "--status", "unread", "--sort", "path", "--format", "json"));
  const linking = await call("find", { links_to: ["index-tuning.md"], sort: "path" });
  assert.deepEqual(
    linking.notes,
    cli("find", "--links-to", "index-tuning.md", "--sort", "path", "--format", "json"),
  );
  const broken = await call("find", { broken: true, sort: "path", limit: 2 });
  assert.equal(broken.count, 2);
  assert.equal(broken.truncated, true);
  assert.deepEqual(broken.notes, cli("find", "--broken", "--sort", "path", "--limit", "2", "--format", "json"));
});

test("read_note: text, front matter, links and backlinks, as `notes show --format json`", async () => {
  const path = "2026-03-01-sqlite-wal-mode-and-checkpoints.md";
  const note = await call("read_note", { note: "SQLite WAL mode and checkpoints" });
  const show = cli("show", path, "--format", "json");
  for (const key of ["path", "slug", "title", "date", "front_matter", "tags", "aliases", "links", "backlinks", "headings"]) {
    assert.deepEqual(note[key], show[key], key);
  }
  const text = readFileSync(join(vault, path), "utf8").replace(/\n$/, "");
  assert.equal(note.text, text);
  assert.deepEqual(note.lines, { from: 1, to: text.split("\n").length, total: text.split("\n").length });
  assert.equal(note.truncated, false);
  const part = await call("read_note", { note: path, from_line: 2, to_line: 3 });
  assert.equal(part.text, text.split("\n").slice(1, 3).join("\n"));
  assert.deepEqual(part.lines, { from: 2, to: 3, total: text.split("\n").length });
  assert.equal(part.truncated, true);
  assert.equal(
    part.notice,
    `lines 2-3 of ${text.split("\n").length}; call read_note again with from_line 4 for more`,
  );
});

test("related: ranked notes with reasons, as `notes related --format json`", async () => {
  const result = await call("related", { note: "index-tuning.md", limit: 3 });
  assert.equal(result.note, "index-tuning.md");
  assert.deepEqual(result.related, cli("related", "index-tuning.md", "--limit", "3", "--format", "json"));
  assert.deepEqual(result.related[0], {
    rank: 1,
    score: result.related[0].score,
    path: "2026-03-02-reading-explain-query-plan-output.md",
    title: "Reading EXPLAIN QUERY PLAN output",
    reasons: result.related[0].reasons,
  });
  assert.equal(result.related[0].reasons[0], "its related: lists this (front matter)");
});

test("tags: counts and nesting, as `notes tags --format json`", async () => {
  const result = await call("tags", {});
  assert.deepEqual(result.tags, cli("tags", "--format", "json"));
  assert.deepEqual(result.tags.slice(0, 2), [
    { tag: "sql", notes: 12, total: 12, parent: null },
    { tag: "sqlite", notes: 8, total: 8, parent: null },
  ]);
  // A parent no note carries alone, then its nested tag.
  const db = result.tags.findIndex((t) => t.tag === "db");
  assert.deepEqual(result.tags.slice(db, db + 2), [
    { tag: "db", notes: 0, total: 1, parent: null },
    { tag: "db/sqlite", notes: 1, total: 1, parent: "db" },
  ]);
  const limited = await call("tags", { sort: "name", limit: 2 });
  assert.deepEqual(limited.tags, cli("tags", "--sort", "name", "--format", "json").slice(0, 2));
  assert.equal(limited.truncated, true);
});

test("report: the vault's health, as `notes report --format json`", async () => {
  const result = await call("report", { sections: ["overview", "broken-links"], limit: 5 });
  const expected = cli("report", "--section", "overview,broken-links", "--limit", "5", "--format", "json");
  // Only the time of writing differs between two runs.
  delete result.generated;
  delete expected.generated;
  delete result.overview.index_age_seconds;
  delete expected.overview.index_age_seconds;
  assert.deepEqual(result, expected);
  assert.equal(result.overview.notes, 23);
});

test("sql: read-only SQL, rows as objects", async () => {
  const result = await call("sql", {
    query: "SELECT status, count(*) AS notes FROM notes WHERE status IS NOT NULL GROUP BY status ORDER BY status",
  });
  assert.deepEqual(result.columns, ["status", "notes"]);
  assert.deepEqual(
    result.rows,
    cli("sql", "SELECT status, count(*) AS notes FROM notes WHERE status IS NOT NULL GROUP BY status ORDER BY status", "--format", "json"),
  );
  assert.deepEqual(result.rows, [
    { status: "draft", notes: 1 },
    { status: "evergreen", notes: 3 },
    { status: "in-progress", notes: 2 },
    { status: "read", notes: 6 },
    { status: "unread", notes: 6 },
  ]);
  assert.equal(result.truncated, false);
});

test("resources: every note by notes:// URI", async () => {
  const { resources, nextCursor } = await client.listResources();
  assert.equal(nextCursor, undefined);
  assert.equal(resources.length, 23);
  const myNote = resources.find((r) => r.name === "My Note.md");
  assert.deepEqual(myNote, {
    uri: "notes://My%20Note.md",
    name: "My Note.md",
    title: "Open questions before choosing a database",
    mimeType: "text/markdown",
    size: readFileSync(join(vault, "My Note.md")).length,
  });
  const read = await client.readResource({ uri: myNote.uri });
  assert.deepEqual(read.contents, [
    { uri: "notes://My%20Note.md", mimeType: "text/markdown", text: readFileSync(join(vault, "My Note.md"), "utf8") },
  ]);
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.equal(resourceTemplates[0].uriTemplate, "notes://{+path}");
});

test("errors: unknown tool and missing resource are protocol errors; bad arguments a tool error", async () => {
  await assert.rejects(
    () => client.callTool({ name: "no_such_tool", arguments: {} }),
    (e) => e instanceof McpError && e.code === -32602 && /Unknown tool: no_such_tool/.test(e.message),
  );
  await assert.rejects(
    () => client.readResource({ uri: "notes://no-such-note.md" }),
    (e) => e instanceof McpError && e.code === -32002,
  );
  const bad = await client.callTool({ name: "find", arguments: { limit: "ten" } });
  assert.deepEqual(bad, {
    content: [{ type: "text", text: "find: argument limit must be an integer, not a string" }],
    isError: true,
  });
  const missing = await client.callTool({ name: "read_note", arguments: { note: "no-such-note" } });
  assert.equal(missing.isError, true);
  assert.match(missing.content[0].text, /^note: no note matches 'no-such-note'/);
});

test("freshness: a note written while the server runs is found", async () => {
  writeFileSync(join(vault, "airships.md"), "---\ntitle: Airships\n---\nA note about the zeppelin.\n");
  const result = await call("search", { query: "zeppelin" });
  assert.deepEqual(result.notes.map((n) => n.path), ["airships.md"]);
  // The server wrote its log line before its answer, but stderr is another
  // pipe: its bytes may reach this process after the answer's.
  for (let i = 0; i < 100 && !/index refreshed: 1 added/.test(stderr); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.match(stderr, /index refreshed: 1 added/);
});
