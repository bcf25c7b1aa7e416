package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.protocol.DisconnectCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node restarts (graceful drain, then a new node on the same port). Its in-memory history is gone,
 * so the client comes back with {@code recovered:false} and a new epoch, and new publications flow.
 */
@Timeout(60)
class ServerRestartIT {

    private Switchboard node;
    private SwitchboardClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        Nodes.shutdown(node);
    }

    @Test
    void afterARestartTheClientReportsTheLossAndFollowsTheNewEpoch() throws Exception {
        node = Nodes.start();
        int port = node.port();
        ClientEvents events = new ClientEvents();
        SubscriptionEvents sub = new SubscriptionEvents();
        client = new SwitchboardClient(Nodes.uri(port), Nodes.fast(SimpleTokenVerifier.token("ivan")).build());
        client.addListener(events);
        Subscription s = client.subscribe("chat:restart", SubscribeOptions.defaults(), sub);
        client.connect();
        s.whenSubscribed().get(10, TimeUnit.SECONDS);
        Nodes.publish(node, "chat:restart", "old", 3);
        await().until(() -> sub.publications.size() == 3);
        String oldEpoch = s.position().epoch();

        node.shutdown().get(15, TimeUnit.SECONDS);
        await().until(() -> events.disconnects.size() == 1);
        node = Nodes.restartOn(port);

        await().until(() -> sub.recoveries.size() == 1);
        assertThat(events.disconnects.get(0)).satisfies(d -> {
            assertThat(d.code()).isEqualTo(DisconnectCode.GOING_AWAY.code());
            assertThat(d.reconnect()).isTrue();
        });
        RecoveredEvent r = sub.recoveries.get(0);
        assertThat(r.recovered()).isFalse();
        assertThat(r.epochChanged()).isTrue();
        assertThat(r.position().epoch()).isNotEqualTo(oldEpoch);
        assertThat(s.state()).isEqualTo(SubscriptionState.SUBSCRIBED);

        Nodes.publish(node, "chat:restart", "new", 2);
        await().until(() -> sub.publications.size() == 5);
        assertThat(sub.offsets()).containsExactly(1L, 2L, 3L, 1L, 2L); // the new epoch starts over
        assertThat(sub.texts()).endsWith("{\"n\":\"new0\"}", "{\"n\":\"new1\"}");
        assertThat(sub.ids()).doesNotHaveDuplicates();
        assertThat(s.position().epoch()).isEqualTo(r.position().epoch());
        assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    }
}
