#!/bin/sh
# make bench: wall time and peak RSS of a full audit (-f json -p wamr) beside
# wasm-validate --enable-all and wasm-objdump -x on the same files, and the ratios.
# Modules: real builds from npm packages (fetched into a cache, never committed) and
# generated ones with 250k, 500k and 1M functions (time should grow linearly).
# Each figure is the best of 3 runs. Then the worst case for explaining imports (genwasm
# --chain: 20000 imports at the ends of paths up to 200000 calls long, and a 10000-deep chain
# with an import per step), each also at half its size. The checks that fail make bench:
# - peak RSS of every output format (text, json, sarif, github, markdown, dot; one run each,
#   -p wamr) on every file within its size + 64 MB, as man 1 LIMITS promises;
# - doubling a chain must not more than double its cost (per-byte cost of the full shape within
#   1.5x of the half shape's: linear work).
# The cost-per-byte figures below (and the linear check) are CPU time (user + system, from
# wait4's rusage), the least of COST_ROUNDS (default 15) runs: a run of a few milliseconds on a
# shared machine varies too much in wall time. The files run in turns, one round after another,
# so that ruby.wasm and the chains are measured under the same load.
# Printed beside it, not enforced: the chains' cost per byte of the audit alone (-q: every
# import found, explained with its paths and certainty; no report, so no finding text is
# formatted) against ruby.wasm's (the goal is 3x; a chain has one finding per 22-95 bytes),
# also net of the fixed cost of a run (start-up and profile loading: an empty module's -q run).
# So that -q is not the only figure: the same ratio for a full run writing the report (-f json,
# the p1c_s column, and -f text), with the JSON report's size per input byte: a report grows
# with findings times path length (chain-deep's JSON is ~140 bytes per input byte, ruby.wasm's
# well under one), so a full run's cost per input byte is mostly writing it.
# Printed, not enforced: the speed goal (a full audit >= 30x wasm-validate --enable-all on
# each npm module, >= 400 MB/s on pandoc.wasm) is the vs_valid and p1c_MB/s columns; wall times
# on a shared machine, wasm-validate's above all (2.6-4.4 s on pandoc.wasm), vary too much for
# a pass/fail, so README.md also gives callgrind instruction counts.
set -u
BUILD=${1:-build}
BIN="$BUILD/wasm-p1check"
MEASURE="$BUILD/measure"
CACHE=${WASM_P1CHECK_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wasm-p1check-bench}
export WASM_P1CHECK_PROFILE_PATH="$(pwd)/profiles"
COST_ROUNDS=${COST_ROUNDS:-15}
PACKAGES="@ruby/3.4-wasm-wasi@2.10.1 @rspack/binding-wasm32-wasi@2.2.9 pandoc-wasm@1.1.0"
mkdir -p "$CACHE"

fetch() { # npm pack into the cache, once; list the .wasm files inside
	for pkg in $PACKAGES; do
		dir="$CACHE/$(echo "$pkg" | tr '@/' '__')"
		if [ ! -d "$dir" ]; then
			tmp=$(mktemp -d)
			if (cd "$tmp" && npm pack --silent "$pkg" >/dev/null 2>&1) &&
				mkdir -p "$dir" && tar xzf "$tmp"/*.tgz -C "$dir"; then
				:
			else
				echo "bench: cannot fetch $pkg (no npm registry?); skipped" >&2
				rm -rf "$dir"
			fi
			rm -rf "$tmp"
		fi
		[ -d "$dir" ] && find "$dir" -name '*.wasm' ! -name '*debug*' | sort
	done
}

best() { # best wall time and its RSS over 3 runs: "<seconds> <KiB> <exit> <CPU seconds>"
	for _ in 1 2 3; do "$MEASURE" "$@"; done | sort -n | head -n 1
}

cpu() { # least CPU time (user + system) over 5 runs, in seconds: the cost-per-byte figures
	for _ in 1 2 3 4 5; do "$MEASURE" "$@"; done | awk '{ print $4 }' | sort -n | head -n 1
}

row() {
	file=$1
	size=$(wc -c <"$file")
	set -- $(best "$BIN" -f json -p wamr "$file")
	ours=$1 ours_kb=$2 rc=$3
	set -- $(best wasm-validate --enable-all "$file")
	val=$1 val_kb=$2
	set -- $(best wasm-objdump -x "$file")
	dump=$1 dump_kb=$2
	echo "$(basename "$file") $size json $ours_kb" >>"$RSS"
	for fmt in text sarif github markdown dot; do
		set -- $("$MEASURE" "$BIN" -f "$fmt" -p wamr "$file")
		echo "$(basename "$file") $size $fmt $2" >>"$RSS"
	done
	case $(basename "$file") in ruby.wasm|*chain*) # the audit alone (-q, below), and full runs
		echo "$file" >>"$COST_FILES"
		echo "$(basename "$file") $size $(cpu "$BIN" -f json -p wamr "$file")" \
			"$(cpu "$BIN" -f text -p wamr "$file") $("$BIN" -f json -p wamr "$file" | wc -c)" >>"$FULL" ;;
	esac
	awk -v n="$(basename "$file")" -v size="$size" -v o="$ours" -v okb="$ours_kb" -v rc="$rc" \
		-v v="$val" -v vkb="$val_kb" -v d="$dump" -v dkb="$dump_kb" 'BEGIN {
		mb = size / 1048576
		printf "%-28s %8.1f %7.3f %7.0f %7.0f %6d %8.3f %7.0f %8.3f %7.0f %7.1fx %6.2fx %s\n",
			substr(n, 1, 28), mb, o, (o > 0 ? mb / o : 0), okb / 1024, rc, v, vkb / 1024, d, dkb / 1024,
			(o > 0 ? v / o : 0), (o > 0 ? d / o : 0),
			(okb / 1024 <= mb + 64 ? "ok" : "OVER")
	}'
}

command -v wasm-validate >/dev/null || { echo "bench: wasm-validate not installed (make deps)"; exit 2; }
printf '%-28s %8s %7s %7s %7s %6s %8s %7s %8s %7s %8s %7s %s\n' module MB p1c_s p1c_MB/s p1c_MB exit \
	valid_s valid_MB objdmp_s objd_MB vs_valid vs_objd "RSS<=size+64MB"
COSTS=$(mktemp) RSS=$(mktemp) FULL=$(mktemp) COST_FILES=$(mktemp)
trap 'rm -f "$COSTS" "$RSS" "$RSS.out" "$FULL" "$COST_FILES"' EXIT
for f in $(fetch); do row "$f"; done
for n in 250000 500000 1000000; do
	gen="$CACHE/generated-$n.wasm"
	[ -e "$gen" ] || "$BUILD/genwasm" "$n" "$gen"
	row "$gen"
done
for shape in "100000 10000 chain-wide-half" "200000 20000 chain-wide" \
	"5000 5000 chain-deep-half" "10000 10000 chain-deep"; do
	set -- $shape
	gen="$CACHE/generated-$3.wasm"
	[ -e "$gen" ] || "$BUILD/genwasm" --chain "$1" "$2" "$gen"
	row "$gen"
done
# Peak RSS of every format against size + 64 MB (man 1 LIMITS).
awk '{ mb = $2 / 1048576; kb[$1] = kb[$1] sprintf(" %s %.0f", $3, $4 / 1024)
	if ($4 / 1024 > mb + 64) { over[$1] = over[$1] " " $3; bad++ } }
END {
	for (f in kb) printf "%-28s peak RSS MB by format:%s: %s\n", substr(f, 1, 28), kb[f],
		over[f] ? "OVER (size + 64 MB) for" over[f] : "ok"
	exit bad > 0
}' "$RSS" >"$RSS.out"
rss_status=$?
sort "$RSS.out"
# Cost per byte of the audit alone (-q: every import explained, no report written). The files
# take turns, round by round, so that each is measured under the same load as the others (this
# machine's speed drifts by half over minutes), and each keeps its least CPU time.
empty="$CACHE/empty.wasm"
printf '\000asm\001\000\000\000' >"$empty"
echo "$empty" >>"$COST_FILES"
for _ in $(seq "$COST_ROUNDS"); do
	while read -r f; do
		echo "$(basename "$f") $(wc -c <"$f") $("$MEASURE" "$BIN" -q -p wamr "$f" | cut -d' ' -f4)"
	done <"$COST_FILES"
done | awk '{ if (!($1 in t) || $3 < t[$1]) { t[$1] = $3; n[$1] = $2 } }
END { for (f in t) print f, n[f], t[f] }' >"$COSTS"
awk '{ sub(/^generated-/, "", $1); sub(/\.wasm$/, "", $1) }
$1 == "empty" { fixed = $3 }
$1 == "ruby" { ruby = $3 / $2; ruby_t = $3; ruby_n = $2 } $1 ~ /chain/ { cost[$1] = $3 / $2; t[$1] = $3; n[$1] = $2 }
END {
	bad = 0
	for (c in cost) {
		if (c ~ /-half$/) continue
		half = cost[c "-half"]
		if (!half) { print "bench: no " c "-half to compare with"; bad++; continue }
		r = cost[c] / half
		printf "%-16s cost per byte %.2fx the half-size shape'"'"'s (limit 1.5x, linear): %s\n", c, r,
			r <= 1.5 ? "ok" : "OVER"
		bad += r > 1.5
		net = 0
		if (ruby_t > fixed && t[c] > fixed)
			net = ((t[c] - fixed) / n[c]) / ((ruby_t - fixed) / ruby_n)
		if (ruby)
			printf "%-16s cost per byte %.1fx ruby.wasm'"'"'s (goal 3x, not enforced); net of a run'"'"'s fixed %.4f s: %.1fx\n",
				c, cost[c] / ruby, fixed, net
	}
	exit bad > 0
}' "$COSTS"
cost_status=$?
# The same for full runs that write the report (not enforced).
awk '{ sub(/^generated-/, "", $1); sub(/\.wasm$/, "", $1) }
$1 == "ruby" { json = $3 / $2; text = $4 / $2 } $1 ~ /chain/ && $1 !~ /-half$/ { c[$1] = $0 }
END {
	for (k in c) {
		split(c[k], f, " ")
		if (json > 0 && text > 0)
			printf "%-16s full run cost per byte %.1fx ruby.wasm'"'"'s with -f json, %.1fx with -f text (JSON report: %.0f bytes per input byte; not enforced)\n",
				k, f[3] / f[2] / json, f[4] / f[2] / text, f[5] / f[2]
	}
}' "$FULL"
[ "$cost_status" = 0 ] && [ "$rss_status" = 0 ]
