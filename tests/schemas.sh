#!/bin/sh
# Validates every JSON report and SARIF log the tests wrote into $BUILD/reports (run-cli.sh
# keeps each -f json / -f sarif run; review.sh adds its own) against its schema: the
# repository's schemas/wasm-p1check-report-1.schema.json, and the SARIF 2.1.0 schema plus
# GitHub code scanning's requirements (tests/schema/validate.js). The validator comes from
# npm (make deps: tests/schema/node_modules). Without it this is a loud skip, in CI a failure.
set -u
BUILD=${1:-build}
REPORTS="$BUILD/reports"
NODE_DIR=tests/schema
if ! command -v node >/dev/null 2>&1 || [ ! -d "$NODE_DIR/node_modules/ajv-draft-04" ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: schema validator missing (make deps installs it into $NODE_DIR/node_modules)"
		echo "schemas: 0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: schema validator missing: run make deps (npm ci in $NODE_DIR); reports NOT validated"
	echo "schemas: 0 passed, 0 failed"
	exit 0
fi
json=$(ls "$REPORTS"/*.json 2>/dev/null)
sarif=$(ls "$REPORTS"/*.sarif 2>/dev/null)
pass=0
fail=0
count() { # the validator's closing line
	line=$(grep -E '^schemas: [0-9]+ passed' "$1" | tail -n 1)
	[ -n "$line" ] || { fail=$((fail + 1)); cat "$1"; return; }
	grep -v '^schemas:' "$1"
	pass=$((pass + $(echo "$line" | sed -E 's/schemas: ([0-9]+) passed.*/\1/')))
	fail=$((fail + $(echo "$line" | sed -E 's/.* ([0-9]+) failed/\1/')))
}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
[ -n "$json" ] || { echo "FAIL: no JSON reports in $REPORTS"; fail=$((fail + 1)); }
[ -n "$sarif" ] || { echo "FAIL: no SARIF logs in $REPORTS"; fail=$((fail + 1)); }
# shellcheck disable=SC2086 # file lists
[ -n "$json" ] && { node "$NODE_DIR/validate.js" report schemas/wasm-p1check-report-1.schema.json $json >"$out" 2>&1; count "$out"; }
# shellcheck disable=SC2086
[ -n "$sarif" ] && { node "$NODE_DIR/validate.js" sarif $sarif >"$out" 2>&1; count "$out"; }
echo "validated $(echo "$json" | grep -c .) JSON reports and $(echo "$sarif" | grep -c .) SARIF logs"
echo "schemas: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
