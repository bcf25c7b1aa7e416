package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.StreamPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Calls made while not connected: queued (bounded, with the request timeout) and sent on connect, or failed fast. */
@Timeout(60)
class OfflineQueueIT {

    static Switchboard node;

    @BeforeAll
    static void start() {
        node = Nodes.start();
    }

    @AfterAll
    static void stop() {
        Nodes.shutdown(node);
    }

    private static int code(Throwable e) {
        return ((SwitchboardException) e.getCause()).code();
    }

    @Test
    void callsMadeBeforeConnectingAreSentOnConnectInOrder() throws Exception {
        try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(node), Nodes.fast(SimpleTokenVerifier.token("rita")).build())) {
            CompletableFuture<StreamPosition> first = c.publish("chat:queued", "{\"n\":1}");
            CompletableFuture<StreamPosition> second = c.publish("chat:queued", "{\"n\":2}");
            assertThat(first).isNotDone();

            c.connect();

            assertThat(first.get(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
            assertThat(second.get(10, TimeUnit.SECONDS).offset()).isEqualTo(2);
            HistoryResult history = Nodes.join(c.history("chat:queued", HistoryOptions.all()));
            assertThat(history.publications()).extracting(p -> p.data().asString())
                    .containsExactly("{\"n\":1}", "{\"n\":2}");
        }
    }

    @Test
    void callsMadeWhileReconnectingAreDeliveredAfterTheReconnect() throws Exception {
        try (TcpProxy proxy = new TcpProxy(node.port());
             SwitchboardClient c = new SwitchboardClient(Nodes.uri(proxy.port()), Nodes.fast(SimpleTokenVerifier.token("sam")).build())) {
            ClientEvents events = new ClientEvents();
            c.addListener(events);
            c.connect().get(10, TimeUnit.SECONDS);

            proxy.hold();
            proxy.cut();
            await().until(() -> events.disconnects.size() == 1);
            CompletableFuture<StreamPosition> queued = c.publish("chat:reconnecting", "{\"q\":1}");
            CompletableFuture<Void> sent = c.send("sam", "{\"q\":2}");
            assertThat(c.state()).isEqualTo(ClientState.CONNECTING);
            proxy.release();

            assertThat(queued.get(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
            sent.get(10, TimeUnit.SECONDS);
            await().until(() -> events.messages.size() == 1); // sent to itself, after the reconnect
            assertThat(events.connects).hasSize(2);
        }
    }

    @Test
    void withFailFastCallsWhileDisconnectedFailAtOnce() throws Exception {
        ClientOptions options = Nodes.fast(SimpleTokenVerifier.token("tom")).offlineQueue(false).build();
        try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(node), options)) {
            CompletableFuture<StreamPosition> call = c.publish("chat:failfast", "1");

            assertThatThrownBy(() -> call.get(2, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ClientErrorCode.NOT_CONNECTED.code()));

            c.connect().get(10, TimeUnit.SECONDS);
            assertThat(c.publish("chat:failfast", "2").get(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
        }
    }

    @Test
    void theQueueIsBounded() throws Exception {
        ClientOptions options = Nodes.fast(SimpleTokenVerifier.token("uma")).offlineQueueSize(2).build();
        try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(node), options)) {
            CompletableFuture<StreamPosition> a = c.publish("chat:bounded", "1");
            CompletableFuture<StreamPosition> b = c.publish("chat:bounded", "2");
            CompletableFuture<StreamPosition> overflow = c.publish("chat:bounded", "3");

            assertThatThrownBy(() -> overflow.get(2, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ClientErrorCode.QUEUE_FULL.code()));
            c.connect();
            assertThat(a.get(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
            assertThat(b.get(10, TimeUnit.SECONDS).offset()).isEqualTo(2);
        }
    }

    @Test
    void aQueuedCallThatTimesOutIsNeverSent() throws Exception {
        ClientOptions options = Nodes.fast(SimpleTokenVerifier.token("vera")).requestTimeout(Duration.ofMillis(300)).build();
        try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(node), options)) {
            CompletableFuture<StreamPosition> call = c.publish("chat:expired", "1");
            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ClientErrorCode.TIMEOUT.code()));

            c.connect().get(10, TimeUnit.SECONDS);
            // Commands are handled in order: had the expired call gone out, this one would be offset 2.
            assertThat(c.publish("chat:expired", "2").get(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
        }
    }
}
