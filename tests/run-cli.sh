#!/bin/sh
# Golden CLI tests. Every fixture (fixtures/wat/*.wat, fixtures/c/*.c, fixtures/*/*.hex) is
# built at test time into $BUILD/fixtures/ (wat2wasm, clang --target=wasm32-wasi, hex2bin),
# then each of its directive lines
#     RUN[<name>] <exit>: <arguments>          (after ";;", "//" or "#")
# runs the tool from $BUILD/fixtures with % replaced by the fixture's binary. stdout must
# equal <fixture>.<name>.out and stderr <fixture>.<name>.err (absent file = empty).
# BLESS=1 rewrites the goldens; ONLY=<regex> restricts the run (and BLESS) to the fixtures
# whose path matches. Directives for the builders:
#     WAT2WASM: <flags>      CFLAGS: <flags>      LDFLAGS: <flags>
# Usage: run-cli.sh [--build-only] BUILD
set -u
export LC_ALL=C
build_only=
[ "${1:-}" = --build-only ] && { build_only=1; shift; }
BUILD=${1:-build}
ROOT=$(pwd)
FIX="$BUILD/fixtures"
BIN="$ROOT/$BUILD/wasm-p1check"
HEX2BIN="$ROOT/$BUILD/hex2bin"
# Debian's clang runs wasm-opt after linking when it is on PATH and -O is given at link
# time; fixtures compile with -O2 but link without -O, so the output is the same either way.
WASI_CC="clang --target=wasm32-wasi --sysroot=/usr"
# Debug info records the checkout's path, so a -g fixture's size would depend on where the
# checkout is: map it to the same path padded with slashes to a fixed length (the tool
# normalises "//"), which keeps the binaries byte-identical across checkouts.
if [ ${#ROOT} -lt 240 ]; then
	PADDED_ROOT="$ROOT$(printf '%*s' $((240 - ${#ROOT})) '' | tr ' ' '/')"
	WASI_CC="$WASI_CC -fdebug-prefix-map=$ROOT=$PADDED_ROOT"
fi
pass=0
fail=0
skip=0

directive() { # directive NAME FILE -> value of "NAME: value" in a comment line
	sed -n -E "s@^[[:space:]]*(;;|//|#)[[:space:]]*$1:[[:space:]]*(.*)\$@\2@p" "$2" | head -n 1
}

need() {
	if ! command -v "$1" >/dev/null 2>&1; then
		if [ "${CI:-}" = true ]; then
			echo "missing tool $1 (required in CI)" >&2
			fail=$((fail + 1))
		else
			echo "skip: $1 not installed" >&2
		fi
		return 1
	fi
}

# "PRODUCERS: field=name@version,name; field=..." (a .wat fixture; no @: no version): a producers
# custom section (WebAssembly/tool-conventions ProducersSection.md) appended to the module,
# which wat2wasm 1.0.32 cannot write; custom sections may follow the last section.
leb() { # leb N -> its unsigned LEB128 as hex
	n=$1
	while [ "$n" -ge 128 ]; do printf '%02x' $((n % 128 + 128)); n=$((n / 128)); done
	printf '%02x' "$n"
}
name_hex() { # name_hex STRING -> length and bytes as hex
	printf '%s%s' "$(leb "$(printf '%s' "$1" | wc -c)")" "$(printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n')"
}
producers_hex() { # producers_hex SPEC -> the whole custom section as hex
	body="" nfields=0
	old_ifs=$IFS; IFS=';'
	for fieldspec in $1; do
		fname=$(echo "${fieldspec%%=*}" | sed 's/^ *//; s/ *$//')
		values="" nvalues=0
		IFS=','
		for valspec in ${fieldspec#*=}; do
			vname=$(echo "${valspec%%@*}" | sed 's/^ *//; s/ *$//')
			case "$valspec" in
			*@*) vversion=$(echo "${valspec#*@}" | sed 's/^ *//; s/ *$//') ;;
			*) vversion= ;;
			esac
			values="$values$(name_hex "$vname")$(name_hex "$vversion")"
			nvalues=$((nvalues + 1))
		done
		IFS=';'
		body="$body$(name_hex "$fname")$(leb $nvalues)$values"
		nfields=$((nfields + 1))
	done
	IFS=$old_ifs
	payload="$(name_hex producers)$(leb $nfields)$body"
	printf '00%s%s\n' "$(leb $((${#payload} / 2)))" "$payload"
}
add_producers() { # add_producers SOURCE OUT
	spec=$(directive PRODUCERS "$1")
	[ -n "$spec" ] || return 0
	producers_hex "$spec" >"$2.producers.hex" && "$HEX2BIN" "$2.producers.hex" "$2.producers" &&
		cat "$2.producers" >>"$2" && rm -f "$2.producers.hex" "$2.producers"
}

build_one() { # build_one SOURCE OUT
	case "$1" in
	*.wat) $WAT2WASM_OK && wat2wasm $(directive WAT2WASM "$1") "$1" -o "$2" && add_producers "$1" "$2" ;;
	*.c) $CLANG_OK && $WASI_CC -O2 $(directive CFLAGS "$1") -c "$1" -o "$2.o" &&
		$WASI_CC "$2.o" $(directive LDFLAGS "$1") -o "$2" && rm -f "$2.o" ;;
	*.hex) "$HEX2BIN" "$1" "$2" ;;
	esac
}

WAT2WASM_OK=false; need wat2wasm && WAT2WASM_OK=true
CLANG_OK=false; need clang && need wasm-ld && CLANG_OK=true

mkdir -p "$FIX"
WORK=$(mktemp -d) # this run's scratch files: parallel runs must not share them
trap 'rm -rf "$WORK"' EXIT
ln -sfn "$ROOT/fixtures/profiles" "$FIX/testprofiles"
ln -sfn "$ROOT/profiles" "$FIX/shipped"
ln -sfn "$ROOT/fixtures/baselines" "$FIX/testbaselines"
ln -sfn "$ROOT/fixtures/waivers" "$FIX/testwaivers"
# C fixtures built with another compiler command (an older run-cli.sh) are stale: rebuild them.
if [ "$(cat "$FIX/.wasi-cc" 2>/dev/null)" != "$WASI_CC" ]; then
	rm -f "$FIX"/c/*.wasm
	echo "$WASI_CC" >"$FIX/.wasi-cc"
fi
SOURCES=$(ls fixtures/wat/*.wat fixtures/c/*.c fixtures/*/*.hex 2>/dev/null)
for src in $SOURCES; do
	dir=$(basename "$(dirname "$src")")
	name=$(basename "$src")
	mkdir -p "$FIX/$dir"
	out="$FIX/$dir/${name%.*}.wasm"
	# Rebuilt when the source or this script (which holds the compiler flags) is newer.
	if [ ! -e "$out" ] || [ "$src" -nt "$out" ] || [ tests/run-cli.sh -nt "$out" ]; then
		if ! build_one "$src" "$out" 2>"$WORK/build.err"; then
			rm -f "$out"
			case "$src" in
			*.wat) $WAT2WASM_OK || continue ;;
			*.c) $CLANG_OK || continue ;;
			esac
			echo "FAIL build $src:"; cat "$WORK/build.err"
			fail=$((fail + 1))
		fi
	fi
done
[ -n "$build_only" ] && exit $((fail > 0))

# Every JSON and SARIF report a run writes is kept for tests/schemas.sh (make check validates
# them against their schemas): $P1C_REPORTS/<fixture>.<run>.json|sarif.
keep_report() { # keep_report ARGS STDOUT NAME
	[ -n "${P1C_REPORTS:-}" ] && [ -s "$2" ] || return 0
	case " $1 " in
	*" -f json "* | *" --format json "* | *" --format=json "*) ext=json ;;
	*" -f sarif "* | *" --format sarif "* | *" --format=sarif "*) ext=sarif ;;
	*) return 0 ;;
	esac
	case " $1 " in *" --list-rules "* | *" --explain "*) return 0 ;; esac
	mkdir -p "$P1C_REPORTS" && cp "$2" "$P1C_REPORTS/$3.$ext"
}
export WASM_P1CHECK_PROFILE_PATH=shipped # relative to $FIX, where the tool runs: stable goldens
unset NO_COLOR
for src in $SOURCES; do
	dir=$(basename "$(dirname "$src")")
	name=$(basename "$src")
	wasm="$dir/${name%.*}.wasm"
	if [ -n "${ONLY:-}" ] && ! echo "$src" | grep -Eq -- "$ONLY"; then
		continue
	fi
	[ -e "$FIX/$wasm" ] || { skip=$((skip + 1)); continue; }
	grep -E '^[[:space:]]*(;;|//|#)[[:space:]]*RUN\[' "$src" >"$WORK/runs.txt"
	while IFS= read -r line; do
		run=$(echo "$line" | sed -E 's/.*RUN\[([A-Za-z0-9_-]+)\].*/\1/')
		want=$(echo "$line" | sed -E 's/.*RUN\[[A-Za-z0-9_-]+\][[:space:]]*([0-9]+):.*/\1/')
		args=$(echo "$line" | sed -E 's/.*RUN\[[A-Za-z0-9_-]+\][[:space:]]*[0-9]+:[[:space:]]*//' |
			sed "s@%@$wasm@g")
		golden="$src.$run"
		got_out="$WORK/actual.out"; got_err="$WORK/actual.err"
		(cd "$FIX" && eval "\"\$BIN\" $args") >"$got_out" 2>"$got_err" </dev/null
		rc=$?
		keep_report "$args" "$got_out" "$dir.${name%.*}.$run"
		# The checkout's own path (a --source-root URI) is machine-specific: goldens say @ROOT@.
		# So is the build directory (build, build-san) in a path relative to a --source-root.
		sed -e "s|file://$ROOT/|file://@ROOT@/|g" -e "s|\"$BUILD/fixtures/|\"@BUILD@/fixtures/|g" \
			"$got_out" >"$got_out.tmp" && mv "$got_out.tmp" "$got_out"
		if [ -n "${BLESS:-}" ]; then
			cp "$got_out" "$golden.out"
			if [ -s "$got_err" ]; then cp "$got_err" "$golden.err"; else rm -f "$golden.err"; fi
		fi
		ok=true
		[ "$rc" = "$want" ] || { echo "FAIL $golden: exit $rc, expected $want"; ok=false; }
		if ! diff -u "$golden.out" "$got_out" >"$WORK/diff" 2>&1; then
			echo "FAIL $golden: stdout differs"; cat "$WORK/diff"; ok=false
		fi
		exp_err="$golden.err"; [ -e "$exp_err" ] || { : >"$WORK/empty"; exp_err="$WORK/empty"; }
		if ! diff -u "$exp_err" "$got_err" >"$WORK/diff" 2>&1; then
			echo "FAIL $golden: stderr differs"; cat "$WORK/diff"; ok=false
		fi
		# Annotated hex states the offset of its error or warning independently of any golden:
		# the text report must name it.
		for key in expect-offset expect-warning-offset; do
			want_off=$(directive "$key" "$src")
			[ -n "$want_off" ] && [ "$run" = wasip1 ] || continue
			pat=$(printf ':0x%08x: ' "$want_off")
			grep -q -- "$pat" "$got_out" || { echo "FAIL $golden: no finding at $want_off ($key)"; ok=false; }
		done
		# The rule a fixture's header reasons out (at its expect-offset when it has one).
		want_rule=$(directive expect-rule "$src")
		if [ -n "$want_rule" ] && [ "$run" = wasip1 ]; then
			want_off=$(directive expect-offset "$src")
			pat="\[$want_rule/"
			[ -n "$want_off" ] && pat=$(printf ':0x%08x: [a-z]*\\[%s/' "$want_off" "$want_rule")
			grep -q -- "$pat" "$got_out" || { echo "FAIL $golden: no $want_rule finding ${want_off:+at $want_off}"; ok=false; }
		fi
		want_msg=$(directive expect-message "$src")
		if [ -n "$want_msg" ] && [ "$run" = wasip1 ] && ! grep -q -F -- "$want_msg" "$got_out"; then
			echo "FAIL $golden: message '$want_msg' not in the report (expect-message)"; ok=false
		fi
		# An independent oracle: wasm-validate must agree that the module is (in)valid.
		oracle=$(directive oracle "$src")
		if [ -n "$oracle" ] && [ "$run" = wasip1 ] && command -v wasm-validate >/dev/null; then
			if wasm-validate --enable-all "$FIX/$wasm" >/dev/null 2>&1; then v=accepts; else v=rejects; fi
			[ "$oracle" = "wasm-validate $v" ] || { echo "FAIL $golden: wasm-validate $v it (header: $oracle)"; ok=false; }
		fi
		if $ok; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done < "$WORK/runs.txt"
done
# A golden without its RUN line is stale: say so rather than keep it silently.
for golden in fixtures/*/*.out fixtures/*/*.err; do
	[ -e "$golden" ] || continue
	src=${golden%.*}; run=${src##*.}; src=${src%.*}
	if [ ! -e "$src" ] || ! grep -q "RUN\[$run\]" "$src"; then
		echo "FAIL $golden: no RUN[$run] in $src (stale golden)"
		fail=$((fail + 1))
	fi
done
[ "$skip" -gt 0 ] && echo "skipped $skip fixtures (tools missing)"
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
