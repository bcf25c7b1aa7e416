# Sourced by the tools here: one bench node on CPU 0 and the generator on CPU 1, from the repository root.
#   start_node LOG [JVM options...]   starts bench/switchboard-bench.yaml on $PORT (SERVER=uws: the
#                                     µWebSockets.js peer instead), sets SPID, returns once it listens
#   generator ARGS...                 `switchboard bench connections` against that node
JAR=${JAR:-switchboard-server/target/switchboard.jar}
PORT=${PORT:-$((18000 + RANDOM % 1000))}
export SWITCHBOARD_TOKEN_HMAC_SECRET=bench-secret-0123456789-0123456789-abcdef SWITCHBOARD_PORT=$PORT

start_node() {
    local log=$1
    shift
    if [[ "${SERVER:-switchboard}" == uws ]]; then # bench/peers/node, after npm ci
        (cd bench/peers/node && BENCH_SECRET=$SWITCHBOARD_TOKEN_HMAC_SECRET PORT=$PORT exec taskset -c 0 node uws.js) > "$log" 2>&1 &
    else
        # shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
        taskset -c 0 java "$@" $SERVER_JAVA_OPTS -jar "$JAR" serve --config bench/switchboard-bench.yaml > "$log" 2>&1 &
    fi
    SPID=$!
    # up to 2 min: a node with warmup.enabled listens only after its warm-up
    for _ in $(seq 600); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.2; done
}

generator() {
    taskset -c 1 java -Xmx4g -jar "$JAR" bench connections --url "ws://127.0.0.1:$PORT/ws" \
        --jwt-secret "$SWITCHBOARD_TOKEN_HMAC_SECRET" --server-pid "$SPID" --quiet "$@"
}
