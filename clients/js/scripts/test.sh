#!/usr/bin/env bash
# Runs the JavaScript client's tests (node --test) against a real Switchboard node.
# Installs what they need first: npm devDependencies (npm ci) and, for the browser test, Debian's
# chromium (apt-get, only as root; otherwise the browser test is skipped with a message).
# Called by `mvn verify` (clients/js/pom.xml, phase integration-test) and usable on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(cd ../.. && pwd)
export SB_JAR="${SB_JAR:-$repo/switchboard-server/target/switchboard.jar}"

command -v node >/dev/null || { echo "test.sh: node is required (Node 18 or newer)" >&2; exit 1; }
command -v java >/dev/null || { echo "test.sh: java is required to run the node under test" >&2; exit 1; }

if [ ! -f "$SB_JAR" ]; then
  echo "test.sh: $SB_JAR is missing; building it (mvn -pl switchboard-server -am package -DskipTests)"
  (cd "$repo" && mvn -B -ntp -q -pl switchboard-server -am package -DskipTests)
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test.sh: npm ci (devDependencies: ws, playwright-core)"
  npm ci --no-audit --no-fund
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ "${SB_SKIP_BROWSER:-0}" != 1 ] && [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing Debian's chromium for the browser test (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
    chromium=/usr/bin/chromium
    export CHROMIUM_PATH="$chromium"
  else
    echo "test.sh: SKIPPING the browser test: $chromium is missing and installing it needs root" \
         "(sudo apt-get install chromium, or set CHROMIUM_PATH)"
    export SB_SKIP_BROWSER=1
  fi
fi

exec node --test --test-reporter=spec --test-timeout=90000 test/*.test.js
