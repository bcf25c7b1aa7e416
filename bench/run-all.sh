#!/usr/bin/env bash
# Runs the same benchmark scenarios against Switchboard and each peer, one server at a time, the
# server pinned to one core and the generator to the other, and writes the results (JSON per run,
# one Markdown table per scenario) to bench/results/<date>/.
#
#   bench/run-all.sh                         # PROFILE=quick: every server, smaller scales (~15 min)
#   PROFILE=full bench/run-all.sh            # the issue's scales: 19,000 connections, 10,000 subscribers (~40 min)
#   PROFILE=smoke OUT=/tmp/x bench/run-all.sh  # a minute: every server and scenario works (figures mean nothing)
#   SERVERS="switchboard uws" bench/run-all.sh
#   SCENARIOS="fanout-2k-10" bench/run-all.sh
#   SCENARIOS="fanout-2k-10-steady fanout-big-10-steady" bench/run-all.sh   # after 90 s at the rate (not in the defaults)
#   SCENARIOS="fanout-2k-max-steady fanout-huge-max-steady" bench/run-all.sh # saturated, after 30 s (not in the defaults)
#
# Needs: JDK 17 and Maven (the Switchboard jar, built on first use), node + npm (the Node peers;
# npm install runs in bench/peers/node when node_modules is missing), go (Debian golang-go with
# golang-github-gorilla-websocket-dev and golang-github-centrifugal-centrifuge-dev), Maven again for
# the Spring peer (bench/peers/spring, built on first use; its jar is not rebuilt when the sources
# change: delete it). Peers without their toolchain, or whose build fails, are skipped. Targets
# 127.0.0.1 only. Measurements taken while the machine is busy are noise: the script prints the load
# average and refuses to start above MAX_LOAD (default 1.0; FORCE=1 runs anyway), and each result
# row carries the load before and after its run.
# BENCH_JAR: the Switchboard jar to use (default switchboard-server/target/switchboard.jar; the name
# must not start with SWITCHBOARD_, which the server reads as configuration).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROFILE="${PROFILE:-quick}"
SERVERS="${SERVERS:-switchboard netty uws ws socketio gorilla centrifuge spring}"
SERVER_CPU="${SERVER_CPU:-0}"
GEN_CPU="${GEN_CPU:-1}"
PORT="${PORT:-18080}"
OUT="${OUT:-$ROOT/bench/results/$(date +%F)}"
BIN="${BIN:-/tmp/switchboard-bench-peers}"
LOGS="${LOGS:-/tmp/switchboard-bench-logs}"
JAR="${BENCH_JAR:-$ROOT/switchboard-server/target/switchboard.jar}"
SPRING_JAR="$ROOT/bench/peers/spring/target/spring-peer.jar"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:-}"
export BENCH_SECRET="${BENCH_SECRET:-bench-secret-0123456789-0123456789-abcdef}"
MAX_LOAD="${MAX_LOAD:-1.0}"

if [[ "$PROFILE" == full ]]; then
    CONNECTIONS=19000; SMALL=2000; BIG=10000; HUGE=19000; DURATION=10s; WARMUP=3s; STEADY_DURATION=30s
    DEFAULT_SCENARIOS="connections handshakes-warm fanout-2k-10 fanout-big-10 fanout-2k-max fanout-huge-max echo"
elif [[ "$PROFILE" == smoke ]]; then # checks that every server and scenario works; figures mean nothing
    CONNECTIONS=300; SMALL=200; BIG=300; HUGE=300; DURATION=1s; WARMUP=500ms; STEADY_DURATION=1s
    DEFAULT_SCENARIOS="connections fanout-2k-10 fanout-2k-max echo"
    FORCE=1
else
    CONNECTIONS=5000; SMALL=2000; BIG=8000; HUGE=8000; DURATION=5s; WARMUP=3s; STEADY_DURATION=10s
    DEFAULT_SCENARIOS="connections handshakes-warm fanout-2k-10 fanout-big-10 fanout-2k-max echo"
fi
SCENARIOS="${SCENARIOS:-$DEFAULT_SCENARIOS}"

load() { cut -d' ' -f1 /proc/loadavg; }
if [[ -z "${FORCE:-}" ]] && awk -v l="$(load)" -v m="$MAX_LOAD" 'BEGIN { exit !(l > m) }'; then
    echo "run-all: load average $(load) > $MAX_LOAD; figures would be noise. Wait, or FORCE=1." >&2
    exit 3
fi
mkdir -p "$OUT" "$BIN" "$LOGS"

if [[ ! -f "$JAR" ]]; then
    (cd "$ROOT" && mvn -q -B -ntp -DskipTests package -pl switchboard-server -am)
fi

{
    echo "date: $(date -Is)"
    echo "profile: $PROFILE; server on CPU $SERVER_CPU, generator on CPU $GEN_CPU (taskset)"
    echo "kernel: $(uname -sr)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs) x $(nproc)"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "open files limit: $(ulimit -n)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "node: $(node --version 2>/dev/null || echo none)"
    echo "go: $(go version 2>/dev/null || echo none)"
    echo "load at start: $(cat /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

# ---- peers ----
if command -v node >/dev/null && [[ ! -d "$ROOT/bench/peers/node/node_modules" ]]; then
    (cd "$ROOT/bench/peers/node" && npm install --no-audit --no-fund --silent)
fi
if command -v go >/dev/null; then
    for p in gorillahub centrifugepeer; do
        if [[ ! -x "$BIN/$p" ]]; then
            (cd "$ROOT/bench/peers/go" && GO111MODULE=off GOPATH="/usr/share/gocode:$PWD" GOCACHE="$BIN/.gocache" \
                go build -o "$BIN/$p" "$p") || echo "run-all: cannot build $p; skipped" >&2
        fi
    done
fi

if [[ " $SERVERS " == *" spring "* && ! -f "$SPRING_JAR" ]]; then
    mvn -q -B -ntp -f "$ROOT/bench/peers/spring/pom.xml" package -DskipTests \
        || echo "run-all: cannot build the Spring peer (bench/peers/spring); skipped" >&2
fi

# server_cmd NAME: prints "dialect<TAB>url" and starts the server in the background, pid in SERVER_PID
start_server() {
    local name=$1 log="$LOGS/$1.log"
    local pin=(taskset -c "$SERVER_CPU")
    case "$name" in
        switchboard)
            # The GC log goes with the results: a young collection inside a measured phase is the
            # first suspect for a saturated p99.
            SWITCHBOARD_TOKEN_HMAC_SECRET="$BENCH_SECRET" SWITCHBOARD_PORT="$PORT" \
                "${pin[@]}" java -Xlog:gc:file="$OUT/gc-switchboard-$SCENARIO.log":uptime $SERVER_JAVA_OPTS -jar "$JAR" serve --config "$ROOT/bench/switchboard-bench.yaml" >"$log" 2>&1 &
            DIALECT=switchboard; URL="ws://127.0.0.1:$PORT/ws" ;;
        netty)
            PORT=$PORT "${pin[@]}" java $SERVER_JAVA_OPTS -cp "$JAR" io.switchboard.bench.peer.RawNettyPeer >"$log" 2>&1 &
            DIALECT=switchboard; URL="ws://127.0.0.1:$PORT/ws" ;;
        ws|uws)
            (cd "$ROOT/bench/peers/node" && PORT=$PORT exec "${pin[@]}" node "$name.js") >"$log" 2>&1 &
            DIALECT=switchboard; URL="ws://127.0.0.1:$PORT/ws" ;;
        socketio)
            (cd "$ROOT/bench/peers/node" && PORT=$PORT exec "${pin[@]}" node socketio.js) >"$log" 2>&1 &
            DIALECT=socketio; URL="ws://127.0.0.1:$PORT/ws" ;;
        gorilla)
            [[ -x "$BIN/gorillahub" ]] || return 1
            PORT=$PORT "${pin[@]}" "$BIN/gorillahub" >"$log" 2>&1 &
            DIALECT=switchboard; URL="ws://127.0.0.1:$PORT/ws" ;;
        centrifuge)
            [[ -x "$BIN/centrifugepeer" ]] || return 1
            PORT=$PORT "${pin[@]}" "$BIN/centrifugepeer" >"$log" 2>&1 &
            DIALECT=centrifuge; URL="ws://127.0.0.1:$PORT/ws" ;;
        spring)
            [[ -f "$SPRING_JAR" ]] || return 1
            PORT=$PORT "${pin[@]}" java $SERVER_JAVA_OPTS -jar "$SPRING_JAR" >"$log" 2>&1 &
            DIALECT=stomp; URL="ws://127.0.0.1:$PORT/ws" ;;
        *) echo "unknown server $name" >&2; return 1 ;;
    esac
    SERVER_PID=$!
    for _ in $(seq 1 300); do # up to a minute: Spring Boot on one core takes several seconds
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
            sleep 0.5
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.2
    done
    echo "run-all: $name did not start (see $log)" >&2
    kill "$SERVER_PID" 2>/dev/null || true
    return 1
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.2
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    sleep 1 # let TIME_WAIT sockets and CPU settle between runs
}

bench() { # bench SCENARIO-NAME NAME args...
    local sname=$1 name=$2
    shift 2
    echo "== $name $sname (load $(load))"
    timeout 900 taskset -c "$GEN_CPU" java -Xmx4g -jar "$JAR" bench "$@" --url "$URL" --dialect "$DIALECT" --label "$name" \
        --jwt-secret "$BENCH_SECRET" --server-pid "$SERVER_PID" --quiet \
        --out "$OUT/$name-$sname.json" --md "$OUT/$sname.md" || echo "run-all: $name $sname exited $?" >&2
}

for name in $SERVERS; do
    for s in $SCENARIOS; do
        SCENARIO=$s
        start_server "$name" || continue
        case "$s" in
            connections) bench "$s" "$name" connections --connections "$CONNECTIONS" --warmup-connections 2000 --channels 100 --hold 3s ;;
            # Handshake rate of a server that has been up a while: 6 x 10,000 warm-up handshakes first, the
            # generator waiting for the server to go idle after each round (a JVM on one core is still
            # compiling the handshake path after 30,000: 5,177 vs 11,111 per CPU-s measured after 3 and 6
            # rounds); its memory figures are not comparable (the heap grew in the warm-up).
            handshakes-warm) bench "$s" "$name" connections --connections "$CONNECTIONS" --warmup-connections 10000 --warmup-rounds 6 --channels 100 --hold 1s ;;
            fanout-2k-10) bench "$s" "$name" fanout --channels 1 --subscribers "$SMALL" --rate 10 --size 64 --warmup "$WARMUP" --duration "$DURATION" ;;
            fanout-big-10) bench "$s" "$name" fanout --channels 1 --subscribers "$BIG" --rate 10 --size 64 --warmup "$WARMUP" --duration "$DURATION" ;;
            # The same after 90 s at the measured rate: a JVM compiles the per-publication code only as
            # fast as 10 publications/s reach its thresholds, so its C2 compiler was still 15-19 % of the
            # server's CPU 15-35 s after start; these measure a server that has been up a while.
            fanout-2k-10-steady) bench "$s" "$name" fanout --channels 1 --subscribers "$SMALL" --rate 10 --size 64 --warmup 90s --duration "$STEADY_DURATION" ;;
            fanout-big-10-steady) bench "$s" "$name" fanout --channels 1 --subscribers "$BIG" --rate 10 --size 64 --warmup 90s --duration "$STEADY_DURATION" ;;
            # Saturated, after 30 s at the rate: a JVM's first young collections (50-130 ms, copying the
            # first seconds of in-flight state) fall 5-10 s after start, inside a short warm-up's
            # measured phase, and decide its p99.
            fanout-2k-max-steady) bench "$s" "$name" fanout --channels 1 --subscribers "$SMALL" --rate 250 --size 64 --warmup 30s --duration "$DURATION" --drain-timeout 30s ;;
            fanout-huge-max-steady) bench "$s" "$name" fanout --channels 1 --subscribers "$HUGE" --rate 25 --size 64 --warmup 30s --duration "$DURATION" --drain-timeout 30s ;;
            fanout-2k-max) bench "$s" "$name" fanout --channels 1 --subscribers "$SMALL" --rate 250 --size 64 --warmup "$WARMUP" --duration "$DURATION" --drain-timeout 30s ;;
            fanout-huge-max) bench "$s" "$name" fanout --channels 1 --subscribers "$HUGE" --rate 25 --size 64 --warmup "$WARMUP" --duration "$DURATION" --drain-timeout 30s ;;
            echo) bench "$s" "$name" echo --connections 50 --depth 1 --warmup "$WARMUP" --duration "$DURATION" ;;
            *) echo "unknown scenario $s" >&2 ;;
        esac
        stop_server
    done
done
echo "results in $OUT:"
ls "$OUT"
