#!/bin/bash
# Where a node's RSS growth over an N-connection ramp goes: a fresh node with Native Memory Tracking
# (CPU 0), the generator (CPU 1) as run-all's `connections` scenario (2,000 warm-up connections, then
# N); an NMT baseline once the warm-up's connections are gone, then VmRSS and `VM.native_memory
# summary.diff` once N are open. Java heap pages touched for the first time count in RSS but not in
# NMT's committed figures (the heap is committed at start). From the repository root:
# SETTLE=s: seconds after the N-th connection before the second look (1); SERVER_JAVA_OPTS: JVM flags.
#   N=19000 bench/tools/rss-breakdown.sh
N=${N:-19000}
source "$(dirname "$0")/node.sh"
start_node /tmp/rss-breakdown.server.log -XX:NativeMemoryTracking=summary
SETTLE=${SETTLE:-1}
PYTHONPATH="$(dirname "$0")" python3 - $SPID $N $SETTLE <<'PY' &
import sys, time, subprocess
from ramp_phases import Ramp
pid, n, settle = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
def rss():
    for l in open(f'/proc/{pid}/status'):
        if l.startswith('VmRSS'): return int(l.split()[1])
ramp = Ramp(pid)
ramp.after_warmup(2000)
subprocess.run(["jcmd", str(pid), "VM.native_memory", "baseline"], capture_output=True)
r0 = rss()
ramp.when_open(n)
time.sleep(settle)
r1 = rss()
out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary.diff"], capture_output=True, text=True).stdout
print("RSS", r0, "->", r1, "KiB, +", r1 - r0, "KiB =", round((r1 - r0) * 1024 / n), "B/conn")
print(out)
PY
W=$!
generator --connections $N --warmup-connections 2000 --channels 100 --hold $((SETTLE + 2))s \
    --out /tmp/rss-breakdown.json > /dev/null 2>&1
wait $W; kill $SPID; wait $SPID 2>/dev/null
