package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.StreamPosition;
import io.switchboard.protocol.UnsubscribeCode;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.switchboard.client.Nodes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client against a real node, without faults: states, subscriptions, calls, errors, both wire formats. */
@Timeout(60)
class ClientBasicsIT {

    static Switchboard node;
    private final List<SwitchboardClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = Nodes.start();
    }

    @AfterAll
    static void stopNode() {
        Nodes.shutdown(node);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SwitchboardClient::close);
    }

    static Stream<ProtocolCodec> codecs() {
        return Stream.of(Codecs.JSON, Codecs.PROTOBUF);
    }

    private SwitchboardClient client(String user, ProtocolCodec codec) {
        SwitchboardClient c = new SwitchboardClient(Nodes.uri(node),
                Nodes.fast(SimpleTokenVerifier.token(user)).codec(codec).build());
        clients.add(c);
        return c;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void connectsAndReportsEveryStateChange(ProtocolCodec codec) throws Exception {
        SwitchboardClient c = client("alice", codec);
        ClientEvents events = new ClientEvents();
        c.addListener(events);
        assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);

        get(c.connect());

        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
        assertThat(c.connectionInfo()).get().extracting(ConnectedEvent::user).isEqualTo("alice");
        await().until(() -> events.connects.size() == 1);
        assertThat(events.stateSequence()).containsExactly(ClientState.CONNECTING, ClientState.CONNECTED);
        assertThat(events.connects.get(0).node()).isEqualTo("test-node");
        assertThat(events.connects.get(0).expires()).isZero();
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void subscriberReceivesPublicationsWithChannelDataOffsetIdAndPublisher(ProtocolCodec codec) throws Exception {
        SwitchboardClient c = client("alice", codec);
        SubscriptionEvents events = new SubscriptionEvents();
        Subscription sub = c.subscribe("chat:basics-" + codec.binary(), SubscribeOptions.defaults(), events);
        c.connect();
        get(sub.whenSubscribed());
        assertThat(sub.state()).isEqualTo(SubscriptionState.SUBSCRIBED);

        List<StreamPosition> positions = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            positions.add(get(c.publish(sub.channel(), "{\"text\":\"hi " + i + "\"}")));
        }

        await().until(() -> events.publications.size() == 3);
        assertThat(positions).extracting(StreamPosition::offset).containsExactly(1L, 2L, 3L);
        assertThat(events.offsets()).containsExactly(1L, 2L, 3L);
        assertThat(events.texts()).containsExactly("{\"text\":\"hi 1\"}", "{\"text\":\"hi 2\"}", "{\"text\":\"hi 3\"}");
        ChannelPublication first = events.publications.get(0);
        assertThat(first.channel()).isEqualTo(sub.channel());
        assertThat(first.id()).isNotBlank();
        assertThat(first.info().user()).isEqualTo("alice");
        assertThat(sub.position()).isEqualTo(new StreamPosition(3, positions.get(2).epoch()));
        assertThat(events.recoveries).as("a first subscribe is not a recovery").isEmpty();
    }

    @Test
    void sendReachesEveryConnectionOfTheUserAsAMessage() throws Exception {
        SwitchboardClient alice = client("alice", Codecs.JSON);
        SwitchboardClient bob = client("bob", Codecs.PROTOBUF);
        ClientEvents bobEvents = new ClientEvents();
        bob.addListener(bobEvents);
        get(alice.connect());
        get(bob.connect());

        get(alice.send("bob", "{\"ping\":true}"));
        Nodes.join(node.api().send("bob", json("{\"from\":\"server\"}")));

        await().until(() -> bobEvents.messages.size() == 2);
        assertThat(bobEvents.messages.get(0).from()).isEqualTo("alice");
        assertThat(bobEvents.messages.get(0).data().asString()).isEqualTo("{\"ping\":true}");
        assertThat(bobEvents.messages.get(1).from()).isNull();
    }

    @Test
    void presenceAndHistoryAndJoinEvents() throws Exception {
        SwitchboardClient alice = client("alice", Codecs.JSON);
        SwitchboardClient bob = client("bob", Codecs.JSON);
        SubscriptionEvents aliceEvents = new SubscriptionEvents();
        Subscription a = alice.subscribe("chat:presence", SubscribeOptions.defaults(), aliceEvents);
        alice.connect();
        get(a.whenSubscribed());
        Subscription b = bob.subscribe("chat:presence");
        bob.connect();
        get(b.whenSubscribed());
        Nodes.publish(node, "chat:presence", "m", 4);

        List<ClientInfo> present = get(alice.presence("chat:presence"));
        HistoryResult latest = get(alice.history("chat:presence", HistoryOptions.latest(2)));
        HistoryResult since = get(alice.history("chat:presence", HistoryOptions.since(new StreamPosition(1, latest.position().epoch()))));

        assertThat(present).extracting(ClientInfo::user).containsExactlyInAnyOrder("alice", "bob");
        assertThat(latest.publications()).extracting(ChannelPublication::offset).containsExactly(3L, 4L);
        assertThat(latest.publications()).allSatisfy(p -> assertThat(p.channel()).isEqualTo("chat:presence"));
        assertThat(latest.position().offset()).isEqualTo(4);
        assertThat(since.publications()).extracting(ChannelPublication::offset).containsExactly(2L, 3L, 4L);
        await().until(() -> aliceEvents.joins.stream().anyMatch(j -> j.client().user().equals("bob")));
    }

    @Test
    void errorRepliesFailTheCallWithTheServersCode() throws Exception {
        SwitchboardClient c = client("alice", Codecs.JSON);
        get(c.connect());

        assertThatThrownBy(() -> get(c.publish("news:secret", "1")))
                .hasCauseInstanceOf(SwitchboardException.class)
                .satisfies(e -> {
                    SwitchboardException se = (SwitchboardException) e.getCause();
                    assertThat(se.code()).isEqualTo(ErrorCode.PERMISSION_DENIED.code());
                    assertThat(se.temporary()).isFalse();
                    assertThat(se.serverCode()).contains(ErrorCode.PERMISSION_DENIED);
                });
        assertThatThrownBy(() -> get(c.presence("live:x")))
                .cause().extracting(e -> ((SwitchboardException) e).code()).isEqualTo(ErrorCode.NOT_AVAILABLE.code());
        assertThatThrownBy(() -> get(c.history("nope:x", HistoryOptions.all())))
                .cause().extracting(e -> ((SwitchboardException) e).code()).isEqualTo(ErrorCode.UNKNOWN_CHANNEL.code());
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void aSubscriptionThePermissionsForbidEndsWithTheErrorAndIsNotRetried() throws Exception {
        SwitchboardClient c = client("alice", Codecs.JSON);
        SubscriptionEvents events = new SubscriptionEvents();
        Subscription sub = c.subscribe("news:sports", SubscribeOptions.defaults(), events);
        c.connect();

        assertThatThrownBy(() -> get(sub.whenSubscribed()))
                .cause().extracting(e -> ((SwitchboardException) e).code()).isEqualTo(ErrorCode.PERMISSION_DENIED.code());
        assertThat(sub.state()).isEqualTo(SubscriptionState.UNSUBSCRIBED);
        assertThat(c.subscription("news:sports")).isEmpty();
        await().until(() -> events.errors.size() == 1);
    }

    @Test
    void badArgumentsFailTheCallLocallyAndTheConnectionSurvives() throws Exception {
        SwitchboardClient c = client("alice", Codecs.JSON);
        get(c.connect());
        String big = "\"" + "x".repeat(ClientOptions.DEFAULT_MAX_MESSAGE_SIZE) + "\"";

        assertThatThrownBy(() -> get(c.publish("chat:bad", "{not json")))
                .cause().extracting(e -> ((SwitchboardException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST.code());
        assertThatThrownBy(() -> get(c.publish("chat:bad", big)))
                .cause().extracting(e -> ((SwitchboardException) e).code())
                .isEqualTo(ClientErrorCode.MESSAGE_TOO_LARGE.code());

        assertThat(get(c.publish("chat:bad", "{\"ok\":true}")).offset()).isEqualTo(1);
        assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
    }

    @Test
    void serverSideUnsubscribeEndsTheSubscriptionForGood() throws Exception {
        SwitchboardClient c = client("carol", Codecs.JSON);
        SubscriptionEvents ended = new SubscriptionEvents();
        SubscriptionEvents other = new SubscriptionEvents();
        Subscription gone = c.subscribe("chat:kicked", SubscribeOptions.defaults(), ended);
        Subscription stays = c.subscribe("chat:stays", SubscribeOptions.defaults(), other);
        c.connect();
        get(gone.whenSubscribed());
        get(stays.whenSubscribed());

        Nodes.join(node.api().unsubscribe("carol", "chat:kicked"));
        await().until(() -> gone.state() == SubscriptionState.UNSUBSCRIBED);
        Nodes.publish(node, "chat:kicked", "after", 1);
        Nodes.publish(node, "chat:stays", "barrier", 1); // same connection, so it arrives after the other

        await().until(() -> other.publications.size() == 1);
        assertThat(ended.publications).isEmpty();
        assertThat(ended.states).last().satisfies(s -> {
            assertThat(s.current()).isEqualTo(SubscriptionState.UNSUBSCRIBED);
            assertThat(s.code()).isEqualTo(UnsubscribeCode.SERVER.code());
        });
        assertThat(c.subscription("chat:kicked")).isEmpty();
        assertThat(c.subscription("chat:stays")).contains(stays);
    }

    @Test
    void unsubscribeStopsEventsAndTheChannelCanBeSubscribedAgain() throws Exception {
        SwitchboardClient c = client("dave", Codecs.JSON);
        SubscriptionEvents first = new SubscriptionEvents();
        Subscription sub = c.subscribe("chat:again", SubscribeOptions.defaults(), first);
        c.connect();
        get(sub.whenSubscribed());

        get(sub.unsubscribe());
        SubscriptionEvents second = new SubscriptionEvents();
        Subscription again = c.subscribe("chat:again", SubscribeOptions.defaults(), second);
        get(again.whenSubscribed());
        Nodes.publish(node, "chat:again", "x", 2);

        await().until(() -> second.publications.size() == 2);
        assertThat(first.publications).isEmpty();
        assertThat(sub.state()).isEqualTo(SubscriptionState.UNSUBSCRIBED);
        assertThatThrownBy(() -> c.subscribe("chat:again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void disconnectThenConnectRecoversWhatWasPublishedMeanwhile() throws Exception {
        SwitchboardClient c = client("erin", Codecs.JSON);
        ClientEvents clientEvents = new ClientEvents();
        c.addListener(clientEvents);
        SubscriptionEvents events = new SubscriptionEvents();
        Subscription sub = c.subscribe("chat:pause", SubscribeOptions.defaults(), events);
        get(c.connect());
        get(sub.whenSubscribed());
        Nodes.publish(node, "chat:pause", "a", 2);
        await().until(() -> events.publications.size() == 2);

        get(c.disconnect());
        assertThat(c.state()).isEqualTo(ClientState.DISCONNECTED);
        Nodes.publish(node, "chat:pause", "b", 3);
        get(c.connect());

        await().until(() -> events.publications.size() == 5);
        assertThat(events.offsets()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events.recoveries).singleElement().satisfies(r -> {
            assertThat(r.recovered()).isTrue();
            assertThat(r.publications()).isEqualTo(3);
            assertThat(r.epochChanged()).isFalse();
        });
        assertThat(clientEvents.disconnects).singleElement().satisfies(d -> assertThat(d.reconnect()).isFalse());
    }

    @Test
    void closeIsFinal() throws Exception {
        SwitchboardClient c = client("frank", Codecs.JSON);
        Subscription sub = c.subscribe("chat:closing");
        get(c.connect());
        get(sub.whenSubscribed());

        c.close();

        assertThat(c.state()).isEqualTo(ClientState.CLOSED);
        assertThat(sub.state()).isEqualTo(SubscriptionState.UNSUBSCRIBED);
        assertThatThrownBy(() -> get(c.publish("chat:closing", "1")))
                .cause().extracting(e -> ((SwitchboardException) e).code()).isEqualTo(ClientErrorCode.CLIENT_CLOSED.code());
        assertThatThrownBy(() -> get(c.connect())).cause().isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> c.subscribe("chat:other")).isInstanceOf(IllegalStateException.class);
        c.close(); // idempotent
    }
}
