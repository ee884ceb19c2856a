#!/bin/sh
# The sanity caps against V8's limits in Node 20 (tests/node/caps.mjs): modules at each limit
# and one over it, built at test time, compiled by V8 and audited with -p node-wasi.
# Without Node 20: a loud skip, a failure with CI=true. Ends with "node-caps: N passed, N failed".
# Usage: node-caps.sh [BUILD]
set -u
BUILD=${1:-build}
. tests/lib.sh
command -v node >/dev/null 2>&1 || skip_suite_or_fail node-caps "node not installed"
[ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = 20 ] ||
	skip_suite_or_fail node-caps "node $(node --version 2>/dev/null) is not Node 20, which profiles/node-wasi.yaml describes"
node tests/node/caps.mjs "$BIN" "$T"
