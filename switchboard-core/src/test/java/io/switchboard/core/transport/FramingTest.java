package io.switchboard.core.transport;

import io.netty.channel.ChannelOption;
import io.switchboard.core.hub.Transport;
import io.switchboard.core.testing.RawWebSocket;
import io.switchboard.core.testing.RawWebSocket.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static io.switchboard.core.testing.RawWebSocket.OP_BINARY;
import static io.switchboard.core.testing.RawWebSocket.OP_CLOSE;
import static io.switchboard.core.testing.RawWebSocket.OP_PING;
import static io.switchboard.core.testing.RawWebSocket.OP_PONG;
import static io.switchboard.core.testing.RawWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgraded pipeline over real sockets: the hand-written 101 response, the one handler left after
 * the upgrade, reassembly of fragments with control frames in between, UTF-8 checked across fragments
 * and the message size limit applied to the whole message.
 */
class FramingTest {

    private static final int MAX_MESSAGE = 1024;
    private static final int CONTINUATION = 0;
    private static WebSocketServer server;
    private static final Queue<List<String>> pipelines = new ConcurrentLinkedQueue<>();
    private static final Queue<Boolean> noDelay = new ConcurrentLinkedQueue<>();

    /** Echoes every message and records the pipeline each connection got. */
    private static final class Echo implements WebSocketEndpoint {
        @Override
        public CompletionStage<Admission> admit(UpgradeRequest request) {
            return CompletableFuture.completedFuture(new Admission.Accepted(null, () -> { }));
        }

        @Override
        public FrameListener open(Transport transport, Admission.Accepted admission) {
            WebSocketConnection connection = (WebSocketConnection) transport;
            pipelines.add(connection.pipelineNames());
            noDelay.add(connection.channelOption(ChannelOption.TCP_NODELAY));
            return new EchoListener(transport);
        }
    }

    @BeforeAll
    static void start() {
        server = TransportServers.start(new Echo(), MAX_MESSAGE, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdown(Duration.ofMillis(100)).get(10, TimeUnit.SECONDS);
    }

    private static RawWebSocket connect() throws IOException {
        return RawWebSocket.connect(server.port(), "none", null, 0);
    }

    @Test
    void upgradeLeavesOnlyTheConnectionOnASocketWithoutNagle() throws IOException {
        pipelines.clear();
        noDelay.clear();
        try (RawWebSocket ws = connect()) {
            ws.sendText("hi");
            assertThat(ws.readFrame().text()).isEqualTo("hi");
        }
        assertThat(pipelines.poll()).startsWith("ws-connection").hasSize(2); // + Netty's tail
        // Nagle's algorithm off: a reply written while an earlier one is unacknowledged leaves at once.
        assertThat(noDelay.poll()).as("TCP_NODELAY on the accepted socket").isTrue();
    }

    /** RFC 6455 section 1.3's worked example of the accept key. */
    @Test
    void upgradeResponseCarriesTheAcceptKeyOfTheRfcExample() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            String head = request(s, "dGhlIHNhbXBsZSBub25jZQ==", "13");
            assertThat(head).startsWith("HTTP/1.1 101 ")
                    .containsIgnoringCase("Upgrade: websocket\r\n")
                    .containsIgnoringCase("Connection: Upgrade\r\n")
                    .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
                    .doesNotContainIgnoringCase("Sec-WebSocket-Protocol");
        }
    }

    @Test
    void keyThatIsNotSixteenBytesOfBase64IsRefused() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            String head = request(s, "not-a-key", "13");
            assertThat(head).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void unknownVersionIs426NamingVersion13() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            String head = request(s, "dGhlIHNhbXBsZSBub25jZQ==", "8");
            assertThat(head).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13\r\n");
        }
    }

    @Test
    void fragmentsAreReassembledWithControlFramesInBetween() throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(OP_TEXT, "κό".getBytes(StandardCharsets.UTF_8), false);
            ws.sendFrame(OP_PING, "p1".getBytes(StandardCharsets.UTF_8), true);
            byte[] e = "σμε".getBytes(StandardCharsets.UTF_8);
            ws.sendFrame(CONTINUATION, new byte[] {e[0]}, false); // splits a character across fragments
            ws.sendFrame(CONTINUATION, java.util.Arrays.copyOfRange(e, 1, e.length), true);
            Frame pong = ws.readFrame();
            assertThat(pong.opcode()).isEqualTo(OP_PONG);
            assertThat(pong.text()).isEqualTo("p1");
            assertThat(ws.readFrame().text()).isEqualTo("κόσμε");
            ws.sendFrame(OP_BINARY, new byte[] {(byte) 0xff}, false);
            ws.sendFrame(CONTINUATION, new byte[] {(byte) 0xfe}, true);
            Frame binary = ws.readFrame();
            assertThat(binary.opcode()).isEqualTo(OP_BINARY);
            assertThat(binary.payload()).containsExactly(0xff, 0xfe);
        }
    }

    @Test
    void invalidUtf8InAnEarlyFragmentFailsTheConnectionWith1007WithoutWaitingForTheEnd() throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(OP_TEXT, HexFormat.of().parseHex("cebae1bd"), false);
            ws.sendFrame(CONTINUATION, HexFormat.of().parseHex("f4908080"), false); // above U+10FFFF
            Frame close = ws.readUntil(OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1007);
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    @Test
    void invalidUtf8InASingleFrameIs1007() throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(OP_TEXT, HexFormat.of().parseHex("68c328"), true);
            assertThat(ws.readUntil(OP_CLOSE).closeCode()).isEqualTo(1007);
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    @Test
    void aFragmentedMessageOverTheLimitIs1009AndOneAtTheLimitPasses() throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(OP_BINARY, new byte[MAX_MESSAGE / 2], false);
            ws.sendFrame(CONTINUATION, new byte[MAX_MESSAGE / 2], true);
            assertThat(ws.readFrame().payload()).hasSize(MAX_MESSAGE);
            ws.sendFrame(OP_BINARY, new byte[MAX_MESSAGE / 2], false);
            ws.sendFrame(CONTINUATION, new byte[MAX_MESSAGE / 2 + 1], true);
            assertThat(ws.readUntil(OP_CLOSE).closeCode()).isEqualTo(1009);
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    @Test
    void protocolViolationIsAnsweredWith1002() throws IOException {
        try (RawWebSocket ws = connect()) {
            ws.sendFrame(CONTINUATION, new byte[] {1}, true); // continuation without a start
            assertThat(ws.readUntil(OP_CLOSE).closeCode()).isEqualTo(1002);
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    /** Sends an upgrade request with {@code key} and {@code version}; returns the response head. */
    private static String request(Socket s, String key, String version) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: " + version + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
