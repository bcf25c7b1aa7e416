#!/bin/bash
# Where a handshake ramp's server CPU goes, by thread: run-all's `connections` scenario (a fresh node
# on CPU 0, 2,000 warm-up connections, then N on CPU 1), with each server thread's CPU time read from
# /proc before the N-connection ramp (once the warm-up's connections are gone) and once N are open.
# From the repository root, after building the jar:   N=19000 bench/tools/ramp-threads.sh
# WARM=1: run-all's `handshakes-warm` instead (6 x 10,000 warm-up connections, the ramp after the last).
# ALLOC=1: also the bytes the event loops allocated over the whole run per connection (JFR's running
# totals per thread; the warm-up's connections are opened and closed, the ramp's only opened).
N=${N:-19000}
if [[ -n "${WARM:-}" ]]; then WARMUP=10000 ROUNDS=6; else WARMUP=2000 ROUNDS=1; fi
if [[ -n "${ALLOC:-}" ]]; then
    rm -f /tmp/ramp-threads.jfr
    SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:-} -XX:StartFlightRecording=filename=/tmp/ramp-threads.jfr,settings=$(dirname "$(realpath "$0")")/thread-allocation.jfc,dumponexit=true"
fi
source "$(dirname "$0")/node.sh"
start_node /tmp/ramp-threads.server.log
PYTHONPATH="$(dirname "$0")" python3 - "$SPID" "$N" "$WARMUP" "$ROUNDS" <<'PY' &
import os, sys, time, collections
from ramp_phases import Ramp
pid, n, warmup, rounds = (int(a) for a in sys.argv[1:5])
hz = os.sysconf('SC_CLK_TCK')
def threads():
    cpu = collections.Counter()
    for tid in os.listdir(f'/proc/{pid}/task'):
        try:
            stat = open(f'/proc/{pid}/task/{tid}/stat').read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        # one row per kind of thread: the event loops, the compilers, the GC, the rest by name
        kind = 'event loops (switchboard-io-*)' if name.startswith('switchboard-io') else \
               'C2 compiler' if name.startswith('C2 Compiler') else \
               'C1 compiler' if name.startswith('C1 Compiler') else \
               'VM Thread (Serial GC)' if name == 'VM Thread' else name
        cpu[kind] += (int(fields[11]) + int(fields[12])) / hz
    return cpu
ramp = Ramp(pid)
ramp.after_warmup(warmup, rounds)
before, t0 = threads(), time.time()
ramp.when_open(n)
after, t1 = threads(), time.time()
delta = {k: after[k] - before.get(k, 0) for k in after}
total = sum(delta.values())
utc = lambda t: time.strftime('%H:%M:%S', time.gmtime(t)) + f'.{int(t * 1000) % 1000:03d}'
print(f"ramp of {n} connections, {utc(t0)}-{utc(t1)} UTC: {t1 - t0:.1f} s wall, {total:.2f} s server CPU "
      f"({n / total:.0f} handshakes per server CPU-s)")
for k, v in sorted(delta.items(), key=lambda kv: -kv[1]):
    if v > 0:
        print(f"{v:7.2f} s  {100 * v / total:5.1f} %  {k}")
PY
W=$!
generator --connections "$N" --warmup-connections "$WARMUP" --warmup-rounds "$ROUNDS" --channels 100 --hold 3s \
    --out /tmp/ramp-threads.json > /dev/null 2>&1
wait $W; kill $SPID; wait $SPID 2>/dev/null
if [[ -n "${ALLOC:-}" ]]; then
    python3 "$(dirname "$0")/event_loop_allocation.py" /tmp/ramp-threads.jfr $((WARMUP * ROUNDS + N))
fi
