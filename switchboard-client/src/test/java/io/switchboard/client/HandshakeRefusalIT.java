package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.DisconnectCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the client does with a refused handshake and with the server's reconnect advice: Retry-After
 * and the drain's advised delay win over the backoff schedule; 403 and 400 end the client; so does 401
 * when there is no token supplier to ask.
 */
@Timeout(60)
class HandshakeRefusalIT {

    private static SwitchboardClient client(int port, ClientOptions options) {
        return new SwitchboardClient(Nodes.uri(port), options);
    }

    @Test
    void retryAfterOfA503WinsOverTheBackoffSchedule() throws Exception {
        RecordingDelay delays = RecordingDelay.fast();
        try (RefusingServer server = new RefusingServer(503, "Service Unavailable", "Retry-After: 1\r\n");
             SwitchboardClient c = client(server.port(), Nodes.fast("user=kim").reconnectDelay(delays).build())) {
            ClientEvents events = new ClientEvents();
            c.addListener(events);
            c.connect();

            // The server seeing a second request does not mean the client has handled its refusal yet.
            await().untilAsserted(() -> assertThat(delays.calls).startsWith("advised:1000", "advised:1000"));
            assertThat(c.state()).isEqualTo(ClientState.CONNECTING);
            assertThat(events.errors).first().satisfies(e -> {
                assertThat(e.clientCode()).contains(ClientErrorCode.CONNECT_FAILED);
                assertThat(e.getMessage()).contains("503");
            });
        }
    }

    @Test
    void aTooManyRequestsRefusalIsRetriedAfterItsRetryAfter() throws Exception {
        RecordingDelay delays = RecordingDelay.fast();
        try (RefusingServer server = new RefusingServer(429, "Too Many Requests", "Retry-After: 1\r\n");
             SwitchboardClient c = client(server.port(), Nodes.fast("user=kim").reconnectDelay(delays).build())) {
            c.connect();
            await().until(() -> !delays.calls.isEmpty());
            assertThat(delays.calls.get(0)).isEqualTo("advised:1000");
        }
    }

    @Test
    void forbiddenIsFinal() throws Exception {
        try (RefusingServer server = new RefusingServer(403, "Forbidden", "");
             SwitchboardClient c = client(server.port(), Nodes.fast("user=kim").build())) {
            ClientEvents events = new ClientEvents();
            c.addListener(events);
            assertThatThrownBy(() -> c.connect().get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SwitchboardException.class);
            assertThat(c.state()).isEqualTo(ClientState.CLOSED);
            await().until(() -> !events.states.isEmpty() && events.states.get(events.states.size() - 1).code() == 403);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void unauthorizedWithoutATokenSupplierIsFinal() throws Exception {
        Switchboard node = Nodes.start();
        try (SwitchboardClient c = client(node.port(), Nodes.fast("not-a-valid-token").build())) {
            assertThatThrownBy(() -> c.connect().get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SwitchboardException.class);
            assertThat(c.state()).isEqualTo(ClientState.CLOSED);
        } finally {
            Nodes.shutdown(node);
        }
    }

    @Test
    void theDelayAdvisedByADrainingNodeWinsOverTheBackoffSchedule() throws Exception {
        Switchboard node = Nodes.start();
        int port = node.port();
        RecordingDelay delays = RecordingDelay.fast();
        ClientEvents events = new ClientEvents();
        try (SwitchboardClient c = client(port, Nodes.fast(SimpleTokenVerifier.token("lena")).reconnectDelay(delays).build())) {
            c.addListener(events);
            c.connect().get(10, TimeUnit.SECONDS);

            node.shutdown().get(15, TimeUnit.SECONDS);
            await().until(() -> !delays.calls.isEmpty());
            assertThat(events.disconnects).singleElement()
                    .satisfies(d -> assertThat(d.code()).isEqualTo(DisconnectCode.GOING_AWAY.code()));
            assertThat(delays.calls.get(0)).startsWith("advised:");
            assertThat(delays.advised.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(2_500));

            node = Nodes.restartOn(port); // and it comes back
            c.connect().get(15, TimeUnit.SECONDS);
            await().until(() -> c.state() == ClientState.CONNECTED);
        } finally {
            Nodes.shutdown(node);
        }
    }
}
