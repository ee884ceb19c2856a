#!/bin/sh
# Device facts: every fixture (fixtures/wat/*.wat, fixtures/c/*.c, fixtures/*/*.hex)
# may state, in its header,
# the verdict a shipped profile must give, reasoned from how the runtime behaves:
#     EXPECT[<profile>] <exit>: <RULE>/<severity>/<bites>[/<certainty>] ...   (or "-")
#     INIT[<profile>]: <step>=<outcome> ...                     (or "-": nothing present)
# EXPECT lists every finding (as a multiset); a line where any finding names a certainty
# (always, conditional, indirect; "-" for a finding without one) is compared with
# certainties for all its findings. INIT lists every init step the module has (outcome
# runs, skipped or fails; absent steps are left out). A fixture with any EXPECT line must
# have one for each of the device profiles below; EXPECT lines for other profiles are checked
# too. Independent of the CLI goldens.
# Usage: device-facts.sh BUILD (after run-cli.sh built the fixtures)
set -u
BUILD=${1:-build}
. tests/lib.sh
DEVICES="wamr wamr-minimal wamr-classic-full node-wasi"
command -v jq >/dev/null 2>&1 || skip_suite_or_fail device-facts "missing tool jq (make deps)"

words() { tr ' ' '\n' | sed '/^$/d; /^-$/d' | sort; }

check_one() { # check_one SRC WASM PROFILE
	src=$1 wasm=$2 prof=$3
	line=$(sed -n -E "s@^[[:space:]]*(;;|//|#)[[:space:]]*EXPECT\[$prof\][[:space:]]*@@p" "$src" | head -n 1)
	if [ -z "$line" ]; then
		not_ok "$src: no EXPECT[$prof]"
		return
	fi
	want_rc=${line%%:*}
	echo "${line#*:}" | words >"$T/want"
	"$BIN" -f json -p "$prof" "$wasm" >"$T/json" 2>"$T/err"
	rc=$?
	[ "$rc" = "$want_rc" ] || { not_ok "$src [$prof]: exit $rc, expected $want_rc"; cat "$T/err"; }
	if grep -q -E '^[^/ ]+/[^/ ]+/[^/ ]+/' "$T/want"; then
		jq -r '.files[0].findings[] | "\(.rule)/\(.severity)/\(.bites)/\(.certainty // "-")"' "$T/json"
	else
		jq -r '.files[0].findings[] | "\(.rule)/\(.severity)/\(.bites)"' "$T/json"
	fi | sort >"$T/got"
	if cmp -s "$T/want" "$T/got"; then ok; else
		not_ok "$src [$prof]: findings differ (expected | got)"
		diff "$T/want" "$T/got" | sed -n 's/^[<>]/  &/p'
	fi
	init=$(sed -n -E "s@^[[:space:]]*(;;|//|#)[[:space:]]*INIT\[$prof\]:[[:space:]]*@@p" "$src" | head -n 1)
	[ -n "$init" ] || return 0
	echo "$init" | words >"$T/want"
	jq -r '.files[0].init.steps[] | select(.outcome != "absent") | "\(.name)=\(.outcome)"' "$T/json" |
		sort >"$T/got"
	if cmp -s "$T/want" "$T/got"; then ok; else
		not_ok "$src [$prof]: init sequence differs (expected | got)"
		diff "$T/want" "$T/got" | sed -n 's/^[<>]/  &/p'
	fi
}

nfix=0
for src in fixtures/wat/*.wat fixtures/c/*.c fixtures/*/*.hex; do
	grep -q -E '^[[:space:]]*(;;|//|#)[[:space:]]*EXPECT\[' "$src" || continue
	dir=$(basename "$(dirname "$src")")
	name=$(basename "$src")
	wasm="$FIX/$dir/${name%.*}.wasm"
	[ -e "$wasm" ] || { echo "skip: $wasm not built"; continue; }
	nfix=$((nfix + 1))
	extra=$(sed -n -E 's@^[[:space:]]*(;;|//|#)[[:space:]]*EXPECT\[([a-z0-9._-]+)\].*@\2@p' "$src" |
		grep -v -x -F "$(echo $DEVICES | tr ' ' '\n')")
	for prof in $DEVICES $extra; do
		check_one "$src" "$wasm" "$prof"
	done
done
echo "device-facts: $nfix fixtures"
echo "device-facts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
