#!/usr/bin/env bash
# Interleaved rounds of two servers, then their figures side by side with the median share: what a
# claim about this VM needs (one round is not a finding; see docs/benchmarks.md). Each round runs
# bench/run-all.sh with the two servers, the order swapped every other round, into OUT/round-N.
#
#   ROUNDS=6 SCENARIOS="fanout-2k-10 fanout-big-10" OUT=/tmp/pairs bench/pairs.sh
#   SERVERS="switchboard uws" (default) picks the pair; PROFILE (default full), BENCH_JAR, MAX_LOAD
#   (default 3: the previous round leaves the load average up) and the rest go to run-all.sh.
# Prints bench/compare.py's tables at the end (also in OUT/compare.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-4}"
read -r -a PAIR <<< "${SERVERS:-switchboard uws}"
if [[ ${#PAIR[@]} -ne 2 ]]; then
    echo "pairs: SERVERS must name two servers, got '${SERVERS:-}'" >&2
    exit 2
fi
OUT="${OUT:-$ROOT/bench/results/$(date +%F)-pairs}"
export PROFILE="${PROFILE:-full}" MAX_LOAD="${MAX_LOAD:-3}"
: "${SCENARIOS:?pairs: name the scenarios, e.g. SCENARIOS=\"fanout-2k-10 fanout-big-10\"}"
export SCENARIOS

for ((i = 1; i <= ROUNDS; i++)); do
    if ((i % 2)); then order="${PAIR[0]} ${PAIR[1]}"; else order="${PAIR[1]} ${PAIR[0]}"; fi
    echo "== round $i of $ROUNDS: $order ($(date -u +%T) UTC)"
    SERVERS="$order" OUT="$OUT/round-$i" "$ROOT/bench/run-all.sh"
done
python3 "$ROOT/bench/compare.py" "${PAIR[0]}" "${PAIR[1]}" "$OUT"/round-* | tee "$OUT/compare.md"
