package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.RawWebSocket;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Subprotocols;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of bad input gets a clear answer (error reply or close code) and leaves the node and
 * the other clients as they were: a bystander stays subscribed and receives a publication after each case.
 */
@Timeout(60)
class BadInputIT {

    static Switchboard node;
    TestClient bystander;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void bystander() {
        bystander = TestClient.connect(node.port(), token("bystander"), Codecs.JSON);
        assertThat(bystander.call(new Command.Subscribe(bystander.nextId(), "live:bystand", false, 0, null)).error()).isNull();
    }

    @AfterEach
    void bystanderUnaffected() {
        node.api().publish("live:bystand", Payload.ofJson("\"still here\"")).toCompletableFuture().join();
        assertThat(bystander.awaitPush(Push.PublicationPush.class).publication().data().asString()).contains("still here");
        bystander.close();
        await().until(() -> node.connectionCount() == 0);
    }

    @Test
    void invalidJsonClosesWithBadRequestAfterDisconnectPush() {
        TestClient c = TestClient.connect(node.port(), token("mallory"), Codecs.JSON);
        c.sendText("{not json");
        Push.Disconnect d = c.awaitPush(Push.Disconnect.class);
        assertThat(d.code()).isEqualTo(DisconnectCode.BAD_REQUEST.code());
        assertThat(d.reconnect()).isFalse();
        assertThat(c.awaitClose()).isEqualTo(DisconnectCode.BAD_REQUEST.code());
    }

    @Test
    void unknownMethodAndMissingParamsAreErrorRepliesAndTheConnectionLives() {
        try (TestClient c = TestClient.connect(node.port(), token("mallory"), Codecs.JSON)) {
            c.sendText("{\"id\":7,\"method\":\"teleport\",\"params\":{}}");
            Reply r = c.awaitReply(7);
            assertThat(r.error().code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND.code());
            c.sendText("{\"id\":8,\"method\":\"subscribe\",\"params\":{}}");
            Reply missing = c.awaitReply(8);
            assertThat(missing.error().code()).isEqualTo(ErrorCode.BAD_REQUEST.code());
            assertThat(missing.error().message()).contains("channel");
            assertThat(c.call(new Command.Ping(100)).error()).isNull();
        }
    }

    @Test
    void binaryFrameOnJsonSubprotocolCloses1003() {
        TestClient c = TestClient.connect(node.port(), token("mallory"), Codecs.JSON);
        c.sendBinary(new byte[]{1, 2, 3});
        assertThat(c.awaitClose()).isEqualTo(DisconnectCode.UNSUPPORTED_DATA.code());
    }

    @Test
    void invalidProtobufClosesWithBadRequest() {
        TestClient c = TestClient.connect(node.port(), token("mallory"), Codecs.PROTOBUF);
        c.sendBinary(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});
        assertThat(c.awaitClose()).isEqualTo(DisconnectCode.BAD_REQUEST.code());
    }

    @Test
    void oversizedMessageCloses1009() {
        TestClient c = TestClient.connect(node.port(), token("mallory"), Codecs.JSON);
        char[] big = new char[70 * 1024];
        Arrays.fill(big, 'x');
        c.sendText("{\"id\":1,\"method\":\"publish\",\"params\":{\"channel\":\"live:x\",\"data\":\"" + new String(big) + "\"}}");
        assertThat(c.awaitClose()).isEqualTo(DisconnectCode.MESSAGE_TOO_BIG.code());
    }

    @Test
    void oversizedFragmentedMessageCloses1009() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(node.port(), token("mallory"), Subprotocols.JSON, 0)) {
            byte[] chunk = new byte[40 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            ws.sendFrame(RawWebSocket.OP_TEXT, chunk, false);
            ws.sendFrame(0, chunk, true);
            assertThat(ws.readUntil(RawWebSocket.OP_CLOSE).closeCode()).isEqualTo(1009);
            assertThat(ws.closedByServer()).isTrue();
        }
    }

    @Test
    void invalidUtf8TextCloses1007() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(node.port(), token("mallory"), Subprotocols.JSON, 0)) {
            ws.sendFrame(RawWebSocket.OP_TEXT, new byte[]{'{', (byte) 0xc3, (byte) 0x28, '}'}, true);
            assertThat(ws.readUntil(RawWebSocket.OP_CLOSE).closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void unmaskedClientFrameCloses1002() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(node.port(), token("mallory"), Subprotocols.JSON, 0)) {
            byte[] ping = "{\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[2 + ping.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) ping.length; // mask bit not set
            System.arraycopy(ping, 0, frame, 2, ping.length);
            ws.sendRaw(frame);
            assertThat(ws.readUntil(RawWebSocket.OP_CLOSE).closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void garbageBytesInsteadOfFramesCloseTheConnection() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(node.port(), token("mallory"), Subprotocols.JSON, 0)) {
            ws.sendRaw(new byte[]{(byte) 0x8f, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            assertThat(ws.closedByServer()).isTrue();
        }
    }
}
