package io.switchboard.core.transport;

import io.netty.buffer.PooledByteBufAllocator;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.hub.OutboundFrame;
import io.switchboard.core.hub.Transport;
import io.switchboard.core.testing.RawWebSocket;
import io.switchboard.core.testing.RawWebSocket.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static io.switchboard.core.testing.RawWebSocket.OP_CLOSE;
import static io.switchboard.core.testing.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The closing handshake of the real transport pipeline over real sockets (what Autobahn|Testsuite
 * section 7 checks, kept here as a fast regression test): a valid close code is echoed, an empty close
 * is answered with an empty close, an invalid close frame is never answered with 1000 (1002 or a TCP
 * drop, both allowed by RFC 6455 section 7.1.7), the answer always reaches the client before the TCP
 * connection ends, and nothing is delivered after a close frame.
 */
class CloseHandlingTest {

    private static WebSocketServer server;
    private static final Queue<String> received = new ConcurrentLinkedQueue<>();
    private static final Queue<Integer> closedCodes = new ConcurrentLinkedQueue<>();

    /** Echoes messages and records what the endpoint saw. */
    private static final class RecordingEcho implements WebSocketEndpoint {
        @Override
        public CompletionStage<Admission> admit(UpgradeRequest request) {
            return CompletableFuture.completedFuture(new Admission.Accepted(null, () -> { }));
        }

        @Override
        public FrameListener open(Transport transport, Admission.Accepted admission) {
            return new FrameListener() {
                @Override
                public void onMessage(byte[] data, boolean binary) {
                    String text = new String(data, StandardCharsets.UTF_8);
                    received.add(text);
                    if (text.startsWith("server-close ")) {
                        transport.close(Integer.parseInt(text.substring(13)), "bye");
                    } else {
                        transport.write(OutboundFrame.frame(PooledByteBufAllocator.DEFAULT, data, binary));
                        transport.flush();
                    }
                }

                @Override
                public void onIdle() {
                    transport.close(1001, "idle");
                }

                @Override
                public void onClosed(int closeCode) {
                    closedCodes.add(closeCode);
                }
            };
        }
    }

    @BeforeAll
    static void start() {
        server = TransportServers.start(new RecordingEcho(), TransportOptions.defaults().maxMessageSize(), 2);
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdown(Duration.ofMillis(100)).get(10, TimeUnit.SECONDS);
    }

    private static RawWebSocket connect() throws IOException {
        return RawWebSocket.connect(server.port(), "none", null, 0);
    }

    private static byte[] closePayload(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    /** The server's close frame, or null when the server ended the TCP connection without one. */
    private static Frame closeFrameOrNull(RawWebSocket ws) throws IOException {
        try {
            return ws.readUntil(OP_CLOSE);
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
    void validCloseCodeIsEchoedThenTcpClosed(int code) throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(OP_CLOSE, closePayload(code, "done".getBytes(StandardCharsets.UTF_8)), true);
            Frame close = ws.readUntil(OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(code);
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    @Test
    void emptyCloseIsAnsweredWithEmptyClose() throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(OP_CLOSE, new byte[0], true);
            Frame close = ws.readUntil(OP_CLOSE);
            assertThat(close.payload()).isEmpty();
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    @Test
    void closeWithOneBytePayloadIsAProtocolError() throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(OP_CLOSE, new byte[] {0x03}, true);
            Frame close = ws.readUntil(OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    /** Autobahn 7.9.x's codes plus 1015: reserved, never-on-the-wire or unassigned; not answered with 1000 (nor echoed). */
    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999})
    void invalidCloseCodeIsNeverAnsweredWithNormalClosure(int code) throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(OP_CLOSE, closePayload(code, new byte[0]), true);
            Frame close = closeFrameOrNull(ws);
            if (close != null) {
                assertThat(close.closeCode()).as("answer to close code %d", code).isEqualTo(1002);
            }
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    @Test
    void closeReasonWithInvalidUtf8IsNeverAnsweredWithNormalClosure() throws IOException {
        try (RawWebSocket ws = connect()) {
            byte[] badUtf8 = {(byte) 0xce, (byte) 0xba, (byte) 0xed, (byte) 0xa0, (byte) 0x80};
            ws.sendFrame(OP_CLOSE, closePayload(1000, badUtf8), true);
            Frame close = closeFrameOrNull(ws);
            if (close != null) {
                assertThat(close.closeCode()).isIn(1002, 1007);
            }
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    @Test
    void nothingIsDeliveredAfterACloseFrame() throws IOException {
        String marker = "after-close-" + System.nanoTime();
        try (RawWebSocket ws = connect()) {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.write(0x88);
            both.write(0x80); // masked close, no payload, zero mask key
            both.writeBytes(new byte[4]);
            byte[] text = marker.getBytes(StandardCharsets.UTF_8);
            both.write(0x81);
            both.write(0x80 | text.length);
            both.writeBytes(new byte[4]);
            both.writeBytes(text);
            ws.sendRaw(both.toByteArray());
            assertThat(ws.readUntil(OP_CLOSE).payload()).isEmpty();
            assertThat(ws.closedByServer()).isTrue();
        }
        assertThat(received).doesNotContain(marker);
    }

    /** The close answer is written before the TCP close, every time (no reset, no lost frame). */
    @Test
    void closeAnswerAlwaysArrivesBeforeTheConnectionEnds() throws IOException {
        for (int i = 0; i < 200; i++) {
            try (RawWebSocket ws = connect()) {
                boolean empty = (i & 1) == 0;
                ws.sendFrame(OP_CLOSE, empty ? new byte[0] : closePayload(1000, new byte[0]), true);
                Frame close = ws.readUntil(OP_CLOSE);
                assertThat(close.payload().length).as("iteration %d", i).isEqualTo(empty ? 0 : 2);
                assertThat(ws.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void serverInitiatedCloseCompletesWhenTheClientAnswers() throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendText("echo me");
            assertThat(ws.readUntil(OP_TEXT).text()).isEqualTo("echo me");
            closedCodes.clear();
            ws.sendText("server-close 4001");
            Frame close = ws.readUntil(OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(4001);
            ws.sendFrame(OP_CLOSE, closePayload(4001, new byte[0]), true);
            assertThat(ws.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> closedCodes.contains(4001));
    }
}
