#!/bin/sh
# Hostile sizes too big for annotated hex (make check), generated at test time:
#   - a million functions (tests/tools/genwasm.c, the JS API limit): audited within
#     P1C_MAX_FUNCTIONS, with peak RSS under file size + 64 MiB (normal builds; ASan's shadow
#     memory makes the figure meaningless under SANITIZE=1), also when an import needs its
#     paths explained; a million defined functions and an import pass (the JS API limit counts
#     defined functions); one defined function more is refused with the cap named;
#   - nested blocks (tests/tools/gennest.c): P1C_MAX_BLOCK_DEPTH - 1 nested blocks decode,
#     100000 are refused at the first block over the cap, with its offset.
#   - the worst case for explaining imports (genwasm --chain): 20000 unprovided imports at the
#     ends of paths up to 200000 calls long (1.9 MB), and 10000 imports on a 10000-deep chain:
#     every import is explained (one error each, a path each, long ones shortened) within the
#     memory bound; make bench checks that their cost per byte stays near ruby.wasm's.
# The small hostile cases (counts, sizes, LEB128, name sections) are fixtures/hostile/*.hex.
# Ends with "hostile: N passed, N failed". Usage: hostile.sh BUILD
set -u
BUILD=${1:-build}
. tests/lib.sh
TIMEOUT=300
# cap NAME: a value from src/base/caps.h
cap() { sed -n -E "s/^#define $1 \(?([0-9]+)u?.*/\1/p" src/base/caps.h; }

expect_run() { # expect_run WANT DESCRIPTION -- ARGS...: stdout in $T/out, stderr in $T/err
	want=$1; what=$2; shift 3
	timeout -k 5 $TIMEOUT "$BIN" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ]; then ok; else not_ok "$what: exit $rc, expected $want"; head -n 20 "$T/err"; fi
}
expect_grep() { # expect_grep PATTERN FILE DESCRIPTION
	if grep -q -- "$1" "$2"; then ok; else not_ok "$3: '$1' not in $(basename "$2")"; head -n 20 "$2"; fi
}

SANITIZED=false
grep -q -a __asan_init "$BIN" && SANITIZED=true # ASan: an undefined symbol of the binary
$SANITIZED && echo "note: peak-memory checks skipped (AddressSanitizer's shadow memory)"
# within_memory DESCRIPTION FILE ARGS...: peak RSS of an audit under size(FILE) + 64 MiB,
# over what the process takes before it audits anything (its code and shared libraries: the
# peak RSS of auditing an 8-byte module), so that the budget is the audit's, not the size of
# the binary's own pages.
BASE_RSS=
within_memory() {
	what=$1; file=$2; shift 2
	$SANITIZED && return 0
	if [ -z "$BASE_RSS" ]; then
		printf '\000asm\001\000\000\000' >"$T/empty.wasm"
		BASE_RSS=$("$ROOT/$BUILD/measure" "$BIN" "$T/empty.wasm" | cut -d' ' -f2)
	fi
	set -- $("$ROOT/$BUILD/measure" "$BIN" "$@")
	limit=$(( ($(wc -c <"$file") + 64 * 1048576) / 1024 + ${BASE_RSS:-0} ))
	if [ "${2:-0}" -gt 0 ] && [ "$2" -lt "$limit" ]; then
		ok
	else
		not_ok "$what: peak RSS ${2:-?} KiB, limit $limit KiB (file + 64 MiB + ${BASE_RSS:-?} KiB at start), ${1:-?} s, exit ${3:-?}"
	fi
}

# A million functions: one import and 999999 defined ones.
MAXF=$(cap P1C_MAX_FUNCTIONS)
"$ROOT/$BUILD/genwasm" "$MAXF" "$T/million.wasm" || not_ok "genwasm $MAXF"
expect_run 0 "a million functions" -- "$T/million.wasm"
expect_grep "million.wasm: PASS" "$T/out" "a million functions: verdict"
within_memory "a million functions" "$T/million.wasm" "$T/million.wasm"
within_memory "a million functions, JSON" "$T/million.wasm" -f json "$T/million.wasm"
# The same with its import missing: reverse edges and searches for the witness paths.
cat >"$T/no-fd-write.yaml" <<'EOF'
profile: no-fd-write
extends: wasip1
runtime:
  unresolved-imports: trap-on-call
imports:
  wasi_snapshot_preview1:
    fd_write: ~
EOF
expect_run 1 "a million functions, import missing" -- -p "$T/no-fd-write.yaml" "$T/million.wasm"
expect_grep "path: _start -> " "$T/out" "a million functions: witness path"
within_memory "a million functions, import explained" "$T/million.wasm" \
	-p "$T/no-fd-write.yaml" --why 0 "$T/million.wasm"
# The JS API limit counts defined functions, not the import: one import and a million
# defined ones load in V8 (Node 20), and the audit passes too.
"$ROOT/$BUILD/genwasm" $((MAXF + 1)) "$T/defined.wasm" || not_ok "genwasm $((MAXF + 1))"
expect_run 0 "a million defined functions and an import" -- "$T/defined.wasm"
# One defined function more is over the cap.
"$ROOT/$BUILD/genwasm" $((MAXF + 2)) "$T/over.wasm" || not_ok "genwasm $((MAXF + 2))"
expect_run 3 "a million and one defined functions" -- "$T/over.wasm"
expect_grep "too many functions: $((MAXF + 1)) (limit $MAXF)" "$T/out" "function cap message"
rm -f "$T/million.wasm" "$T/defined.wasm" "$T/over.wasm"

# Nested blocks: the body is depth 1, so DEPTH - 1 blocks fit; the next one is refused.
DEPTH=$(cap P1C_MAX_BLOCK_DEPTH)
"$ROOT/$BUILD/gennest" $((DEPTH - 1)) "$T/deep-ok.wasm" >/dev/null || not_ok "gennest"
expect_run 0 "$((DEPTH - 1)) nested blocks" -- "$T/deep-ok.wasm"
first=$("$ROOT/$BUILD/gennest" 100000 "$T/deep.wasm") || not_ok "gennest"
expect_run 3 "100000 nested blocks" -- "$T/deep.wasm"
at=$(printf '0x%08x' $((first + 2 * (DEPTH - 1))))
expect_grep "deep.wasm:$at: error\[P1C002/malformed-binary\]: blocks nested deeper than $DEPTH (code section, function 0)" \
	"$T/out" "nesting cap message and offset"
expect_run 3 "100000 nested blocks, JSON" -- -f json "$T/deep.wasm"
expect_grep "blocks nested deeper than $DEPTH" "$T/out" "nesting cap in JSON"
expect_grep "\"offset\":	$((first + 2 * (DEPTH - 1)))," "$T/out" "nesting cap offset in JSON"

# Imports at the ends of long chains: each finding has its path, long ones shortened to their
# first and last 12 steps; _start is the only root.
for shape in "200000 20000 wide" "10000 10000 deep"; do
	set -- $shape
	"$ROOT/$BUILD/genwasm" --chain "$1" "$2" "$T/$3.wasm" || not_ok "genwasm --chain $1 $2"
	expect_run 1 "chain of $1, $2 imports" -- "$T/$3.wasm"
	expect_grep "$3.wasm: FAIL: $2 errors, 0 warnings" "$T/out" "chain of $1: one error per import"
	[ "$(grep -c '^  path: _start -> ' "$T/out")" = "$2" ] && ok ||
		not_ok "chain of $1: $(grep -c '^  path: ' "$T/out") paths, expected $2"
	last=$(( ($2 - 1) * ($1 / $2) + 2 )) # functions from _start to the last import, both included
	# (lengths are counted up to 254 steps; from 255 on, the path says "231 or more")
	if [ $last -lt 255 ]; then elided="$((last - 24)) more calls" json=$((last - 24))
	else elided="231 or more calls" json=-1; fi
	expect_grep "-> ... $elided ... -> .* -> i$(($2 - 1))\$" "$T/out" \
		"chain of $1: the longest path shortened, with its length"
	within_memory "chain of $1, $2 imports" "$T/$3.wasm" "$T/$3.wasm"
	# (JSON: the reporter holds the whole document, about 10 KiB per finding here.)
	expect_run 1 "chain of $1, $2 imports, JSON" -- -f json "$T/$3.wasm"
	expect_grep "\"elided_before\":	$json" "$T/out" "chain of $1: elided steps in JSON"
	rm -f "$T/$3.wasm"
done

# A short chain's JSON, with a shortened path, for the schema check (tests/schemas.sh).
"$ROOT/$BUILD/genwasm" --chain 60 2 "$T/chain60.wasm" || not_ok "genwasm --chain 60 2"
expect_run 1 "chain of 60, JSON" -- -f json "$T/chain60.wasm"
expect_grep '"elided_before":	8' "$T/out" "chain of 60: _start, 30 more functions and import 1 (32 steps), 8 left out"
[ -n "${P1C_REPORTS:-}" ] && mkdir -p "$P1C_REPORTS" && cp "$T/out" "$P1C_REPORTS/hostile.chain60.json"

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
