package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.testing.RawWebSocket;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Subprotocols;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client that stops reading is cut off with the slow-consumer code; everyone else keeps getting everything. */
@Timeout(120)
class SlowConsumerIT {

    private static final int BATCH = 16;

    @Test
    void clientThatStopsReadingIsDisconnectedAndOthersReceiveEverythingInOrder() throws Exception {
        TransportOptions t = TestNode.transport(64 * 1024, Duration.ofSeconds(25), Duration.ofSeconds(60),
                256 * 1024, List.of(), Duration.ofSeconds(10));
        try (Switchboard node = TestNode.start(TestNode.options().withTransport(t));
             RawWebSocket stalled = RawWebSocket.connect(node.port(), token("sloth"), Subprotocols.JSON, 4096);
             TestClient healthy = TestClient.connect(node.port(), token("hare"), Codecs.JSON)) {
            stalled.sendText("{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"live:firehose\"}}");
            assertThat(healthy.call(new Command.Subscribe(1, "live:firehose", false, 0, null)).error()).isNull();
            String pad = "z".repeat(4 * 1024);
            int seq = 0;
            // Paced so the healthy reader never falls far behind; the stalled one piles up until cut off.
            while (node.connectionCount() == 2 && seq < 20_000) {
                for (int i = 0; i < BATCH; i++, seq++) {
                    node.api().publish("live:firehose", Payload.ofJson("{\"seq\":" + seq + ",\"pad\":\"" + pad + "\"}"));
                }
                for (int i = seq - BATCH; i < seq; i++) {
                    String expected = "{\"seq\":" + i + ",";
                    Push.PublicationPush p = healthy.awaitPush(Push.PublicationPush.class);
                    assertThat(p.publication().data().asString()).startsWith(expected);
                }
            }
            assertThat(node.connectionCount()).as("stalled client was cut off").isEqualTo(1);
            assertThat(seq).as("cut off well before 80 MB were queued for it").isLessThan(20_000);
            assertThat(stalled.closedByServer()).isTrue();
            assertThat(healthy.call(new Command.Ping(99)).error()).isNull();
        }
    }
}
