#!/bin/sh
# Hostile sizes too big for annotated hex (make check), generated at test time:
#   - a million functions (tests/tools/genwasm.c, the JS API limit): audited within
#     P1C_MAX_FUNCTIONS, with peak RSS under file size + 64 MiB (normal builds; ASan's shadow
#     memory makes the figure meaningless under SANITIZE=1), also when an import needs its
#     paths explained; one function more is refused with the cap named;
#   - nested blocks (tests/tools/gennest.c): P1C_MAX_BLOCK_DEPTH - 1 nested blocks decode,
#     100000 are refused at the first block over the cap, with its offset.
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
# within_memory DESCRIPTION FILE ARGS...: peak RSS of an audit under size(FILE) + 64 MiB
within_memory() {
	what=$1; file=$2; shift 2
	$SANITIZED && return 0
	set -- $("$ROOT/$BUILD/measure" "$BIN" "$@")
	limit=$(( ($(wc -c <"$file") + 64 * 1048576) / 1024 ))
	if [ "${2:-0}" -gt 0 ] && [ "$2" -lt "$limit" ]; then
		ok
	else
		not_ok "$what: peak RSS ${2:-?} KiB, limit $limit KiB (file + 64 MiB), ${1:-?} s, exit ${3:-?}"
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
# One more is over the cap.
"$ROOT/$BUILD/genwasm" $((MAXF + 1)) "$T/over.wasm" || not_ok "genwasm $((MAXF + 1))"
expect_run 3 "a million and one functions" -- "$T/over.wasm"
expect_grep "too many function entries: $((MAXF + 1)) with imports (limit $MAXF)" "$T/out" \
	"function cap message"
rm -f "$T/million.wasm" "$T/over.wasm"

# Nested blocks: the body is depth 1, so DEPTH - 1 blocks fit; the next one is refused.
DEPTH=$(cap P1C_MAX_BLOCK_DEPTH)
"$ROOT/$BUILD/gennest" $((DEPTH - 1)) "$T/deep-ok.wasm" >/dev/null || not_ok "gennest"
expect_run 0 "$((DEPTH - 1)) nested blocks" -- "$T/deep-ok.wasm"
first=$("$ROOT/$BUILD/gennest" 100000 "$T/deep.wasm") || not_ok "gennest"
expect_run 3 "100000 nested blocks" -- "$T/deep.wasm"
at=$(printf '0x%08x' $((first + 2 * (DEPTH - 1))))
expect_grep "deep.wasm:$at: error\[P1C002/malformed-binary\]: blocks nested deeper than $DEPTH (function 0)" \
	"$T/out" "nesting cap message and offset"
expect_run 3 "100000 nested blocks, JSON" -- -f json "$T/deep.wasm"
expect_grep "blocks nested deeper than $DEPTH" "$T/out" "nesting cap in JSON"
expect_grep "\"offset\":	$((first + 2 * (DEPTH - 1)))," "$T/out" "nesting cap offset in JSON"

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
