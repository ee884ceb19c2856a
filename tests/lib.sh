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
