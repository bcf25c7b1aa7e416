package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.testing.RawHttpResponse;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Subprotocols;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every decision taken on {@code GET /ws} before the upgrade, seen from real clients: token, origin,
 * rate and connection limits, subprotocol, the handshake timeout; and that refusals leave nothing behind.
 */
@Timeout(60)
class HandshakeIT {

    private static final String ALLOWED_ORIGIN = "https://app.example.com";
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Switchboard node;
    private final List<Switchboard> extraNodes = new ArrayList<>();

    @BeforeAll
    static void start() {
        node = TestNode.start(options(List.of(ALLOWED_ORIGIN), LimitOptions.defaults()));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void nothingLeftBehind() {
        extraNodes.forEach(Switchboard::close);
        await().untilAsserted(() -> assertThat(node.connectionCount()).isZero());
        try (TestClient c = TestClient.connect(node.port(), token("after"), Codecs.JSON)) {
            assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("after");
        }
        await().untilAsserted(() -> assertThat(node.connectionCount()).isZero());
    }

    static SwitchboardOptions options(List<String> origins, LimitOptions limits) {
        TransportOptions t = TestNode.transport(TransportOptions.DEFAULT_MAX_MESSAGE_SIZE,
                TransportOptions.DEFAULT_HEARTBEAT_INTERVAL, TransportOptions.DEFAULT_IDLE_TIMEOUT,
                TransportOptions.DEFAULT_MAX_OUTBOUND_BYTES, origins, HANDSHAKE_TIMEOUT);
        return TestNode.options().withTransport(t).withLimits(limits);
    }

    private Switchboard extraNode(List<String> origins, LimitOptions limits) {
        Switchboard n = TestNode.start(options(origins, limits));
        extraNodes.add(n);
        return n;
    }

    private static LimitOptions limits(int maxConnections, int maxPerIp, double handshakeRate, int handshakeBurst) {
        LimitOptions d = LimitOptions.defaults();
        return new LimitOptions(maxConnections, maxPerIp, handshakeRate, handshakeBurst, d.maxSubscriptions(),
                d.maxChannelLength(), d.commandRate(), d.commandBurst(), d.maxRejectedCommands());
    }

    // ---- tokens ----

    @Test
    void missingTokenIs401() {
        TestClient.HandshakeRefused r = TestClient.refused(node.port(), null, Map.of());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("missing token");
        // an empty bearer or query token is missing too
        assertThat(TestClient.refused(node.port(), "", Map.of()).status()).isEqualTo(401);
        assertThat(refusedAt(URI.create("ws://127.0.0.1:" + node.port() + "/ws?token=")).status()).isEqualTo(401);
    }

    @Test
    void invalidTokenIs401WithTheReasonButNotTheToken() {
        String secret = "Sup3rSecretGarbage-" + System.nanoTime();
        TestClient.HandshakeRefused r = TestClient.refused(node.port(), secret, Map.of());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("malformed token").doesNotContain(secret);

        String unknownClaim = "user=zed;role=admin-" + System.nanoTime();
        TestClient.HandshakeRefused r2 = TestClient.refused(node.port(), unknownClaim, Map.of());
        assertThat(r2.status()).isEqualTo(401);
        assertThat(r2.body()).contains("unknown claim").doesNotContain(unknownClaim).doesNotContain("admin");
    }

    @Test
    void expiredTokenIs401SayingSo() {
        String expired = SimpleTokenVerifier.expiring("old-" + System.nanoTime(), Instant.now().minusSeconds(60));
        TestClient.HandshakeRefused r = TestClient.refused(node.port(), expired, Map.of());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("expired").doesNotContain(expired);

        // the same in the query string
        TestClient.HandshakeRefused q = refusedAt(URI.create("ws://127.0.0.1:" + node.port() + "/ws?token="
                + URLEncoder.encode(expired, StandardCharsets.UTF_8)));
        assertThat(q.status()).isEqualTo(401);
        assertThat(q.body()).contains("expired").doesNotContain(expired);
    }

    @Test
    void tokenInTheQueryStringIsAccepted() {
        URI uri = URI.create("ws://127.0.0.1:" + node.port() + "/ws?token="
                + URLEncoder.encode(token("query-user"), StandardCharsets.UTF_8));
        try (TestClient c = TestClient.connect(uri, null, Codecs.JSON, Map.of())) {
            assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("query-user");
        }
    }

    @Test
    void bearerHeaderWinsOverTheQueryString() {
        URI uri = URI.create("ws://127.0.0.1:" + node.port() + "/ws?token="
                + URLEncoder.encode(token("from-query"), StandardCharsets.UTF_8));
        try (TestClient c = TestClient.connect(uri, token("from-header"), Codecs.JSON, Map.of())) {
            assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("from-header");
        }
    }

    // ---- origins ----

    @Test
    void foreignOriginIs403() {
        for (String origin : List.of("https://evil.example.com", "http://127.0.0.1:1", "http://localhost:" + node.port(),
                "http://app.example.com", "null")) {
            TestClient.HandshakeRefused r = TestClient.refused(node.port(), token("o"), Map.of("Origin", origin));
            assertThat(r.status()).as(origin).isEqualTo(403);
            assertThat(r.body()).as(origin).contains("origin");
        }
    }

    @Test
    void ownOriginAllowListedOriginAndNoOriginAreAccepted() {
        List<Map<String, String>> cases = List.of(
                Map.of("Origin", "http://127.0.0.1:" + node.port()),
                Map.of("Origin", ALLOWED_ORIGIN),
                Map.of("Origin", ALLOWED_ORIGIN.toUpperCase(Locale.ROOT)),
                Map.of());
        for (Map<String, String> headers : cases) {
            URI uri = URI.create("ws://127.0.0.1:" + node.port() + "/ws");
            try (TestClient c = TestClient.connect(uri, token("origin-ok"), Codecs.JSON, headers)) {
                assertThat(c.awaitPush(Push.Connected.class).user()).as(headers.toString()).isEqualTo("origin-ok");
            }
        }
    }

    @Test
    void wildcardAllowsAnyOrigin() {
        Switchboard open = extraNode(List.of("*"), LimitOptions.defaults());
        for (String origin : List.of("https://anything.example.org", "http://localhost:3000")) {
            URI uri = URI.create("ws://127.0.0.1:" + open.port() + "/ws");
            try (TestClient c = TestClient.connect(uri, token("anyone"), Codecs.JSON, Map.of("Origin", origin))) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("anyone");
            }
        }
    }

    // ---- rate and connection limits ----

    @Test
    void handshakeRatePerIpIsLimitedWith429() {
        Switchboard limited = extraNode(List.of(), limits(LimitOptions.DEFAULT_MAX_CONNECTIONS,
                LimitOptions.DEFAULT_MAX_CONNECTIONS_PER_IP, 0.01, 3));
        // the burst passes (refused or not, each attempt takes a token)
        assertThat(TestClient.refused(limited.port(), null, Map.of()).status()).isEqualTo(401);
        try (TestClient a = TestClient.connect(limited.port(), token("r1"), Codecs.JSON);
             TestClient b = TestClient.connect(limited.port(), token("r2"), Codecs.JSON)) {
            a.awaitPush(Push.Connected.class);
            b.awaitPush(Push.Connected.class);
            TestClient.HandshakeRefused r = TestClient.refused(limited.port(), token("r3"), Map.of());
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.body()).contains("too many handshakes");
            assertThat(r.header("Retry-After")).isNotNull();
            // established connections are unaffected, plain HTTP is not rate limited
            assertThat(a.call(new Command.Ping(a.nextId())).error()).isNull();
            assertThat(httpGet(limited, "/healthz").statusCode()).isEqualTo(200);
        }
        await().untilAsserted(() -> assertThat(limited.connectionCount()).isZero());
    }

    @Test
    void connectionsPerIpAreLimitedWith429AndSlotsComeBack() {
        Switchboard limited = extraNode(List.of(), limits(100, 2, LimitOptions.DEFAULT_HANDSHAKE_RATE_PER_IP,
                LimitOptions.DEFAULT_HANDSHAKE_BURST_PER_IP));
        // refused handshakes do not keep slots
        for (int i = 0; i < 5; i++) {
            assertThat(TestClient.refused(limited.port(), "garbage", Map.of()).status()).isEqualTo(401);
            assertThat(TestClient.refused(limited.port(), token("x"), Map.of("Origin", "https://evil.example.com"))
                    .status()).isEqualTo(403);
        }
        TestClient a = TestClient.connect(limited.port(), token("ip1"), Codecs.JSON);
        try (TestClient b = TestClient.connect(limited.port(), token("ip2"), Codecs.JSON)) {
            a.awaitPush(Push.Connected.class);
            b.awaitPush(Push.Connected.class);
            TestClient.HandshakeRefused r = TestClient.refused(limited.port(), token("ip3"), Map.of());
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.body()).contains("too many connections");
            assertThat(limited.connectionCount()).isEqualTo(2);

            a.close();
            await().untilAsserted(() -> assertThat(limited.connectionCount()).isEqualTo(1));
            try (TestClient c = connectEventually(limited, token("ip3"))) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("ip3");
            }
        }
        await().untilAsserted(() -> assertThat(limited.connectionCount()).isZero());
    }

    @Test
    void nodeConnectionLimitIs503WithRetryAfter() {
        Switchboard full = extraNode(List.of(), limits(2, 100, LimitOptions.DEFAULT_HANDSHAKE_RATE_PER_IP,
                LimitOptions.DEFAULT_HANDSHAKE_BURST_PER_IP));
        TestClient a = TestClient.connect(full.port(), token("n1"), Codecs.JSON);
        try (TestClient b = TestClient.connect(full.port(), token("n2"), Codecs.PROTOBUF)) {
            a.awaitPush(Push.Connected.class);
            b.awaitPush(Push.Connected.class);
            TestClient.HandshakeRefused r = TestClient.refused(full.port(), token("n3"), Map.of());
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body()).contains("connection limit");
            assertThat(r.header("Retry-After")).isNotNull();
            assertThat(Integer.parseInt(r.header("Retry-After"))).isPositive();
            // a missing token is still told so, not that the node is full
            assertThat(TestClient.refused(full.port(), null, Map.of()).status()).isEqualTo(401);

            a.close();
            try (TestClient c = connectEventually(full, token("n3"))) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("n3");
            }
        }
        await().untilAsserted(() -> assertThat(full.connectionCount()).isZero());
    }

    // ---- not an upgrade, subprotocols ----

    @Test
    void plainGetOnWsIs400() throws Exception {
        HttpResponse<String> r = httpGet(node, "/ws");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("upgrade");

        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/ws"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(400);
    }

    @Test
    void unsupportedSubprotocolIs400() {
        RawHttpResponse r = rawUpgrade(node.port(), token("sp"), "mqtt, stomp");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("subprotocol").contains(Subprotocols.JSON);
    }

    @Test
    void aSupportedSubprotocolAmongUnsupportedOnesIsChosen() {
        RawHttpResponse json = rawUpgrade(node.port(), token("sp-ok"), "mqtt, " + Subprotocols.JSON);
        assertThat(json.status()).isEqualTo(101);
        assertThat(json.headers().get("sec-websocket-protocol")).isEqualTo(Subprotocols.JSON);

        RawHttpResponse proto = rawUpgrade(node.port(), token("sp-ok"), Subprotocols.PROTOBUF + ", " + Subprotocols.JSON);
        assertThat(proto.status()).isEqualTo(101);
        assertThat(proto.headers().get("sec-websocket-protocol")).isEqualTo(Subprotocols.PROTOBUF);

        // none asked: JSON, and the response names none
        RawHttpResponse none = rawUpgrade(node.port(), token("sp-ok"), null);
        assertThat(none.status()).isEqualTo(101);
    }

    // ---- malformed upgrades ----

    static Stream<Arguments> malformedUpgrades() {
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        return Stream.of(
                Arguments.of("no Sec-WebSocket-Key", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"),
                Arguments.of("no Sec-WebSocket-Version", "Upgrade: websocket\r\nConnection: Upgrade\r\n" + key),
                Arguments.of("no Connection: Upgrade", "Upgrade: websocket\r\n" + key + "Sec-WebSocket-Version: 13\r\n"));
    }

    /** An upgrade the WebSocket handshaker cannot complete, sent with a valid token, gets an HTTP error at once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedUpgrades")
    void malformedUpgradeIsAnswered(String what, String headers) {
        long started = System.nanoTime();
        RawHttpResponse r = rawRequest(node.port(), headers + "Authorization: Bearer " + token("malformed") + "\r\n");
        assertThat(r.status()).as(what).isBetween(400, 499);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered, not timed out")
                .isLessThan(HANDSHAKE_TIMEOUT);
    }

    /** The same upgrade must give back the connection slot its admission took. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedUpgrades")
    void malformedUpgradeReleasesItsConnectionSlot(String what, String headers) throws IOException {
        Switchboard limited = extraNode(List.of(), limits(100, 1, LimitOptions.DEFAULT_HANDSHAKE_RATE_PER_IP,
                LimitOptions.DEFAULT_HANDSHAKE_BURST_PER_IP));
        try (Socket s = new Socket("127.0.0.1", limited.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + limited.port() + "\r\n" + headers
                    + "Authorization: Bearer " + token("malformed") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.getInputStream().readAllBytes(); // whatever the answer, until the server closes
        }
        // the only slot of this address must be free again
        TestClient.HandshakeRefused[] last = new TestClient.HandshakeRefused[1];
        try (TestClient c = connectEventually(limited, token("after-malformed"), last)) {
            assertThat(c.awaitPush(Push.Connected.class).user()).as(what).isEqualTo("after-malformed");
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + ": still refused after 10 s: " + last[0].status() + " " + last[0].body().trim(), e);
        }
    }

    /** RFC 6455 section 4.2.2: an unknown version is refused with 426 naming the versions the server speaks. */
    @Test
    void unsupportedWebSocketVersionIs426AndReleasesItsConnectionSlot() {
        Switchboard limited = extraNode(List.of(), limits(100, 1, LimitOptions.DEFAULT_HANDSHAKE_RATE_PER_IP,
                LimitOptions.DEFAULT_HANDSHAKE_BURST_PER_IP));
        RawHttpResponse r = rawRequest(limited.port(), "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n"
                + "Authorization: Bearer " + token("v99") + "\r\n");
        assertThat(r.status()).isEqualTo(426);
        assertThat(r.headers().get("sec-websocket-version")).isEqualTo("13");
        try (TestClient c = connectEventually(limited, token("after-v99"))) {
            assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("after-v99");
        }
    }

    // ---- handshake timeout ----

    @Test
    void silentSocketIsClosedAfterTheHandshakeTimeout() throws IOException {
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            assertClosedByServerWithin(s, Duration.ofSeconds(3), null);
        }
    }

    @Test
    void halfARequestIsClosedAfterTheHandshakeTimeout() throws IOException {
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\nUpgrade: websocket\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertClosedByServerWithin(s, Duration.ofSeconds(3), null);
        }
    }

    @Test
    void tricklingARequestDoesNotExtendTheHandshakeTimeout() throws IOException {
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            byte[] request = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n"
                    + "X-Padding: " + "a".repeat(2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            assertClosedByServerWithin(s, Duration.ofSeconds(3), request);
        }
    }

    /**
     * Reads until the server closes (or resets) the connection, writing one byte of {@code trickle}
     * every 50 ms when given; fails unless that happens after about the handshake timeout and within {@code bound}.
     */
    private static void assertClosedByServerWithin(Socket s, Duration bound, byte[] trickle) throws IOException {
        long started = System.nanoTime();
        s.setSoTimeout(50);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        int sent = 0;
        boolean closed = false;
        while (Duration.ofNanos(System.nanoTime() - started).compareTo(bound) < 0) {
            try {
                if (trickle != null && sent < trickle.length) {
                    out.write(trickle[sent++]);
                    out.flush();
                }
                int b = in.read();
                assertThat(b).as("server answered instead of timing out").isEqualTo(-1);
                closed = true;
                break;
            } catch (SocketTimeoutException e) {
                // nothing yet
            } catch (SocketException e) {
                closed = true; // reset: closed as well
                break;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(closed).as("socket still open after %s", bound).isTrue();
        assertThat(took).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(100)).isLessThan(bound);
    }

    // ---- after everything ----

    @Test
    void refusalsLeaveNoConnectionsAndNormalClientsStillConnect() {
        TestClient.refused(node.port(), null, Map.of());
        TestClient.refused(node.port(), "garbage", Map.of());
        TestClient.refused(node.port(), token("x"), Map.of("Origin", "https://evil.example.com"));
        rawUpgrade(node.port(), token("x"), "bogus");
        httpGet(node, "/ws");
        assertThat(node.connectionCount()).isZero();
        try (TestClient c = TestClient.connect(node.port(), token("normal"), Codecs.PROTOBUF)) {
            assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("normal");
            assertThat(node.connectionCount()).isEqualTo(1);
        }
    }

    // ---- helpers ----

    /** Connects, retrying while the node still counts a connection that was just closed. */
    private static TestClient connectEventually(Switchboard target, String token) {
        return connectEventually(target, token, new TestClient.HandshakeRefused[1]);
    }

    private static TestClient connectEventually(Switchboard target, String token, TestClient.HandshakeRefused[] lastRefusal) {
        TestClient[] out = new TestClient[1];
        await().until(() -> {
            try {
                out[0] = TestClient.connect(target.port(), token, Codecs.JSON);
                return true;
            } catch (TestClient.HandshakeRefused e) {
                lastRefusal[0] = e;
                return false;
            }
        });
        return out[0];
    }

    private static TestClient.HandshakeRefused refusedAt(URI uri) {
        try {
            TestClient.connect(uri, null, Codecs.JSON, Map.of()).close();
        } catch (TestClient.HandshakeRefused e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    private static HttpResponse<String> httpGet(Switchboard target, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An upgrade request written by hand (the JDK client cannot send arbitrary subprotocol headers). */
    private static RawHttpResponse rawUpgrade(int port, String token, String subprotocols) {
        StringBuilder headers = new StringBuilder()
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                .append("Sec-WebSocket-Version: 13\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n");
        if (subprotocols != null) {
            headers.append("Sec-WebSocket-Protocol: ").append(subprotocols).append("\r\n");
        }
        return rawRequest(port, headers.toString());
    }

    /** {@code GET /ws} with {@code Host} and the given header lines; reads the response head (and body unless 101). */
    private static RawHttpResponse rawRequest(int port, String headerLines) {
        String req = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headerLines + "\r\n";
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return RawHttpResponse.read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
