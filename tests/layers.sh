#!/bin/sh
# The layer check (make check): src/ is split into layer folders and every dependency points
# down: cli -> report -> rules -> {analysis, profile} -> wasm -> base. Three checks:
#   1. includes: a file includes only its own folder or a lower layer (siblings of the same
#      rank, analysis and profile, do not include each other); libyaml only in
#      profile/profile_yaml.c, libdwarf only in analysis/dwarf.c, cJSON only under report/;
#   2. calls (with BUILD, from the objects' symbol tables, nm(1)): no two source files call each
#      other, directly or around a loop, and no call points up a layer;
#   3. the lower layers (everything below report/) never talk to the user: no stdout, stderr,
#      printf, puts, perror, exit or abort.
# Usage: sh tests/layers.sh SRC_DIR [BUILD_OBJ_DIR]. Prints "layers: N passed, N failed".
set -u
SRC=${1:-src}
OBJ=${2:-}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

rank() {
	case $1 in
	base) echo 0 ;; wasm) echo 1 ;; analysis | profile) echo 2 ;; rules) echo 3 ;;
	report) echo 4 ;; cli) echo 5 ;; *) echo 99 ;;
	esac
}

# 1. includes
files=$(cd "$SRC" && ls */*.c */*.h */*.def 2>/dev/null)
[ -n "$files" ] || bad "no sources under $SRC"
for f in $files; do
	layer=${f%%/*}
	r=$(rank "$layer")
	[ "$r" = 99 ] && { bad "$f: folder '$layer' is not a layer"; continue; }
	violations=$(sed -n -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]+"([^"]+)".*/\1/p' "$SRC/$f" |
		while read -r inc; do
			case $inc in
			*/*) il=${inc%%/*} ;;
			*) echo "$f: includes \"$inc\" without its layer folder"; continue ;;
			esac
			[ "$il" = "$layer" ] && continue
			ir=$(rank "$il")
			[ "$ir" -lt "$r" ] || echo "$f ($layer) includes $inc ($il): not a lower layer"
		done)
	if [ -n "$violations" ]; then bad "$violations"; else ok; fi
	if grep -q -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*<yaml\.h>' "$SRC/$f" &&
		[ "$f" != profile/profile_yaml.c ]; then
		bad "$f: libyaml outside profile/profile_yaml.c"
	fi
	if grep -q -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*<libdwarf/' "$SRC/$f" &&
		[ "$f" != analysis/dwarf.c ]; then
		bad "$f: libdwarf outside analysis/dwarf.c"
	fi
	if grep -q -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*<cjson/' "$SRC/$f" &&
		[ "$layer" != report ]; then
		bad "$f: cJSON outside report/"
	fi
done

# 2 and 3. calls, from the objects
if [ -n "$OBJ" ]; then
	objs=$(cd "$OBJ" && ls */*.o 2>/dev/null)
	[ -n "$objs" ] || bad "no objects under $OBJ"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for o in $objs; do
		nm "$OBJ/$o" | awk -v f="${o%.o}" 'NF == 3 && $2 ~ /^[TDBRCGSV]$/ { print "def", f, $3 }
			$1 == "U" { print "use", f, $2 }'
	done >"$tmp/syms"
	# file -> file edges (a use of a symbol another file defines)
	awk '$1 == "def" { owner[$3] = $2; next }
		{ uses[NR] = $2 " " $3 }
		END { for (i in uses) { split(uses[i], u, " ");
			if ((u[2] in owner) && owner[u[2]] != u[1]) print u[1], owner[u[2]] } }' \
		"$tmp/syms" | sort -u >"$tmp/edges"
	up=$(while read -r from to; do
		fr=$(rank "${from%%/*}"); tr=$(rank "${to%%/*}")
		if [ "${from%%/*}" != "${to%%/*}" ] && [ "$tr" -ge "$fr" ]; then
			echo "$from calls $to: not a lower layer"
		fi
	done <"$tmp/edges")
	if [ -n "$up" ]; then bad "$up"; else ok; fi
	# cycles: repeatedly drop calls into a file that calls nothing left, or out of a file that
	# nothing left calls; whatever remains lies on a loop
	cycles=$(awk '{ e[NR] = $0; n = NR }
		END { do { changed = 0
			split("", hasout); split("", hasin)
			for (i = 1; i <= n; i++) if (e[i] != "") {
				split(e[i], p, " "); hasout[p[1]] = 1; hasin[p[2]] = 1 }
			for (i = 1; i <= n; i++) if (e[i] != "") { split(e[i], p, " ")
				if (!(p[2] in hasout) || !(p[1] in hasin)) { e[i] = ""; changed = 1 } }
		} while (changed)
		for (i = 1; i <= n; i++) if (e[i] != "") print "  " e[i] }' "$tmp/edges")
	if [ -n "$cycles" ]; then bad "call cycles between source files (caller callee):
$cycles"; else ok; fi
	talk=$(awk '$1 == "use" && $3 ~ /^(stdout|stderr|printf|puts|putchar|perror|exit|_exit|abort)$/ {
			split($2, p, "/"); if (p[1] != "report" && p[1] != "cli") print "  " $2 " uses " $3 }' \
		"$tmp/syms")
	if [ -n "$talk" ]; then bad "lower layers talk to the user:
$talk"; else ok; fi
fi
echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
