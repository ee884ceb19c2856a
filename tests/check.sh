#!/bin/sh
# make check: unit suites, then CLI golden tests, then extra CLI behaviour tests.
# Ends with one "N passed, N failed" line (the sum of all parts).
set -u
BUILD=${BUILD:-build}
export LC_ALL=C
total_pass=0
total_fail=0

tally() { # "<name>: N passed, N failed" lines from a part's output
	line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$2: no result line (crashed?)"
		total_fail=$((total_fail + 1))
		return
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

part() { # part NAME COMMAND...: runs one part, shows its output, adds its result line
	name=$1
	shift
	"$@" >"$out" 2>&1
	cat "$out"
	tally "$out" "$name"
}

out=$(mktemp)
# The JSON and SARIF reports the tests write, validated at the end (tests/schemas.sh).
export P1C_REPORTS="$BUILD/reports"
rm -rf "$P1C_REPORTS"
trap 'rm -f "$out"' EXIT

# The layer check: includes and calls point down (cli -> report -> rules -> {analysis, profile}
# -> wasm -> base), no call cycles between files; then the check's own tests.
part layers sh tests/layers.sh src "$BUILD/obj"
part layers-selftest sh tests/layers-selftest.sh "$BUILD"
# The unit suites run from the repo root (they read profiles/ and fixtures/).
P1C_ORACLE_DIR="$BUILD/fixtures" sh tests/run-cli.sh --build-only "$BUILD" >/dev/null 2>"$out" ||
	{ cat "$out"; echo "fixture build failed"; total_fail=$((total_fail + 1)); }
part unit env P1C_ORACLE_DIR="$BUILD/fixtures" CK_VERBOSITY="${CK_VERBOSITY:-minimal}" \
	"$BUILD/unit-tests"
part cli sh tests/run-cli.sh "$BUILD"
part device-facts sh tests/device-facts.sh "$BUILD"
part reach-facts sh tests/reach-facts.sh "$BUILD"

part cli-misc sh tests/cli-misc.sh "$BUILD"
part man-rules sh tests/man-rules.sh "$BUILD"

part review sh tests/review.sh "$BUILD"
part natives sh tests/natives.sh "$BUILD"

part features-oracle sh tests/features-oracle.sh "$BUILD"
# Every fixture run under Node 20's node:wasi against the node-wasi profile's predictions.
part node-oracle sh tests/node-oracle.sh "$BUILD"
# The sanity caps at V8's limits, one under and one over each (V8 in Node 20 as the oracle).
part node-caps sh tests/node-caps.sh "$BUILD"
part mutate sh tests/mutate.sh "$BUILD"

part hostile sh tests/hostile.sh "$BUILD"
# Every value of every audit option over every fixture (tests/fuzz/fuzz_options.c fuzzes them).
part options-sweep sh tests/options-sweep.sh "$BUILD"
part schemas sh tests/schemas.sh "$BUILD"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
