#!/bin/bash
# Live heap per idle, authenticated, subscribed connection, by class: `jmap -histo:live` of a node
# holding N connections (server on CPU 0, generator on CPU 1) minus the same node empty.
# Repeatable to a few bytes at the same N, unlike RSS and CPU figures on a shared VM. From the repository root, after building
# the jar:   N=5000 bench/tools/heap-per-connection.sh /tmp/heap   (keeps /tmp/heap.{empty,full}.txt)
JAR=${JAR:-switchboard-server/target/switchboard.jar}; N=${N:-5000}; OUT=$1
export SWITCHBOARD_TOKEN_HMAC_SECRET=bench-secret-0123456789-0123456789-abcdef SWITCHBOARD_PORT=18090
taskset -c 0 java -jar $JAR serve --config bench/switchboard-bench.yaml > $OUT.server.log 2>&1 &
SPID=$!
for i in $(seq 100); do (echo > /dev/tcp/127.0.0.1/18090) 2>/dev/null && break; sleep 0.2; done
sleep 1; jmap -histo:live $SPID > $OUT.empty.txt
taskset -c 1 java -jar $JAR bench connections --url ws://127.0.0.1:18090/ws --jwt-secret $SWITCHBOARD_TOKEN_HMAC_SECRET --channels 100 --server-pid $SPID --quiet --connections $N --warmup-connections 0 --hold 20s > $OUT.bench.log 2>&1 &
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
