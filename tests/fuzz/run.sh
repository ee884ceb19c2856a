#!/bin/sh
# make fuzz: seeds the corpora from the fixtures, runs fuzz_wasm, fuzz_profile and fuzz_options side by side
# (FUZZ_SERIAL=1: one after another, for a machine with few cores) for SECONDS each, then
# prints one line per target with libFuzzer's final figures:
#     fuzz_wasm: 1234567 execs in 600 s, cov 4321, ft 12345, corpus 987, crashes 0
# Crashes, leaks and timeouts are written to FUZZ_DIR/crashes/ and fail the run; turn each
# into a regression fixture (fixtures/malformed/, fixtures/hostile/ or fixtures/profiles/).
# Usage: run.sh FUZZ_DIR SECONDS BUILD      (from the repository root)
set -u
FUZZ_DIR=${1:-build/fuzz}
SECONDS_EACH=${2:-60}
BUILD=${3:-build}

# Seeds: every fixture binary (built by the CLI harness) and every profile.
sh tests/run-cli.sh --build-only "$BUILD" >/dev/null 2>&1 ||
	echo "fuzz: some fixtures did not build; seeding with what there is" >&2
mkdir -p "$FUZZ_DIR/corpus-wasm" "$FUZZ_DIR/corpus-profile" "$FUZZ_DIR/corpus-options" \
	"$FUZZ_DIR/crashes"
n=0
find "$BUILD/fixtures" -name '*.wasm' | while IFS= read -r f; do
	d=$(basename "$(dirname "$f")")
	cp "$f" "$FUZZ_DIR/corpus-wasm/seed-$d-$(basename "$f")"
	# fuzz_options: six option bytes (see tests/fuzz/fuzz_options.c), varied per seed
	n=$((n + 1))
	o=$(printf '\\%03o\\%03o\\%03o\\%03o\\%03o\\%03o' $((n % 20)) $((n % 7)) $((n % 101)) \
		$((n % 11)) $((n % 8)) $((n % 3)))
	{ printf "$o"; cat "$f"; } >"$FUZZ_DIR/corpus-options/seed-$d-$(basename "$f")"
done
for f in fixtures/profiles/*.yaml profiles/*.yaml; do
	cp "$f" "$FUZZ_DIR/corpus-profile/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done

# A seed whose third body holds more call_indirect events than the shared walk's helper buffers
# (one event per 8 bytes): the helper stops before it and this thread walks the rest. Four
# bodies: 700 nops, an unknown opcode, 200 `call_indirect 0 0`, an unknown opcode.
byte() { printf "\\$(printf %03o "$1")"; } # byte N: the byte of value N (0-255)
leb() { # leb N: N < 16384 as an unsigned LEB128
	if [ "$1" -lt 128 ]; then byte "$1"; else byte $(($1 % 128 + 128)); byte $(($1 / 128)); fi
}
repeat() { # repeat N BYTE...: the bytes N times
	n=$1; shift; i=0
	while [ "$i" -lt "$n" ]; do for b in "$@"; do byte "$b"; done; i=$((i + 1)); done
}
{
	printf '\000asm\001\000\000\000\001\004\001\140\000\000\003\005\004\000\000\000\000'
	nops=$((1 + 700 + 1)) sites=$((1 + 200 * 3 + 1)) # locals, instructions, end
	printf '\004\004\001\160\000\001\012'; leb $((1 + 2 + nops + 4 + 2 + sites + 4)); byte 4
	leb "$nops"; byte 0; repeat 700 1; byte 11
	byte 3; byte 0; byte 255; byte 11
	leb "$sites"; byte 0; repeat 200 17 0 0; byte 11
	byte 3; byte 0; byte 255; byte 11
} >"$FUZZ_DIR/corpus-wasm/seed-helper-stops.wasm"

touch "$FUZZ_DIR/.started" # crashes of earlier runs stay in crashes/ but are not counted
run() { # run TARGET CORPUS: libFuzzer with a per-input timeout and the default 2 GB RSS cap
	"$FUZZ_DIR/$1" "$FUZZ_DIR/$2" -max_total_time="$SECONDS_EACH" -timeout=20 \
		-print_final_stats=1 -artifact_prefix="$FUZZ_DIR/crashes/$1-" \
		</dev/null >"$FUZZ_DIR/$1.log" 2>&1
}

summary() { # summary TARGET RC
	log="$FUZZ_DIR/$1.log"
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	execs=$(grep -E '^stat::number_of_executed_units' "$log" | sed -E 's/.*: *//')
	secs=$(sed -n -E 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$log")
	cov=$(echo "$last" | sed -n -E 's/.* cov: ([0-9]+).*/\1/p')
	ft=$(echo "$last" | sed -n -E 's/.* ft: ([0-9]+).*/\1/p')
	corp=$(echo "$last" | sed -n -E 's/.* corp: ([0-9]+).*/\1/p')
	crashes=$(find "$FUZZ_DIR/crashes" -name "$1-*" -newer "$FUZZ_DIR/.started" | wc -l)
	echo "$1: ${execs:-?} execs in ${secs:-?} s, cov ${cov:-?}, ft ${ft:-?}," \
		"corpus ${corp:-?}, crashes $crashes (exit $2; log $log)"
	[ "$2" -eq 0 ] && [ "$crashes" -eq 0 ]
}

run_options() {
	P1C_FUZZ_WASM_BASELINE="$BUILD/fixtures/wat/hello-p1.wasm" run fuzz_options corpus-options
}
if [ "${FUZZ_SERIAL:-}" = 1 ]; then
	run fuzz_wasm corpus-wasm; rc_wasm=$?
	run fuzz_profile corpus-profile; rc_profile=$?
	run_options; rc_options=$?
else
	run fuzz_wasm corpus-wasm &
	pid_wasm=$!
	run fuzz_profile corpus-profile &
	pid_profile=$!
	run_options &
	pid_options=$!
	wait "$pid_wasm"; rc_wasm=$?
	wait "$pid_profile"; rc_profile=$?
	wait "$pid_options"; rc_options=$?
fi
ok=true
summary fuzz_wasm "$rc_wasm" || ok=false
summary fuzz_profile "$rc_profile" || ok=false
summary fuzz_options "$rc_options" || ok=false
if ! $ok; then
	echo "fuzz: failures; reproduce with $FUZZ_DIR/<target> $FUZZ_DIR/crashes/<file>" >&2
	grep -h -A3 -E '^==[0-9]+==ERROR|^SUMMARY|deadly signal|ALARM' "$FUZZ_DIR"/fuzz_*.log >&2
	exit 1
fi
