package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.engine.PresenceStore;
import io.switchboard.core.engine.memory.InMemoryPresenceStore;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The subscribe reply waits for presence to be stored, so a client holding its reply finds itself in
 * presence; the unsubscribe reply waits for its removal. A presence store that answers late (as a
 * remote one does) makes the order observable.
 */
@Timeout(60)
class PresenceBeforeReplyIT {

    private final HeldPresenceStore store = new HeldPresenceStore();
    private Switchboard node;

    @BeforeEach
    void start() {
        node = Switchboard.builder().options(TestNode.options()).presenceStore(store)
                .tokenVerifier(new SimpleTokenVerifier()).build().start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void subscribeReplyWaitsUntilPresenceIsStored() {
        try (TestClient bob = TestClient.connect(node.port(), token("bob"), Codecs.JSON)) {
            store.hold = true;
            long subscribe = bob.nextId();
            bob.send(new Command.Subscribe(subscribe, "chat:room", false, 0, null));
            await().until(() -> store.held.size() == 1);
            // Replies on one connection are written in order: had the subscribe reply gone out, it came first.
            assertThat(bob.call(new Command.Ping(bob.nextId())).error()).isNull();
            assertThat(bob.drain()).noneMatch(f -> f instanceof ServerFrame.ReplyFrame r && r.reply().id() == subscribe);

            store.release();
            assertThat(bob.awaitReply(subscribe).error()).isNull();
            assertThat(presence("chat:room")).containsExactly("bob");
        }
    }

    @Test
    void unsubscribeWhilePresenceIsStoredEndsTheSubscribeWithoutJoinOrLeave() {
        try (TestClient alice = TestClient.connect(node.port(), token("alice"), Codecs.JSON);
             TestClient bob = TestClient.connect(node.port(), token("bob"), Codecs.PROTOBUF)) {
            assertThat(alice.call(new Command.Subscribe(alice.nextId(), "chat:room", false, 0, null)).error()).isNull();
            store.hold = true;
            long subscribe = bob.nextId();
            bob.send(new Command.Subscribe(subscribe, "chat:room", false, 0, null));
            await().until(() -> store.held.size() == 1);
            long unsubscribe = bob.nextId();
            bob.send(new Command.Unsubscribe(unsubscribe, "chat:room")); // its presence removal queues behind the add

            store.release();
            Reply reply = bob.awaitReply(subscribe);
            assertThat(reply.error().code()).isEqualTo(ErrorCode.NOT_SUBSCRIBED.code());
            assertThat(bob.awaitReply(unsubscribe).error()).isNull();
            await().untilAsserted(() -> assertThat(presence("chat:room")).containsExactly("alice"));

            // A later, completed subscribe is announced; nothing about the abandoned one came before it.
            assertThat(bob.call(new Command.Subscribe(bob.nextId(), "chat:room", false, 0, null)).error()).isNull();
            alice.awaitPush(Push.Join.class, j -> j.info().user().equals("bob"));
            assertThat(alice.drain()).noneMatch(f -> f instanceof ServerFrame.PushFrame p
                    && (p.push() instanceof Push.Join j && j.info().user().equals("bob")
                    || p.push() instanceof Push.Leave l && l.info().user().equals("bob")));
        }
    }

    @Test
    void aPresenceStoreFailureFailsTheSubscribeAndLeavesNoSubscription() {
        try (TestClient bob = TestClient.connect(node.port(), token("bob"), Codecs.JSON)) {
            store.failNext = true;
            Reply failed = bob.call(new Command.Subscribe(bob.nextId(), "chat:room", false, 0, null));
            assertThat(failed.error().code()).isEqualTo(ErrorCode.INTERNAL.code());
            assertThat(presence("chat:room")).isEmpty();

            // Not half-subscribed: subscribing again works (no "already subscribed") and is complete.
            assertThat(bob.call(new Command.Subscribe(bob.nextId(), "chat:room", false, 0, null)).error()).isNull();
            assertThat(presence("chat:room")).containsExactly("bob");
        }
    }

    @Test
    void unsubscribeReplyWaitsUntilPresenceNoLongerListsTheSubscriber() {
        try (TestClient bob = TestClient.connect(node.port(), token("bob"), Codecs.JSON)) {
            assertThat(bob.call(new Command.Subscribe(bob.nextId(), "chat:room", false, 0, null)).error()).isNull();
            store.holdRemoves = true;
            long unsubscribe = bob.nextId();
            bob.send(new Command.Unsubscribe(unsubscribe, "chat:room"));
            await().until(() -> store.held.size() == 1);
            assertThat(bob.call(new Command.Ping(bob.nextId())).error()).isNull();
            assertThat(bob.drain()).noneMatch(f -> f instanceof ServerFrame.ReplyFrame r && r.reply().id() == unsubscribe);

            store.release();
            assertThat(bob.awaitReply(unsubscribe).error()).isNull();
            assertThat(presence("chat:room")).isEmpty();
        }
    }

    private List<String> presence(String channel) {
        return node.api().presence(channel).toCompletableFuture().join().stream().map(ClientInfo::user).toList();
    }

    /**
     * An in-memory store whose adds (and removes) can be held, taking effect on release, or fail once.
     * Synchronized: a removal's check for held work and its queuing must not interleave with a release.
     */
    private static final class HeldPresenceStore implements PresenceStore {
        final PresenceStore inner = new InMemoryPresenceStore();
        final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
        volatile boolean hold;
        volatile boolean holdRemoves;
        volatile boolean failNext;

        synchronized void release() {
            hold = false;
            holdRemoves = false;
            for (Runnable r; (r = held.poll()) != null; ) {
                r.run();
            }
        }

        @Override
        public synchronized CompletionStage<Void> add(String channel, ClientInfo info) {
            if (failNext) {
                failNext = false;
                return CompletableFuture.failedFuture(new IllegalStateException("presence store down (test)"));
            }
            if (!hold) {
                return inner.add(channel, info);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            held.add(() -> inner.add(channel, info).whenComplete((v, e) -> done.complete(null)));
            return done;
        }

        @Override
        public synchronized CompletionStage<Void> remove(String channel, String client) {
            // Like one ordered connection to a store: a removal issued after a held add applies after it.
            if (holdRemoves || !held.isEmpty()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                held.add(() -> inner.remove(channel, client).whenComplete((v, e) -> done.complete(null)));
                return done;
            }
            return inner.remove(channel, client);
        }

        @Override
        public CompletionStage<List<ClientInfo>> list(String channel) {
            return inner.list(channel);
        }
    }
}
