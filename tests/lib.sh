# Shared by the shell test scripts (sourced from the repo root after BUILD is set):
# fixed locale, paths, the shipped profiles, a scratch dir removed on exit, counters.
export LC_ALL=C
ROOT=$(pwd)
BIN="$ROOT/$BUILD/wasm-p1check"
FIX="$ROOT/$BUILD/fixtures"
export WASM_P1CHECK_PROFILE_PATH="$ROOT/profiles"
# Under SANITIZE=1 a sanitizer report must be an exit status no test accepts (86).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1:exitcode=86"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
not_ok() { echo "FAIL: $*"; fail=$((fail + 1)); }
# A suite whose tool is missing: a loud skip, or a failure in CI (make deps installs it).
# skip_suite_or_fail SUITE WHY: prints the suite's count line and exits.
skip_suite_or_fail() {
	if [ "${CI:-}" = true ]; then
		echo "$2 (required in CI)"
		echo "$1: 0 passed, 1 failed"
		exit 1
	fi
	echo "skip: $2"
	echo "$1: 0 passed, 0 failed"
	exit 0
}
