#!/bin/sh
# `wasm-p1check natives`: the scanner on C files in the styles of WAMR's samples
# (fixtures/natives/), what it cannot attribute, its errors, and the worked example of
# wasm-p1check-profile(5), "A WAMR firmware profile in five minutes", run from the man page's
# own text in a directory with no checkout around it.
set -u
BUILD=${1:-build}
. tests/lib.sh
unset WASM_P1CHECK_PROFILE_PATH
N="$ROOT/fixtures/natives"

expect_exit() { # expect_exit WANT DESCRIPTION -- command...
	want=$1; what=$2; shift 3
	"$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ]; then ok; else not_ok "$what: exit $rc, expected $want"; cat "$T/err"; fi
}
expect_grep() { # expect_grep PATTERN FILE DESCRIPTION
	if grep -q -F -- "$1" "$2"; then ok; else not_ok "$3: '$1' not in $(basename "$2")"; cat "$2"; fi
}

# Three sample styles together: the golden output (BLESS=1 rewrites it), 1 for what is not
# attributed, each such thing on stderr with file:line.
cd "$N"
expect_exit 1 "natives on the samples" -- "$BIN" natives sample-basic.c sample-macros.c sample-initargs.c
if [ "${BLESS:-}" = 1 ]; then cp "$T/out" "$N/samples.expected"; fi
cmp -s "$T/out" "$N/samples.expected" && ok || { not_ok "natives output differs from samples.expected"; diff "$N/samples.expected" "$T/out"; }
cd "$ROOT"
# Reasoned, not only blessed: every entry of the samples, with its module and signature.
for want in 'sensor_read: "(i)i"' 'log_msg: "($)"' 'buf_write: "(*~)i"' 'gpio_set: "(ii)i"' \
	'uptime: "()I"' 'temp: "()f"' 'old_api: ""' 'designated: "(F)"' 'hal_tick: "()i"' \
	'  env:' '  firmware:' '  hal:'; do
	expect_grep "$want" "$N/samples.expected" "samples"
done
for absent in never spare: 'dyn:'; do
	grep -q -- "$absent" "$N/samples.expected" && not_ok "samples: '$absent' was written" || ok
done
expect_grep "sample-macros.c:24: warning: NativeSymbol array 'spare_natives' (1 entry) is registered by no" "$T/err" "unregistered array"
expect_grep "sample-initargs.c:26: warning: wasm_runtime_register_natives(which, dyn_symbols, ...): the module name is not a string literal" "$T/err" "module in a variable"
[ "$(wc -l <"$T/err")" -eq 2 ] && ok || not_ok "expected exactly 2 warnings: $(cat "$T/err")"
# The output loads back as a profile (it extends the built-in wamr).
cp "$N/samples.expected" "$T/natives.yaml"
expect_exit 0 "natives output loads with --show-profile" -- "$BIN" --show-profile "$T/natives.yaml"
expect_grep 'gpio_set: "(ii)i"' "$T/out" "--show-profile prints the WAMR signature as given"
# One file, everything attributed: exit 0, nothing on stderr; -o writes the file.
expect_exit 0 "a fully attributed file" -- "$BIN" natives -o "$T/basic.yaml" --name basic --extends none "$N/sample-basic.c"
[ ! -s "$T/err" ] && ok || not_ok "warnings for a fully attributed file: $(cat "$T/err")"
expect_grep "profile: basic" "$T/basic.yaml" "--name"
grep -q '^extends:' "$T/basic.yaml" && not_ok "--extends none still extends" || ok
# A signature WAMR's grammar refuses is left out and said, with the character.
printf '#include "wasm_export.h"\nstatic NativeSymbol t[] = {\n  { "ok", 0, "(i)i", NULL },\n  { "bad", 0, "(ix)i", NULL },\n};\nvoid f(void) { wasm_runtime_register_natives("env", t, 2); }\n' >"$T/badsig.c"
expect_exit 1 "an invalid signature" -- "$BIN" natives "$T/badsig.c"
expect_grep "badsig.c:4: warning: 'bad' in array 't': invalid WAMR signature \"(ix)i\": 'x' at character 3" "$T/err" "invalid signature message"
expect_grep 'ok: "(i)i"' "$T/out" "the valid entry is written"
grep -q 'bad:' "$T/out" && not_ok "the invalid entry was written" || ok
# Errors: not C, missing file, usage.
printf 'static NativeSymbol a[] = {\n/* never closed\n' >"$T/bad.c"
expect_exit 2 "an unterminated comment" -- "$BIN" natives "$T/bad.c"
expect_grep "bad.c:2: error: unterminated /* comment" "$T/err" "unterminated comment message"
printf 'const char *s = "abc;\n' >"$T/bad2.c"
expect_exit 2 "an unterminated string" -- "$BIN" natives "$T/bad2.c"
expect_grep "bad2.c:1: error: unterminated string literal" "$T/err" "unterminated string message"
expect_exit 2 "a missing file" -- "$BIN" natives "$T/none.c"
expect_grep "none.c: No such file or directory" "$T/err" "missing file message"
expect_exit 2 "no files" -- "$BIN" natives
expect_exit 2 "unknown option" -- "$BIN" natives --frob x.c
expect_exit 0 "natives --help" -- "$BIN" natives --help
for opt in --output --name --extends; do
	expect_grep "$opt" "$T/out" "natives --help lists $opt"
	grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" man/wasm-p1check.1 && ok || not_ok "man 1 lacks natives $opt"
done

# Every prefix of the sample files (every 7th length, so a cut lands inside comments, strings,
# macros and initializers): a defined exit status, never a crash (make check SANITIZE=1 runs
# this under ASan and UBSan, where a memory error is exit 86).
for f in "$N"/sample-*.c; do
	size=$(wc -c <"$f")
	n=0
	bad=
	while [ "$n" -le "$size" ]; do
		head -c "$n" "$f" >"$T/prefix.c"
		"$BIN" natives "$T/prefix.c" >/dev/null 2>&1 </dev/null
		rc=$?
		case $rc in 0 | 1 | 2) ;; *) bad="$bad $n:$rc" ;; esac
		n=$((n + 7))
	done
	[ -z "$bad" ] && ok || not_ok "natives on prefixes of $(basename "$f"): length:exit$bad"
done

# The worked example of man 5, from the man page's own text, in an empty directory.
man_block() { # man_block KIND NAME: the lines between ".\" example-KIND NAME" and ".\" example-end"
	awk -v start=".\\\\\" example-$1 $2" '$0 == start { on = 1; next }
		on && $0 == ".\\\" example-end" { exit } on { print }' man/wasm-p1check-profile.5 |
		sed 's/\\e/\\/g; s/\\(dq/"/g'
}
W="$T/worked"
mkdir "$W"
man_block file firmware.c >"$W/firmware.c"
man_block file app.wat >"$W/app.wat"
man_block output sensor-node.yaml >"$W/want-profile"
man_block output audit >"$W/want-audit"
[ -s "$W/firmware.c" ] && [ -s "$W/app.wat" ] && [ -s "$W/want-profile" ] && [ -s "$W/want-audit" ] && ok ||
	not_ok "the worked example's blocks are missing from man/wasm-p1check-profile.5"
if command -v wat2wasm >/dev/null 2>&1; then
	(cd "$W" && wat2wasm app.wat -o app.wasm) && ok || not_ok "the example's app.wat does not build"
	(cd "$W" && "$BIN" -p wamr-minimal app.wasm) >"$T/out" 2>&1
	expect_grep "app.wasm: FAIL: 2 errors, 0 warnings, 0 notes" "$T/out" "stock profile fails as the example says"
	(cd "$W" && "$BIN" natives --name sensor-node --extends wamr-minimal -o sensor-node.yaml firmware.c) && ok ||
		not_ok "the example's natives run failed"
	cmp -s "$W/sensor-node.yaml" "$W/want-profile" && ok || { not_ok "the example's sensor-node.yaml differs from the man page"; diff "$W/want-profile" "$W/sensor-node.yaml"; }
	(cd "$W" && "$BIN" -p ./sensor-node.yaml app.wasm) >"$T/out" 2>&1
	rc=$?
	[ "$rc" = 0 ] && ok || not_ok "the example's audit: exit $rc, expected 0"
	cmp -s "$T/out" "$W/want-audit" && ok || { not_ok "the example's audit output differs from the man page"; diff "$W/want-audit" "$T/out"; }
fi

echo "natives: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
