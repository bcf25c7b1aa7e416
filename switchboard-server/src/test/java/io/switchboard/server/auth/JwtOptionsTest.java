package io.switchboard.server.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.time.Duration;

import static io.switchboard.server.auth.Tokens.SECRET;
import static io.switchboard.server.auth.Tokens.pem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class JwtOptionsTest {

    @Test
    void defaults() {
        JwtOptions options = JwtOptions.hmac(SECRET);

        assertThat(options.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.jwksRefreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.audience()).isNull();
        assertThat(options.issuer()).isNull();
    }

    @Test
    void atLeastOneKeySourceIsRequired() {
        assertThatThrownBy(() -> new JwtOptions(null, null, null, "aud", "iss", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("token.hmac_secret", "token.public_key", "token.jwks_url");
    }

    @Test
    void shortSecretIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> JwtOptions.hmac("short-secret-value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token.hmac_secret must be at least 32 bytes");
        assertThatThrownBy(() -> JwtOptions.hmac(""))
                .hasMessageStartingWith("token.hmac_secret");
        // 31 ASCII chars + one two-byte char = 33 bytes: the limit is in UTF-8 bytes.
        assertThat(JwtOptions.hmac("a".repeat(31) + "é").hmacSecret()).hasSize(32);
    }

    @Test
    void publicKeyMustBeAnRsaOrEcPublicKey() throws Exception {
        assertThatThrownBy(() -> JwtOptions.publicKey("not a pem"))
                .hasMessageStartingWith("token.public_key");
        assertThatThrownBy(() -> JwtOptions.publicKey("  "))
                .hasMessage("token.public_key must not be blank");
        assertThatThrownBy(() -> JwtOptions.publicKey(
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageStartingWith("token.public_key");
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        assertThatThrownBy(() -> JwtOptions.publicKey(pem(small.generateKeyPair().getPublic())))
                .hasMessage("token.public_key RSA key must be at least 2048 bits");
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        assertThatThrownBy(() -> JwtOptions.publicKey(pem(ed.generateKeyPair().getPublic())))
                .hasMessageStartingWith("token.public_key");
        assertThatThrownBy(() -> JwtOptions.publicKey(
                "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----"))
                .hasMessageStartingWith("token.public_key is a PKCS#1");

        assertThat(JwtOptions.publicKey(pem(Tokens.rsa().getPublic())).publicKeyPem()).contains("PUBLIC KEY");
        assertThat(JwtOptions.publicKey("junk before\n" + pem(Tokens.ec("secp384r1").getPublic()))).isNotNull();
    }

    @Test
    void jwksUrlMustBeHttpHttpsOrFile() {
        assertThat(JwtOptions.jwks(URI.create("https://id.example/.well-known/jwks.json")).jwksUrl()).isNotNull();
        assertThat(JwtOptions.jwks(URI.create("http://localhost:8080/jwks")).jwksUrl()).isNotNull();
        assertThat(JwtOptions.jwks(URI.create("file:///etc/switchboard/jwks.json")).jwksUrl()).isNotNull();

        assertThatThrownBy(() -> JwtOptions.jwks(URI.create("ftp://id.example/jwks.json")))
                .hasMessage("token.jwks_url must be an http, https or file URL");
        assertThatThrownBy(() -> JwtOptions.jwks(URI.create("jwks.json")))
                .hasMessage("token.jwks_url must be an http, https or file URL");
        assertThatThrownBy(() -> JwtOptions.jwks(URI.create("https:///jwks.json")))
                .hasMessageStartingWith("token.jwks_url");
        assertThatThrownBy(() -> JwtOptions.jwks(URI.create("file:jwks.json")))
                .hasMessageStartingWith("token.jwks_url");
    }

    @Test
    void audienceAndIssuerMustNotBeBlank() {
        assertThatThrownBy(() -> JwtOptions.hmac(SECRET).withAudience(" "))
                .hasMessage("token.audience must not be blank");
        assertThatThrownBy(() -> JwtOptions.hmac(SECRET).withIssuer(""))
                .hasMessage("token.issuer must not be blank");
    }

    @Test
    void clockSkewAndRefreshIntervalAreBounded() {
        assertThatThrownBy(() -> JwtOptions.hmac(SECRET).withClockSkew(Duration.ofSeconds(-1)))
                .hasMessage("token.clock_skew must not be negative");
        assertThatThrownBy(() -> JwtOptions.hmac(SECRET).withClockSkew(Duration.ofHours(2)))
                .hasMessageStartingWith("token.clock_skew");
        assertThat(JwtOptions.hmac(SECRET).withClockSkew(Duration.ZERO).clockSkew()).isZero();
        assertThatThrownBy(() -> JwtOptions.hmac(SECRET).withJwksRefreshInterval(Duration.ofMillis(10)))
                .hasMessageStartingWith("token.jwks_refresh_interval");
    }

    @Test
    void toStringHidesTheSecretAndUrlCredentials() {
        JwtOptions options = JwtOptions.hmac(SECRET)
                .withJwksUrl(URI.create("https://user:pw@id.example/jwks?api_key=topsecret"));

        assertThat(options.toString())
                .doesNotContain(SECRET)
                .doesNotContain("topsecret")
                .doesNotContain("pw@")
                .contains("https://id.example/jwks");
    }
}
