#!/bin/sh
# Feature oracle: wabt's wasm-validate against the feature detection. For every fixture
# binary (built by run-cli.sh into $BUILD/fixtures) and every feature X that wabt 1.0.32 can
# switch, a module that wasm-validate rejects with every feature but X while
# `wasm-validate --enable-all` accepts it must be reported as using X: audited under the mvp
# test profile (every post-MVP feature off), the text report must have a P1C020 finding
# "uses <feature> (". Two wabt couplings are allowed for: wabt's `exceptions` is the legacy
# proposal (either of our exception features satisfies it), and --disable-bulk-memory also
# turns reference types off in wabt (a reference-types finding satisfies it); bulk-memory-opt
# and call-indirect-overlong are the parts of bulk-memory and reference-types wabt does not
# switch on their own.
# The other direction too: a module wasm-validate accepts with every feature but X must not
# be reported as using X (a detector that reports every feature fails). Files
# wasm-validate --enable-all rejects (exnref, GC, custom page sizes, wide arithmetic,
# components, deliberately malformed inputs) are skipped and counted.
# Usage: features-oracle.sh [BUILD]   (run from the repo root, after run-cli.sh built the
# fixtures). Ends with "features-oracle: N passed, N failed".
set -u
export LC_ALL=C
BUILD=${1:-build}
BIN="$BUILD/wasm-p1check"
PROFILE=${PROFILE:-fixtures/profiles/mvp.yaml}
export WASM_P1CHECK_PROFILE_PATH="$(pwd)/profiles"
pass=0
fail=0
skipped=0
unused=0 # (file, feature) pairs valid without the feature and reported as unused

if ! command -v wasm-validate >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "missing tool wasm-validate (required in CI)"
		echo "features-oracle: 0 passed, 1 failed"
		exit 1
	fi
	echo "skip: wasm-validate not installed"
	echo "features-oracle: 0 passed, 0 failed"
	exit 0
fi

# wabt flag name -> our feature name(s), "|" separated. wabt has --disable-X only for the
# features it enables by default (DISABLE), and --enable-X for the others (ENABLE).
DISABLE="simd:simd bulk-memory:bulk-memory|bulk-memory-opt|reference-types|call-indirect-overlong
reference-types:reference-types|call-indirect-overlong
sign-extension:sign-extension saturating-float-to-int:saturating-float-to-int
mutable-globals:mutable-global multi-value:multi-value"
ENABLE="threads:threads tail-call:tail-call exceptions:legacy-exceptions|exceptions
memory64:memory64 multi-memory:multi-memory extended-const:extended-const
relaxed-simd:relaxed-simd"
# Everything but X. For an ENABLE feature: every other --enable-X (function references and
# GC included). For a DISABLE feature: --disable-X with the ENABLE features on, except that
# wabt's exceptions (and GC, function references) switch reference types back on, so they
# stay off unless the module needs them ($needs_eh).
without() { # without FLAG -> wasm-validate options
	case " $(echo "$DISABLE" | tr '\n' ' ') " in
	*" $1:"*)
		if $needs_eh; then echo "--enable-all --disable-$1"
		else echo "$NO_EH --disable-$1"; fi
		return ;;
	esac
	opts="--enable-function-references --enable-gc"
	for pair in $ENABLE; do
		[ "${pair%%:*}" = "$1" ] || opts="$opts --enable-${pair%%:*}"
	done
	echo "$opts"
}
NO_EH=$(for pair in $ENABLE; do [ "${pair%%:*}" = exceptions ] || printf -- '--enable-%s ' "${pair%%:*}"; done)

# Where wasm-validate's "valid without X" says nothing about X, the reverse check is skipped
# (and counted): wabt's --enable-all turns function references and GC on, which switch
# reference types (and so its bulk-memory coupling) back on; and one use our detector counts
# by design that wabt 1.0.32 does not gate: exporting a mutable global (forbidden by the MVP,
# allowed by the mutable-globals proposal; wabt checks only imports).
reverse_applies() { # reverse_applies FLAG WASM
	case "$1:$(without "$1")" in
	reference-types:--enable-all* | bulk-memory:--enable-all*) return 1 ;;
	esac
	case $1 in
	mutable-globals) # a global[N] both mutable=1 and exported (" - global[N] -> ")
		wasm-objdump -x "$2" 2>/dev/null | awk '
			/^ - global\[[0-9]+\] .* mutable=1/ { split($2, a, /[][]/); mut[a[2]] = 1 }
			/^ - global\[[0-9]+\] -> / { split($2, a, /[][]/); if (a[2] in mut) found = 1 }
			END { exit !found }' && return 1 ;;
	esac
	return 0
}
not_checked=0

report=$(mktemp)
trap 'rm -f "$report"' EXIT
files=$(ls "$BUILD"/fixtures/*/*.wasm 2>/dev/null)
[ -n "$files" ] || { echo "no fixture binaries in $BUILD/fixtures"; fail=1; }
for wasm in $files; do
	if ! wasm-validate --enable-all "$wasm" >/dev/null 2>&1; then
		skipped=$((skipped + 1))
		continue
	fi
	needs_eh=true
	wasm-validate $NO_EH "$wasm" >/dev/null 2>&1 && needs_eh=false
	"$BIN" -p "$PROFILE" "$wasm" >"$report" 2>&1
	for pair in $DISABLE $ENABLE; do
		flag=${pair%%:*}
		wants=${pair#*:}
		if wasm-validate $(without "$flag") "$wasm" >/dev/null 2>&1; then
			# The other direction: valid without X, so no finding may claim it uses X.
			if ! reverse_applies "$flag" "$wasm"; then
				not_checked=$((not_checked + 1))
				continue
			fi
			claimed=
			for feature in $(echo "$wants" | tr '|' ' '); do
				grep -q "uses $feature (" "$report" && claimed="$claimed $feature"
			done
			if [ -z "$claimed" ]; then
				unused=$((unused + 1))
			else
				echo "FAIL $wasm: wasm-validate accepts it without $flag, yet P1C020 says it uses$claimed"
				fail=$((fail + 1))
			fi
			continue
		fi
		found=false
		for feature in $(echo "$wants" | tr '|' ' '); do
			grep -q "uses $feature (" "$report" && found=true
		done
		if $found; then
			pass=$((pass + 1))
		else
			echo "FAIL $wasm: wasm-validate rejects it without $flag, no P1C020 for $wants"
			fail=$((fail + 1))
		fi
	done
done
echo "skipped $skipped binaries that wasm-validate --enable-all rejects"
echo "$unused (file, feature) pairs that wasm-validate accepts without the feature: none reported as used ($not_checked pairs where that says nothing, not checked)"
pass=$((pass + unused))
echo "features-oracle: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
