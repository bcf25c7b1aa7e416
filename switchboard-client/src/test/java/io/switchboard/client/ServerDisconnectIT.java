package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ProtocolCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The server disconnects the client through its API: with reconnect advice (3000) the client comes
 * back and recovers exactly what was published meanwhile; without (3500) it stays closed.
 */
@Timeout(60)
class ServerDisconnectIT {

    private Switchboard node;
    private TcpProxy proxy;
    private SwitchboardClient client;

    @BeforeEach
    void start() throws Exception {
        node = Nodes.start();
        proxy = new TcpProxy(node.port());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        proxy.close();
        Nodes.shutdown(node);
    }

    @ParameterizedTest
    @MethodSource("io.switchboard.client.ClientBasicsIT#codecs")
    void withReconnectAdviceTheClientComesBackAndRecoversExactlyWhatItMissed(ProtocolCodec codec) throws Exception {
        ClientEvents events = new ClientEvents();
        SubscriptionEvents sub = new SubscriptionEvents();
        client = new SwitchboardClient(Nodes.uri(proxy.port()),
                Nodes.fast(SimpleTokenVerifier.token("gina")).codec(codec).build());
        client.addListener(events);
        Subscription s = client.subscribe("chat:advised", SubscribeOptions.defaults(), sub);
        client.connect();
        s.whenSubscribed().get(10, TimeUnit.SECONDS);
        Nodes.publish(node, "chat:advised", "before", 2);
        await().until(() -> sub.publications.size() == 2);
        String firstClientId = client.connectionInfo().orElseThrow().client();

        proxy.hold(); // the client's next connection waits at the proxy until we have published
        Nodes.join(node.api().disconnect("gina", null, true));
        await().until(() -> events.disconnects.size() == 1);
        assertThat(client.state()).isEqualTo(ClientState.CONNECTING);
        Nodes.publish(node, "chat:advised", "meanwhile", 3);
        proxy.release();

        await().until(() -> sub.recoveries.size() == 1 && sub.publications.size() == 5);
        assertThat(events.disconnects.get(0)).satisfies(d -> {
            assertThat(d.code()).isEqualTo(DisconnectCode.SERVER_RECONNECT.code());
            assertThat(d.reconnect()).isTrue();
        });
        assertThat(sub.recoveries.get(0)).satisfies(r -> {
            assertThat(r.recovered()).isTrue();
            assertThat(r.publications()).isEqualTo(3);
            assertThat(r.epochChanged()).isFalse();
        });
        assertThat(sub.offsets()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(sub.texts()).containsExactly("{\"n\":\"before0\"}", "{\"n\":\"before1\"}",
                "{\"n\":\"meanwhile0\"}", "{\"n\":\"meanwhile1\"}", "{\"n\":\"meanwhile2\"}");
        assertThat(sub.ids()).doesNotHaveDuplicates();
        assertThat(sub.timeline).containsSubsequence("state:SUBSCRIBING", "state:SUBSCRIBED", "recovered:true",
                "pub:3", "pub:4", "pub:5");
        assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
        assertThat(client.connectionInfo().orElseThrow().client()).isNotEqualTo(firstClientId);

        Nodes.publish(node, "chat:advised", "after", 1); // live again, no gap
        await().until(() -> sub.publications.size() == 6);
        assertThat(sub.offsets()).endsWith(6L);
    }

    @Test
    void withoutReconnectAdviceTheClientIsClosedAndStaysAway() throws Exception {
        ClientEvents events = new ClientEvents();
        client = new SwitchboardClient(Nodes.uri(node), Nodes.fast(SimpleTokenVerifier.token("hank")).build());
        client.addListener(events);
        Subscription s = client.subscribe("chat:banned");
        client.connect().get(10, TimeUnit.SECONDS);
        s.whenSubscribed().get(10, TimeUnit.SECONDS);

        Nodes.join(node.api().disconnect("hank", null, false));

        await().until(() -> client.state() == ClientState.CLOSED);
        assertThat(events.disconnects).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(DisconnectCode.SERVER_FORCE.code());
            assertThat(d.reconnect()).isFalse();
        });
        assertThat(events.states).last().satisfies(st -> assertThat(st.code()).isEqualTo(3500));
        assertThat(s.state()).isEqualTo(SubscriptionState.UNSUBSCRIBED);
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> node.connectionCount() == 0); // well past the quick backoff: no attempt
        assertThatThrownBy(() -> client.connect().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(SwitchboardException.class);
    }
}
