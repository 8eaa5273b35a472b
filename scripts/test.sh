#!/usr/bin/env bash
# The one command that tests the project on a fresh Debian machine (`npm test`, and CI's .ci/run):
# installs what is missing, runs every test, and ends with one line "N passed, N failed".
# Arguments go to vitest (e.g. `bash scripts/test.sh test/infra`).
set -uo pipefail
cd "$(dirname "$0")/.."
# nginx and friends live in sbin, which a non-login shell's PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

# --- Debian packages: the real peers the tests talk to. "binary:package", one per tool.
REQUIRED=(
  openssl:openssl
  tshark:tshark
  nginx:nginx
  gnutls-serv:gnutls-bin
  nghttpd:nghttp2-server
  tinyproxy:tinyproxy
  microsocks:microsocks
  curl:curl
  haproxy:haproxy
  go:golang-go
)
# Python modules the tests import, "module:package", checked with Debian's own interpreter
# (a pyenv python earlier on PATH would not see apt's modules).
REQUIRED_PY=(
  websockets:python3-websockets
)
missing=()
for pair in "${REQUIRED[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
for pair in "${REQUIRED_PY[@]}"; do
  /usr/bin/python3 -c "import ${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages; install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark's package asks whether non-root users may capture; answer before it asks.
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
  # Installing nginx or tinyproxy would start them as system services on fixed ports; the tests
  # start their own. policy-rc.d exit 101 tells the package scripts not to start anything.
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    added_policy=1
  fi
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  apt_status=$?
  [ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d
  if [ "$apt_status" -ne 0 ]; then
    echo "apt-get install ${missing[*]} failed" >&2
    exit 1
  fi
fi

# --- npm dependencies, when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
fi

# --- Node 26, the post-quantum peer.
bash scripts/install-node26.sh || exit 1

# --- The tests: the whole suite on this machine's Node (20), then, on a full run (no arguments),
# the compatibility smoke under Node 22, 24 and 26 (scripts/test-compat.sh; test/compat).
rm -f test-results.json .cache/test-results/compat-node*.json
npx vitest run --reporter=default --reporter=json --outputFile=test-results.json "$@"
status=$?
compat_files=()
if [ "$#" -eq 0 ]; then
  read -ra compat_nodes <<< "${TLS_REQUESTS_COMPAT_NODES:-22 24 26}"
  for major in "${compat_nodes[@]}"; do compat_files+=(".cache/test-results/compat-node$major.json"); done
  bash scripts/test-compat.sh "${compat_nodes[@]}" || status=1
fi

# The closing line CI reads, summing every run. A test file that fails to load or set up counts as
# a failure; so does a run that left no results (a Node that could not be installed).
node -e '
const fs = require("node:fs");
const runs = process.argv.slice(1);
let passed = 0, failed = 0, skipped = 0;
const lines = [];
for (const file of runs) {
  let r;
  try { r = JSON.parse(fs.readFileSync(file, "utf8")); } catch { r = null; }
  const label = file === "test-results.json" ? "full suite (Node " + process.version + ")" : "compat smoke (Node " + file.replace(/.*compat-node(\d+)\.json$/, "$1") + ")";
  if (!r) { failed += 1; lines.push("  " + label + ": no results"); continue; }
  // A file that failed without a failed test (it did not load, or its beforeAll threw and its tests
  // were skipped) counts as one failure.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")).length;
  const p = r.numPassedTests ?? 0;
  const f = (r.numFailedTests ?? 0) + brokenFiles;
  const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (p === 0 && file !== "test-results.json") failed += 1; // a compat run that passed nothing proves nothing
  passed += p; failed += f; skipped += s;
  lines.push("  " + label + ": passed " + p + ", failed " + f + (s ? ", skipped " + s : ""));
}
if (runs.length > 1) console.log("\nruns:\n" + lines.join("\n"));
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
process.exit(failed > 0 || passed === 0 ? 1 : 0);
' test-results.json "${compat_files[@]}"
summary=$?
if [ "$status" -ne 0 ]; then exit "$status"; fi
exit "$summary"
