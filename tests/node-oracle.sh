#!/bin/sh
# Node oracle: every fixture binary the suite builds ($BUILD/fixtures/*/*.wasm: the .wat,
# C and hex fixtures, components included) run under Node's node:wasi (tests/node/run.mjs)
# and compared with what `wasm-p1check -f json -p node-wasi` predicts for it.
# What Node does, one stage per module: load (new WebAssembly.Module throws: V8 rejects the
# binary), instantiate (WebAssembly.instantiate with wasi.getImportObject() throws: a link
# error, or a trap in the start function), run (wasi.start() for a module exporting _start,
# else wasi.initialize(), throws or traps), exit (it returned; any exit code), timeout.
# Sandbox: new WASI({version: 'preview1', args: [name], env: {}, preopens: {},
# returnOnExit: true}), stdin /dev/null, stdout and stderr to scratch files, one worker
# thread per module, 2 s each.
# The mapping from the report's summary.earliest_bites (the earliest stage an error may
# bite) and summary.earliest_certain_bites (the earliest it surely bites) to the stages
# Node may reach: every stage from the first to the second (to exit when nothing surely
# bites). Per stage:
#   load         -> load: the tool says the runtime refuses to load it; V8 must reject it.
#   instantiate  -> instantiate: it must load, and instantiation must fail; when V8's link
#                   error names an import ("Import #N module=..."), the report must have an
#                   error biting at instantiate for that very import.
#   call         -> run, when an error bites at call with certainty "always" on a path from
#                   _start or _initialize (the functions the host calls), or with no
#                   certainty (the host's own checks in start()/initialize(): P1C030,
#                   P1C031, P1C032, which hold on every run; Node's error must then be
#                   the one lib/wasi.js throws for one of those rules, P1C037's an uncaught
#                   exit); otherwise (conditional,
#                   indirect, or rooted at an export the host never calls) it is a "may":
#                   run or exit.
#   none (pass, or warnings only) -> exit: it loads, links, and start()/initialize()
#                   returns. A fixture whose own code traps by design (the tool makes no
#                   claim about a program's logic) is listed below with the stage it reaches.
# Then a feature table: for every feature of the profile, what it says against what V8 did
# (compiled a fixture using it; rejected one where it is the only load error), "unconfirmed"
# when no fixture shows it, "unchecked" when no fixture uses it.
# Lists (one line each: "<list> <path under $BUILD/fixtures> <node stage> <reason>"):
#   trap   the fixture's code traps by design; checked to reach that stage.
#   known  a disagreement not fixed yet; still reported, and a failure once it changes.
# Excluded fixtures (outcome depends on something Node cannot do here): none so far; add
# them to EXCLUDE as "<path under $BUILD/fixtures> <reason>", they are counted and named.
# Without node (or with another major version than the profile's, 20): a loud skip, a
# failure with CI=true. A run that compares no module fails.
# Usage: node-oracle.sh [BUILD]   (after run-cli.sh built the fixtures). Ends with
# "node-oracle: N passed, N failed".
set -u
BUILD=${1:-build}
. tests/lib.sh
NODE_MAJOR=20

LISTS="trap features/overlong-call-indirect.wasm run its call_indirect selects table slot 0, which no element segment fills (null function)"
EXCLUDE=""

skip_or_fail() { skip_suite_or_fail node-oracle "$1"; }
command -v node >/dev/null 2>&1 || skip_or_fail "node not installed"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)
[ "$major" = "$NODE_MAJOR" ] ||
	skip_or_fail "node $(node --version 2>/dev/null) is not Node $NODE_MAJOR, which profiles/node-wasi.yaml describes"

files=
excluded=0
for wasm in "$FIX"/*/*.wasm; do
	[ -e "$wasm" ] || continue
	rel=${wasm#"$FIX"/}
	reason=$(echo "$EXCLUDE" | awk -v f="$rel" '$1 == f { $1 = ""; print substr($0, 2) }')
	if [ -n "$reason" ]; then
		echo "excluded $rel: $reason"
		excluded=$((excluded + 1))
		continue
	fi
	files="$files $wasm"
done
mkdir -p "$T/pred" "$T/out"
n=0
for wasm in $files; do
	"$BIN" -f json -p node-wasi "$wasm" >"$T/pred/$n.json" 2>"$T/pred/$n.err"
	n=$((n + 1))
done
# shellcheck disable=SC2086 # $files: paths without spaces (fixture names)
node tests/node/run.mjs "$T/out" $files </dev/null >"$T/node.tsv" 2>"$T/node.err" ||
	{ echo "run.mjs failed:"; cat "$T/node.err"; }
echo "$LISTS" >"$T/lists"
"$BIN" --show-profile node-wasi | sed -n '/^features:/,/^[a-z]/p' >"$T/features"
echo "node-oracle: $excluded excluded"
node tests/node/compare.mjs "$T/node.tsv" "$T/pred" "$T/lists" "$T/features"
