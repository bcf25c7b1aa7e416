#!/bin/bash
# Live heap per idle, authenticated, subscribed connection, by class: `jmap -histo:live` of a node
# holding N connections (server on CPU 0, generator on CPU 1) minus the same node empty.
# Repeatable to a few bytes at the same N, unlike RSS and CPU figures on a shared VM. From the repository root, after building
# the jar:   N=5000 bench/tools/heap-per-connection.sh /tmp/heap   (keeps /tmp/heap.{empty,full}.txt)
N=${N:-5000}; OUT=$1
source "$(dirname "$0")/node.sh"
start_node $OUT.server.log
sleep 1; jmap -histo:live $SPID > $OUT.empty.txt
generator --channels 100 --connections $N --warmup-connections 0 --hold 20s > $OUT.bench.log 2>&1 &
BPID=$!
for i in $(seq 100); do c=$(ls /proc/$SPID/fd | wc -l); [ $c -gt $N ] && break; sleep 0.3; done
sleep 3; jmap -histo:live $SPID > $OUT.full.txt
wait $BPID; kill $SPID; wait $SPID 2>/dev/null
python3 - $OUT $N <<'PY'
import sys,re,collections
out,n=sys.argv[1],int(sys.argv[2])
def load(f):
    d={}
    for line in open(f):
        m=re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)',line)
        if m: d[m.group(3)]=(int(m.group(1)),int(m.group(2)))
    return d
a=load(out+'.empty.txt'); b=load(out+'.full.txt')
diff=[]
for k,(c,by) in b.items():
    c0,b0=a.get(k,(0,0)); diff.append((by-b0,c-c0,k))
diff.sort(reverse=True)
tot=sum(x[0] for x in diff)
print(f"live heap growth {tot} B = {tot/n:.0f} B per connection")
for by,c,k in diff[:40]:
    print(f"{by/n:8.1f} B/conn {c/n:6.2f} obj/conn  {k}")
PY
