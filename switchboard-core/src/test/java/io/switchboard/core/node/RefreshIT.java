package io.switchboard.core.node;

import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.DisconnectCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.Reply;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.UnsubscribeCode;
import io.switchboard.protocol.codec.Codecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Token expiry disconnects; refresh extends the connection and re-checks every subscription. */
@Timeout(60)
class RefreshIT {

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
    void expiredTokenDisconnectsWithReconnectAdvice() {
        TestClient c = TestClient.connect(node.port(), SimpleTokenVerifier.expiring("tim", Instant.now().plusSeconds(2)), Codecs.JSON);
        Push.Disconnect d = c.awaitPush(Push.Disconnect.class);
        assertThat(d.code()).isEqualTo(DisconnectCode.TOKEN_EXPIRED.code());
        assertThat(d.reconnect()).isTrue();
        assertThat(c.awaitClose()).isEqualTo(DisconnectCode.TOKEN_EXPIRED.code());
    }

    @Test
    void connectedPushTellsWhenTheTokenExpires() {
        Instant exp = Instant.now().plusSeconds(600);
        try (TestClient c = TestClient.connect(node.port(), SimpleTokenVerifier.expiring("tia", exp), Codecs.PROTOBUF);
             TestClient never = TestClient.connect(node.port(), SimpleTokenVerifier.token("tom"), Codecs.JSON)) {
            assertThat(c.awaitPush(Push.Connected.class).expires()).isEqualTo(exp.getEpochSecond());
            assertThat(never.awaitPush(Push.Connected.class).expires()).isZero();
        }
    }

    @Test
    void refreshBeforeExpiryKeepsTheConnection() {
        try (TestClient c = TestClient.connect(node.port(), SimpleTokenVerifier.expiring("ted", Instant.now().plusSeconds(2)), Codecs.JSON)) {
            Instant later = Instant.now().plusSeconds(3600);
            Reply r = c.call(new Command.Refresh(c.nextId(), SimpleTokenVerifier.expiring("ted", later)));
            assertThat(((Result.Refresh) r.result()).expires()).isEqualTo(later.getEpochSecond());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !c.isClosed());
        }
    }

    @Test
    void refreshWithNarrowerClaimsEndsSubscriptionsNoLongerAllowed() {
        try (TestClient c = TestClient.connect(node.port(), SimpleTokenVerifier.token("una", "news:*"), Codecs.JSON)) {
            assertThat(c.call(new Command.Subscribe(c.nextId(), "news:sports", false, 0, null)).error()).isNull();
            assertThat(c.call(new Command.Subscribe(c.nextId(), "chat:open", false, 0, null)).error()).isNull();

            Reply r = c.call(new Command.Refresh(c.nextId(), SimpleTokenVerifier.token("una", "news:weather")));
            assertThat(r.error()).isNull();
            Push.Unsubscribed u = c.awaitPush(Push.Unsubscribed.class);
            assertThat(u.channel()).isEqualTo("news:sports");
            assertThat(u.code()).isEqualTo(UnsubscribeCode.PERMISSION_REVOKED.code());

            node.api().publish("news:sports", Payload.ofJson("1")).toCompletableFuture().join();
            node.api().publish("chat:open", Payload.ofJson("2")).toCompletableFuture().join();
            assertThat(c.awaitPush(Push.PublicationPush.class).channel()).isEqualTo("chat:open");
        }
    }

    @Test
    void refreshWithABadTokenIsAnErrorAndTheOldTokenStillHolds() {
        try (TestClient c = TestClient.connect(node.port(), SimpleTokenVerifier.token("vic"), Codecs.PROTOBUF)) {
            assertThat(c.call(new Command.Refresh(c.nextId(), SimpleTokenVerifier.token("wendy"))).error().code())
                    .isEqualTo(ErrorCode.UNAUTHORIZED.code());
            assertThat(c.call(new Command.Refresh(c.nextId(), "garbage")).error().code())
                    .isEqualTo(ErrorCode.UNAUTHORIZED.code());
            assertThat(c.call(new Command.Refresh(c.nextId(), SimpleTokenVerifier.expiring("vic", Instant.now().minusSeconds(5))))
                    .error().code()).isEqualTo(ErrorCode.TOKEN_EXPIRED.code());
            assertThat(c.call(new Command.Ping(c.nextId())).error()).isNull();
        }
    }
}
