#!/usr/bin/env bash
# Usage: check-genvault-determinism.sh GENVAULT WORKDIR N SEED
# Generates the same vault twice (one and two threads) under WORKDIR and fails on any difference,
# on a note count other than N, or if seed+1 produces the same vault. WORKDIR is removed on success.
set -euo pipefail

if [[ $# -ne 4 || -z "$2" ]]; then
    echo "usage: $0 GENVAULT WORKDIR N SEED" >&2
    exit 2
fi
genvault=$1 work=$2 notes=$3 seed=$4

rm -rf -- "$work/a" "$work/b" "$work/c"
mkdir -p -- "$work"

"$genvault" --notes "$notes" --seed "$seed" --out "$work/a" --jobs 1
"$genvault" --notes "$notes" --seed "$seed" --out "$work/b" --jobs 2

if ! diff -r -q -- "$work/a" "$work/b"; then
    echo "FAIL: two runs with --seed $seed differ" >&2
    exit 1
fi

count=$(find "$work/a" -type f -name '*.md' | wc -l)
if [[ $count -ne $notes ]]; then
    echo "FAIL: expected $notes notes, found $count" >&2
    exit 1
fi

"$genvault" --notes "$notes" --seed "$((seed + 1))" --out "$work/c" --jobs 2
if diff -r -q -- "$work/a" "$work/c" >/dev/null; then
    echo "FAIL: --seed $seed and --seed $((seed + 1)) gave the same vault" >&2
    exit 1
fi

rm -rf -- "$work/a" "$work/b" "$work/c"
echo "OK: $notes notes, identical for --seed $seed, different for --seed $((seed + 1))"
