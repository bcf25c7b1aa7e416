package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.StreamPosition;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.core.testing.SimpleTokenVerifier.token;
import static org.assertj.core.api.Assertions.assertThat;

/** Offsets, epochs, history and gap-free recovery, including across a node restart. */
@Timeout(60)
class HistoryRecoveryIT {

    static Switchboard node;

    static SwitchboardOptions options() {
        List<NamespaceOptions> ns = new ArrayList<>(TestNode.namespaces());
        ns.add(new NamespaceOptions("big", SubscribePolicy.AUTHENTICATED, true, false, false, 1000, Duration.ofMinutes(5)));
        ns.add(new NamespaceOptions("small", SubscribePolicy.AUTHENTICATED, true, false, false, 3, Duration.ofMinutes(5)));
        return TestNode.options().withNamespaces(ns);
    }

    @BeforeAll
    static void start() {
        node = TestNode.start(options());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static StreamPosition publish(Switchboard n, String channel, int count) {
        StreamPosition last = null;
        for (int i = 0; i < count; i++) {
            last = n.api().publish(channel, Payload.ofJson("{\"n\":" + i + "}")).toCompletableFuture().join();
        }
        return last;
    }

    static Result.Subscribe subscribe(TestClient c, String channel, boolean recover, StreamPosition from) {
        Reply r = c.call(new Command.Subscribe(c.nextId(), channel, recover,
                from == null ? 0 : from.offset(), from == null ? null : from.epoch()));
        assertThat(r.error()).isNull();
        return (Result.Subscribe) r.result();
    }

    @Test
    void subscribeReportsPositionAndRecoveryReturnsExactlyTheMissedPublications() {
        StreamPosition atFive = publish(node, "chat:recover", 5);
        assertThat(atFive.offset()).isEqualTo(5);
        StreamPosition seen;
        try (TestClient c = TestClient.connect(node.port(), token("amy"), Codecs.JSON)) {
            Result.Subscribe s = subscribe(c, "chat:recover", false, null);
            assertThat(s.recoverable()).isTrue();
            assertThat(s.offset()).isEqualTo(5);
            assertThat(s.epoch()).isEqualTo(atFive.epoch());
            assertThat(s.publications()).isEmpty();
            seen = new StreamPosition(s.offset(), s.epoch());
        }
        publish(node, "chat:recover", 3); // missed while away
        try (TestClient c = TestClient.connect(node.port(), token("amy"), Codecs.PROTOBUF)) {
            Result.Subscribe s = subscribe(c, "chat:recover", true, seen);
            assertThat(s.recovered()).isTrue();
            assertThat(s.publications()).extracting(Publication::offset).containsExactly(6L, 7L, 8L);
            publish(node, "chat:recover", 1);
            assertThat(c.awaitPush(Push.PublicationPush.class).publication().offset()).isEqualTo(9);
        }
    }

    @Test
    void recoveryFromAnotherEpochOrAGapIsReportedNotSilent() {
        publish(node, "small:gap", 2);
        StreamPosition pos;
        try (TestClient c = TestClient.connect(node.port(), token("ben"), Codecs.JSON)) {
            Result.Subscribe s = subscribe(c, "small:gap", false, null);
            pos = new StreamPosition(s.offset(), s.epoch());
        }
        publish(node, "small:gap", 5); // history keeps only 3
        try (TestClient c = TestClient.connect(node.port(), token("ben"), Codecs.JSON)) {
            Result.Subscribe gap = subscribe(c, "small:gap", true, pos);
            assertThat(gap.recovered()).isFalse();
            assertThat(gap.offset()).isEqualTo(7);
            Result.Subscribe wrongEpoch = subscribe(c, "chat:epoch", true, new StreamPosition(1, "not-the-epoch"));
            assertThat(wrongEpoch.recovered()).isFalse();
        }
    }

    @Test
    void historyCommandReturnsNewestOrSinceAndRefusesLostPositions() {
        StreamPosition last = publish(node, "chat:hist", 6);
        try (TestClient c = TestClient.connect(node.port(), token("cat"), Codecs.JSON)) {
            Reply newest = c.call(new Command.History(c.nextId(), "chat:hist", 2, null));
            Result.History h = (Result.History) newest.result();
            assertThat(h.publications()).extracting(Publication::offset).containsExactly(5L, 6L);
            assertThat(h.offset()).isEqualTo(6);
            Reply since = c.call(new Command.History(c.nextId(), "chat:hist", 0, new StreamPosition(3, last.epoch())));
            assertThat(((Result.History) since.result()).publications()).extracting(Publication::offset).containsExactly(4L, 5L, 6L);
            Reply lost = c.call(new Command.History(c.nextId(), "chat:hist", 0, new StreamPosition(3, "old-epoch")));
            assertThat(lost.error().code()).isEqualTo(ErrorCode.UNRECOVERABLE_POSITION.code());
            Reply off = c.call(new Command.History(c.nextId(), "live:nohistory", 0, null));
            assertThat(off.error().code()).isEqualTo(ErrorCode.NOT_AVAILABLE.code());
        }
    }

    @Test
    void nodeRestartChangesTheEpochAndRecoveryReportsTheLoss() {
        Switchboard first = TestNode.start(options());
        StreamPosition before;
        try (TestClient c = TestClient.connect(first.port(), token("dan"), Codecs.JSON)) {
            publish(first, "chat:restart", 4);
            Result.Subscribe s = subscribe(c, "chat:restart", false, null);
            before = new StreamPosition(s.offset(), s.epoch());
        } finally {
            first.close();
        }
        Switchboard second = TestNode.start(options());
        try (TestClient c = TestClient.connect(second.port(), token("dan"), Codecs.JSON)) {
            Result.Subscribe s = subscribe(c, "chat:restart", true, before);
            assertThat(s.recovered()).isFalse();
            assertThat(s.epoch()).isNotEqualTo(before.epoch());
        } finally {
            second.close();
        }
    }

    @Test
    void recoveryWhilePublishingIsGapFreeAndDuplicateFree() throws Exception {
        StreamPosition start = publish(node, "big:busy", 10);
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> publish(node, "big:busy", 500));
        try (TestClient c = TestClient.connect(node.port(), token("eve"), Codecs.JSON)) {
            Result.Subscribe s = subscribe(c, "big:busy", true, new StreamPosition(5, start.epoch()));
            assertThat(s.recovered()).isTrue();
            List<Long> offsets = new ArrayList<>();
            s.publications().forEach(p -> offsets.add(p.offset()));
            publisher.join();
            while (offsets.isEmpty() || offsets.get(offsets.size() - 1) < 510) {
                offsets.add(c.awaitPush(Push.PublicationPush.class).publication().offset());
            }
            List<Long> expected = new ArrayList<>();
            for (long o = 6; o <= 510; o++) {
                expected.add(o);
            }
            assertThat(offsets).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void everySubscribeIsAnsweredEvenWhenUnsubscribedBeforeItCompletes() {
        try (TestClient c = TestClient.connect(node.port(), token("fay"), Codecs.JSON)) {
            for (int i = 0; i < 20; i++) {
                long sub = c.nextId();
                long unsub = c.nextId();
                // back to back: the unsubscribe is usually handled before the history read completes
                c.send(new Command.Subscribe(sub, "chat:flap", false, 0, null));
                c.send(new Command.Unsubscribe(unsub, "chat:flap"));
                Reply s = c.awaitReply(sub);
                Reply u = c.awaitReply(unsub);
                assertThat(u.error()).isNull();
                if (s.error() != null) {
                    assertThat(s.error().code()).isEqualTo(ErrorCode.NOT_SUBSCRIBED.code());
                }
            }
            assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
        }
    }
}
