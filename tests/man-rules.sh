#!/bin/sh
# The man page's RULES section and --explain come from one table (src/rules/rules_doc.def).
#   sh tests/man-rules.sh --update TOOL MAN   rewrite MAN's section between the RULES markers
#   sh tests/man-rules.sh BUILD               check: the section is what the table gives, and
#                                             --explain says for each rule what the page says
set -u
begin='.\" RULES BEGIN'
end='.\" RULES END'
export begin end # awk reads them from ENVIRON (-v would process the backslash)
splice() { # splice MAN GENERATED -> the page with the section replaced
	awk -v gen="$2" '
		BEGIN { b = ENVIRON["begin"]; e = ENVIRON["end"] }
		$0 == b { print; while ((getline l < gen) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' "$1"
}
if [ "${1:-}" = --update ]; then
	tmp=$(mktemp)
	"$2" >"$tmp.gen" && splice "$3" "$tmp.gen" >"$tmp" && cat "$tmp" >"$3"
	rc=$?
	rm -f "$tmp" "$tmp.gen"
	exit $rc
fi
BUILD=${1:-build}
. tests/lib.sh
MAN=man/wasm-p1check.1
if grep -qxF "$begin" "$MAN" && grep -qxF "$end" "$MAN"; then ok; else not_ok "$MAN lacks the RULES markers"; fi
"$BUILD/rules-roff" >"$T/gen" || not_ok "rules-roff failed"
splice "$MAN" "$T/gen" >"$T/page"
if cmp -s "$T/page" "$MAN"; then ok; else
	not_ok "$MAN RULES section differs from src/rules/rules_doc.def (run make man):"
	diff "$MAN" "$T/page" | head -20
fi
# Independently of the generator: each rule's paragraph in the page (roff escapes removed)
# has the words --explain prints under "What it checks" (backticks removed).
unroff() { sed -e 's/\\f[BIR]//g' -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g'; }
for id in $("$BIN" --list-rules | cut -d' ' -f1); do
	awk -v id="$id" '
		BEGIN { b = ENVIRON["begin"]; e = ENVIRON["end"] }
		$0 == b { on = 1; next } $0 == e { on = 0 }
		on && /^\.TP/ { getline; cur = ($0 ~ "^\\\\fB" id "\\\\fR"); next }
		on && cur && /^\.IP/ { cur = 0 }
		on && cur' "$MAN" | unroff | tr -s ' \n' '  ' | sed 's/ *$//' >"$T/man.txt"
	"$BIN" --explain "$id" >"$T/explain" 2>&1
	awk '/^What it checks:/ { on = 1; next } /^$/ { on = 0 } on' "$T/explain" |
		tr -d '`' | tr -s ' \n' '  ' | sed -e 's/^ *//' -e 's/ *$//' >"$T/explain.txt"
	if [ -s "$T/man.txt" ] && cmp -s "$T/man.txt" "$T/explain.txt"; then ok; else
		not_ok "$id: man page and --explain disagree"; cat "$T/man.txt" "$T/explain.txt"
	fi
done
echo "man-rules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
