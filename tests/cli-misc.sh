#!/bin/sh
# CLI behaviour that golden files do not cover well: usage errors, missing files, -o
# atomicity, write errors, several files, stdin, --help against the man page.
set -u
BUILD=${1:-build}
. tests/lib.sh

expect_exit() { # expect_exit WANT DESCRIPTION -- command...
	want=$1; what=$2; shift 3
	"$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ]; then ok; else not_ok "$what: exit $rc, expected $want"; cat "$T/err"; fi
}
expect_grep() { # expect_grep PATTERN FILE DESCRIPTION
	if grep -q -- "$1" "$2"; then ok; else not_ok "$3: '$1' not in $(basename "$2")"; cat "$2"; fi
}

HELLO="$FIX/wat/hello-p1.wasm"
P2="$FIX/wat/p2-imports.wasm"

expect_exit 2 "no arguments" -- "$BIN"
expect_grep "no input files" "$T/err" "no arguments message"
expect_exit 2 "unknown option" -- "$BIN" --frobnicate "$HELLO"
expect_grep "unknown option '--frobnicate'" "$T/err" "unknown option message"
expect_exit 2 "bad format" -- "$BIN" -f xml "$HELLO"
expect_exit 2 "missing option value" -- "$BIN" "$HELLO" -p
expect_exit 2 "missing file" -- "$BIN" "$T/nope.wasm"
expect_grep "nope.wasm: No such file or directory" "$T/err" "missing file message"
expect_exit 2 "directory as input" -- "$BIN" "$T"
expect_exit 2 "unknown profile" -- "$BIN" -p no-such-profile "$HELLO"
expect_grep "no-such-profile" "$T/err" "unknown profile message"
expect_exit 0 "help" -- "$BIN" --help
expect_grep "Usage: wasm-p1check" "$T/out" "help text"
expect_exit 0 "version" -- "$BIN" --version
expect_grep "^wasm-p1check [0-9]" "$T/out" "version text"

# Every option in --help is documented in the man page.
"$BIN" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$T/opts"
while read -r opt; do
	if grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" man/wasm-p1check.1; then ok; else not_ok "man page lacks $opt"; fi
done <"$T/opts"

# Several files: one verdict each; the worst outcome decides the exit status.
expect_exit 1 "pass + fail" -- "$BIN" "$HELLO" "$P2"
expect_grep "hello-p1.wasm: PASS" "$T/out" "first verdict"
expect_grep "p2-imports.wasm: FAIL" "$T/out" "second verdict"
expect_grep "2 files against profile 'wasip1': 1 passed, 1 failed" "$T/out" "run summary"
printf '\000asm\001\000\000\000\001' >"$T/trunc.wasm"
expect_exit 3 "malformed beats findings" -- "$BIN" "$P2" "$T/trunc.wasm"
expect_exit 2 "unreadable beats malformed" -- "$BIN" "$T/trunc.wasm" "$T/nope.wasm"
expect_grep "trunc.wasm" "$T/out" "readable files still reported"
expect_exit 3 "malformed in json names the offset on stderr" -- "$BIN" -f json "$T/trunc.wasm"
expect_grep "trunc.wasm:0x00000009" "$T/err" "malformed offset on stderr"

# An unreadable input stays in every report format with its error; the verdict is not "pass".
keep_report() { [ -n "${P1C_REPORTS:-}" ] && mkdir -p "$P1C_REPORTS" && cp "$1" "$P1C_REPORTS/cli-misc.$2"; }
expect_exit 2 "unreadable input, text" -- "$BIN" "$T/nope.wasm" "$HELLO"
expect_grep "^$T/nope.wasm: ERROR: cannot be read: No such file or directory" "$T/out" "text names the unreadable file"
expect_grep "2 files against profile 'wasip1': 1 passed, 0 failed, 1 unreadable" "$T/out" "text run summary"
expect_exit 2 "unreadable input, json" -- "$BIN" -f json -o "$T/unreadable.json" "$T/nope.wasm" "$HELLO"
keep_report "$T/unreadable.json" unreadable.json
expect_grep '"path":[[:space:]]*"'"$T"'/nope.wasm"' "$T/unreadable.json" "json lists the unreadable file"
expect_grep '"message":[[:space:]]*"No such file or directory"' "$T/unreadable.json" "json has its error"
[ "$(tail -n 3 "$T/unreadable.json" | grep -c '"verdict":[[:space:]]*"error"')" = 1 ] && ok ||
	not_ok "json overall verdict is not \"error\""
expect_exit 2 "unreadable input, sarif" -- "$BIN" -f sarif -o "$T/unreadable.sarif" "$HELLO" "$T/nope.wasm"
keep_report "$T/unreadable.sarif" unreadable.sarif
expect_grep '"executionSuccessful":[[:space:]]*false' "$T/unreadable.sarif" "sarif invocation fails"
expect_grep 'nope.wasm: cannot be read: No such file or directory' "$T/unreadable.sarif" "sarif notification"
expect_exit 2 "unreadable input, dot" -- "$BIN" -f dot "$T/nope.wasm"
expect_grep 'cannot be read: No such file or directory' "$T/out" "dot names the unreadable file"
expect_exit 3 "malformed input, dot" -- "$BIN" -f dot "$T/trunc.wasm"
expect_grep 'label="not a well-formed wasm binary: 0x00000009' "$T/out" "dot names the malformed file"
expect_exit 2 "stdin twice" -- "$BIN" - -
expect_grep "'-' (standard input) given more than once" "$T/err" "stdin twice message"

# A body that fails to decode is a malformation like any other (man 1, EXIT STATUS): the
# stderr line with the offset, kind "invalid", one P1C002 finding and nothing else.
BODY="$FIX/hostile/leb-i64-const-too-long.wasm"
expect_exit 3 "malformed body, json" -- "$BIN" -f json "$BODY"
expect_grep "leb-i64-const-too-long.wasm:0x00000021: not a well-formed wasm binary: integer representation too long" "$T/err" "body malformation on stderr"
expect_grep '"kind":[[:space:]]*"invalid"' "$T/out" "body malformation: kind invalid"
[ "$(grep -c '"rule":' "$T/out")" = 1 ] && grep -q '"rule":[[:space:]]*"P1C002"' "$T/out" && ok ||
	not_ok "body malformation: not exactly one finding, P1C002"

# Standard input.
"$BIN" - <"$HELLO" >"$T/out" 2>&1 && ok || not_ok "stdin audit"
expect_grep "^-: PASS" "$T/out" "stdin verdict"

# -o writes atomically: the report appears whole, an old file survives a failed run.
expect_exit 1 "-o report" -- "$BIN" -f json -o "$T/report.json" "$P2"
expect_grep '"verdict":[[:space:]]*"fail"' "$T/report.json" "-o content"
[ ! -s "$T/out" ] && ok || not_ok "-o leaves stdout empty"
echo old >"$T/keep.json"
expect_exit 2 "-o with a bad profile" -- "$BIN" -p no-such -o "$T/keep.json" "$HELLO"
[ "$(cat "$T/keep.json")" = old ] && ok || not_ok "a failed run replaced the -o file"
expect_exit 2 "-o into a missing directory" -- "$BIN" -o "$T/no/dir/r.json" "$HELLO"
[ -z "$(ls -A "$T" | grep '^\.')" ] && ok || not_ok "temporary files left behind: $(ls -A "$T")"
# -q formats no finding text unless a report is written: -q -o writes the same report as -o,
# in every format, over every fixture (tests/unit/check_quiet.c: -q's audit is the full one).
WASMS=$(find "$FIX" -name '*.wasm' | sort)
for fmt in text json sarif github markdown dot; do
	# shellcheck disable=SC2086
	"$BIN" -p wamr -f "$fmt" -o "$T/full.$fmt" $WASMS >/dev/null 2>&1
	full_rc=$?
	# shellcheck disable=SC2086
	"$BIN" -p wamr -q -f "$fmt" -o "$T/quiet.$fmt" $WASMS >/dev/null 2>&1
	quiet_rc=$?
	[ "$full_rc" = "$quiet_rc" ] && cmp -s "$T/full.$fmt" "$T/quiet.$fmt" && ok ||
		not_ok "-q -o -f $fmt: exit $quiet_rc and a report unlike -o's (exit $full_rc)"
done
# --max-paths 0 with a path to explain in a module with libc functions (it once crashed here).
UDP="$FIX/c/p2_socket_udp.wasm"
expect_exit 1 "--max-paths 0 -o" -- "$BIN" -p wamr --max-paths 0 -o "$T/mp0.txt" "$UDP"
expect_grep "p2_socket_udp.wasm: FAIL: 2 errors" "$T/mp0.txt" "--max-paths 0 report"
grep -q "path: " "$T/mp0.txt" && not_ok "--max-paths 0 printed a path" || ok
[ -z "$(ls -A "$T" | grep '^\.')" ] && ok || not_ok "temporary files left behind: $(ls -A "$T")"

# -o and --write-baseline never clobber what is not a regular file: a symlink is followed and
# its target replaced (the link stays a link); an existing file keeps its mode; a FIFO and a
# character device are written in place (they stay what they are); /dev/stdout reaches stdout.
mkdir "$T/dest"
for opt in -o --write-baseline; do
	d="$T/dest/${opt#--}"
	mkdir "$d"
	echo old >"$d/target.txt"
	chmod 640 "$d/target.txt"
	ln -s target.txt "$d/link.txt"
	expect_exit 0 "$opt through a symlink" -- "$BIN" -f json "$opt" "$d/link.txt" "$HELLO"
	[ -L "$d/link.txt" ] && [ "$(readlink "$d/link.txt")" = target.txt ] && ok ||
		not_ok "$opt replaced the symlink itself"
	grep -q fd_write "$d/target.txt" && ok || not_ok "$opt did not write the symlink's target"
	[ "$(stat -c %a "$d/target.txt")" = 640 ] && ok ||
		not_ok "$opt changed the mode: $(stat -c %a "$d/target.txt"), expected 640"
	ln -s new.txt "$d/dangling.txt"
	expect_exit 0 "$opt through a dangling symlink" -- "$BIN" -f json "$opt" "$d/dangling.txt" "$HELLO"
	[ -L "$d/dangling.txt" ] && [ -f "$d/new.txt" ] && ok || not_ok "$opt: dangling symlink's target not created"
	mkfifo "$d/fifo"
	timeout 20 cat "$d/fifo" >"$d/fifo.out" &
	reader=$!
	expect_exit 0 "$opt into a FIFO" -- timeout 20 "$BIN" -f json "$opt" "$d/fifo" "$HELLO"
	wait $reader
	[ -p "$d/fifo" ] && ok || not_ok "$opt replaced the FIFO with a regular file"
	grep -q fd_write "$d/fifo.out" && ok || not_ok "$opt wrote nothing through the FIFO"
	"$BIN" -f json "$opt" /dev/stdout "$HELLO" >"$d/stdout.out" 2>"$T/err" && ok || not_ok "$opt /dev/stdout"
	grep -q fd_write "$d/stdout.out" && ok || not_ok "$opt /dev/stdout wrote nothing to stdout"
	if [ "$(id -u)" = 0 ] && mknod "$d/null" c 1 3 2>/dev/null; then
		expect_exit 0 "$opt into a device node" -- "$BIN" -f json "$opt" "$d/null" "$HELLO"
		[ -c "$d/null" ] && ok || not_ok "$opt replaced a character device with a regular file"
	else
		echo "note: not root (or no mknod): the device-node case of $opt is skipped"
	fi
	[ -z "$(ls -A "$d" | grep '^\.')" ] && ok || not_ok "$opt left temporary files: $(ls -A "$d")"
done

# Write errors: a full disk and a closed pipe are exit 2 with a message.
if [ -w /dev/full ]; then
	"$BIN" "$HELLO" >/dev/full 2>"$T/err"
	rc=$?
	[ "$rc" = 2 ] && ok || not_ok "/dev/full: exit $rc, expected 2"
	expect_grep "error writing standard output" "$T/err" "/dev/full message"
fi
# A closed pipe: the reader is gone before the report is written. Fifos order the steps (no
# sleeps): the tool's stdin and stdout open, its reader closes, then its input arrives.
mkfifo "$T/pipe-in" "$T/pipe-out"
timeout 60 "$BIN" - <"$T/pipe-in" >"$T/pipe-out" 2>"$T/err" &
pid=$!
exec 4>"$T/pipe-in" 5<"$T/pipe-out"
exec 5<&-
cat "$HELLO" >&4
exec 4>&-
wait $pid
rc=$?
[ "$rc" = 2 ] && ok || not_ok "closed pipe: exit $rc, expected 2 (141 is death by SIGPIPE)"
expect_grep "error writing standard output: Broken pipe" "$T/err" "closed pipe message"
rm -f "$T/pipe-in" "$T/pipe-out"

# SIGTERM or SIGHUP during a run leaves neither the -o file nor its temp file (which exists
# from the start of the run), and the status is death by that signal. First deterministically:
# the tool waits for its input on a fifo; then during a long audit (a million functions).
# (SIGINT is handled the same way, but background jobs of a script ignore it.) A crash
# (SIGSEGV, SIGABRT) removes it too; under AddressSanitizer SIGSEGV is left to its report.
wait_for_temp() { # wait_for_temp DIR: until a .report.txt.XXXXXX appears (at most ~10 s)
	n=0
	while ! ls -A "$1" | grep -q '^\.report\.txt\.'; do
		n=$((n + 1))
		[ $n -gt 1000 ] && return 1
		sleep 0.01
	done
}
mkdir "$T/sig"
SIGS="TERM:143 HUP:129 ABRT:134"
# A signal this shell inherited as ignored (SIGHUP under nohup) is ignored by the tool too, as
# it should be, and a non-interactive shell cannot un-ignore it: that case is left out.
ignored=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
if [ -n "$ignored" ] && [ $((0x$ignored & 1)) -ne 0 ]; then
	echo "note: SIGHUP is ignored in this environment (nohup?): its case is skipped"
	SIGS="TERM:143 ABRT:134"
fi
grep -q -a __asan_init "$BIN" || SIGS="$SIGS SEGV:139 BUS:135"
for sig in $SIGS; do
	mkfifo "$T/sig-in"
	"$BIN" -o "$T/sig/report.txt" - <"$T/sig-in" 2>"$T/err" &
	pid=$!
	exec 4>"$T/sig-in"
	wait_for_temp "$T/sig" || not_ok "SIG${sig%:*}: no temp file while the run waits"
	kill -"${sig%:*}" $pid
	wait $pid 2>/dev/null # (without the shell's "Terminated")
	rc=$?
	exec 4>&-
	rm -f "$T/sig-in"
	[ "$rc" = "${sig#*:}" ] && ok || not_ok "SIG${sig%:*}: exit $rc, expected ${sig#*:}"
	[ -z "$(ls -A "$T/sig")" ] && ok || not_ok "SIG${sig%:*} left: $(ls -A "$T/sig")"
done
if "$ROOT/$BUILD/genwasm" 1000000 "$T/million.wasm"; then
	"$BIN" -o "$T/sig/report.txt" "$T/million.wasm" "$T/million.wasm" "$T/million.wasm" \
		>/dev/null 2>"$T/err" &
	pid=$!
	wait_for_temp "$T/sig" || not_ok "no temp file during a long run"
	kill -TERM $pid
	wait $pid 2>/dev/null
	rc=$?
	if [ "$rc" = 0 ]; then
		echo "note: the long run ended before SIGTERM reached it; not counted"
		rm -f "$T/sig/report.txt"
	else
		[ "$rc" = 143 ] && ok || not_ok "SIGTERM during a long run: exit $rc, expected 143"
		[ -z "$(ls -A "$T/sig")" ] && ok || not_ok "SIGTERM during a long run left: $(ls -A "$T/sig")"
	fi
	rm -f "$T/million.wasm"
else
	not_ok "genwasm"
fi

# Colour: never on a pipe by default, always on request, NO_COLOR off.
"$BIN" --color always "$P2" >"$T/out" 2>&1
grep -q "$(printf '\033')\[" "$T/out" && ok || not_ok "--color always"
"$BIN" "$P2" >"$T/out" 2>&1
grep -q "$(printf '\033')" "$T/out" && not_ok "colour on a pipe" || ok

# Profiles: list and show.
expect_exit 0 "list profiles" -- "$BIN" --list-profiles
for p in wasip1 wamr wamr-minimal node-wasi wasmtime-p1; do
	expect_grep "^$p " "$T/out" "--list-profiles shows $p"
done
expect_exit 0 "show profile" -- "$BIN" --show-profile wamr
expect_grep "sock_open" "$T/out" "--show-profile resolves extends"
expect_grep "fd_write" "$T/out" "--show-profile includes the parent's imports"
"$BIN" --show-profile wamr >"$T/wamr-resolved.yaml"
expect_exit 0 "a shown profile loads back" -- "$BIN" -p "$T/wamr-resolved.yaml" "$HELLO"
# Names printed as explicit YAML keys (a fuzz_profile regression): the shown profile loads
# back and shows the same (the two header comment lines aside).
"$BIN" --show-profile "$ROOT/fixtures/profiles/long-key.yaml" >"$T/long-key.yaml"
expect_exit 0 "a shown profile with long names loads back" -- "$BIN" --show-profile "$T/long-key.yaml"
tail -n +3 "$T/long-key.yaml" >"$T/shown1"
tail -n +3 "$T/out" >"$T/shown2"
cmp -s "$T/shown1" "$T/shown2" && ok || not_ok "long names changed in a --show-profile round trip"

# --write-baseline writes the import set atomically; auditing against it passes; one input only.
expect_exit 0 "write a baseline" -- "$BIN" --write-baseline "$T/hello.lock" "$HELLO"
expect_grep "^func	wasi_snapshot_preview1	fd_write	(i32 i32 i32 i32) -> i32$" "$T/hello.lock" "baseline line"
expect_exit 0 "audit against its own baseline" -- "$BIN" --baseline "$T/hello.lock" "$HELLO"
expect_exit 1 "a new import fails the baseline" -- "$BIN" --baseline "$T/hello.lock" "$P2"
expect_grep "P1C050" "$T/out" "P1C050 finding"
expect_exit 2 "--write-baseline with two inputs" -- "$BIN" --write-baseline "$T/x.lock" "$HELLO" "$P2"
expect_exit 2 "a missing baseline" -- "$BIN" --baseline "$T/none.lock" "$HELLO"
printf 'garbage' >"$T/trunc2.wasm"
expect_exit 3 "no baseline from a malformed module" -- "$BIN" --write-baseline "$T/m.lock" "$T/trunc2.wasm"
[ ! -e "$T/m.lock" ] && ok || not_ok "a baseline was written for a malformed module"

# The shipped profiles are built in: from a directory with no checkout around and no
# $WASM_P1CHECK_PROFILE_PATH, every shipped profile loads and audits, --list-profiles names
# them all as built-in, and a profile file named by path finds its parent next to it.
mkdir "$T/elsewhere"
cp "$HELLO" "$T/elsewhere/app.wasm"
(cd "$T/elsewhere" && env -u WASM_P1CHECK_PROFILE_PATH "$BIN" --list-profiles) >"$T/out" 2>&1
for p in "$ROOT"/profiles/*.yaml; do
	name=$(basename "$p" .yaml)
	grep -q "^$name .*(built-in)\$" "$T/out" && ok || not_ok "--list-profiles elsewhere lacks $name (built-in)"
done
(cd "$T/elsewhere" && env -u WASM_P1CHECK_PROFILE_PATH "$BIN" -p wamr app.wasm) >"$T/out" 2>&1
expect_grep "app.wasm: PASS" "$T/out" "-p wamr from another directory"
(cd "$T/elsewhere" && env -u WASM_P1CHECK_PROFILE_PATH "$BIN" -p "$ROOT/profiles/wasip1.yaml" app.wasm) >"$T/out" 2>&1
expect_grep "app.wasm: PASS" "$T/out" "-p checkout/profiles/wasip1.yaml extends wasi-libc next to it"
# $WASM_P1CHECK_PROFILE_PATH comes first: a file there shadows the built-in copy, and the
# listing says where it is.
mkdir "$T/mine"
printf 'profile: wamr\ndescription: my wamr\nextends: wasip1\n' >"$T/mine/wamr.yaml"
(cd "$T/elsewhere" && WASM_P1CHECK_PROFILE_PATH="$T/mine" "$BIN" --list-profiles) >"$T/out" 2>&1
expect_grep "^wamr .*my wamr  ($T/mine/wamr.yaml)\$" "$T/out" "a file on the path shadows the built-in"
expect_grep "^wasip1 .*(built-in)\$" "$T/out" "the others stay built-in"

# --write-baseline on a component: exit status 2 (no baseline written), not the audit's.
COMP=$(ls "$FIX"/components/*.wasm 2>/dev/null | head -n 1)
if [ -n "$COMP" ]; then
	expect_exit 2 "no baseline from a component" -- "$BIN" --write-baseline "$T/c.lock" "$COMP"
	expect_grep "no baseline written: a component" "$T/err" "component baseline message"
	[ ! -e "$T/c.lock" ] && ok || not_ok "a baseline was written for a component"
else
	not_ok "no component fixture built"
fi
expect_exit 2 "no baseline from an unreadable file" -- "$BIN" --write-baseline "$T/n.lock" "$T/nope.wasm"
# Baseline errors: PATH: message, or PATH:LINE: with blank and comment lines counted.
expect_exit 2 "a missing baseline names it" -- "$BIN" --baseline "$T/nope.lock" "$HELLO"
expect_grep "^wasm-p1check: $T/nope.lock: No such file or directory$" "$T/err" "missing baseline message"
printf '# wasm-p1check baseline 1\n\n# comment\n\nfunc\tbroken\n' >"$T/bad.lock"
expect_exit 2 "a bad baseline line" -- "$BIN" --baseline "$T/bad.lock" "$HELLO"
expect_grep "^wasm-p1check: $T/bad.lock:5: expected kind, module, name and type" "$T/err" "baseline line number (line 5)"
printf 'nonsense\n' >"$T/bad2.lock"
expect_exit 2 "not a baseline" -- "$BIN" --baseline "$T/bad2.lock" "$HELLO"
expect_grep "^wasm-p1check: $T/bad2.lock:1: not a wasm-p1check baseline" "$T/err" "baseline header message"

# make install / uninstall into a scratch DESTDIR with another PREFIX (its own build dir):
# the binary finds the installed profiles by itself; uninstall removes every file; the
# in-tree binary of that build is the same file before install, after it, after uninstall.
make -s BUILD="$T/build" >"$T/out" 2>&1 || { not_ok "make in $T/build"; cat "$T/out"; }
cp "$T/build/wasm-p1check" "$T/intree-before"
if make -s install BUILD="$T/build" PREFIX=/opt/p1c DESTDIR="$T/inst" >"$T/out" 2>&1; then
	ok
	cmp -s "$T/intree-before" "$T/build/wasm-p1check" && ok || not_ok "make install changed the in-tree binary"
	"$T/build/wasm-p1check" --help | grep -q /opt/p1c && not_ok "the in-tree binary searches the install prefix" || ok
	for f in bin/wasm-p1check share/man/man1/wasm-p1check.1 share/man/man5/wasm-p1check-profile.5 \
		share/wasm-p1check/profiles/wasip1.yaml share/wasm-p1check/profiles/wamr.yaml \
		share/wasm-p1check/schemas/wasm-p1check-report-1.schema.json; do
		[ -f "$T/inst/opt/p1c/$f" ] && ok || not_ok "make install did not install $f"
	done
	# DESTDIR only stages the files: the binary looks in PREFIX's data dir.
	"$T/inst/opt/p1c/bin/wasm-p1check" --help >"$T/out" 2>&1
	grep -q "/opt/p1c/share/wasm-p1check/profiles" "$T/out" && ok ||
		not_ok "installed binary does not search /opt/p1c/share/wasm-p1check/profiles"
	(cd "$T" && WASM_P1CHECK_PROFILE_PATH="$T/inst/opt/p1c/share/wasm-p1check/profiles" \
		"$T/inst/opt/p1c/bin/wasm-p1check" --list-profiles >"$T/out" 2>&1)
	grep -q "^wamr " "$T/out" && ok || not_ok "the installed profiles do not load"
	make -s uninstall BUILD="$T/build" PREFIX=/opt/p1c DESTDIR="$T/inst" >/dev/null 2>&1
	[ -z "$(find "$T/inst" -type f)" ] && ok || not_ok "make uninstall left: $(find "$T/inst" -type f)"
	make -s BUILD="$T/build" >/dev/null 2>&1
	cmp -s "$T/intree-before" "$T/build/wasm-p1check" && ok || not_ok "make uninstall changed the in-tree binary"
else
	not_ok "make install"; cat "$T/out"
fi

echo "cli-misc: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
