#!/usr/bin/env bash
# Summarises a JFR recording's CPU samples: the hottest top frames, and the hottest frames of
# io.switchboard / io.netty anywhere on the stack (inclusive). Usage: bench/jfr-top.sh rec.jfr [N]
#
# Record the server of a run with, e.g.:
#   SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/sb.jfr,settings=profile" SERVERS=switchboard bench/run-all.sh
set -euo pipefail
rec=$1
n=${2:-25}
tmp=$(mktemp)
jfr print --events jdk.ExecutionSample --stack-depth 64 "$rec" > "$tmp"
echo "samples: $(grep -c 'jdk.ExecutionSample' "$tmp")"
echo "--- top frames (self) ---"
awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print }' "$tmp" | sort | uniq -c | sort -rn | head -"$n"
echo "--- inclusive, io.switchboard and io.netty frames (once per sample) ---"
awk '/stackTrace = \[/ { inside = 1; delete seen; next }
     inside && /^[ \t]*\]/ { inside = 0; next }
     inside { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f);
              if ((f ~ /^io\.switchboard/ || f ~ /^io\.netty/) && !(f in seen)) { seen[f] = 1; print f } }' "$tmp" \
    | sort | uniq -c | sort -rn | head -"$n"
rm -f "$tmp"
