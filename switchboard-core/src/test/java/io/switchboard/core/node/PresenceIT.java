package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Presence lists and join/leave pushes follow subscriptions and connections. */
@Timeout(60)
class PresenceIT {

    static Switchboard node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void joinLeaveAndPresenceFollowSubscriptionsAndDisconnects() {
        try (TestClient alice = TestClient.connect(node.port(), "user=alice;info={\"name\":\"Alice\"}", Codecs.JSON)) {
            assertThat(alice.call(new Command.Subscribe(alice.nextId(), "chat:lobby", false, 0, null)).error()).isNull();
            TestClient bob = TestClient.connect(node.port(), token("bob"), Codecs.PROTOBUF);
            assertThat(bob.call(new Command.Subscribe(bob.nextId(), "chat:lobby", false, 0, null)).error()).isNull();

            Push.Join join = alice.awaitPush(Push.Join.class, j -> j.info().user().equals("bob"));
            assertThat(join.channel()).isEqualTo("chat:lobby");

            Reply presence = bob.call(new Command.Presence(bob.nextId(), "chat:lobby"));
            assertThat(((Result.Presence) presence.result()).clients())
                    .extracting(ClientInfo::user).containsExactlyInAnyOrder("alice", "bob");
            assertThat(((Result.Presence) presence.result()).clients())
                    .filteredOn(ci -> ci.user().equals("alice"))
                    .singleElement().satisfies(ci -> assertThat(ci.info().asString()).contains("Alice"));

            assertThat(bob.call(new Command.Unsubscribe(bob.nextId(), "chat:lobby")).error()).isNull();
            assertThat(alice.awaitPush(Push.Leave.class, l -> l.info().user().equals("bob")).channel()).isEqualTo("chat:lobby");

            assertThat(bob.call(new Command.Subscribe(bob.nextId(), "chat:lobby", false, 0, null)).error()).isNull();
            alice.awaitPush(Push.Join.class, j -> j.info().user().equals("bob"));
            bob.close(); // connection gone: leave and presence removal follow
            alice.awaitPush(Push.Leave.class, l -> l.info().user().equals("bob"));
            await().untilAsserted(() -> assertThat(node.api().presence("chat:lobby").toCompletableFuture().join())
                    .extracting(ClientInfo::user).containsExactly("alice"));
        }
    }

    @Test
    void presenceIsRefusedWhereTheNamespaceHasItOffOrTheUserMayNotSubscribe() {
        try (TestClient c = TestClient.connect(node.port(), token("carl"), Codecs.JSON)) {
            assertThat(c.call(new Command.Presence(c.nextId(), "live:x")).error().code()).isEqualTo(ErrorCode.NOT_AVAILABLE.code());
            assertThat(c.call(new Command.Presence(c.nextId(), "user:#dora")).error().code()).isEqualTo(ErrorCode.PERMISSION_DENIED.code());
            assertThat(c.call(new Command.Unsubscribe(c.nextId(), "chat:never")).error().code()).isEqualTo(ErrorCode.NOT_SUBSCRIBED.code());
        }
    }
}
