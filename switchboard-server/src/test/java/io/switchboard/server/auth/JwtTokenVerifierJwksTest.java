package io.switchboard.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.core.auth.Claims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.switchboard.server.auth.Tokens.NOW;
import static io.switchboard.server.auth.Tokens.accepted;
import static io.switchboard.server.auth.Tokens.claims;
import static io.switchboard.server.auth.Tokens.jwks;
import static io.switchboard.server.auth.Tokens.rejected;
import static io.switchboard.server.auth.Tokens.rsaJwk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class JwtTokenVerifierJwksTest {

    private static final KeyPair K1 = Tokens.rsa();
    private static final KeyPair K2 = Tokens.rsa();
    private static final KeyPair EC = Tokens.ec("secp256r1");

    private final Tokens.MutableClock clock = new Tokens.MutableClock(NOW);
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    /** A real JWKS endpoint on localhost whose body, status and speed the test controls. */
    private final class JwksServer implements AutoCloseable {
        final AtomicReference<String> body = new AtomicReference<>();
        final AtomicInteger status = new AtomicInteger(200);
        final AtomicInteger requests = new AtomicInteger();
        /** When set, requests wait for it before answering. */
        final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
        final HttpServer server;
        final ExecutorService executor = Executors.newCachedThreadPool();

        JwksServer(String initial) throws IOException {
            body.set(initial);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/.well-known/jwks.json", exchange -> {
                requests.incrementAndGet();
                CountDownLatch latch = gate.get();
                if (latch != null) {
                    try {
                        latch.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status.get(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            cleanup.add(this);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/.well-known/jwks.json?client=test");
        }

        @Override
        public void close() {
            CountDownLatch latch = gate.getAndSet(null);
            if (latch != null) {
                latch.countDown();
            }
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private JwtTokenVerifier verifier(JwtOptions options) {
        JwtTokenVerifier v = new JwtTokenVerifier(options, clock);
        cleanup.add(v);
        return v;
    }

    private static void awaitLoaded(JwtTokenVerifier v) {
        v.start().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static String rs256(String sub, KeyPair keys, String kid) {
        return Tokens.rs(claims(sub).build(), JWSAlgorithm.RS256, keys, kid);
    }

    @Test
    void jwksFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, jwks(rsaJwk(K1, "k1"), Tokens.ecJwk(EC, Curve.P_256, "e1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(file.toUri()));
        awaitLoaded(v);

        CompletionStage<Claims> rsa = v.verify(rs256("alice", K1, "k1"));
        CompletionStage<Claims> ec = v.verify(Tokens.es(claims("bob").build(), JWSAlgorithm.ES256, EC, "e1"));

        assertThat(rsa.toCompletableFuture()).isDone();
        assertThat(accepted(rsa).user()).isEqualTo("alice");
        assertThat(accepted(ec).user()).isEqualTo("bob");
    }

    @Test
    void tokenWithoutKidIsTriedAgainstEveryKeyOfItsType(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, jwks(rsaJwk(K2, "k2"), rsaJwk(K1, "k1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(file.toUri()));
        awaitLoaded(v);

        assertThat(accepted(v.verify(rs256("alice", K1, null))).user()).isEqualTo("alice");
        String foreign = rs256("eve", Tokens.rsa(), null);
        assertThat(rejected(v.verify(foreign), foreign)).hasMessage("invalid signature");
    }

    @Test
    void jwksOverHttpWithKeyRotation() throws Exception {
        JwksServer server = new JwksServer(jwks(rsaJwk(K1, "k1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(server.url()));
        awaitLoaded(v);
        assertThat(server.requests).hasValue(1);

        CompletionStage<Claims> cached = v.verify(rs256("alice", K1, "k1"));
        assertThat(cached.toCompletableFuture()).isDone();
        assertThat(accepted(cached).user()).isEqualTo("alice");

        // The identity provider rotates: k2 appears, k1 is retired.
        server.body.set(jwks(rsaJwk(K2, "k2")));
        CompletionStage<Claims> rotated = v.verify(rs256("bob", K2, "k2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> rotated.toCompletableFuture().isDone());

        assertThat(accepted(rotated).user()).isEqualTo("bob");
        assertThat(server.requests).hasValue(2);
        CompletionStage<Claims> again = v.verify(rs256("carol", K2, "k2"));
        assertThat(again.toCompletableFuture()).isDone();
        assertThat(accepted(again).user()).isEqualTo("carol");
        String retired = rs256("alice", K1, "k1");
        assertThat(rejected(v.verify(retired), retired)).hasMessage("unknown key id");
    }

    @Test
    void verifyReturnsWithoutBlockingWhileTheJwksServerIsSlow() throws Exception {
        JwksServer server = new JwksServer(jwks(rsaJwk(K1, "k1")));
        CountDownLatch gate = new CountDownLatch(1);
        server.gate.set(gate);
        JwtTokenVerifier v = verifier(JwtOptions.jwks(server.url()));
        String token = rs256("alice", K1, "k1");

        long started = System.nanoTime();
        CompletionStage<Claims> stage = v.verify(token);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        AtomicReference<Thread> completer = new AtomicReference<>();
        CompletableFuture<Claims> future = stage.toCompletableFuture();
        future.whenComplete((c, t) -> completer.set(Thread.currentThread()));

        assertThat(elapsedMillis).isLessThan(1_000);
        assertThat(future).isNotDone();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.get() == 1);
        // held by the slow server: the stage stays pending for as long as the response is held
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !future.isDone());
        assertThat(v.start().toCompletableFuture()).isNotDone();

        gate.countDown();
        await().atMost(Duration.ofSeconds(20)).until(future::isDone);

        assertThat(accepted(stage).user()).isEqualTo("alice");
        assertThat(completer.get().getName()).isEqualTo("switchboard-jwks");
        assertThat(completer.get().isDaemon()).isTrue();
        assertThat(server.requests).hasValue(1);
    }

    @Test
    void unknownKidsShareOneRefreshAndAreRateLimited() throws Exception {
        JwksServer server = new JwksServer(jwks(rsaJwk(K1, "k1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(server.url()));
        awaitLoaded(v);

        // Many tokens with unknown kids while the refresh is slow: one request serves them all.
        CountDownLatch gate = new CountDownLatch(1);
        server.gate.set(gate);
        List<CompletableFuture<Claims>> pending = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pending.add(v.verify(rs256("u" + i, K1, "unknown-" + i)).toCompletableFuture());
        }
        pending.add(v.verify(rs256("k2user", K2, "k2")).toCompletableFuture());
        assertThat(pending).noneMatch(CompletableFuture::isDone);
        server.body.set(jwks(rsaJwk(K1, "k1"), rsaJwk(K2, "k2")));
        server.gate.set(null);
        gate.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> pending.stream().allMatch(CompletableFuture::isDone));

        assertThat(server.requests).hasValue(2);
        for (int i = 0; i < 20; i++) {
            assertThat(rejected(pending.get(i), null)).hasMessage("unknown key id");
        }
        assertThat(accepted(pending.get(20)).user()).isEqualTo("k2user");

        // Within 10 s of that refresh another unknown kid fails at once, without a request.
        String unknown = rs256("x", K1, "unknown-again");
        CompletionStage<Claims> limited = v.verify(unknown);
        assertThat(limited.toCompletableFuture()).isDone();
        assertThat(rejected(limited, unknown)).hasMessage("unknown key id");
        assertThat(server.requests).hasValue(2);

        // Once the interval has passed, an unknown kid may refresh again.
        clock.advance(Duration.ofSeconds(11));
        CompletionStage<Claims> later = v.verify(unknown);
        await().atMost(Duration.ofSeconds(20)).until(() -> later.toCompletableFuture().isDone());
        assertThat(rejected(later, unknown)).hasMessage("unknown key id");
        assertThat(server.requests).hasValue(3);
    }

    @Test
    void failedRefreshKeepsTheKnownKeys() throws Exception {
        JwksServer server = new JwksServer(jwks(rsaJwk(K1, "k1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(server.url()));
        awaitLoaded(v);
        server.status.set(500);
        server.body.set("oops");

        String unknown = rs256("x", K2, "k2");
        CompletionStage<Claims> stage = v.verify(unknown);
        await().atMost(Duration.ofSeconds(20)).until(() -> stage.toCompletableFuture().isDone());

        assertThat(rejected(stage, unknown)).hasMessage("unknown key id");
        assertThat(server.requests).hasValue(2);
        CompletionStage<Claims> known = v.verify(rs256("alice", K1, "k1"));
        assertThat(known.toCompletableFuture()).isDone();
        assertThat(accepted(known).user()).isEqualTo("alice");
    }

    @Test
    void unreachableKeySetFailsTokensWithoutHanging() throws Exception {
        JwksServer server = new JwksServer("not json");
        JwtTokenVerifier v = verifier(JwtOptions.jwks(server.url()));
        awaitLoaded(v);

        String token = rs256("alice", K1, "k1");
        CompletionStage<Claims> stage = v.verify(token);
        await().atMost(Duration.ofSeconds(20)).until(() -> stage.toCompletableFuture().isDone());
        assertThat(rejected(stage, token)).hasMessage("key set unavailable");

        // Rate-limited: the next one fails at once.
        CompletionStage<Claims> next = v.verify(token);
        assertThat(next.toCompletableFuture()).isDone();
        assertThat(rejected(next, token)).hasMessage("key set unavailable");
    }

    @Test
    void periodicRefreshPicksUpNewKeys() throws Exception {
        JwksServer server = new JwksServer(jwks(rsaJwk(K1, "k1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(server.url()).withJwksRefreshInterval(Duration.ofSeconds(1)));
        awaitLoaded(v);

        server.body.set(jwks(rsaJwk(K1, "k1"), rsaJwk(K2, "k2")));
        int before = server.requests.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.requests.get() >= before + 2);

        CompletionStage<Claims> stage = v.verify(rs256("bob", K2, "k2"));
        assertThat(stage.toCompletableFuture()).isDone();
        assertThat(accepted(stage).user()).isEqualTo("bob");
    }

    @Test
    void symmetricKeysInAKeySetAreNeverUsed(@TempDir Path dir) throws Exception {
        byte[] secret = Tokens.SECRET.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, jwks(new OctetSequenceKey.Builder(secret).keyID("h").build(), rsaJwk(K1, "k1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(file.toUri()));
        awaitLoaded(v);
        String token = Tokens.sign(claims("admin").build(), new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("h").build(),
                new MACSigner(secret));

        CompletionStage<Claims> stage = v.verify(token);

        assertThat(stage.toCompletableFuture()).isDone();
        assertThat(rejected(stage, token)).hasMessage("unsupported algorithm HS256");
    }

    @Test
    void aKeysDeclaredAlgorithmRestrictsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        RSAKey key = new RSAKey.Builder(rsaJwk(K1, "k1")).algorithm(JWSAlgorithm.RS256).build();
        Files.writeString(file, jwks(key, Tokens.ecJwk(EC, Curve.P_256, "e1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(file.toUri()));
        awaitLoaded(v);
        String ps256 = Tokens.rs(claims("a").build(), JWSAlgorithm.PS256, K1, "k1");
        String es256WithRsaKid = Tokens.es(claims("a").build(), JWSAlgorithm.ES256, EC, "k1");

        assertThat(accepted(v.verify(rs256("a", K1, "k1"))).user()).isEqualTo("a");
        assertThat(rejected(v.verify(ps256), ps256)).hasMessage("unsupported algorithm PS256");
        assertThat(rejected(v.verify(es256WithRsaKid), es256WithRsaKid)).hasMessage("unsupported algorithm ES256");
    }

    @Test
    void closeStopsTheRefreshThreadAndReleasesWaiters() throws Exception {
        JwksServer server = new JwksServer(jwks(rsaJwk(K1, "k1")));
        CountDownLatch gate = new CountDownLatch(1);
        server.gate.set(gate);
        JwtTokenVerifier v = verifier(JwtOptions.jwks(server.url()));
        String token = rs256("alice", K1, "k1");
        CompletionStage<Claims> stage = v.verify(token);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.get() == 1);
        Thread jwksThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("switchboard-jwks") && t.isAlive())
                .filter(t -> Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getClassName().equals(JwksCache.class.getName())))
                .findFirst().orElseThrow();
        assertThat(jwksThread.isDaemon()).isTrue();

        v.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> stage.toCompletableFuture().isDone());
        assertThat(rejected(stage, token)).hasMessage("key set unavailable");
        assertThat(v.start().toCompletableFuture()).isDone();
        jwksThread.join(10_000);
        assertThat(jwksThread.isAlive()).isFalse();
    }

    @Test
    void jwksAndSecretTogether(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, jwks(rsaJwk(K1, "k1")));
        JwtTokenVerifier v = verifier(JwtOptions.jwks(file.toUri()).withHmacSecret(Tokens.SECRET));
        awaitLoaded(v);

        assertThat(accepted(v.verify(Tokens.hs256(claims("dev").build()))).user()).isEqualTo("dev");
        assertThat(accepted(v.verify(rs256("prod", K1, "k1"))).user()).isEqualTo("prod");
        String forged = Tokens.hs(claims("x").build(), JWSAlgorithm.HS256,
                "not-the-secret-not-the-secret-not-the".getBytes(StandardCharsets.UTF_8));
        CompletionStage<Claims> stage = v.verify(forged);
        assertThat(stage.toCompletableFuture()).isDone(); // HMAC failures never wait for the key set
        assertThat(rejected(stage, forged)).hasMessage("invalid signature");
    }
}
