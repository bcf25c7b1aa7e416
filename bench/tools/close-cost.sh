#!/bin/bash
# What closing N connections at once costs a node: a fresh node (CPU 0) takes N idle, authenticated,
# subscribed connections from the generator (CPU 1), which closes them all after --hold; the server's
# CPU (utime+stime) and the wall time are taken from the first close until all are gone (its open
# descriptors, polled every 5 ms). WARMUP_ROUNDS=R first opens and closes N connections R times (the
# generator's --warmup-rounds), so that the close path is compiled; the held connections' close is measured.
# SERVER=uws measures the µWebSockets.js peer instead.
# From the repository root, after building the jar:
#   N=19000 bench/tools/close-cost.sh /tmp/close   (keeps /tmp/close.{server,bench}.log)
N=${N:-19000}; OUT=$1
source "$(dirname "$0")/node.sh"
start_node $OUT.server.log
ROUNDS=${WARMUP_ROUNDS:-0}
python3 - $SPID $N <<'PY' &
import os, sys, time
pid, n = int(sys.argv[1]), int(sys.argv[2])
tick = os.sysconf('SC_CLK_TCK')
def cpu():
    f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def fds():
    return len(os.listdir(f'/proc/{pid}/fd'))
base = fds()
deadline = time.time() + 900
while True:  # the held connections (3 s): a warm-up round closes its connections at once
    while fds() < base + n * 0.99:
        if time.time() > deadline:
            sys.exit("never saw the held connections")
        time.sleep(0.01)
    since = time.time()
    while fds() >= base + n * 0.99 and time.time() - since < 2:
        time.sleep(0.05)
    if time.time() - since >= 2:
        break
peak = fds()
c1, t1 = cpu(), time.time()
while fds() >= peak - 50:  # the last look before the closes begin
    c1, t1 = cpu(), time.time()
    time.sleep(0.005)
while fds() > base + 50:
    time.sleep(0.005)
c2, t2 = cpu(), time.time()
closed = peak - base
print(f"closed {closed} in {t2 - t1:.3f} s wall, server CPU {c2 - c1:.3f} s = {(c2 - c1) / closed * 1e6:.1f} us per close")
PY
WATCH=$!
generator --channels 100 --connections $N --warmup-connections $((ROUNDS > 0 ? N : 0)) \
    --warmup-rounds $((ROUNDS > 0 ? ROUNDS : 1)) --hold 3s > $OUT.bench.log 2>&1
wait $WATCH
kill $SPID; wait $SPID 2>/dev/null
