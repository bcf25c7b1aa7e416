#!/bin/bash
# What a node's start costs: a bench node (node.sh's start_node: bench/switchboard-bench.yaml on
# CPU 0) from launch until it accepts connections: wall time (to 0.2 s, start_node's poll), the
# process's CPU time and its resident memory at that moment.
# From the repository root, after building the jar:        bench/tools/start-cost.sh
# With the warm-up (docs/configuration.md, warmup.*):        SWITCHBOARD_WARMUP_ENABLED=true bench/tools/start-cost.sh
source "$(dirname "$0")/node.sh"
log=/tmp/start-cost.server.log
t0=$(date +%s%N)
start_node "$log"
t1=$(date +%s%N)
kill -0 "$SPID" 2>/dev/null || { echo "the node exited:"; cat "$log"; exit 1; }
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' /proc/$SPID/stat)
rss=$(awk '/VmRSS/{printf "%d", $2 / 1024}' /proc/$SPID/status)
echo "warmup.enabled=${SWITCHBOARD_WARMUP_ENABLED:-false}: listening after $(( (t1 - t0) / 1000000 )) ms, CPU $cpu s, RSS $rss MB"
grep -o 'warm-up: .*' "$log"
kill $SPID; wait $SPID 2>/dev/null
