package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.RawWebSocket;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Subprotocols;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server pings a connection it has heard nothing from (also while it writes to it), closes
 * connections with no inbound traffic, keeps live ones.
 */
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

    /**
     * A client that only listens (a dashboard, a device) on a channel busier than the heartbeat
     * interval: the server writes to it all the time, so a ping sent only on a quiet outbound side
     * would never go out, the client would never answer, and the idle timeout would cut it off.
     */
    @Test
    void serverPingsAListenerItHasNotHeardFromWhileItKeepsWritingToIt() throws Exception {
        ScheduledExecutorService publisher = publishEvery100ms("live:busy-raw");
        try (RawWebSocket ws = RawWebSocket.connect(node.port(), token("listener"), Subprotocols.JSON, 0)) {
            ws.readFrame(); // connected
            ws.sendText("{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"live:busy-raw\"}}");
            long started = System.nanoTime();
            int publications = 0;
            RawWebSocket.Frame f;
            while ((f = ws.readFrame()).opcode() != RawWebSocket.OP_PING) {
                assertThat(f.opcode()).as("no close before the ping").isEqualTo(RawWebSocket.OP_TEXT);
                if (f.text().contains("\"publication\"")) {
                    publications++;
                }
            }
            assertThat(publications).as("the channel kept the server writing").isGreaterThan(2);
            // heartbeat 500 ms after the last frame read from us (the subscribe), well before the 1.5 s idle timeout
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1200));
        } finally {
            publisher.shutdownNow();
        }
    }

    @Test
    void listenerThatOnlyAnswersPingsStaysSubscribedOnABusyChannel() {
        ScheduledExecutorService publisher = publishEvery100ms("live:busy");
        try (TestClient c = TestClient.connect(node.port(), token("dashboard"), Codecs.JSON)) {
            c.awaitPush(Push.Connected.class);
            assertThat(c.call(new Command.Subscribe(c.nextId(), "live:busy", false, 0, null)).error()).isNull();
            // Sends nothing itself from here on; the JDK client answers pings. Idle timeout 1.5 s.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !c.isClosed());
            c.drain();
            c.awaitPush(Push.PublicationPush.class);
        } finally {
            publisher.shutdownNow();
        }
    }

    private static ScheduledExecutorService publishEvery100ms(String channel) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        s.scheduleAtFixedRate(() -> node.api().publish(channel, Payload.ofJson("\"tick\"")), 0, 100, TimeUnit.MILLISECONDS);
        return s;
    }
}
