package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.RawWebSocket;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Subprotocols;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Server pings on a quiet connection, closes connections with no inbound traffic, keeps live ones. */
@Timeout(60)
class HeartbeatIT {

    static Switchboard node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.options().withTransport(TestNode.transport(64 * 1024,
                Duration.ofMillis(500), Duration.ofMillis(1500), 1024 * 1024, List.of(), Duration.ofSeconds(10))));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void serverPingsAQuietConnection() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(node.port(), token("quiet"), Subprotocols.JSON, 0)) {
            RawWebSocket.Frame first = ws.readFrame();
            assertThat(first.opcode()).isEqualTo(RawWebSocket.OP_TEXT); // connected push
            long started = System.nanoTime();
            RawWebSocket.Frame ping = ws.readFrame();
            assertThat(ping.opcode()).isEqualTo(RawWebSocket.OP_PING);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1200));
        }
    }

    @Test
    void connectionWithoutInboundTrafficIsClosedWithNoHeartbeatCode() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(node.port(), token("mute"), Subprotocols.JSON, 0)) {
            // never answers pings, never sends
            RawWebSocket.Frame close = ws.readUntil(RawWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(DisconnectCode.NO_HEARTBEAT.code());
        }
    }

    @Test
    void clientThatAnswersPingsStaysConnectedPastTheIdleTimeout() {
        try (TestClient c = TestClient.connect(node.port(), token("chatty"), Codecs.JSON)) {
            c.awaitPush(Push.Connected.class);
            // The JDK client answers pings with pongs by itself; the idle timeout is 1.5 s.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !c.isClosed());
            assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
        }
    }
}
