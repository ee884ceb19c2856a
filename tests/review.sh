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
has "^    node-wasi: call: the host refuses" "$T/out" "P1C030 on node-wasi (refuse, in start())"
has "^    wamr: never: the runtime runs _start, and _initialize when" "$T/out" "P1C030 on wamr (run-both)"
run 0 "explain json" -- "$BIN" --explain P1C020 -f json
has '"name":	"wamr-minimal"' "$T/out" "--explain json lists profiles"
has '"bites":	"load, for bulk-memory, reference-types, simd' "$T/out" "wamr-minimal leaves out bulk memory"
run 2 "explain unknown" -- "$BIN" --explain P1C999
has "no such rule" "$T/err" "--explain unknown message"

# SARIF that GitHub accepts (tests/schemas.sh validates every log kept in $P1C_REPORTS
# against the SARIF 2.1.0 schema and GitHub's required fields; here: what needs a setup).
keep() { [ -n "${P1C_REPORTS:-}" ] && mkdir -p "$P1C_REPORTS" && cp "$1" "$P1C_REPORTS/review.$2"; }
fingerprints() { # fingerprints SARIF -> "ruleId message-subject hash" lines, sorted
	node -e 'const l = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		for (const r of l.runs[0].results) console.log(r.ruleId, r.partialFingerprints.primaryLocationLineHash);' "$1" | sort
}
if command -v wat2wasm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
	mkdir -p "$T/proj/build dir"
	# The same p2 module, then with an unrelated import first (every index and offset moves)
	# and under another name: the fingerprints do not change.
	wat2wasm --debug-names -o "$T/proj/build dir/my app#1.wasm" "$ROOT/fixtures/wat/p2-imports.wat"
	sed 's|^  (import "wasi_snapshot_preview1" "fd_close"|  (import "env" "unrelated" (func (param i32)))\n&|' \
		"$ROOT/fixtures/wat/p2-imports.wat" >"$T/p2-more.wat"
	wat2wasm --debug-names -o "$T/proj/renamed.wasm" "$T/p2-more.wat"
	(cd "$T/proj" && "$BIN" -p wamr -f sarif "build dir/my app#1.wasm") >"$T/a.sarif" 2>/dev/null
	(cd "$T/proj" && "$BIN" -p wamr -f sarif renamed.wasm) >"$T/b.sarif" 2>/dev/null
	keep "$T/a.sarif" encoded.sarif; keep "$T/b.sarif" renamed.sarif
	has '"uri":	"build%20dir/my%20app%231.wasm"' "$T/a.sarif" "SARIF URI percent-encoded"
	has '"uriBaseId":	"SRCROOT"' "$T/a.sarif" "relative URI has a uriBaseId"
	has '"id":	"wasm-p1check/wamr/"' "$T/a.sarif" "automationDetails.id carries the profile"
	fingerprints "$T/a.sarif" >"$T/fa"; fingerprints "$T/b.sarif" >"$T/fb"
	[ "$(grep -c P1C010 "$T/fa")" -ge 3 ] && ok || not_ok "expected P1C010 results in the SARIF"
	grep -q 'P1C011' "$T/fb" && ok || not_ok "the unrelated import is reported (P1C011)"
	grep -v P1C011 "$T/fb" >"$T/fb-related"
	if cmp -s "$T/fa" "$T/fb-related"; then ok; else
		not_ok "fingerprints changed with an unrelated import and a rename"; diff "$T/fa" "$T/fb-related"
	fi
	[ "$(cut -d' ' -f2 "$T/fa" | sort -u | wc -l)" -eq "$(wc -l <"$T/fa")" ] && ok ||
		not_ok "two results share a fingerprint"
	# A file outside --source-root: an absolute file:// URI; inside it: relative to it.
	(cd "$T/proj" && "$BIN" -p wamr -f sarif --source-root "build dir" "$T/proj/renamed.wasm" \
		"build dir/my app#1.wasm") >"$T/c.sarif" 2>/dev/null
	keep "$T/c.sarif" source-root.sarif
	has '"uri":	"file:///' "$T/c.sarif" "outside --source-root: file:// URI"
	has '"uri":	"my%20app%231.wasm"' "$T/c.sarif" "inside --source-root: relative to it"
	run 2 "--source-root must be a directory" -- "$BIN" --source-root "$T/nope" "$HELLO"
	has "is not a directory" "$T/err" "--source-root message"
	# The validator itself rejects what GitHub rejects: a result without a location.
	if [ -d tests/schema/node_modules/ajv-draft-04 ]; then
		node -e 'const f = process.argv[1], l = JSON.parse(require("fs").readFileSync(f, "utf8"));
			delete l.runs[0].results[0].locations; require("fs").writeFileSync(f + ".bad", JSON.stringify(l));' "$T/a.sarif"
		node tests/schema/validate.js sarif "$T/a.sarif.bad" >"$T/v" 2>&1 && not_ok "validator accepted a result without a location" || ok
		has "no physical location" "$T/v" "validator names the missing location"
	fi
fi

# (wasmtime-p1: the drop is an error there as it is present; on WAMR nothing can create the
# socket it drops, so it is a warning there: resource provenance.)
# DWARF source locations (fixtures/c/dwarf_net.c, built with -g): the lines are the ones its
# markers sit on, read from the source here, not from a golden.
DW="$FIX/c/dwarf_net.wasm"
if [ -e "$DW" ]; then
	line_of() { grep -n "/\* $1 \*/" "$ROOT/fixtures/c/dwarf_net.c" | cut -d: -f1; }
	L_CLOSE=$(line_of CALL-CLOSE); L_SOCKET=$(line_of CALL-DROP-SOCKET); L_DROP=$(line_of CALL-DROP)
	run 1 "dwarf text" -- "$BIN" -p wasmtime-p1 --source-root "$ROOT" "$DW"
	# The first call site in the user's code (under --source-root): main calling app_close.
	has "^fixtures/c/dwarf_net.c:$L_CLOSE:[0-9]+: error\[P1C010/wasip2-import\]" "$T/out" "finding at the user's call site"
	has "^  in: .*dwarf_net.wasm:0x" "$T/out" "the .wasm offset is kept"
	has "-> app_close \(fixtures/c/dwarf_net.c:$L_CLOSE:[0-9]+\) -> drop_socket \(fixtures/c/dwarf_net.c:$L_SOCKET:[0-9]+\) -> \[resource-drop\]udp-socket \(fixtures/c/dwarf_net.c:$L_DROP:[0-9]+\)" \
		"$T/out" "path steps with their call sites"
	# Default root (the current directory, here outside the tree): no call site lies under
	# it, so the deepest one is primary, shown with its absolute path.
	(cd "$T" && "$BIN" -p wasmtime-p1 "$DW") >"$T/out" 2>&1
	has "^$ROOT/fixtures/c/dwarf_net.c:$L_DROP:[0-9]+: error\[P1C010" "$T/out" "outside the root: deepest call site, absolute"
	run 1 "dwarf json" -- "$BIN" -p wasmtime-p1 -f json --source-root "$ROOT" "$DW"
	keep "$T/out" dwarf.json
	node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const f = d.files[0].findings.find(x => x.rule === "P1C010");
		const s = f.location.source, last = f.paths[0][f.paths[0].length - 1].source;
		if (s.file !== "fixtures/c/dwarf_net.c" || s.line !== +process.argv[2] || last.line !== +process.argv[3]) {
			console.log(JSON.stringify([s, last])); process.exit(1); }' "$T/out" "$L_CLOSE" "$L_DROP" &&
		ok || not_ok "JSON location.source and the last step's source"
	run 1 "dwarf sarif" -- "$BIN" -p wasmtime-p1 -f sarif --source-root "$ROOT" "$DW"
	keep "$T/out" dwarf.sarif
	has '"uri":	"fixtures/c/dwarf_net.c"' "$T/out" "SARIF primary location is the source file"
	has "\"startLine\":	$L_CLOSE," "$T/out" "SARIF primary line"
	has '"relatedLocations"' "$T/out" "the .wasm region becomes a related location"
	# The first use of a feature (fixtures/c/dwarf_simd.c): the P1C020 finding's line.
	if [ -e "$FIX/c/dwarf_simd.wasm" ]; then
		L_BODY=$(grep -n '/\* SUM4-BODY \*/' "$ROOT/fixtures/c/dwarf_simd.c" | cut -d: -f1)
		run 1 "dwarf feature" -- "$BIN" -p wamr-minimal --source-root "$ROOT" "$FIX/c/dwarf_simd.wasm"
		has "^fixtures/c/dwarf_simd.c:$L_BODY(:[0-9]+)?: error\[P1C020/feature-not-supported\]: uses simd" "$T/out" \
			"feature finding at its first use's line"
	fi
	# The call site a step shows is the one the path takes (fixtures/c/dwarf_twice.c): led is
	# called under a branch first and unconditionally after; the path is "always", so the
	# step into led is the unconditional call.
	DT="$FIX/c/dwarf_twice.wasm"
	if [ -e "$DT" ]; then
		twice() { grep -n "/\* $1 \*/" "$ROOT/fixtures/c/dwarf_twice.c" | cut -d: -f1; }
		L_STEP=$(twice CALL-STEP); L_ALWAYS=$(twice CALL-LED-ALWAYS); L_BLINK=$(twice CALL-BLINK)
		run 1 "dwarf: the step's call site" -- "$BIN" -p wamr --source-root "$ROOT" "$DT"
		has "bites: call \(always: " "$T/out" "dwarf_twice: the path is certain"
		has "-> app_step \(fixtures/c/dwarf_twice.c:$L_STEP:[0-9]+\) -> led \(fixtures/c/dwarf_twice.c:$L_ALWAYS:[0-9]+\) -> blink \(fixtures/c/dwarf_twice.c:$L_BLINK:[0-9]+\)" \
			"$T/out" "dwarf_twice: the unconditional call, not the first one"
	fi
	# Only relative DWARF paths (Debian's wasi-libc): steps show them, no primary location.
	run 1 "libc dwarf only" -- "$BIN" -p wasmtime-p1 "$FIX/c/udp_close.wasm"
	has "udp_close.wasm:0x[0-9a-f]+: error\[P1C010" "$T/out" "relative DWARF paths are never primary"
	has "__original_main \(build/libc-bottom-half/crt/crt1-command.c:[0-9]+:[0-9]+\)" "$T/out" "libc steps keep their DWARF path"
fi
# No DWARF: the .wasm offsets as before, no source lines.
if [ -e "$P2" ]; then
	run 1 "no dwarf" -- "$BIN" -p wamr "$P2"
	hasnt "\.c:[0-9]+|  in: " "$T/out" "no DWARF, no source lines"
fi

# -f github: workflow commands; property values escape % CR LF : , (a file named a:b,c%.wasm);
# errors first; over 10 of a kind, 9 and a 10th that counts the rest.
if command -v wat2wasm >/dev/null 2>&1; then
	{
		echo '(module'
		i=0; while [ $i -lt 14 ]; do echo "  (import \"env\" \"missing_$i\" (func))"; i=$((i + 1)); done
		echo '  (memory (export "memory") 1)'
		echo '  (func (export "_start") (export "_initialize")'
		i=0; while [ $i -lt 14 ]; do echo "    (call $i)"; i=$((i + 1)); done
		echo '  ))'
	} >"$T/many.wat"
	wat2wasm "$T/many.wat" -o "$T/a:b,c%.wasm"
	run 1 "github" -- "$BIN" -f github -p wamr "$T/a:b,c%.wasm"
	[ "$(grep -c '^::error ' "$T/out")" -eq 10 ] && ok || not_ok "github: 10 error commands expected"
	has "^::error title=wasm-p1check::5 more errors not annotated" "$T/out" "github: the 10th error counts the rest"
	has "file=[^,]*a%3Ab%2Cc%25.wasm,line=1,title=P1C011 unknown-import::" "$T/out" "github: property escaping"
	# errors before warnings (P1C030 is a warning on wamr: it runs both entry points)
	first_warning=$(grep -n '^::warning ' "$T/out" | head -n 1 | cut -d: -f1)
	last_error=$(grep -n '^::error ' "$T/out" | tail -n 1 | cut -d: -f1)
	[ -n "$first_warning" ] && [ "$first_warning" -gt "$last_error" ] && ok || not_ok "github: errors come first"
	hasnt '^[^:]' "$T/out" "github: nothing but workflow commands"
	# an unreadable input is an error annotation within the same budget of 10
	run 2 "github with an unreadable input" -- "$BIN" -f github -p wamr "$T/nope.wasm" "$T/a:b,c%.wasm"
	has "^::error file=[^,]*nope.wasm,title=wasm-p1check::cannot read the input: No such file" "$T/out" "github: unreadable input"
	[ "$(grep -c '^::error ' "$T/out")" -eq 10 ] && ok || not_ok "github: still 10 error commands"
	has "^::error title=wasm-p1check::6 more errors not annotated" "$T/out" "github: the count includes the unreadable input"
	# -f markdown: under 1 MiB, cut with a note beyond (20000 missing imports, ~5 MiB of rows).
	awk 'BEGIN { print "(module"; for (i = 0; i < 20000; i++) printf "  (import \"env\" \"m%d\" (func))\n", i;
		print "  (memory (export \"memory\") 1) (func (export \"_start\")"; for (i = 0; i < 20000; i++) printf "    (call %d)\n", i; print "  ))" }' >"$T/huge.wat"
	wat2wasm "$T/huge.wat" -o "$T/huge.wasm"
	run 1 "markdown huge" -- "$BIN" -f markdown -p wamr "$T/huge.wasm"
	size=$(wc -c <"$T/out")
	[ "$size" -lt 1048576 ] && [ "$size" -gt 1000000 ] && ok || not_ok "markdown: $size bytes, expected just under 1 MiB"
	has "^> \*\*Cut here\*\*" "$T/out" "markdown: the cut is said"
	has "^## wasm-p1check: FAIL against profile \`wamr\`" "$T/out" "markdown verdict line"
	run 1 "markdown" -- "$BIN" -f markdown -p wamr "$T/a:b,c%.wasm"
	has "^\| error \| P1C011 unknown-import \| \`env#missing_0\` \| call \|" "$T/out" "markdown table row"
	has "^<details><summary>P1C011 env#missing_0: 1 path</summary>" "$T/out" "markdown paths collapsed"
	hasnt "Cut here" "$T/out" "markdown: a small report is not cut"
fi

# Waivers: a reason is required; a waiver must name a rule; --waivers FILE holds only waivers.
printf 'waivers:\n  - rule: P1C010\n    import: "wasi:*"\n' >"$T/noreason.yaml"
run 2 "waiver without reason" -- "$BIN" -p wamr --waivers "$T/noreason.yaml" "$P2"
has "noreason.yaml:2:5: error: waivers\[0\] needs 'rule' and 'reason'" "$T/err" "waiver reason required, with file:line"
printf 'waivers:\n  - rule: P1C999\n    reason: "x"\n' >"$T/badrule.yaml"
run 2 "waiver for an unknown rule" -- "$BIN" -p wamr --waivers "$T/badrule.yaml" "$P2"
has "badrule.yaml:2: error: waiver for unknown rule 'P1C999'" "$T/err" "unknown rule message"
printf 'profile: x\nwaivers: []\n' >"$T/notwaivers.yaml"
run 2 "a profile is not a waivers file" -- "$BIN" -p wamr --waivers "$T/notwaivers.yaml" "$P2"
has "unknown key 'profile' in a waivers file" "$T/err" "waivers file keys"
run 2 "missing waivers file" -- "$BIN" -p wamr --waivers "$T/none.yaml" "$P2"
# Suppressed findings never count toward --fail-on; the unused waiver is a note (P1C061).
printf 'waivers:\n  - rule: wasip2-import\n    reason: "accepted"\n  - rule: P1C011\n    import: "env#*"\n    module: "other-*.wasm"\n    reason: "not this file"\n' >"$T/w.yaml"
run 0 "all P1C010 waived" -- "$BIN" -p wamr --waivers "$T/w.yaml" "$P2"
has "\(4 suppressed\)" "$T/out" "suppressed count"
has "w.yaml:4: note\[P1C061/unused-waiver\]: waiver for P1C011 import 'env#\*' \(module 'other-\*.wasm'\) matched no finding" "$T/out" "unused waiver note at its line"
run 1 "notes fail with --fail-on note" -- "$BIN" -p wamr --fail-on note --waivers "$T/w.yaml" "$P2"
run 0 "json suppressed" -- "$BIN" -p wamr -f json --waivers "$T/w.yaml" "$P2"
keep "$T/out" waivers.json
has '"reason":	"accepted"' "$T/out" "JSON suppressed reason"
has '"suppressed":	4' "$T/out" "JSON summary suppressed"
run 0 "sarif suppressions" -- "$BIN" -p wamr -f sarif --waivers "$T/w.yaml" "$P2"
keep "$T/out" waivers.sarif
[ "$(grep -c '"kind":	"external"' "$T/out")" -eq 4 ] && ok || not_ok "SARIF: 4 suppressions"
run 0 "github skips suppressed" -- "$BIN" -p wamr -f github --waivers "$T/w.yaml" "$P2"
hasnt "P1C010" "$T/out" "no annotation for a waived finding"

# Each waiver key, matched against the finding's subject (fixtures/wat/waiver-kinds.wat,
# fixtures/waivers/kinds.yaml): the five that name a finding suppress it, the six that do not
# are P1C061 notes at their lines.
WK="$FIX/wat/waiver-kinds.wasm"
run 0 "every waiver key" -- "$BIN" -p fixtures/profiles/waiver-kinds.yaml --waivers fixtures/waivers/kinds.yaml "$WK"
for want in "P1C011/unknown-import\]: func\[0\] env#missing_fn .*kinds.yaml:5:" \
	    "P1C020/feature-not-supported\]: uses simd .*kinds.yaml:11:" \
	    "P1C033/required-export\]: export \"app_main\" .*kinds.yaml:17:" \
	    "P1C040/limits\]: memory\[0\] initial .*kinds.yaml:23:" \
	    "P1C034/component-abi-export\]: .*kinds.yaml:29:"; do
	has "suppressed\[$want" "$T/out" "waiver kinds: suppressed"
done
for line in 8 14 20 26 31 33; do
	has "^fixtures/waivers/kinds.yaml:$line: note\[P1C061/unused-waiver\]" "$T/out" "waiver kinds: unused at line $line"
done
has "PASS: 0 errors, 0 warnings, 6 notes \(5 suppressed\)" "$T/out" "waiver kinds: verdict"
printf 'waivers:\n  - rule: P1C040\n    limit: max_memory\n    reason: "x"\n' >"$T/badlimit.yaml"
run 2 "waiver for an unknown limit key" -- "$BIN" -p wamr --waivers "$T/badlimit.yaml" "$WK"
has "badlimit.yaml:3:12: error: waiver limit 'max_memory' is not a limit key \(max-initial-memory, " "$T/err" "unknown limit key"
printf 'waivers:\n  - rule: P1C040\n    limit: max-memory\n    export: memory\n    reason: "x"\n' >"$T/twokeys.yaml"
run 2 "waiver with two subject keys" -- "$BIN" -p wamr --waivers "$T/twokeys.yaml" "$WK"
has "give at most one of import, feature, export, limit" "$T/err" "one subject key"

echo "review: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
