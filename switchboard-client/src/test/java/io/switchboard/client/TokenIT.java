package io.switchboard.client;

import io.switchboard.core.Switchboard;
import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.InvalidTokenException;
import io.switchboard.core.auth.TokenVerifier;
import io.switchboard.core.testing.SimpleTokenVerifier;
import io.switchboard.protocol.ClientErrorCode;
import io.switchboard.protocol.DisconnectCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tokens that expire: refreshed in time on the live connection; when refreshing fails the node closes
 * with 3003 and the client reconnects with a new token; a token refused at reconnect (401) makes the
 * client ask the supplier once before backing off.
 */
@Timeout(60)
class TokenIT {

    /** A token of {@code user} that expires {@code seconds} from now (whole seconds, as JWTs do). */
    private static String expiring(String user, int seconds) {
        return SimpleTokenVerifier.expiring(user, Instant.ofEpochSecond(Instant.now().getEpochSecond() + seconds));
    }

    @Test
    void refreshesBeforeEachExpiryAndStaysOnTheSameConnection() throws Exception {
        Switchboard node = Nodes.start();
        AtomicInteger calls = new AtomicInteger();
        AtomicLong firstExpiry = new AtomicLong();
        ClientEvents events = new ClientEvents();
        ClientOptions options = Nodes.fast(null).tokenSupplier(() -> {
            String t = expiring("mona", 5); // refreshed at about half its life: seconds of slack
            if (calls.incrementAndGet() == 1) {
                firstExpiry.set(Long.parseLong(t.substring(t.indexOf("exp=") + 4)));
            }
            return CompletableFuture.completedFuture(t);
        }).build();
        try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(node), options)) {
            c.addListener(events);
            c.connect().get(10, TimeUnit.SECONDS);
            String clientId = c.connectionInfo().orElseThrow().client();
            assertThat(c.connectionInfo().orElseThrow().expires()).isEqualTo(firstExpiry.get());

            // Past the first token's expiry: only refreshes on this connection can have kept it open.
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Instant.now().getEpochSecond() > firstExpiry.get() + 1 && calls.get() >= 3);

            assertThat(events.disconnects).isEmpty();
            assertThat(events.errors).isEmpty();
            assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
            assertThat(c.connectionInfo().orElseThrow().client()).isEqualTo(clientId);
        } finally {
            Nodes.shutdown(node);
        }
    }

    @Test
    void whenRefreshFailsTheNodeClosesWith3003AndTheClientReconnectsWithANewToken() throws Exception {
        Switchboard node = Nodes.start();
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean broken = new AtomicBoolean();
        ClientOptions options = Nodes.fast(null).tokenSupplier(() -> {
            calls.incrementAndGet();
            if (broken.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("auth backend down"));
            }
            broken.set(true); // the first token is fine, then the backend fails until the node closes us
            return CompletableFuture.completedFuture(expiring("nina", 2));
        }).build();
        ClientEvents events = new ClientEvents();
        ClientListener repairsTheBackend = new ClientListener() {
            @Override
            public void onDisconnected(DisconnectedEvent event) {
                broken.set(false); // runs before the reconnect asks the supplier (same callback thread)
            }
        };
        SubscriptionEvents sub = new SubscriptionEvents();
        try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(node), options)) {
            c.addListener(events).addListener(repairsTheBackend);
            Subscription s = c.subscribe("chat:tokens", SubscribeOptions.defaults(), sub);
            c.connect().get(10, TimeUnit.SECONDS);
            s.whenSubscribed().get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(15)).until(() -> events.connects.size() == 2);

            assertThat(events.disconnects).singleElement().satisfies(d -> {
                assertThat(d.code()).isEqualTo(DisconnectCode.TOKEN_EXPIRED.code());
                assertThat(d.reconnect()).isTrue();
            });
            assertThat(events.errors).anySatisfy(e -> assertThat(e.clientCode()).contains(ClientErrorCode.REFRESH_FAILED));
            assertThat(c.state()).isEqualTo(ClientState.CONNECTED);
            await().until(() -> sub.recoveries.size() == 1);
            assertThat(sub.recoveries.get(0).recovered()).isTrue();
        } finally {
            Nodes.shutdown(node);
        }
    }

    @Test
    void aTokenRefusedAtReconnectIsReplacedByTheSupplierOnceWithoutBackoff() throws Exception {
        Set<String> revoked = ConcurrentHashMap.newKeySet();
        SimpleTokenVerifier simple = new SimpleTokenVerifier();
        TokenVerifier verifier = new TokenVerifier() {
            @Override
            public CompletionStage<Claims> verify(String token) {
                return revoked.contains(token)
                        ? CompletableFuture.failedFuture(new InvalidTokenException("revoked"))
                        : simple.verify(token);
            }
        };
        Switchboard node = Switchboard.builder().options(Nodes.options(0)).tokenVerifier(verifier).build().start();
        String first = SimpleTokenVerifier.token("olga");
        String second = "user=olga;info={\"v\":2}";
        AtomicInteger supplierCalls = new AtomicInteger();
        RecordingDelay delays = RecordingDelay.fast();
        ClientEvents events = new ClientEvents();
        ClientOptions options = Nodes.fast(first).reconnectDelay(delays).tokenSupplier(() -> {
            supplierCalls.incrementAndGet();
            return CompletableFuture.completedFuture(second);
        }).build();
        try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(node), options)) {
            c.addListener(events);
            c.connect().get(10, TimeUnit.SECONDS);
            assertThat(supplierCalls).hasValue(0); // the configured token came first

            revoked.add(first);
            Nodes.join(node.api().disconnect("olga", null, true));

            await().until(() -> events.connects.size() == 2);
            assertThat(supplierCalls).hasValue(1);
            assertThat(events.errors).anySatisfy(e -> assertThat(e.getMessage()).contains("401"));
            assertThat(delays.calls).as("one backoff delay for the lost connection, none after the 401")
                    .containsExactly("delay:0");
        } finally {
            Nodes.shutdown(node);
        }
    }

    @Test
    void anExpiredTokenWithoutASupplierEndsTheClient() throws Exception {
        Switchboard node = Nodes.start();
        ClientEvents events = new ClientEvents();
        try (SwitchboardClient c = new SwitchboardClient(Nodes.uri(node), Nodes.fast(expiring("pia", 2)).build())) {
            c.addListener(events);
            c.connect().get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> c.state() == ClientState.CLOSED);
            assertThat(events.disconnects).singleElement().satisfies(d -> {
                assertThat(d.code()).isEqualTo(DisconnectCode.TOKEN_EXPIRED.code());
                assertThat(d.reconnect()).isFalse();
            });
        } finally {
            Nodes.shutdown(node);
        }
    }
}
