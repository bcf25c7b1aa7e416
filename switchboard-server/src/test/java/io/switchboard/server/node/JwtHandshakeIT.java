package io.switchboard.server.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.core.Switchboard;
import io.switchboard.core.testing.TestClient;
import io.switchboard.core.testing.TestNode;
import io.switchboard.protocol.Command;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Push;
import io.switchboard.protocol.codec.Codecs;
import io.switchboard.server.auth.JwtOptions;
import io.switchboard.server.auth.JwtTokenVerifier;
import io.switchboard.server.auth.TokenMinter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real JWTs at a real node's handshake: what is accepted, what is refused, and that no token is ever logged. */
@Timeout(60)
class JwtHandshakeIT {

    static final String SECRET = "an-hmac-secret-of-at-least-32-bytes!!";

    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void captureLogs() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void stopCapture() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(ch.qos.logback.classic.Level.WARN);
    }

    static Switchboard start(JwtOptions jwt) {
        return Switchboard.builder().options(TestNode.options()).tokenVerifier(new JwtTokenVerifier(jwt)).build().start();
    }

    @Test
    void hs256TokenConnectsAndItsChannelsClaimGrantsClaimNamespaces() {
        try (Switchboard node = start(JwtOptions.hmac(SECRET))) {
            String token = new TokenMinter(SECRET).mint("alice", List.of("news:*"), Duration.ofMinutes(5), "{\"name\":\"Alice\"}");
            try (TestClient c = TestClient.connect(node.port(), token, Codecs.JSON)) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("alice");
                assertThat(c.call(new Command.Subscribe(c.nextId(), "news:sports", false, 0, null)).error()).isNull();
            }
            String noChannels = new TokenMinter(SECRET).mint("bob", null, Duration.ofMinutes(5), null);
            try (TestClient c = TestClient.connect(node.port(), noChannels, Codecs.PROTOBUF)) {
                assertThat(c.call(new Command.Subscribe(c.nextId(), "news:sports", false, 0, null)).error().code())
                        .isEqualTo(ErrorCode.PERMISSION_DENIED.code());
            }
            assertNoTokenLogged(token, noChannels);
        }
    }

    @Test
    void tokenInQueryParameterWorksAndIsNeverLogged() {
        try (Switchboard node = start(JwtOptions.hmac(SECRET))) {
            String token = new TokenMinter(SECRET).mint("carol", null, Duration.ofMinutes(5), null);
            URI uri = URI.create("ws://127.0.0.1:" + node.port() + "/ws?token=" + token);
            try (TestClient c = TestClient.connect(uri, null, Codecs.JSON, Map.of())) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("carol");
            }
            assertNoTokenLogged(token);
        }
    }

    @Test
    void forgedExpiredAndUnsignedTokensAreRefusedWith401() throws Exception {
        try (Switchboard node = start(JwtOptions.hmac(SECRET))) {
            String expired = new TokenMinter(SECRET, java.time.Clock.fixed(java.time.Instant.now().minusSeconds(600), java.time.ZoneOffset.UTC))
                    .mint("dave", null, Duration.ofMinutes(1), null);
            String forged = new TokenMinter("another-secret-that-is-32-bytes-long!").mint("dave", null, Duration.ofMinutes(5), null);
            String b64 = "eyJhbGciOiJub25lIn0"; // {"alg":"none"}
            String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"sub\":\"dave\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8));
            String unsigned = b64 + "." + payload + ".";

            TestClient.HandshakeRefused e1 = TestClient.refused(node.port(), expired, Map.of());
            assertThat(e1.status()).isEqualTo(401);
            assertThat(e1.body()).contains("expired");
            assertThat(TestClient.refused(node.port(), forged, Map.of()).status()).isEqualTo(401);
            TestClient.HandshakeRefused none = TestClient.refused(node.port(), unsigned, Map.of());
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.body()).doesNotContain(unsigned);
            assertThat(node.connectionCount()).isZero();
            assertNoTokenLogged(expired, forged, unsigned);
        }
    }

    @Test
    void rs256WithPemAcceptsItsKeyAndRejectsHmacConfusion() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair kp = gen.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(kp.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try (Switchboard node = start(JwtOptions.publicKey(pem))) {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject("erin").expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
            jwt.sign(new RSASSASigner((RSAPrivateKey) kp.getPrivate()));
            try (TestClient c = TestClient.connect(node.port(), jwt.serialize(), Codecs.JSON)) {
                assertThat(c.awaitPush(Push.Connected.class).user()).isEqualTo("erin");
            }
            String confused = new TokenMinter(pem).mint("erin", null, Duration.ofMinutes(5), null);
            assertThat(TestClient.refused(node.port(), confused, Map.of()).status()).isEqualTo(401);
        }
    }

    private void assertNoTokenLogged(String... tokens) {
        java.util.List<ILoggingEvent> events;
        synchronized (logs) { // AppenderBase.doAppend holds this lock while event loops keep logging
            events = new java.util.ArrayList<>(logs.list);
        }
        assertThat(events).isNotEmpty();
        for (ILoggingEvent e : events) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            for (String t : tokens) {
                assertThat(line).doesNotContain(t);
                assertThat(line).doesNotContain(t.substring(t.lastIndexOf('.') + 1).isEmpty() ? t : t.substring(t.lastIndexOf('.') + 1));
            }
        }
    }
}
