#!/usr/bin/env bash
# Runs one fuzz target for SECONDS (default 1800) on its corpus.
# usage: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
# TARGET is one of: tmpl front_matter json data markdown csv.
# Expects the build of docs/fuzzing.md in build/fuzz; crashes land in
# build/fuzz/artifacts/TARGET/, the growing corpus in build/fuzz/corpus/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
t="${1:?usage: fuzz/run.sh TARGET [SECONDS]}"; secs="${2:-1800}"; shift $(( $# >= 2 ? 2 : 1 ))
b=build/fuzz
[ -d "$b/corpus/$t" ] || fuzz/seed.sh "$b/corpus"
mkdir -p "$b/artifacts/$t"
dict=(); [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$b/fuzz_$t" "$b/corpus/$t" "${dict[@]}" -artifact_prefix="$b/artifacts/$t/" \
  -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 "$@"
