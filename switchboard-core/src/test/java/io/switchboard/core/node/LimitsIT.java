package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.StreamPosition;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.stream.Stream;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Per-connection limits on subscriptions and channel names, and channel syntax, over real sockets. */
@Timeout(60)
class LimitsIT {

    private static final int MAX_SUBSCRIPTIONS = 3;
    private static final int MAX_CHANNEL_LENGTH = 32;

    static Switchboard node;

    @BeforeAll
    static void start() {
        LimitOptions d = LimitOptions.defaults();
        node = TestNode.start(TestNode.options().withLimits(new LimitOptions(d.maxConnections(), d.maxConnectionsPerIp(),
                d.handshakeRatePerIp(), d.handshakeBurstPerIp(), MAX_SUBSCRIPTIONS, MAX_CHANNEL_LENGTH,
                d.commandRate(), d.commandBurst(), d.maxRejectedCommands())));
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
    void subscriptionsBeyondTheLimitAreRefusedWith106AndTheConnectionGoesOn(ProtocolCodec codec) {
        try (TestClient c = TestClient.connect(node.port(), token("subs-" + codec.binary()), codec)) {
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                assertThat(subscribe(c, "live:s" + i).error()).as("subscription %d", i).isNull();
            }
            Reply over = subscribe(c, "live:s-over");
            assertThat(over.error()).isNotNull();
            assertThat(over.error().code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED.code()).isEqualTo(106);
            assertThat(over.error().message()).contains(Integer.toString(MAX_SUBSCRIPTIONS));

            // the connection still works, and so do its subscriptions
            assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
            node.api().publish("live:s0", Payload.ofJson("\"still\"")).toCompletableFuture().join();
            assertThat(c.awaitPush(Push.PublicationPush.class).channel()).isEqualTo("live:s0");
            // nothing was delivered for the refused channel
            node.api().publish("live:s-over", Payload.ofJson("\"nope\"")).toCompletableFuture().join();
            node.api().publish("live:s1", Payload.ofJson("\"marker\"")).toCompletableFuture().join();
            assertThat(c.awaitPush(Push.PublicationPush.class).channel()).isEqualTo("live:s1");

            // freeing a slot makes room again
            assertThat(c.call(new Command.Unsubscribe(c.nextId(), "live:s2")).error()).isNull();
            assertThat(subscribe(c, "live:s-over").error()).isNull();
            assertThat(subscribe(c, "live:s-over-2").error().code()).isEqualTo(106);
        }
    }

    @Test
    void theLimitIsPerConnection() {
        try (TestClient a = TestClient.connect(node.port(), token("per-conn"), Codecs.JSON);
             TestClient b = TestClient.connect(node.port(), token("per-conn"), Codecs.JSON)) {
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                assertThat(subscribe(a, "live:pc" + i).error()).isNull();
            }
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                assertThat(subscribe(b, "live:pc" + i).error()).isNull();
            }
            assertThat(subscribe(a, "live:pc-x").error().code()).isEqualTo(106);
        }
    }

    @Test
    void channelNamesLongerThanTheLimitAre106() {
        String atLimit = "live:" + "x".repeat(MAX_CHANNEL_LENGTH - "live:".length());
        String tooLong = atLimit + "y";
        assertThat(atLimit).hasSize(MAX_CHANNEL_LENGTH);
        try (TestClient c = TestClient.connect(node.port(), token("longname"), Codecs.JSON)) {
            Reply refused = subscribe(c, tooLong);
            assertThat(refused.error()).isNotNull();
            assertThat(refused.error().code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED.code()).isEqualTo(106);

            Reply veryLong = subscribe(c, "live:" + "z".repeat(2_000));
            assertThat(veryLong.error().code()).isEqualTo(106);

            // the same limit for every command naming a channel
            assertThat(c.call(new Command.Publish(c.nextId(), tooLong, Payload.ofJson("1"))).error().code()).isEqualTo(106);
            assertThat(c.call(new Command.History(c.nextId(), "chat:" + "h".repeat(MAX_CHANNEL_LENGTH), 0, null))
                    .error().code()).isEqualTo(106);
            assertThat(c.call(new Command.Presence(c.nextId(), "chat:" + "p".repeat(MAX_CHANNEL_LENGTH)))
                    .error().code()).isEqualTo(106);

            assertThat(subscribe(c, atLimit).error()).isNull();
        }
    }

    static Stream<String> badChannels() {
        return Stream.of("nocolon", "live:", ":name", "live:has space", "live:tab\there", "live:caf\u00e9",
                "live:new\nline", "live:\u0000");
    }

    @ParameterizedTest
    @MethodSource("badChannels")
    void badChannelSyntaxIs107(String channel) {
        for (ProtocolCodec codec : List.of(Codecs.JSON, Codecs.PROTOBUF)) {
            try (TestClient c = TestClient.connect(node.port(), token("syntax"), codec)) {
                Reply r = subscribe(c, channel);
                assertThat(r.error()).as("%s via %s", channel, codec.subprotocol()).isNotNull();
                assertThat(r.error().code()).as("%s via %s", channel, codec.subprotocol())
                        .isEqualTo(ErrorCode.BAD_REQUEST.code()).isEqualTo(107);
                assertThat(c.call(new Command.Publish(c.nextId(), channel, Payload.ofJson("1"))).error().code())
                        .isEqualTo(107);
                assertThat(c.call(new Command.History(c.nextId(), channel, 0, StreamPosition.NONE)).error().code())
                        .isEqualTo(107);
                // still connected
                assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
            }
        }
    }

    private static Reply subscribe(TestClient c, String channel) {
        return c.call(new Command.Subscribe(c.nextId(), channel, false, 0, null));
    }
}
