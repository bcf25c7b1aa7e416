package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Unicast, multicast and broadcast over real sockets, in both subprotocols. */
@Timeout(60)
class MessagingIT {

    static Switchboard node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Stream<ProtocolCodec> codecs() {
        return Stream.of(Codecs.JSON, Codecs.PROTOBUF);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void greetsWithConnectedPush(ProtocolCodec codec) {
        try (TestClient c = TestClient.connect(node.port(), token("alice"), codec)) {
            Push.Connected hello = c.awaitPush(Push.Connected.class);
            assertThat(hello.user()).isEqualTo("alice");
            assertThat(hello.node()).isEqualTo("test-node");
            assertThat(hello.heartbeat()).isEqualTo(25);
            assertThat(hello.client()).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void publicationReachesEverySubscriberInBothSubprotocols(ProtocolCodec publisherCodec) {
        try (TestClient json = TestClient.connect(node.port(), token("bob"), Codecs.JSON);
             TestClient proto = TestClient.connect(node.port(), token("carol"), Codecs.PROTOBUF);
             TestClient publisher = TestClient.connect(node.port(), token("alice"), publisherCodec)) {
            String channel = "chat:room-" + publisherCodec.binary();
            assertThat(json.call(new Command.Subscribe(json.nextId(), channel, false, 0, null)).error()).isNull();
            assertThat(proto.call(new Command.Subscribe(proto.nextId(), channel, false, 0, null)).error()).isNull();

            Reply published = publisher.call(new Command.Publish(publisher.nextId(), channel, Payload.ofJson("{\"text\":\"hi\"}")));
            assertThat(published.result()).isInstanceOf(Result.Publish.class);
            long offset = ((Result.Publish) published.result()).offset();
            assertThat(offset).isPositive();

            for (TestClient c : List.of(json, proto)) {
                Push.PublicationPush p = c.awaitPush(Push.PublicationPush.class);
                assertThat(p.channel()).isEqualTo(channel);
                assertThat(p.publication().data()).isEqualTo(Payload.ofJson("{\"text\":\"hi\"}"));
                assertThat(p.publication().offset()).isEqualTo(offset);
                assertThat(p.publication().info().user()).isEqualTo("alice");
                assertThat(p.publication().id()).isNotBlank();
            }
        }
    }

    @Test
    void sendReachesEveryConnectionOfTheUserOnly() {
        try (TestClient dave1 = TestClient.connect(node.port(), token("dave"), Codecs.JSON);
             TestClient dave2 = TestClient.connect(node.port(), token("dave"), Codecs.PROTOBUF);
             TestClient erin = TestClient.connect(node.port(), token("erin"), Codecs.JSON)) {
            erin.awaitPush(Push.Connected.class);
            Reply r = erin.call(new Command.Send(erin.nextId(), "dave", Payload.ofJson("\"psst\"")));
            assertThat(r.error()).isNull();
            for (TestClient d : List.of(dave1, dave2)) {
                Push.Message m = d.awaitPush(Push.Message.class);
                assertThat(m.data()).isEqualTo(Payload.ofJson("\"psst\""));
                assertThat(m.from()).isEqualTo("erin");
            }
            erin.call(new Command.Ping(erin.nextId()));
            assertThat(erin.drain()).noneMatch(f -> f.toString().contains("psst"));
        }
    }

    @Test
    void broadcastThroughServerApiReachesEveryone() {
        try (TestClient a = TestClient.connect(node.port(), token("frank"), Codecs.JSON);
             TestClient b = TestClient.connect(node.port(), token("gina"), Codecs.PROTOBUF)) {
            a.awaitPush(Push.Connected.class);
            b.awaitPush(Push.Connected.class);
            node.api().broadcast(Payload.ofJson("{\"notice\":\"maintenance\"}"), List.of()).toCompletableFuture().join();
            for (TestClient c : List.of(a, b)) {
                Push.Message m = c.awaitPush(Push.Message.class);
                assertThat(m.data().asString()).contains("maintenance");
                assertThat(m.from()).isNull();
            }
        }
    }

    @Test
    void jsonIsTheSubprotocolWhenTheClientAsksForNone() {
        java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + node.port() + "/ws");
        try (TestClient c = TestClient.connect(uri, token("nobody-asked"), null, java.util.Map.of())) {
            assertThat(c.webSocket().getSubprotocol()).isEmpty();
            assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("nobody-asked");
            assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
        }
    }

    @Test
    void channelBroadcastReachesSubscribersOnceAndNobodyElse() {
        try (TestClient both = TestClient.connect(node.port(), token("kim"), Codecs.JSON);
             TestClient one = TestClient.connect(node.port(), token("lee"), Codecs.PROTOBUF);
             TestClient none = TestClient.connect(node.port(), token("max"), Codecs.JSON)) {
            for (String ch : List.of("live:a", "live:b")) {
                assertThat(both.call(new Command.Subscribe(both.nextId(), ch, false, 0, null)).error()).isNull();
            }
            assertThat(one.call(new Command.Subscribe(one.nextId(), "live:b", false, 0, null)).error()).isNull();
            none.awaitPush(Push.Connected.class);
            node.api().broadcast(Payload.ofJson("\"to-channels\""), List.of("live:a", "live:b")).toCompletableFuture().join();
            node.api().broadcast(Payload.ofJson("\"marker\""), List.of()).toCompletableFuture().join();
            for (TestClient c : List.of(both, one)) {
                assertThat(c.awaitPush(Push.Message.class).data().asString()).isEqualTo("\"to-channels\"");
                assertThat(c.awaitPush(Push.Message.class).data().asString())
                        .as("the channel broadcast arrives once, then the marker").isEqualTo("\"marker\"");
            }
            assertThat(none.awaitPush(Push.Message.class).data().asString()).isEqualTo("\"marker\"");
        }
    }

    @Test
    void pingIsAnswered() {
        try (TestClient c = TestClient.connect(node.port(), token("hank"), Codecs.JSON)) {
            assertThat(c.call(new Command.Ping(c.nextId())).result()).isInstanceOf(Result.Empty.class);
        }
    }

    @Test
    void unknownNamespaceAndPermissionErrorsAreReplies() {
        try (TestClient c = TestClient.connect(node.port(), token("ivan"), Codecs.JSON)) {
            assertThat(c.call(new Command.Subscribe(c.nextId(), "nope:x", false, 0, null)).error().code())
                    .isEqualTo(ErrorCode.UNKNOWN_CHANNEL.code());
            assertThat(c.call(new Command.Subscribe(c.nextId(), "news:x", false, 0, null)).error().code())
                    .isEqualTo(ErrorCode.PERMISSION_DENIED.code());
            assertThat(c.call(new Command.Subscribe(c.nextId(), "user:#judy", false, 0, null)).error().code())
                    .isEqualTo(ErrorCode.PERMISSION_DENIED.code());
            assertThat(c.call(new Command.Subscribe(c.nextId(), "user:#ivan", false, 0, null)).error()).isNull();
            // still usable after the errors
            assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
        }
    }
}
