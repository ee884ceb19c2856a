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
# too. Independent of the CLI goldens. What the report says about the toolchain (reasoned from
# the producers section and the import and name shapes the fixture replicates):
#     TOOLCHAIN: <json toolchain.name>       (or "-": no toolchain may be claimed)
#     WASIP2: <text> / WASIP2-NOT: <text>    the wasip2_build verdict contains / lacks text
#     HELP[<profile>] <RULE>: <text>         every RULE finding's help contains text (one at least)
#     HELP-NOT[<profile>] <RULE>: <text>     no RULE finding's help contains text
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
	check_help "$src" "$prof"
	[ "$prof" = wamr ] && check_toolchain "$src"
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

check_help() { # check_help SRC PROFILE (after check_one wrote $T/json)
	sed -n -E "s@^[[:space:]]*(;;|//|#)[[:space:]]*HELP(-NOT)?\[$2\][[:space:]]*@&@p" "$1" |
		sed -E 's@^[[:space:]]*(;;|//|#)[[:space:]]*@@' >"$T/helps"
	while IFS= read -r hline; do
		case "$hline" in HELP-NOT*) neg=1 ;; *) neg= ;; esac
		rest=${hline#*] }
		rule=${rest%%:*}
		text=${rest#*: }
		jq -r --arg r "$rule" '.files[0].findings[] | select(.rule == $r) | .help // ""' "$T/json" >"$T/hl"
		n=$(wc -l <"$T/hl")
		hit=$(grep -c -F -- "$text" "$T/hl")
		if [ -n "$neg" ]; then
			[ "$hit" -eq 0 ] && ok || not_ok "$1 [$2]: a $rule help says '$text'"
		elif [ "$n" -gt 0 ] && [ "$hit" -eq "$n" ]; then ok; else
			not_ok "$1 [$2]: $hit of $n $rule help lines say '$text'"
			sed 's/^/  /' "$T/hl"
		fi
	done <"$T/helps"
}

check_toolchain() { # check_toolchain SRC (after check_one wrote $T/json for wamr)
	want=$(sed -n -E 's@^[[:space:]]*(;;|//|#)[[:space:]]*TOOLCHAIN:[[:space:]]*@@p' "$1" | head -n 1)
	if [ -n "$want" ]; then
		got=$(jq -r '.files[0].toolchain.name // "-"' "$T/json")
		[ "$got" = "$want" ] && ok || not_ok "$1: toolchain $got, expected $want"
	fi
	sed -n -E 's@^[[:space:]]*(;;|//|#)[[:space:]]*(WASIP2(-NOT)?):[[:space:]]*(.*)@\2 \4@p' "$1" >"$T/p2"
	verdict=$(jq -r '.files[0].wasip2_build.verdict // ""' "$T/json")
	while IFS=' ' read -r kind text; do
		case "$verdict" in *"$text"*) says=1 ;; *) says= ;; esac
		if [ "$kind" = WASIP2 ] && [ -z "$says" ]; then
			not_ok "$1: the wasip2 verdict lacks '$text': $verdict"
		elif [ "$kind" = WASIP2-NOT ] && [ -n "$says" ]; then
			not_ok "$1: the wasip2 verdict says '$text': $verdict"
		else
			ok
		fi
	done <"$T/p2"
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
	# A HELP line for a profile no EXPECT line runs would never be checked.
	for prof in $(sed -n -E 's@^[[:space:]]*(;;|//|#)[[:space:]]*HELP(-NOT)?\[([^]]+)\].*@\3@p' "$src" | sort -u); do
		case " $DEVICES $extra " in *" $prof "*) ;; *) not_ok "$src: HELP[$prof] but no EXPECT[$prof]" ;; esac
	done
done
echo "device-facts: $nfix fixtures"
echo "device-facts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
