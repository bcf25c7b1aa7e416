package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Graceful shutdown with real clients: every client is told to come back later (1001, a spread-out
 * delay), the disconnects are spread over the drain period, the node reports not ready and refuses
 * new upgrades meanwhile, and the port is released at the end.
 */
@Timeout(60)
class DrainIT {

    private static final int CLIENTS = 20;
    private static final Duration DRAIN = Duration.ofMillis(1_000);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<TestClient> clients = new ArrayList<>();
    private Switchboard node;

    @AfterEach
    void cleanUp() {
        clients.forEach(TestClient::close);
        if (node != null) {
            node.close();
        }
    }

    private Switchboard startNode() {
        return startNode(DRAIN);
    }

    private Switchboard startNode(Duration drain) {
        node = TestNode.start(TestNode.options().withDrainPeriod(drain));
        return node;
    }

    /** What one client saw of the drain. */
    record Seen(Push.Disconnect push, long atNanos, int closeCode) {
    }

    @Test
    void drainDisconnectsEveryClientWithSpreadOutAdviceOverThePeriod() throws Exception {
        Switchboard n = startNode();
        for (int i = 0; i < CLIENTS; i++) {
            TestClient c = TestClient.connect(n.port(), token("drain-" + i), i % 2 == 0 ? Codecs.JSON : Codecs.PROTOBUF);
            clients.add(c);
            c.awaitPush(Push.Connected.class);
        }
        assertThat(n.connectionCount()).isEqualTo(CLIENTS);
        assertThat(get(n, "/readyz").statusCode()).isEqualTo(200); // also warms up the HTTP client

        ExecutorService watchers = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<CompletableFuture<Seen>> seen = new ArrayList<>();
            for (TestClient c : clients) {
                seen.add(CompletableFuture.supplyAsync(() -> {
                    Push.Disconnect d = c.awaitPush(Push.Disconnect.class);
                    long at = System.nanoTime();
                    return new Seen(d, at, c.awaitClose());
                }, watchers));
            }

            long started = System.nanoTime();
            CompletableFuture<Void> shutdown = n.shutdown();

            // while draining: not ready, no new WebSocket connections
            HttpResponse<String> ready = get(n, "/readyz");
            TestClient.HandshakeRefused refused = TestClient.refused(n.port(), token("latecomer"), Map.of());
            long checkedWithin = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(checkedWithin).as("checks must run inside the drain period").isLessThan(DRAIN.toMillis());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("draining");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
            assertThat(shutdown).isSameAs(n.shutdown()); // idempotent

            List<Seen> all = new ArrayList<>();
            for (CompletableFuture<Seen> f : seen) {
                all.add(f.get(20, TimeUnit.SECONDS));
            }
            shutdown.get(DRAIN.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            long finished = System.nanoTime();

            Set<Long> delays = new HashSet<>();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (Seen s : all) {
                assertThat(s.push().code()).isEqualTo(DisconnectCode.GOING_AWAY.code()).isEqualTo(1001);
                assertThat(s.push().reconnect()).isTrue();
                assertThat(s.push().delay()).isPositive();
                assertThat(s.closeCode()).isEqualTo(1001);
                delays.add(s.push().delay());
                first = Math.min(first, s.atNanos());
                last = Math.max(last, s.atNanos());
            }
            assertThat(delays).as("advised reconnect delays").hasSizeGreaterThanOrEqualTo(CLIENTS / 2);
            long spreadMs = TimeUnit.NANOSECONDS.toMillis(last - first);
            assertThat(spreadMs).as("first to last disconnect").isGreaterThanOrEqualTo(DRAIN.toMillis() / 2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(last - started)).as("last disconnect after shutdown()")
                    .isLessThan(DRAIN.toMillis() + 2_000);
            assertThat(TimeUnit.NANOSECONDS.toMillis(finished - started)).as("shutdown took")
                    .isLessThan(DRAIN.toMillis() + 5_000);

            assertThat(n.connectionCount()).isZero();
            assertPortClosed(n.port());
        } finally {
            watchers.shutdownNow();
        }
    }

    @Test
    void drainWithoutClientsCompletesAndReleasesThePort() throws Exception {
        Switchboard n = startNode();
        assertThat(get(n, "/healthz").statusCode()).isEqualTo(200);
        n.shutdown().get(DRAIN.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        assertPortClosed(n.port());
    }

    @Test
    void apiInfoReportsDraining() throws Exception {
        // A long period: the second client is disconnected half-way through it (5 s), so the node
        // still serves while we ask, however slow this machine is.
        Switchboard n = startNode(Duration.ofSeconds(10));
        for (int i = 0; i < 2; i++) {
            TestClient c = TestClient.connect(n.port(), token("info-drain-" + i), Codecs.JSON);
            clients.add(c);
            c.awaitPush(Push.Connected.class);
        }
        CompletableFuture<Void> shutdown = n.shutdown();
        HttpResponse<String> info = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port() + "/api/info"))
                .header("Authorization", "apikey " + TestNode.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"draining\":true");
        for (TestClient c : clients) {
            assertThat(c.awaitPush(Push.Disconnect.class).code()).isEqualTo(1001);
        }
        shutdown.get(20, TimeUnit.SECONDS);
    }

    @Test
    void shutdownOfANodeThatNeverStartedCompletes() throws Exception {
        Switchboard unstarted = Switchboard.builder().options(TestNode.options().withDrainPeriod(DRAIN))
                .tokenVerifier(new SimpleTokenVerifier()).build();
        unstarted.shutdown().get(DRAIN.plusSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void assertPortClosed(int port) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                    }
                }).isInstanceOf(ConnectException.class));
    }

    private static HttpResponse<String> get(Switchboard target, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aConnectionThatNeverUpgradedIsClosedWhenTheNodeStops() throws Exception {
        Switchboard n = startNode();
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", n.port())) {
            idle.setSoTimeout(5_000);
            // it sends nothing; its handshake timeout (10 s) is far away
            n.shutdown().get(DRAIN.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            int read;
            try {
                read = idle.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1; // closed by a reset: just as closed
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
