#!/usr/bin/env bash
# Runs notes-bench-mcp on a fresh copy of a vault, as a smoke test:
#   check-mcp-bench.sh NOTES BENCH SOURCE_VAULT WORK_DIR
set -euo pipefail
notes="$1" bench="$2" source="$3" work="$4"
rm -rf "$work"
cp -r "$source" "$work"
rm -rf "$work/.notes"
"$notes" --vault "$work" index -q 2>/dev/null
"$bench" --vault "$work" --runs 2
