#!/bin/sh
# Reachability facts asserted from their fixtures' reasoning, independently of the goldens.
# Must-execute certainty: fixtures/wat/certainty.wat states, per import, the certainty its
# construct must get (header lines ";;   <import> <certainty> <why>"); this checks each one
# against the text report (the "bites: call (<certainty>: ..." line of its finding) and
# the JSON report ("certainty"). Libc entry points: fixtures/c/p2_netdb.c's socket() and
# getaddrinfo() name the imports they reach. Ends with "reach-facts: N passed, N failed".
set -u
BUILD=${1:-build}
. tests/lib.sh
SRC=fixtures/wat/certainty.wat
WASM="$FIX/wat/certainty.wasm"
"$BIN" -p wamr "$WASM" >"$T/text" 2>&1
"$BIN" -p wamr -f json "$WASM" >"$T/json" 2>&1
# import -> certainty, from the text report
awk '/error\[P1C011/ { split($0, a, "env#"); split(a[2], b, " "); name = b[1] }
     /^  bites: / && name != "" { c = $3; sub(/^\(/, "", c); sub(/:$/, "", c); print name, c; name = "" }' \
	"$T/text" >"$T/got"
n=0
while read -r imp want; do
	n=$((n + 1))
	got=$(awk -v i="$imp" '$1 == i { print $2 }' "$T/got")
	[ "$got" = "$want" ] && ok || not_ok "$imp: text says '$got', expected '$want'"
	# JSON: in "findings", a finding's "certainty" comes before its import's "name"
	gotj=$(awk -v i="\"$imp\"," '$1 == "\"findings\":" { f = 1 }
		f && $1 == "\"certainty\":" { c = $2; gsub(/[",]/, "", c) }
		f && $1 == "\"name\":" && $2 == i { print c; exit }' "$T/json")
	[ "$gotj" = "$want" ] && ok || not_ok "$imp: JSON says '$gotj', expected '$want'"
done <<EOF2
$(sed -n -E 's/^;;   (i_[a-z_]+) +(always|conditional|indirect) .*/\1 \2/p' "$SRC")
EOF2
[ "$n" -ge 16 ] && ok || not_ok "only $n expectations read from $SRC"
# The words: "may" unless always.
grep -q "^  bites: call (always: .*): fails when" "$T/text" && ok ||
	not_ok "always: wording"
grep -q "^  bites: call (conditional: .*): may fail when" "$T/text" && ok ||
	not_ok "conditional: wording"
# Libc entry points that name the culprits (the shipped list has wasi-libc's socket API).
NETDB="$FIX/c/p2_netdb.wasm"
"$BIN" -p wamr "$NETDB" >"$T/netdb" 2>&1
awk '/error\[P1C010/ { split($0, a, "#"); split(a[2], b, " "); name = b[1] }
     /^  libc entry points: / { print name, $4 }' "$T/netdb" >"$T/libc"
grep -q "^create-tcp-socket socket$" "$T/libc" && ok || not_ok "create-tcp-socket: libc entry point socket"
grep -q "^resolve-addresses getaddrinfo$" "$T/libc" && ok || not_ok "resolve-addresses: libc entry point getaddrinfo"
# wasi-libc's own helpers are never entry points.
grep -q '"__wasilibc_\|"__wasi_' profiles/wasi-libc.yaml && not_ok "__wasilibc_/__wasi_ names in wasi-libc.yaml" || ok
# Path ranking (fixtures/wat/paths-rank.wat): distinct paths, fewer indirect edges first,
# then the program's own code before destructor paths, then length.
RANK="$FIX/wat/paths-rank.wasm"
"$BIN" -p wamr --max-paths 4 "$RANK" 2>&1 | sed -n 's/^  path: //p' >"$T/paths"
printf '%s\n' "_start -> main -> direct_user -> imp" \
	"_start -> main -> helper1 -> helper2 -> user2 -> imp" "_start -> __wasm_call_dtors -> imp" \
	"_start -> main -(indirect)-> vt -> imp" >"$T/want"
cmp -s "$T/paths" "$T/want" && ok || { not_ok "paths-rank: order"; diff "$T/want" "$T/paths"; }
n=$("$BIN" -p wamr --max-paths 1 "$RANK" 2>&1 | grep -c '^  path: _start -> main -> direct_user -> imp$')
[ "$n" = 1 ] && ok || not_ok "paths-rank: --max-paths 1 keeps the best path"
# An `always` finding shows its chain of certain calls first (fixtures/wat/reach-sure-path.wat),
# before a shorter path through a branch; at call and at instantiation.
"$BIN" -p wamr "$FIX/wat/reach-sure-path.wasm" 2>&1 | sed -n 's/^  path: //p' >"$T/sure"
printf '%s\n' "_start -> b -> c -> f" "_start -> a -> f" "init -> h -> g" "init -> g" >"$T/want"
cmp -s "$T/sure" "$T/want" && ok || { not_ok "reach-sure-path: order"; diff "$T/want" "$T/sure"; }
# The init sequence is never reached when linking fails first (init.blocked_by): a side
# module's env globals fail to link on wamr; dev-verdict-may's imports all link on wamr (trap
# on call) but not on node-wasi (every unknown import is a link error); a wasip1-threads
# build's shared memory fails at load on wamr.
blocked() { # the report's one "blocked_by" value, quotes dropped
	"$BIN" -f json -p "$1" "$FIX/$2" 2>/dev/null | sed -n 's/^[[:space:]]*"blocked_by":[[:space:]]*"*\([a-z]*\)"*,*$/\1/p'
}
[ "$(blocked wamr hex/shape-emscripten-side.wasm)" = link ] && ok || not_ok "blocked_by: side module on wamr"
[ "$(blocked wamr wat/dev-verdict-may.wasm)" = null ] && ok || not_ok "blocked_by: trap-on-call links"
[ "$(blocked node-wasi wat/dev-verdict-may.wasm)" = link ] && ok || not_ok "blocked_by: node link error"
[ "$(blocked wamr wat/shape-rust-wasip1-threads.wasm)" = load ] && ok || not_ok "blocked_by: threads at load"
"$BIN" -p node-wasi "$FIX/wat/dev-verdict-may.wasm" 2>&1 | head -n 1 |
	grep -q '; init (never reached: an import fails to link first): _initialize runs$' && ok ||
	not_ok "blocked init: the text label"
# An import nothing reaches explains itself (fixtures/wat/reach-indirect.wat): the table slot
# that would reach it, its type, and that no reachable call_indirect of that type calls it.
"$BIN" -p wamr "$FIX/wat/reach-indirect.wasm" >"$T/ri" 2>&1
grep -q "reachable: no: no root reaches it; func\[4\] stdio_close_tcp (type (i32 i32) -> i32, table 0 slot 1) would, but no reachable call_indirect of that type calls it" "$T/ri" &&
	ok || not_ok "reach-indirect: unreached explanation"
# The certainty of an indirect-only path names the call_indirect's type.
grep -q "bites: call (indirect: only through call_indirect of type (i32) -> i32)" "$T/ri" && ok ||
	not_ok "reach-indirect: indirect certainty names the type"
# WASI 0.2 builds (fixtures/c/p2_socket_udp.c): the verdict line counts the import set
# (wasm-objdump -x as the oracle), the three wasi:sockets/udp findings are one block in text
# and separate with -v; the verdict line's counts are the same either way.
UDP="$FIX/c/p2_socket_udp.wasm"
p1=$(wasm-objdump -x "$UDP" | grep -c '<- wasi_snapshot_preview1\.')
p2=$(wasm-objdump -x "$UDP" | grep -c '<- wasi:')
"$BIN" -p wamr "$UDP" >"$T/g" 2>&1
"$BIN" -p wamr -v "$UDP" >"$T/v" 2>&1
grep -q "^  core module built for wasm32-wasip2: wasi-sdk 22-27 style, mixing preview 1 and WASI 0.2 imports ($p1 preview 1, $p2 WASI 0.2)" "$T/g" &&
	ok || not_ok "p2_socket_udp: verdict line with $p1 preview 1 and $p2 WASI 0.2 imports"
grep -q "error\[P1C010/wasip2-import\]: wasi:sockets/udp@0.2.0: 3 imports not provided" "$T/g" && ok ||
	not_ok "p2_socket_udp: the udp group"
grep -q "^  reachable: 3 of 3; bites: call 1, never 2; certainty: conditional 1$" "$T/g" && ok ||
	not_ok "p2_socket_udp: the group's counts"
[ "$(grep -c 'P1C010' "$T/g")" = 3 ] && [ "$(grep -c 'P1C010' "$T/v")" = 5 ] && ok ||
	not_ok "p2_socket_udp: 3 blocks grouped, 5 with -v"
[ "$(tail -n 1 "$T/g")" = "$(tail -n 1 "$T/v")" ] && ok || not_ok "p2_socket_udp: same verdict with -v"
# Paths keep at most 24 steps, also through another caller of the import (the fixture's header).
LONG="$FIX/wat/reach-long-callers.wasm"
"$BIN" -p wamr "$LONG" >"$T/long" 2>&1
"$BIN" -p wamr -f json "$LONG" >"$T/long.json" 2>&1
grep '^  path: ' "$T/long" | awk '{ print split($0, a, " -> ") - 1 }' >"$T/long.steps"
[ "$(cat "$T/long.steps" | tr '\n' ' ')" = "24 24 " ] && ok ||
	not_ok "reach-long-callers: two paths of 24 steps, got $(cat "$T/long.steps" | tr '\n' ' ')"
[ "$(grep -c '^  path: _start -> f1 -> .* -> f11 -> \.\.\. 8 more calls \.\.\. -> f20 -> ' "$T/long")" = 2 ] &&
	ok || not_ok "reach-long-callers: both paths leave out f12..f19"
grep -q ' -> f29 -> f30 -> x$' "$T/long" && grep -q ' -> f28 -> f29 -> g -> x$' "$T/long" && ok ||
	not_ok "reach-long-callers: the last steps through f30 and through g"
[ "$(grep -c '"elided_before":	8' "$T/long.json")" = 2 ] && ok ||
	not_ok "reach-long-callers: JSON elided_before 8 on both paths"
echo "reach-facts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
