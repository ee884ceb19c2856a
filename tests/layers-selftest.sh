#!/bin/sh
# Tests of the layer check (tests/layers.sh) itself: the real tree passes; a temp copy with one
# upward include, a misplaced libyaml or cJSON include, a call cycle between two files, an
# upward call, or a lower layer printing to stderr makes it fail.
# Usage: sh tests/layers-selftest.sh BUILD. Prints "layers-selftest: N passed, N failed".
set -u
BUILD=${1:-build}
CC=${CC:-cc}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() { # expect pass|fail NAME SRC [OBJ]
	want=$1 name=$2
	shift 2
	if sh tests/layers.sh "$@" >"$tmp/out" 2>&1; then got=pass; else got=fail; fi
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name: layer check said $got, expected $want"
		sed 's/^/  | /' "$tmp/out"
	fi
}

expect pass "the tree as it is" src "$BUILD/obj"

copy() { rm -rf "$tmp/src" && cp -R src "$tmp/src"; }
copy; printf '#include "rules/rules.h"\n' >>"$tmp/src/base/arena.h"
expect fail "base includes rules" "$tmp/src"
copy; printf '#include "cli/run.h"\n' >>"$tmp/src/report/report.h"
expect fail "report includes cli" "$tmp/src"
copy; printf '#include "profile/profile.h"\n' >>"$tmp/src/analysis/callgraph.h"
expect fail "analysis includes its sibling profile" "$tmp/src"
copy; printf '#include "arena.h"\n' >>"$tmp/src/base/diag.c"
expect fail "an include without its layer folder" "$tmp/src"
copy; printf '#include <yaml.h>\n' >>"$tmp/src/profile/profile.c"
expect fail "libyaml outside profile_yaml.c" "$tmp/src"
copy; printf '#include <libdwarf/libdwarf.h>\n' >>"$tmp/src/analysis/analysis.c"
expect fail "libdwarf outside analysis/dwarf.c" "$tmp/src"
copy; printf '#include <cjson/cJSON.h>\n' >>"$tmp/src/rules/rules.c"
expect fail "cJSON outside report/" "$tmp/src"
copy; mkdir "$tmp/src/util"; printf 'int x;\n' >"$tmp/src/util/x.c"
expect fail "a folder that is not a layer" "$tmp/src"

# Object checks on tiny made-up trees.
objtree() { # objtree NAME: files given as "path:source" lines on stdin
	rm -rf "$tmp/o" "$tmp/s" && mkdir -p "$tmp/o" "$tmp/s"
	while IFS=: read -r path code; do
		mkdir -p "$tmp/s/$(dirname "$path")" "$tmp/o/$(dirname "$path")"
		printf '%s\n' "$code" >"$tmp/s/$path.c"
		$CC -c -o "$tmp/o/$path.o" "$tmp/s/$path.c" || echo "cannot compile $path"
	done
}
objtree <<'EOF2'
wasm/a:int b(void); int a(void) { return b(); }
wasm/b:int a(void); int b(void) { return a() + 1; }
EOF2
expect fail "two files calling each other" "$tmp/s" "$tmp/o"
objtree <<'EOF2'
wasm/a:int b(void); int a(void) { return b(); }
wasm/b:int c(void); int b(void) { return c(); }
wasm/c:int a(void); int c(void) { return a(); }
EOF2
expect fail "a call loop around three files" "$tmp/s" "$tmp/o"
objtree <<'EOF2'
wasm/a:int b(void); int a(void) { return b(); }
wasm/b:int b(void) { return 1; }
rules/c:int a(void); int c(void) { return a(); }
EOF2
expect pass "calls that point down, no loop" "$tmp/s" "$tmp/o"
objtree <<'EOF2'
base/a:int r(void); int a(void) { return r(); }
rules/r:int r(void) { return 1; }
EOF2
expect fail "base calling rules" "$tmp/s" "$tmp/o"
objtree <<'EOF2'
wasm/p:#include <stdio.h>
EOF2
printf '#include <stdio.h>\nvoid p(void) { fputs("x", stderr); }\n' >"$tmp/s/wasm/p.c"
$CC -c -o "$tmp/o/wasm/p.o" "$tmp/s/wasm/p.c"
expect fail "a lower layer writing to stderr" "$tmp/s" "$tmp/o"

echo "layers-selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
