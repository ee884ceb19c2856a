#!/bin/sh
# make realbin: the verdicts on real third-party binaries (tests/realbin.list, pinned
# package@version from the npm registry), against the real engine where there is one here.
# Not part of make check: it downloads (once, with `npm pack`, into $REALBIN_CACHE, default
# ~/.cache/wasm-p1check-realbin; a package already in ~/.cache/wasm-p1check-bench is used from
# there) and it runs every module under Node. The .wasm files are never committed.
# Per module:
#   - wasm-validate --enable-all (wabt) as the malformed-input oracle: the tool exiting 3 on a
#     module wabt validates is a failure (a false "malformed"); wabt rejecting a module the tool
#     and V8 accept is printed as a note (wabt also checks custom sections, which the spec says
#     never make a module invalid);
#   - wasm-p1check -f json with every shipped device profile: an exit status above 3 (a crash)
#     is a failure; the verdict column is the earliest stage an error may bite, then ".." and
#     the earliest it surely bites ("?" when nothing surely does), "pass" without errors;
#   - Node 20's node:wasi, run as tests/node/run.mjs runs the fixtures (load, instantiate,
#     start() with the list's guest arguments or initialize()), compared with the node-wasi
#     verdict by tests/node/compare.mjs (the mapping in tests/node-oracle.sh's header): a
#     disagreement is a failure;
#   - the time of one wamr audit against wasm-validate's (the ratio column, not enforced).
# Prints a table (markdown) and "realbin: N passed, N failed".
# Usage: realbin.sh [BUILD]   (REALBIN_LIST=FILE for another list)
set -u
BUILD=${1:-build}
. tests/lib.sh
LIST=${REALBIN_LIST:-tests/realbin.list}
CACHE=${REALBIN_CACHE:-$HOME/.cache/wasm-p1check-realbin}
BENCH_CACHE=$HOME/.cache/wasm-p1check-bench
NODE_MAJOR=20
PROFILES=$("$BIN" --list-profiles | awk '$2 != "data:" { print $1 }')

have_node=1
if ! command -v node >/dev/null 2>&1 ||
	[ "$(node -p 'process.versions.node.split(".")[0]')" != "$NODE_MAJOR" ]; then
	echo "skip: Node $NODE_MAJOR not installed: no Node comparison (verdicts only)"
	have_node=0
fi
command -v wasm-validate >/dev/null 2>&1 || skip_suite_or_fail realbin "missing wasm-validate (make deps)"
command -v jq >/dev/null 2>&1 || skip_suite_or_fail realbin "missing jq (make deps)"

# The directory holding a package's package/ folder, fetched when missing.
fetch() {
	dir=$(echo "$1" | tr '/@' '__')
	for c in "$BENCH_CACHE" "$CACHE"; do
		[ -d "$c/$dir/package" ] && { echo "$c/$dir"; return 0; }
	done
	mkdir -p "$CACHE/$dir" || return 1
	tgz=$(cd "$CACHE/$dir" && npm pack "$1" --silent 2>/dev/null | tail -n 1)
	[ -n "$tgz" ] && [ -f "$CACHE/$dir/$tgz" ] || return 1
	tar xzf "$CACHE/$dir/$tgz" -C "$CACHE/$dir" && rm -f "$CACHE/$dir/$tgz" || return 1
	echo "$CACHE/$dir"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The verdict of one JSON report, as the table shows it.
verdict() {
	jq -r '.files[0].summary | if .errors == 0 then "pass"
		elif .earliest_certain_bites == null then "\(.earliest_bites)?"
		elif .earliest_certain_bites == .earliest_bites then .earliest_bites
		else "\(.earliest_bites)..\(.earliest_certain_bites)" end' "$1" 2>/dev/null |
		sed 's/instantiate/inst/g'
}

mkdir -p "$T/pred" "$T/node"
: >"$T/lists"
: >"$T/node.tsv"
: >"$T/rows"
grep -v '^#' "$LIST" | grep '^trap ' | while read -r _ pkg path stage reason; do
	dir=$(fetch "$pkg") && echo "trap $dir/package/$path $stage $reason" >>"$T/lists"
done
n=0
header="| package@version | module | toolchain | size |"
for p in $PROFILES; do header="$header $p |"; done
header="$header wabt | Node 20 | agree | audit/validate |"
grep -v -e '^#' -e '^trap ' -e '^[[:space:]]*$' "$LIST" >"$T/modules"
while read -r pkg path toolchain args; do
	if ! dir=$(fetch "$pkg"); then
		not_ok "$pkg: npm pack failed"
		continue
	fi
	file="$dir/package/$path"
	[ -f "$file" ] || { not_ok "$pkg: no $path in the package"; continue; }
	size=$(wc -c <"$file")
	t0=$(now_ms)
	if wasm-validate --enable-all "$file" >/dev/null 2>"$T/validate"; then wabt=valid; else wabt=invalid; fi
	t_validate=$(($(now_ms) - t0))
	row="| $pkg | $path | $toolchain | $size |"
	bad=0
	for p in $PROFILES; do
		t0=$(now_ms)
		"$BIN" -f json -p "$p" "$file" >"$T/report.json" 2>"$T/stderr" </dev/null
		rc=$?
		[ "$p" = wamr ] && t_audit=$(($(now_ms) - t0))
		if [ "$rc" -gt 3 ]; then
			not_ok "$pkg $path [$p]: exit $rc: $(head -c 300 "$T/stderr")"
			bad=1
		elif [ "$rc" = 3 ] && [ "$wabt" = valid ]; then
			not_ok "$pkg $path [$p]: exit 3 (malformed) but wasm-validate --enable-all accepts it: $(head -c 300 "$T/stderr")"
			bad=1
		fi
		[ "$p" = node-wasi ] && cp "$T/report.json" "$T/pred/$n.json"
		row="$row $(verdict "$T/report.json") |"
	done
	[ "$wabt" = invalid ] && echo "note: $pkg $path: wasm-validate --enable-all: $(head -n 1 "$T/validate")"
	stage=-
	if [ "$have_node" = 1 ]; then
		set --
		for a in $args; do set -- "$@" --arg "$a"; done
		mkdir -p "$T/node/$n"
		node tests/node/run.mjs --timeout 60000 "$@" "$T/node/$n" "$file" </dev/null >"$T/one.tsv" 2>"$T/node.err" ||
			{ not_ok "$pkg $path: run.mjs failed: $(head -c 300 "$T/node.err")"; bad=1; }
		cat "$T/one.tsv" >>"$T/node.tsv"
		stage=$(cut -f 2 "$T/one.tsv")
		n=$((n + 1))
	fi
	ratio=$(awk -v a="$t_audit" -v v="$t_validate" 'BEGIN { printf "%d/%d ms", a, v }')
	echo "$row $wabt | $stage | @AGREE:$bad:$file@ | $ratio |" >>"$T/rows"
done <"$T/modules"

if [ "$have_node" = 1 ] && [ "$n" -gt 0 ]; then
	"$BIN" --show-profile node-wasi | sed -n '/^features:/,/^[a-z]/p' >"$T/features"
	node tests/node/compare.mjs "$T/node.tsv" "$T/pred" "$T/lists" "$T/features" >"$T/compare"
	grep -E '^(FAIL|KNOWN) ' "$T/compare"
	grep -E '^node-oracle: [0-9]+ modules compared' "$T/compare" | sed 's/^node-oracle/realbin/'
	# A list entry that matched no module (compare.mjs names no file then).
	grep '^FAIL .*: in the trap list' "$T/compare" >/dev/null && fail=$((fail + 1))
fi
echo "$header"
echo "$header" | sed 's/[^|]/-/g; s/-|/ |/g'
while IFS= read -r row; do
	bad=$(echo "$row" | sed -n 's/.*@AGREE:\([01]\):.*/\1/p')
	file=$(echo "$row" | sed -n 's/.*@AGREE:[01]:\(.*\)@.*/\1/p')
	if [ "$have_node" = 0 ]; then agree=-
	elif grep -q -F "FAIL $file:" "$T/compare"; then agree=NO
	else agree=yes; fi
	if [ "$bad" = 0 ] && [ "$agree" != NO ]; then ok; else fail=$((fail + 1)); fi
	echo "$row" | sed "s|@AGREE:.*@|$agree|"
done <"$T/rows"
echo "realbin: $pass passed, $fail failed"
[ "$fail" = 0 ]
