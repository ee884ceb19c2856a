#!/bin/sh
# make demo: build a real wasm32-wasi program (fixtures/c/udp_close.c) and audit it against
# the default profile. The program never opens a socket, but its close() carries a WASI 0.2
# import; the audit names it, and the audit's exit status 1 is the expected outcome here.
set -u
BIN=$1
OUT=$2
mkdir -p "$OUT"
CC="clang --target=wasm32-wasi --sysroot=/usr"
$CC -O2 -c fixtures/c/udp_close.c -o "$OUT/udp_close.o" &&
	$CC "$OUT/udp_close.o" -o "$OUT/udp_close.wasm" || {
	echo "demo: cannot build the example (run 'make deps' first)" >&2
	exit 2
}
echo "\$ wasm-p1check $OUT/udp_close.wasm"
"$BIN" "$OUT/udp_close.wasm"
rc=$?
echo "(exit status $rc: 0 pass, 1 findings, 2 usage/profile error, 3 malformed input)"
[ "$rc" -eq 1 ]
