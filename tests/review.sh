#!/bin/sh
# Code review surfaces: --fail-on none, --list-rules, --explain, the --help golden (more
# below as they land: SARIF checks, -f github, -f markdown, waivers).
set -u
BUILD=${1:-build}
. tests/lib.sh

run() { # run WANT DESCRIPTION -- command... (stdout in $T/out, stderr in $T/err)
	want=$1; what=$2; shift 3
	"$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ]; then ok; else not_ok "$what: exit $rc, expected $want"; cat "$T/err"; fi
}
has() { # has PATTERN FILE DESCRIPTION (extended regex)
	if grep -q -E -- "$1" "$2"; then ok; else not_ok "$3: /$1/ not in $(basename "$2")"; head -20 "$2"; fi
}
hasnt() {
	if grep -q -E -- "$1" "$2"; then not_ok "$3: /$1/ in $(basename "$2")"; else ok; fi
}

HELLO="$FIX/wat/hello-p1.wasm"
P2="$FIX/wat/p2-imports.wasm"

# --help is golden: a changed option list is a reviewed change.
run 0 "help" -- "$BIN" --help
if cmp -s "$T/out" tests/golden/help.out; then ok; else
	[ "${BLESS:-}" = 1 ] && cp "$T/out" tests/golden/help.out && echo "blessed tests/golden/help.out"
	not_ok "--help differs from tests/golden/help.out"; diff tests/golden/help.out "$T/out"
fi

# --fail-on none: findings are reported, the exit status is 0; malformed still exits 3.
run 1 "p2 imports fail by default" -- "$BIN" "$P2"
run 0 "--fail-on none" -- "$BIN" --fail-on none "$P2"
has "error\[P1C010/wasip2-import\]" "$T/out" "--fail-on none still reports"
run 0 "--fail-on none json" -- "$BIN" --fail-on none -f json "$P2"
has '"severity":	"error"' "$T/out" "--fail-on none json keeps severities"
printf '\000asm\001\000\000\000\001' >"$T/trunc.wasm"
run 3 "--fail-on none: malformed is still 3" -- "$BIN" --fail-on none "$T/trunc.wasm"
run 2 "--fail-on none: missing file is still 2" -- "$BIN" --fail-on none "$T/nope.wasm"
run 2 "--fail-on bad value" -- "$BIN" --fail-on nothing "$P2"
has "expected error, warning, note or none" "$T/err" "--fail-on message"

# --list-rules: every rule of rules.def, text and JSON.
run 0 "list rules" -- "$BIN" --list-rules
nrules=$(grep -c '^RULE(' src/rules/rules.def)
[ "$(wc -l <"$T/out")" -eq "$nrules" ] && ok || not_ok "--list-rules: $(wc -l <"$T/out") lines for $nrules rules"
has "^P1C010  wasip2-import +error " "$T/out" "--list-rules line"
has "^P1C060  dead-import +note " "$T/out" "--list-rules note rule"
run 0 "list rules json" -- "$BIN" --list-rules -f json
has '"schema":	"wasm-p1check-rules/1"' "$T/out" "rules catalogue schema"
[ "$(grep -c '"precision":' "$T/out")" -eq "$nrules" ] && ok || not_ok "--list-rules -f json: one object per rule"
if command -v node >/dev/null 2>&1; then
	node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).rules;
		for (const x of r) for (const k of ["id","slug","severity","description","tags","precision","checks","bites","fix","example"])
			if (x[k] === undefined || x[k] === "") { console.log(x.id + " lacks " + k); process.exit(1); }' "$T/out" &&
		ok || not_ok "--list-rules -f json: a rule lacks a key"
fi

# --explain: by id (any case) or slug; what it checks, bites per shipped profile, fix, example.
run 0 "explain by id" -- "$BIN" --explain P1C010
cp "$T/out" "$T/by-id"
run 0 "explain by lower-case id" -- "$BIN" --explain p1c010
cmp -s "$T/out" "$T/by-id" && ok || not_ok "--explain p1c010 differs from P1C010"
run 0 "explain by slug" -- "$BIN" --explain wasip2-import
cmp -s "$T/out" "$T/by-id" && ok || not_ok "--explain wasip2-import differs from P1C010"
for section in "What it checks:" "When it bites:" "How to fix:" "Example:"; do
	has "^$section" "$T/by-id" "--explain section $section"
done
# The shipped profiles: wamr traps on call, wasmtime-p1 fails to link (profiles/*.yaml).
has "^    wamr: call when a root reaches it" "$T/by-id" "--explain bites on wamr"
has "^    wasmtime-p1: instantiate \(link-error" "$T/by-id" "--explain bites on wasmtime-p1"
run 0 "explain P1C030" -- "$BIN" --explain start-and-initialize
has "^    node-wasi: instantiate: the runtime refuses" "$T/out" "P1C030 on node-wasi (refuse)"
has "^    wamr: never: the runtime runs both" "$T/out" "P1C030 on wamr (run-both)"
run 0 "explain json" -- "$BIN" --explain P1C020 -f json
has '"name":	"wamr-minimal"' "$T/out" "--explain json lists profiles"
has '"bites":	"load, for bulk-memory, reference-types, simd' "$T/out" "wamr-minimal leaves out bulk memory"
run 2 "explain unknown" -- "$BIN" --explain P1C999
has "no such rule" "$T/err" "--explain unknown message"

echo "review: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
