#!/bin/sh
# Truncation and mutation test (make check): every proper prefix of a few fixtures and a few
# hundred seeded random corruptions (tests/tools/mutate.c; deterministic) are audited, many
# files per invocation. Each input must end in exit 0, 1 or 3 with its verdict line, never a
# signal, a hang (timeout) or a sanitizer report; a prefix that cuts a section short must
# also be reported malformed (P1C002) (SANITIZE=1 builds abort on a sanitizer report; the
# sanitizers' exit code is set to 86 here so that it cannot pass for exit 1). A failing batch
# is re-run file by file to name the culprits. Ends with "mutate: N passed, N failed" (one
# per input). Usage: mutate.sh BUILD
set -u
BUILD=${1:-build}
. tests/lib.sh
MUTATE="$ROOT/$BUILD/mutate"
KEEP="$ROOT/$BUILD/mutate-failures" # failing inputs are copied here
BATCH=1000       # files per invocation
TIMEOUT=120      # seconds per invocation (a hang is a failure)

# check_run RC OUT ERR NFILES FORMAT: did one invocation over NFILES inputs behave?
check_run() {
	case $1 in 0 | 1 | 3) ;; *) echo "exit $1"; return 1 ;; esac
	if grep -q -E 'Sanitizer|runtime error:' "$3"; then head -n 20 "$3"; return 1; fi
	case $5 in
	text) got=$(grep -c -E ': (PASS|FAIL): [0-9]+ error' "$2") ;;
	json) got=$(grep -c '^			"path":	' "$2") ;;
	sarif) got=$(grep -c '^					"length":	' "$2") ;; # one artifact per file
	dot) got=$(grep -c '^  subgraph "cluster_' "$2") ;; # a cluster per file, malformed too
	esac
	[ "$got" -eq "$4" ] || { echo "$got reports for $4 files"; return 1; }
}

# audit FORMAT FILE...: one invocation; on failure, every file alone.
audit() {
	fmt=$1; shift
	n=$#
	timeout -k 5 $TIMEOUT "$BIN" -f "$fmt" -p wamr --color never "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	if why=$(check_run $rc "$T/out" "$T/err" $n "$fmt"); then
		pass=$((pass + n))
		return
	fi
	echo "batch of $n ($fmt): $why; retrying one by one"
	for f in "$@"; do
		timeout -k 5 $TIMEOUT "$BIN" -f "$fmt" -p wamr --color never "$f" >"$T/out" 2>"$T/err" </dev/null
		rc=$?
		if why=$(check_run $rc "$T/out" "$T/err" 1 "$fmt"); then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			mkdir -p "$KEEP" && cp "$f" "$KEEP/"
			echo "FAIL $fmt $(basename "$f") (kept in $KEEP): $why"
		fi
	done
}

fixture() { # fixture REL: src= the built fixture, or empty (with a note) when it was not built
	src="$FIX/$1"
	[ -e "$src" ] && return
	src=
	if [ "${CI:-}" = true ]; then
		echo "FAIL: fixture $1 not built (required in CI)" >&2
		fail=$((fail + 1))
	else
		echo "skip: fixture $1 not built (wat2wasm or clang missing)" >&2
	fi
}

# A prefix that cuts a section short is malformed whatever the bytes (a section's size covers
# its contents exactly): its report must have a P1C002 finding. The ones that end on a
# section boundary may be well-formed and are only held to the check above.
truncated_rejected() { # truncated_rejected DIR (the text report of DIR/p<len>.wasm is in $T/out)
	"$MUTATE" boundaries "$src" | sort >"$T/bounds"
	ls "$1" | sed -n -E 's/^p([0-9]+)\.wasm$/\1/p' | sort >"$T/lens"
	comm -23 "$T/lens" "$T/bounds" >"$T/cut"
	grep -o -E '/p[0-9]+\.wasm:0x[0-9a-f]+: error\[P1C002/' "$T/out" |
		sed -E 's@^/p([0-9]+)\.wasm.*@\1@' | sort -u >"$T/rejected"
	missing=$(comm -23 "$T/cut" "$T/rejected" | head -n 5 | tr '\n' ' ')
	ncut=$(wc -l <"$T/cut")
	if [ -n "$missing" ]; then
		fail=$((fail + 1))
		echo "FAIL $(basename "$src"): truncated prefixes without P1C002, lengths: $missing"
	else
		truncated=$((truncated + ncut))
	fi
}
truncated=0

# Every proper prefix, BATCH at a time (the files of a batch are removed afterwards).
prefixes() {
	fixture "$1"
	[ -n "$src" ] || return 0
	size=$(wc -c <"$src")
	from=0
	while [ "$from" -lt "$size" ]; do
		mkdir -p "$T/p"
		"$MUTATE" prefixes "$src" "$T/p" $from $BATCH >/dev/null || { fail=$((fail + 1)); return; }
		audit text "$T"/p/*.wasm
		truncated_rejected "$T/p"
		rm -rf "$T/p"
		from=$((from + BATCH))
	done
}

# COUNT seeded corruptions, audited in every format.
mutants() {
	fixture "$1"
	[ -n "$src" ] || return 0
	mkdir -p "$T/m"
	"$MUTATE" random "$src" "$T/m" "$2" "$3" >/dev/null || { fail=$((fail + 1)); return; }
	for fmt in text json sarif dot; do
		audit $fmt "$T"/m/*.wasm
	done
	rm -rf "$T/m"
}

prefixes c/reactor.wasm                # clang-built: producers, names, a real code section
prefixes wat/ops-every-opcode.wasm     # every opcode family (SIMD, atomics, GC, EH...)
prefixes components/component.wasm    # a component with a nested core module
mutants c/hello.wasm 1 100
mutants c/udp_close.wasm 2 100
mutants wat/ops-every-opcode.wasm 3 100
mutants wat/reach-indirect.wasm 4 50
mutants components/component.wasm 5 50

# What the count proves: each input ended in a defined status with its verdict line (no
# signal, hang or sanitizer report); of them, the truncated prefixes were all rejected with
# P1C002. Random mutants are not held to more: a corruption can be another well-formed module.
echo "mutate: of $pass inputs with a defined exit and a verdict, $truncated were truncated prefixes, all rejected with P1C002"
echo "mutate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
