#!/bin/sh
# Every documented value of every audit option, over every fixture binary (one invocation per
# value, all fixtures at once; under SANITIZE=1 the binary is ASan/UBSan-instrumented and a
# report is exit 86). Each run must end with a defined status (0, 1, 2 or 3: never a signal
# or a sanitizer report) and, unless it is a usage error, name every input in its report.
# The libFuzzer target tests/fuzz/fuzz_options.c draws the same options from its input.
set -u
BUILD=${1:-build}
. tests/lib.sh

WASMS=$(find "$FIX" -name '*.wasm' | sort)
NFILES=$(echo "$WASMS" | wc -l)
HELLO="$FIX/wat/hello-p1.wasm"
"$BIN" --write-baseline "$T/hello.lock" "$HELLO" >/dev/null 2>&1 || not_ok "baseline for the sweep"

sweep() { # sweep DESCRIPTION ALLOWED-STATUSES OPTION...
	what=$1; allowed=$2; shift 2
	# shellcheck disable=SC2086
	"$BIN" "$@" $WASMS >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	case " $allowed " in
	*" $rc "*) ;;
	*) not_ok "$what: exit $rc (allowed: $allowed)"; grep -m 5 -E 'ERROR|runtime error' "$T/err"; return ;;
	esac
	if grep -q -E 'Sanitizer|runtime error:' "$T/err"; then
		not_ok "$what: sanitizer report"; head -n 20 "$T/err"; return
	fi
	ok
}

# Every input named in the report: one verdict line (text), path (json), artifact (sarif),
# cluster (dot).
count_files() { # count_files FORMAT FILE
	case $1 in
	text) grep -c -E ': (PASS|FAIL): [0-9]+ error' "$2" ;;
	json) grep -c '^			"path":	' "$2" ;;
	sarif) grep -c '^					"location":	{' "$2" ;;
	dot) grep -c '^  subgraph "cluster_' "$2" ;;
	esac
}

for fmt in text json sarif dot; do
	for color in auto always never; do
		sweep "-f $fmt --color $color" "1 3" -f "$fmt" --color "$color"
	done
	got=$(count_files "$fmt" "$T/out")
	[ "$got" = "$NFILES" ] && ok || not_ok "-f $fmt names $got of $NFILES inputs"
done
for p in $("$BIN" --list-profiles | awk '{print $1}'); do
	sweep "-p $p" "1 3" -p "$p" -f json
done
for n in 0 1 2 3 10 100; do
	sweep "--max-paths $n" "1 3" --max-paths "$n" -p wamr
done
for f in error warning note none; do
	sweep "--fail-on $f" "0 1 3" --fail-on "$f"
done
# --why with specs that name an import in some files (2: the others have none) and with
# specs that cannot name one.
for why in 'wasi_snapshot_preview1#fd_write' 0 'func[1]' 'nosuch#x' '#' 'func[' 4294967295; do
	sweep "--why '$why'" "2" --why "$why" -f json
done
for entry in main _start 1 4294967295 no-such-function; do
	sweep "--entry $entry" "1 2 3" --entry "$entry" -p wamr
done
sweep "--entry twice" "1 2 3" --entry main --entry _initialize
sweep "--baseline lock" "1 3" --baseline "$T/hello.lock"
sweep "--baseline .wasm" "1 3" --baseline "$HELLO" -f sarif
sweep "-q" "1 3" -q
sweep "-o" "1 3" -o "$T/report.json" -f json
got=$(count_files json "$T/report.json")
[ "$got" = "$NFILES" ] && ok || not_ok "-o names $got of $NFILES inputs"
# Everything at once, in every format.
for fmt in text json sarif dot; do
	sweep "all options, -f $fmt" "1 2 3" -f "$fmt" -p wamr --max-paths 0 --fail-on warning \
		--why 'wasi_snapshot_preview1#fd_write' --entry main --baseline "$T/hello.lock" \
		--color always
done

echo "options-sweep: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
