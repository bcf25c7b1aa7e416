package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.core.testing.RawWebSocket;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Subprotocols;
import io.switchboard.protocol.codec.Codecs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both ways a fan-out leaves a node: sent at once when nothing is queued behind it, or held and sent
 * with one writev per connection when fan-outs queue up. A subscriber that reads late makes those
 * sends partial (it reads nothing while 5 MiB are published; the server's send buffer holds at most
 * 4 MiB here), so the rest of a frame goes to Netty's buffer and later frames must line up behind
 * it, also once the reader drains the socket again: it must get every publication whole and in
 * order. Runs on epoll (direct sends) and on NIO (no socket access: Netty's write path only).
 */
@Timeout(120)
class FanOutSendIT {

    private static final int PUBLICATIONS = 320;
    /**
     * The first half is large (it backs the late reader's socket up; held frames spill to Netty as
     * views); the second half small (published while Netty still holds bytes: held frames spill
     * copied into one buffer).
     */
    private static final String PAD = "z".repeat(32 * 1024);
    private static final String SMALL_PAD = "s".repeat(64);

    @ParameterizedTest(name = "native transport: {0}")
    @ValueSource(booleans = {true, false})
    void sentAtOnceALateReaderGetsEveryPublicationWholeAndInOrder(boolean nativeTransport) throws Exception {
        runWithALateReader(nativeTransport, FanOutSendIT::publishOneAtATime);
    }

    @ParameterizedTest(name = "native transport: {0}")
    @ValueSource(booleans = {true, false})
    void heldAndBatchedALateReaderGetsEveryPublicationWholeAndInOrder(boolean nativeTransport) throws Exception {
        runWithALateReader(nativeTransport, FanOutSendIT::publishInBursts);
    }

    /**
     * A reply that Netty still holds (a history reply larger than the socket takes) must leave whole
     * before the deliveries sent at once after it: the direct path may pass Netty's buffer by only
     * while that is empty, also when the reply was the last thing written.
     */
    @ParameterizedTest(name = "native transport: {0}")
    @ValueSource(booleans = {true, false})
    void aReplyNettyStillHoldsLeavesWholeBeforeDeliveriesSentAtOnce(boolean nativeTransport) throws Exception {
        int history = 100;
        String big = "h".repeat(60 * 1024);
        try (Switchboard node = startNode(nativeTransport);
             RawWebSocket late = RawWebSocket.connect(node.port(), token("late"), Subprotocols.JSON, 4096);
             TestClient pacer = TestClient.connect(node.port(), token("pacer"), Codecs.JSON)) {
            for (int i = 0; i < history; i++) {
                node.api().publish("chat:archive", Payload.ofJson("\"" + big + "\"")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            late.sendText("{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"live:wide\"}}");
            while (!late.readUntil(RawWebSocket.OP_TEXT).text().startsWith("{\"id\":1,")) {
                // the connected push comes first
            }
            assertThat(pacer.call(new Command.Subscribe(pacer.nextId(), "live:wide", false, 0, null)).error()).isNull();
            // A first delivery sent at once, so that the node has seen Netty's buffer empty before the reply.
            publishOneAtATime(node, null, pacer, 0, 1);
            assertThat(late.readUntil(RawWebSocket.OP_TEXT).text()).contains("\"data\":" + data(0));

            // ~6 MiB in one reply: the kernel takes at most ~4 MiB, Netty holds the rest.
            late.sendText("{\"id\":2,\"method\":\"history\",\"params\":{\"channel\":\"chat:archive\",\"limit\":" + history + "}}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> late.available() > 0);

            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> readTexts(late, PUBLICATIONS));
            publishOneAtATime(node, null, pacer, 1, PUBLICATIONS);

            List<String> frames = received.get(60, TimeUnit.SECONDS);
            assertThat(frames.get(0)).startsWith("{\"id\":2,").contains("\"offset\":" + history);
            assertThat(frames.get(0).length()).isGreaterThan(history * big.length());
            for (int seq = 1; seq < PUBLICATIONS; seq++) {
                assertThat(frames.get(seq)).as("publication %d", seq).contains("\"data\":" + data(seq));
            }
            assertThat(node.connectionCount()).as("nobody was cut off").isEqualTo(2);
        }
    }

    private interface Publisher {
        void publish(Switchboard node, RawWebSocket publisher, TestClient pacer, int from, int to) throws IOException;
    }

    /** A node on one event loop whose limits let the tests publish as fast as they like. */
    private static Switchboard startNode(boolean nativeTransport) throws Exception {
        TransportOptions d = TestNode.transport(64 * 1024, Duration.ofSeconds(25), Duration.ofSeconds(60),
                64L * 1024 * 1024, List.of(), Duration.ofSeconds(10));
        TransportOptions t = new TransportOptions(d.host(), d.port(), d.maxMessageSize(), d.handshakeTimeout(),
                d.heartbeatInterval(), d.idleTimeout(), d.writeBufferLow(), d.writeBufferHigh(), d.maxOutboundBytes(),
                d.allowedOrigins(), 1, nativeTransport);
        LimitOptions l = LimitOptions.defaults();
        LimitOptions unlimited = new LimitOptions(l.maxConnections(), l.maxConnectionsPerIp(), l.handshakeRatePerIp(),
                l.handshakeBurstPerIp(), l.maxSubscriptions(), l.maxChannelLength(), 1e6, 1_000_000, l.maxRejectedCommands());
        return TestNode.start(TestNode.options().withTransport(t).withLimits(unlimited));
    }

    private static void runWithALateReader(boolean nativeTransport, Publisher publish) throws Exception {
        try (Switchboard node = startNode(nativeTransport);
             RawWebSocket publisher = RawWebSocket.connect(node.port(), token("publisher"), Subprotocols.JSON, 0);
             RawWebSocket late = RawWebSocket.connect(node.port(), token("late"), Subprotocols.JSON, 4096);
             TestClient pacer = TestClient.connect(node.port(), token("pacer"), Codecs.JSON)) {
            late.sendText("{\"id\":1,\"method\":\"subscribe\",\"params\":{\"channel\":\"live:wide\"}}");
            while (!late.readUntil(RawWebSocket.OP_TEXT).text().startsWith("{\"id\":1,")) {
                // the connected push comes first
            }
            assertThat(pacer.call(new Command.Subscribe(pacer.nextId(), "live:wide", false, 0, null)).error()).isNull();

            publish.publish(node, publisher, pacer, 0, PUBLICATIONS / 2); // the late reader reads nothing yet: its socket backs up
            // Now it reads while the rest is published: the kernel takes bytes again while Netty still
            // holds earlier ones, and a send from the node must not jump ahead of them.
            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> readTexts(late, PUBLICATIONS));
            publish.publish(node, publisher, pacer, PUBLICATIONS / 2, PUBLICATIONS);

            List<String> frames = received.get(60, TimeUnit.SECONDS);
            for (int seq = 0; seq < PUBLICATIONS; seq++) {
                assertThat(frames.get(seq)).as("publication %d", seq).contains("\"data\":" + data(seq));
            }
            assertThat(node.connectionCount()).as("nobody was cut off").isEqualTo(3);
        }
    }

    /**
     * Publishes in bursts of 20 publish commands sent in one write: the node reads them in one go and
     * queues 20 fan-outs on the loop before running the first, so their deliveries are held and sent
     * in batches. Then waits for the pacer to have the whole burst.
     */
    private static void publishInBursts(Switchboard node, RawWebSocket publisher, TestClient pacer, int from, int to)
            throws IOException {
        for (int start = from; start < to; start += 20) {
            int end = Math.min(to, start + 20);
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int seq = start; seq < end; seq++) {
                String command = "{\"id\":" + (seq + 2) + ",\"method\":\"publish\",\"params\":{\"channel\":\"live:wide\",\"data\":"
                        + data(seq) + "}}";
                burst.writeBytes(RawWebSocket.frame(RawWebSocket.OP_TEXT, command.getBytes(StandardCharsets.UTF_8), true));
            }
            publisher.sendRaw(burst.toByteArray());
            for (int seq = start; seq < end; seq++) {
                assertThat(pacer.awaitPush(Push.PublicationPush.class).publication().data().asString()).isEqualTo(data(seq));
            }
        }
    }

    /**
     * Publishes {@code from} to {@code to}, one at a time: waiting for each keeps the next fan-out from
     * queuing behind it, so every delivery to the late reader takes the direct path (where there is one).
     */
    private static void publishOneAtATime(Switchboard node, RawWebSocket publisher, TestClient pacer, int from, int to) {
        for (int seq = from; seq < to; seq++) {
            node.api().publish("live:wide", Payload.ofJson(data(seq)));
            Push.PublicationPush p = pacer.awaitPush(Push.PublicationPush.class);
            assertThat(p.publication().data().asString()).isEqualTo(data(seq));
        }
    }

    private static List<String> readTexts(RawWebSocket ws, int count) {
        List<String> texts = new ArrayList<>();
        try {
            while (texts.size() < count) {
                texts.add(ws.readUntil(RawWebSocket.OP_TEXT).text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("after " + texts.size() + " frames", e);
        }
        return texts;
    }

    private static String data(int seq) {
        return "{\"seq\":" + seq + ",\"pad\":\"" + (seq < PUBLICATIONS / 2 ? PAD : SMALL_PAD) + "\"}";
    }
}
