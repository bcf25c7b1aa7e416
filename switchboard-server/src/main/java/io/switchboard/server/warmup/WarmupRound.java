package io.switchboard.server.warmup;

import io.netty.buffer.ByteBuf;
import io.switchboard.bench.client.Connector;
import io.switchboard.bench.client.Dialect;
import io.switchboard.bench.client.WsConnection;
import io.switchboard.core.Switchboard;
import io.switchboard.protocol.Payload;
import io.switchboard.server.auth.TokenMinter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * One round of warm-up traffic against the node, as its clients would make it: {@code n} handshakes
 * with tokens, each connection subscribing to one of the warm-up channels and pinging; publications
 * from the server API (queued back to back, so deliveries share writes) and from some clients (one at
 * a time, so deliveries go straight to the socket); then every connection closes; then a few
 * connections that close without a word and readiness requests, as load balancers send them.
 */
final class WarmupRound {

    /** Handshakes in flight at once: what a reconnect storm looks like to the node, bounded. */
    static final int CONCURRENCY = 256;
    /** Publications per channel from the server API, and clients that publish once each. */
    static final int API_PUBLICATIONS = 20;
    static final int CLIENT_PUBLISHERS = 20;

    /** Connections that close without a word, and HTTP probes, per round: what load balancers send. */
    static final int PROBES = 20;
    /** A round that takes longer is stuck (a reply that never comes): the warm-up ends rather than delay the node. */
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOKEN_TTL = Duration.ofHours(1);
    private static final int PROBE_TIMEOUT_MS = 5_000;
    /** At least this long for the closes, even when a failed round used up its time. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final byte[] READINESS_PROBE = ("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static final long SUBSCRIBE_ID = 1;
    private static final long PING_ID = 2;
    private static final long PUBLISH_ID = 3;
    private static final String DATA = "{\"warmup\":true,\"text\":\"a publication of a typical size\"}";

    private final Switchboard node;
    private final Connector connector;
    private final Dialect dialect;
    private final List<Channel> channels;
    private final IntFunction<String> tokens;
    private final int port;

    private final AtomicIntegerArray subscribers;
    private final AtomicInteger refused = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();

    /**
     * A warm-up channel, whether its namespace lets clients publish, and whether subscribing needs the
     * token's {@code channels} claim.
     */
    record Channel(String name, boolean clientsPublish, boolean needsClaim) {
    }

    /**
     * @param channels where connections subscribe, round robin; none: they only ping
     * @param minter   signs the connections' tokens
     * @param port     the node's loopback port, for the plain TCP and HTTP probes
     */
    WarmupRound(Switchboard node, Connector connector, Dialect dialect, List<Channel> channels, TokenMinter minter,
                int port) {
        this.node = node;
        this.connector = connector;
        this.dialect = dialect;
        this.channels = channels;
        this.port = port;
        List<String> all = channels.stream().map(Channel::name).toList();
        // Every other token carries the channels claim even where it is not needed, so that the token
        // check meets both shapes (what it has only seen one way, compiled code assumes).
        this.tokens = i -> {
            int c = channel(i);
            boolean claim = c >= 0 && (channels.get(c).needsClaim() || i % 2 == 0);
            return minter.mint("warmup-" + i, claim ? all : null, TOKEN_TTL, null);
        };
        this.subscribers = new AtomicIntegerArray(channels.size());
    }

    /** What a round did. */
    record Result(long handshakes, long deliveries) {
    }

    /**
     * Runs the round; its waits together end within {@link #ROUND_TIMEOUT}.
     *
     * @throws WarmupFailure when a step failed or did not finish in time
     */
    Result run(int n) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        CountDownLatch answered = new CountDownLatch(n);
        List<WsConnection> connections = await(connector.openAll(n, CONCURRENCY,
                tokens, i -> new Client(channel(i), answered), c -> {
                    if (c.ready().isCompletedExceptionally()) {
                        answered.countDown();
                    }
                }), deadlineNanos, "handshakes");
        try {
            long opened = connections.stream().filter(c -> !c.ready().isCompletedExceptionally()).count();
            if (opened < n) {
                throw new WarmupFailure((n - opened) + " of " + n + " warm-up handshakes failed");
            }
            awaitLatch(answered, deadlineNanos, "replies");
            if (refused.get() > 0) {
                throw new WarmupFailure(refused.get() + " warm-up commands were refused");
            }
            long expected = publish(connections);
            awaitCount(expected, deadlineNanos);
            probe();
            return new Result(n, expected);
        } finally {
            connections.forEach(WsConnection::close);
            awaitNoConnections(deadlineNanos);
        }
    }

    /** Connection {@code i}'s channel index, or -1 when there are no channels. */
    private int channel(int i) {
        return channels.isEmpty() ? -1 : i % channels.size();
    }

    /** @return the deliveries the publications make */
    private long publish(List<WsConnection> connections) {
        long expected = 0;
        for (int c = 0; c < channels.size(); c++) {
            for (int k = 0; k < API_PUBLICATIONS; k++) {
                node.api().publish(channels.get(c).name(), Payload.ofJson(DATA));
            }
            expected += (long) API_PUBLICATIONS * subscribers.get(c);
        }
        for (int i = 0; i < Math.min(CLIENT_PUBLISHERS, connections.size()); i++) {
            int c = channel(i);
            if (c >= 0 && channels.get(c).clientsPublish()) {
                connections.get(i).send(dialect.publish(PUBLISH_ID, channels.get(c).name(), DATA));
                expected += subscribers.get(c);
            }
        }
        return expected;
    }

    /** Plain TCP connections that close at once, and readiness requests, as load balancers make them. */
    private void probe() {
        for (int i = 0; i < PROBES; i++) {
            try (Socket closesSilently = connect(); Socket http = connect()) {
                http.getOutputStream().write(READINESS_PROBE);
                if (!new String(http.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                    throw new WarmupFailure("the readiness probe was not answered 200");
                }
            } catch (IOException e) {
                throw new WarmupFailure("a probe failed: " + e);
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), PROBE_TIMEOUT_MS);
        socket.setSoTimeout(PROBE_TIMEOUT_MS);
        return socket;
    }

    private void awaitCount(long expected, long deadlineNanos) throws InterruptedException {
        if (!poll(() -> delivered.sum() >= expected, deadlineNanos)) {
            throw new WarmupFailure("only " + delivered.sum() + " of " + expected + " deliveries arrived in time");
        }
    }

    /** The closes' end on the node, so that the next round and the real clients find it empty. */
    private void awaitNoConnections(long deadlineNanos) throws InterruptedException {
        poll(() -> node.connectionCount() == 0, Math.max(deadlineNanos, System.nanoTime() + CLOSE_WAIT.toNanos()));
    }

    /**
     * Whether {@code done} held by {@code deadlineNanos}, checked every 5 ms: a counter and the node's
     * connection count have nobody to notify; the waits are short and bounded.
     */
    private static boolean poll(BooleanSupplier done, long deadlineNanos) throws InterruptedException {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private static <T> T await(CompletableFuture<T> future, long deadlineNanos, String what)
            throws InterruptedException {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new WarmupFailure(what + " did not finish in time");
        } catch (ExecutionException e) {
            throw new WarmupFailure(what + " failed: " + e.getCause());
        }
    }

    private static void awaitLatch(CountDownLatch latch, long deadlineNanos, String what) throws InterruptedException {
        if (!latch.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new WarmupFailure(latch.getCount() + " " + what + " did not arrive in time");
        }
    }

    /** One warm-up connection: subscribes (when it has a channel) and pings once ready, counts what it receives. */
    private final class Client implements WsConnection.Listener {
        private final int channel;
        private final CountDownLatch answered;
        private boolean counted;

        /** @param channel index into the channels, or -1 for none */
        Client(int channel, CountDownLatch answered) {
            this.channel = channel;
            this.answered = answered;
        }

        @Override
        public void onReady(WsConnection c) {
            if (channel >= 0) {
                c.write(dialect.subscribe(SUBSCRIBE_ID, channels.get(channel).name()));
            }
            c.write(dialect.ping(PING_ID));
            c.flush();
        }

        /** The subscribe reply is the one awaited; without a channel, the ping's. */
        @Override
        public void onReply(WsConnection c, long id, boolean error) {
            if (counted || id != (channel >= 0 ? SUBSCRIBE_ID : PING_ID)) {
                return;
            }
            counted = true;
            if (error) {
                refused.incrementAndGet();
            } else if (channel >= 0) {
                subscribers.incrementAndGet(channel);
            }
            answered.countDown();
        }

        @Override
        public void onPublication(WsConnection c, ByteBuf buf, int index, int length) {
            delivered.increment();
        }
    }

    /** A round that could not finish: the warm-up stops there, and the node starts all the same. */
    static final class WarmupFailure extends RuntimeException {
        WarmupFailure(String message) {
            super(message, null, false, false);
        }
    }
}
