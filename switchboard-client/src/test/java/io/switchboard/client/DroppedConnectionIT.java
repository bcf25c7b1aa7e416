package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TCP connection dies without a close frame: silently (blackhole: bytes vanish, nothing is closed),
 * which only the heartbeat can notice, or abruptly (reset). Either way the client reconnects through the
 * proxy once it forwards again and recovers every publication it missed.
 */
@Timeout(60)
class DroppedConnectionIT {

    private static final Duration HEARTBEAT = Duration.ofMillis(300);

    private Switchboard node;
    private TcpProxy proxy;
    private SwitchboardClient client;
    private final ClientEvents events = new ClientEvents();
    private final SubscriptionEvents sub = new SubscriptionEvents();
    private Subscription subscription;

    @BeforeEach
    void start() throws Exception {
        node = Nodes.start();
        proxy = new TcpProxy(node.port());
        client = new SwitchboardClient(Nodes.uri(proxy.port()), Nodes.fast(SimpleTokenVerifier.token("judy"))
                .heartbeatInterval(HEARTBEAT)
                .maxMissedHeartbeats(2)
                .connectTimeout(Duration.ofSeconds(1))
                .build());
        client.addListener(events);
        subscription = client.subscribe("chat:dropped", SubscribeOptions.defaults(), sub);
        client.connect();
        subscription.whenSubscribed().get(10, TimeUnit.SECONDS);
        Nodes.publish(node, "chat:dropped", "before", 2);
        await().until(() -> sub.publications.size() == 2);
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
        Nodes.shutdown(node);
    }

    @Test
    void theHeartbeatDetectsABlackholedConnectionAndTheClientRecoversThroughTheProxy() {
        int acceptedBefore = proxy.accepted();
        proxy.blackhole();
        Nodes.publish(node, "chat:dropped", "lost", 3); // kept in history, never reaches the client

        await().atMost(Duration.ofSeconds(10)).until(() -> events.disconnects.size() == 1);
        assertThat(events.disconnects.get(0)).satisfies(d -> {
            assertThat(d.code()).isEqualTo(1006);
            assertThat(d.reason()).contains("2 heartbeat intervals"); // the heartbeat noticed, not TCP
            assertThat(d.reconnect()).isTrue();
        });
        assertThat(sub.publications).hasSize(2);

        proxy.restore();
        await().atMost(Duration.ofSeconds(15)).until(() -> sub.recoveries.size() == 1 && sub.publications.size() == 5);
        assertThat(sub.recoveries.get(0).recovered()).isTrue();
        assertThat(sub.offsets()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(sub.ids()).doesNotHaveDuplicates();
        assertThat(proxy.accepted()).isGreaterThan(acceptedBefore);
        assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void aResetConnectionIsReplacedAndRecovered() {
        proxy.hold();
        proxy.cut();
        await().until(() -> events.disconnects.size() == 1);
        Nodes.publish(node, "chat:dropped", "meanwhile", 3);
        proxy.release();

        await().until(() -> sub.recoveries.size() == 1 && sub.publications.size() == 5);
        assertThat(events.disconnects.get(0).code()).isEqualTo(1006);
        assertThat(sub.recoveries.get(0)).satisfies(r -> {
            assertThat(r.recovered()).isTrue();
            assertThat(r.publications()).isEqualTo(3);
        });
        assertThat(sub.offsets()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    }
}
