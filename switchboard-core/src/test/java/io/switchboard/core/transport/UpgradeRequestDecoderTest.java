package io.switchboard.core.transport;

import io.switchboard.core.http.HttpResult;
import io.switchboard.core.hub.Transport;
import io.switchboard.core.testing.RawHttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first handler of every connection, over real sockets: upgrades read by the lean decoder however
 * the head is split, bytes sent after the head (also while an admission is pending) reaching the
 * connection, refusals of malformed heads, plain HTTP (and a later upgrade) through the codec as
 * before, the handshake timeout on both paths, and a pipeline holding only the connection afterwards.
 */
@Timeout(60)
class UpgradeRequestDecoderTest {

    private static final int MAX_MESSAGE = 1024;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1000);
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="; // RFC 6455 section 1.3
    private static final String HEADERS = "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n";
    private static final String UPGRADE = "GET /ws HTTP/1.1\r\n" + HEADERS + "\r\n";
    private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final List<String> ONLY_THE_CONNECTION = List.of("ws-connection", "DefaultChannelPipeline$TailContext#0");
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;

    private static final TestEndpoint endpoint = new TestEndpoint();
    /** What {@code GET /slow} answers, when the test completes it. */
    private static final CompletableFuture<HttpResult> slowAnswer = new CompletableFuture<>();
    private static final CountDownLatch slowCalls = new CountDownLatch(1);
    private static WebSocketServer server;

    /** An admission the test decides: {@link #accept()} completes it; {@code closed} counts down on its release. */
    record HeldAdmission(CompletableFuture<WebSocketEndpoint.Admission> decision, CountDownLatch closed) {
        void accept() {
            decision.complete(new WebSocketEndpoint.Admission.Accepted(null, closed::countDown));
        }
    }

    /** Echoes every message; admits at once or, when holding, when the test says. Records what it saw. */
    private static final class TestEndpoint implements WebSocketEndpoint {
        volatile boolean holdAdmissions;
        final BlockingQueue<HeldAdmission> held = new LinkedBlockingQueue<>();
        final Queue<UpgradeRequest> requests = new ConcurrentLinkedQueue<>();
        final Queue<List<String>> pipelines = new ConcurrentLinkedQueue<>();

        @Override
        public CompletionStage<Admission> admit(UpgradeRequest request) {
            requests.add(request);
            if (!holdAdmissions) {
                return CompletableFuture.completedFuture(new Admission.Accepted(null, () -> { }));
            }
            HeldAdmission admission = new HeldAdmission(new CompletableFuture<>(), new CountDownLatch(1));
            held.add(admission);
            return admission.decision();
        }

        @Override
        public FrameListener open(Transport transport, Admission.Accepted admission) {
            pipelines.add(((WebSocketConnection) transport).pipelineNames());
            return new EchoListener(transport);
        }
    }

    @BeforeAll
    static void start() {
        server = TransportServers.start(endpoint, MAX_MESSAGE, 1, HANDSHAKE_TIMEOUT,
                Map.of("GET /healthz", call -> CompletableFuture.completedFuture(HttpResult.text(200, "ok\n")),
                        "GET /slow", call -> {
                            slowCalls.countDown();
                            return slowAnswer;
                        }));
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdown(Duration.ofMillis(100)).get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void reset() {
        endpoint.holdAdmissions = false;
        endpoint.held.clear();
        endpoint.requests.clear();
        endpoint.pipelines.clear();
    }

    // ---- the lean path ----

    @Test
    void upgradeWithTheHeadDeliveredByteByByte() throws IOException {
        try (Socket s = open()) {
            byte[] head = ("GET /ws?token=t%2B1 HTTP/1.1\r\n" + HEADERS + "Authorization: Basic x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (byte b : head) {
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
            }
            RawHttpResponse r = readResponse(s);
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.headers()).containsEntry("sec-websocket-accept", ACCEPT);
            assertEchoes(s, "hello");
        }
        assertThat(endpoint.requests.poll().token()).isEqualTo("t+1");
        assertThat(endpoint.pipelines.poll()).isEqualTo(ONLY_THE_CONNECTION);
    }

    /** The server must not answer before the empty line is complete, however it is split. */
    @ParameterizedTest(name = "last {0} byte(s) sent apart")
    @ValueSource(ints = {1, 2, 3})
    void upgradeWithTheHeadSplitInsideTheFinalEmptyLine(int apart) throws IOException {
        try (Socket s = open()) {
            write(s, UPGRADE.substring(0, UPGRADE.length() - apart));
            assertSilentFor(s, Duration.ofMillis(200));
            write(s, UPGRADE.substring(UPGRADE.length() - apart));
            assertThat(readResponse(s).status()).isEqualTo(101);
            assertEchoes(s, "after a split head");
        }
    }

    @Test
    void bareLfLineEndsUpgradeToo() throws IOException {
        try (Socket s = open()) {
            write(s, UPGRADE.replace("\r\n", "\n"));
            RawHttpResponse r = readResponse(s);
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.headers()).containsEntry("sec-websocket-accept", ACCEPT);
            assertEchoes(s, "lf");
        }
    }

    @Test
    void framesPipelinedInTheSameWriteAsTheHeadAreProcessed() throws IOException {
        try (Socket s = open()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(UPGRADE.getBytes(StandardCharsets.US_ASCII));
            all.writeBytes(frame(OP_PING, "p".getBytes(StandardCharsets.UTF_8)));
            all.writeBytes(frame(OP_TEXT, "early".getBytes(StandardCharsets.UTF_8)));
            s.getOutputStream().write(all.toByteArray());
            s.getOutputStream().flush();
            assertThat(readResponse(s).status()).isEqualTo(101);
            Frame pong = readFrame(s);
            assertThat(pong.opcode()).isEqualTo(OP_PONG);
            assertThat(pong.text()).isEqualTo("p");
            assertThat(readFrame(s).text()).isEqualTo("early");
        }
        assertThat(endpoint.pipelines.poll()).isEqualTo(ONLY_THE_CONNECTION);
    }

    @Test
    void framesSentWhileAnAsynchronousAdmissionIsPendingReachTheConnectionInOrder() throws Exception {
        endpoint.holdAdmissions = true;
        try (Socket s = open()) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(UPGRADE.getBytes(StandardCharsets.US_ASCII));
            first.writeBytes(frame(OP_TEXT, "first".getBytes(StandardCharsets.UTF_8)));
            s.getOutputStream().write(first.toByteArray());
            HeldAdmission admission = endpoint.held.poll(10, TimeUnit.SECONDS);
            assertThat(admission).as("admission asked").isNotNull();
            s.getOutputStream().write(frame(OP_TEXT, "second".getBytes(StandardCharsets.UTF_8)));
            s.getOutputStream().flush();
            admission.accept();
            assertThat(readResponse(s).status()).isEqualTo(101);
            assertThat(readFrame(s).text()).isEqualTo("first");
            assertThat(readFrame(s).text()).isEqualTo("second");
        }
        assertThat(endpoint.pipelines.poll()).isEqualTo(ONLY_THE_CONNECTION);
    }

    /** While the endpoint decides, the decoder keeps at most one message (and its frame header). */
    @Test
    void tooMuchDataWhileTheAdmissionIsPendingClosesTheConnectionAndReleasesTheAdmission() throws Exception {
        endpoint.holdAdmissions = true;
        try (Socket s = open()) {
            write(s, UPGRADE);
            HeldAdmission admission = endpoint.held.poll(10, TimeUnit.SECONDS);
            assertThat(admission).as("admission asked").isNotNull();
            ByteArrayOutputStream tooMuch = new ByteArrayOutputStream();
            tooMuch.writeBytes(frame(OP_BINARY, new byte[MAX_MESSAGE]));
            tooMuch.writeBytes(frame(OP_BINARY, new byte[16]));
            s.getOutputStream().write(tooMuch.toByteArray());
            s.getOutputStream().flush();
            assertClosedWithoutAnswer(s);
            admission.accept(); // too late: the connection is gone, so the admission is given back
            assertThat(admission.closed().await(10, TimeUnit.SECONDS)).as("admission released").isTrue();
        }
        assertThat(endpoint.pipelines).isEmpty();
    }

    // ---- refusals of the lean path ----

    static Stream<Arguments> badHeads() {
        return Stream.of(
                Arguments.of("control character in the target", "GET /ws?a\u0001b HTTP/1.1\r\n" + HEADERS + "\r\n",
                        "invalid request line"),
                Arguments.of("request line over 4096 bytes", "GET /ws?x=" + "a".repeat(4100) + " HTTP/1.1\r\n" + HEADERS + "\r\n",
                        "request line too long"),
                Arguments.of("headers over 8192 bytes", "GET /ws HTTP/1.1\r\n" + HEADERS + "X-Pad: " + "a".repeat(8200) + "\r\n\r\n",
                        "request headers too large"),
                Arguments.of("obs-fold", "GET /ws HTTP/1.1\r\n" + HEADERS + "X-Folded: a\r\n b\r\n\r\n", "obs-fold"),
                Arguments.of("header line without colon", "GET /ws HTTP/1.1\r\n" + HEADERS + "Nonsense\r\n\r\n", "no ':'"),
                Arguments.of("Content-Length above 0", "GET /ws HTTP/1.1\r\n" + HEADERS + "Content-Length: 5\r\n\r\nhello",
                        "request body is not allowed"),
                Arguments.of("Transfer-Encoding", "GET /ws HTTP/1.1\r\n" + HEADERS + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "request body is not allowed"),
                Arguments.of("two Sec-WebSocket-Key", "GET /ws HTTP/1.1\r\n" + HEADERS + "Sec-WebSocket-Key: " + KEY + "\r\n\r\n",
                        "more than one Sec-WebSocket-Key"),
                Arguments.of("broken escape in the token", "GET /ws?token=%zz HTTP/1.1\r\n" + HEADERS + "\r\n",
                        "malformed query string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeads")
    void badHeadsAreRefusedWith400AndTheReason(String what, String request, String reason) throws IOException {
        try (Socket s = open()) {
            write(s, request);
            RawHttpResponse r = readResponse(s);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains(reason);
            assertThat(r.headers()).containsEntry("connection", "close");
            assertClosedWithoutAnswer(s);
        }
        assertThat(endpoint.requests).as("never reached the endpoint").isEmpty();
    }

    /** The lean path writes its refusals without Netty's encoder: the very bytes the codec path writes. */
    @Test
    void aRefusalIsTheSameBytesOnBothPaths() throws IOException {
        String version8 = UPGRADE.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        RawHttpResponse lean;
        try (Socket s = open()) {
            write(s, version8);
            lean = readResponse(s);
        }
        RawHttpResponse viaCodec;
        try (Socket s = open()) {
            write(s, HEALTH); // the connection is now on the HTTP path
            assertThat(readResponse(s).status()).isEqualTo(200);
            write(s, version8);
            viaCodec = readResponse(s);
        }
        assertThat(lean.status()).isEqualTo(426);
        assertThat(lean.headers()).containsEntry("sec-websocket-version", "13");
        assertThat(lean.raw()).isEqualTo(viaCodec.raw());
    }

    // ---- the plain HTTP path ----

    @Test
    void plainHttpStillWorksAndALaterUpgradeOnTheSameConnectionToo() throws IOException {
        try (Socket s = open()) {
            write(s, HEALTH);
            RawHttpResponse health = readResponse(s);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            assertThat(health.headers()).containsEntry("connection", "keep-alive");
            write(s, "GET /missing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readResponse(s).status()).isEqualTo(404);

            write(s, UPGRADE);
            RawHttpResponse r = readResponse(s);
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.headers()).containsEntry("sec-websocket-accept", ACCEPT);
            assertEchoes(s, "via the codec");
        }
        assertThat(endpoint.pipelines.poll()).isEqualTo(ONLY_THE_CONNECTION);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWhenAnEarlierOneIsAnsweredLater() throws Exception {
        try (Socket s = open()) {
            write(s, "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /missing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + HEALTH);
            assertThat(slowCalls.await(10, TimeUnit.SECONDS)).isTrue();
            slowAnswer.complete(HttpResult.text(200, "slow\n"));
            RawHttpResponse first = readResponse(s);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("slow\n");
            assertThat(readResponse(s).status()).isEqualTo(404);
            assertThat(readResponse(s).body()).isEqualTo("ok\n");
            write(s, HEALTH); // reading resumed after the queue emptied
            assertThat(readResponse(s).body()).isEqualTo("ok\n");
        }
    }

    /** A request line the lean decoder leaves to the codec: answered as the codec always has. */
    @Test
    void aNonCanonicalUpgradeLineGoesThroughTheCodec() throws IOException {
        try (Socket s = open()) {
            write(s, UPGRADE.replace("GET /ws HTTP/1.1", "GET /ws HTTP/1.0"));
            assertThat(readResponse(s).status()).isEqualTo(101);
            assertEchoes(s, "http/1.0");
        }
        assertThat(endpoint.pipelines.poll()).isEqualTo(ONLY_THE_CONNECTION);
        try (Socket s = open()) {
            write(s, "POST /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\nx");
            RawHttpResponse r = readResponse(s);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("expected a WebSocket upgrade");
        }
    }

    // ---- handshake timeout ----

    @Test
    void halfAHeadIsClosedAfterTheHandshakeTimeout() throws IOException {
        try (Socket s = open()) {
            long started = System.nanoTime();
            write(s, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
            assertClosedWithoutAnswer(s);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(100))
                    .isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(2));
        }
    }

    /**
     * A request that turns out not to be an upgrade only after a while keeps the deadline counted from
     * accept: the HTTP handlers get what is left of the timeout, not a fresh one.
     */
    @Test
    void thePlainHttpPathGetsWhatIsLeftOfTheHandshakeTimeout() throws IOException {
        try (Socket s = open()) {
            long started = System.nanoTime();
            write(s, "GET /w");
            assertSilentFor(s, HANDSHAKE_TIMEOUT.multipliedBy(6).dividedBy(10));
            write(s, "x HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // now it is plain HTTP, and still incomplete
            assertClosedWithoutAnswer(s);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(100))
                    .isLessThan(HANDSHAKE_TIMEOUT.multipliedBy(14).dividedBy(10)); // a fresh timeout: 1.6 s
        }
    }

    // ---- helpers ----

    private static Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reading times out: the server said nothing (and did not close) for {@code quiet}. */
    private static void assertSilentFor(Socket s, Duration quiet) throws IOException {
        s.setSoTimeout((int) quiet.toMillis());
        try {
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        } finally {
            s.setSoTimeout(10_000);
        }
    }

    /** The server closes (or resets) the connection without sending anything (more). */
    private static void assertClosedWithoutAnswer(Socket s) throws IOException {
        int read;
        try {
            read = s.getInputStream().read();
        } catch (SocketException reset) {
            read = -1;
        }
        assertThat(read).as("end of stream").isEqualTo(-1);
    }

    private static void assertEchoes(Socket s, String text) throws IOException {
        s.getOutputStream().write(frame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8)));
        s.getOutputStream().flush();
        Frame echo = readFrame(s);
        assertThat(echo.opcode()).isEqualTo(OP_TEXT);
        assertThat(echo.text()).isEqualTo(text);
    }

    private static RawHttpResponse readResponse(Socket s) throws IOException {
        return RawHttpResponse.read(s.getInputStream());
    }

    /** One masked client frame, final. */
    private static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        return f.toByteArray();
    }

    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Frame[" + opcode + ", " + Arrays.toString(payload) + "]";
        }
    }

    /** One unmasked server frame. */
    private static Frame readFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int b0 = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = (int) in.readLong();
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }
}
