package io.switchboard.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import io.switchboard.core.auth.Claims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static io.switchboard.server.auth.Tokens.NOW;
import static io.switchboard.server.auth.Tokens.accepted;
import static io.switchboard.server.auth.Tokens.claims;
import static io.switchboard.server.auth.Tokens.pem;
import static io.switchboard.server.auth.Tokens.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class JwtTokenVerifierPublicKeyTest {

    private static final KeyPair RSA = Tokens.rsa();
    private static final KeyPair OTHER_RSA = Tokens.rsa();
    private static final KeyPair P256 = Tokens.ec("secp256r1");
    private static final KeyPair P384 = Tokens.ec("secp384r1");

    private final Tokens.MutableClock clock = new Tokens.MutableClock(NOW);

    @Test
    void rs256FromPemVerifiesInline() {
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem(RSA.getPublic())), clock);
        String token = Tokens.rs(claims("alice").claim("channels", List.of("room:*")).build(),
                JWSAlgorithm.RS256, RSA, null);

        CompletionStage<Claims> stage = v.verify(token);

        assertThat(stage.toCompletableFuture()).isDone();
        Claims c = accepted(stage);
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.channels()).containsExactly("room:*");
        assertThat(v.acceptedAlgorithms())
                .containsExactlyInAnyOrder("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    }

    @Test
    void otherRsaAlgorithmsWithTheSameKey() {
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem(RSA.getPublic())), clock);

        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256)) {
            assertThat(accepted(v.verify(Tokens.rs(claims("a").build(), alg, RSA, "whatever"))).user())
                    .isEqualTo("a");
        }
    }

    @Test
    void rs256SignedByAnotherKeyIsRejected() {
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem(RSA.getPublic())), clock);
        String token = Tokens.rs(claims("alice").build(), JWSAlgorithm.RS256, OTHER_RSA, null);

        assertThat(rejected(v.verify(token), token)).hasMessage("invalid signature");
    }

    @Test
    void es256FromPemVerifies() {
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem(P256.getPublic())), clock);
        String token = Tokens.es(claims("bob").build(), JWSAlgorithm.ES256, P256, null);

        assertThat(accepted(v.verify(token)).user()).isEqualTo("bob");
        assertThat(v.acceptedAlgorithms()).containsExactly("ES256");
    }

    @Test
    void es384FromP384Pem() {
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem(P384.getPublic())), clock);

        assertThat(accepted(v.verify(Tokens.es(claims("c").build(), JWSAlgorithm.ES384, P384, null))).user())
                .isEqualTo("c");
    }

    @Test
    void ecTokenFromAnotherKeyOrCurveIsRejected() {
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem(P256.getPublic())), clock);
        String otherKey = Tokens.es(claims("a").build(), JWSAlgorithm.ES256, Tokens.ec("secp256r1"), null);
        String otherCurve = Tokens.es(claims("a").build(), JWSAlgorithm.ES384, P384, null);
        String rsa = Tokens.rs(claims("a").build(), JWSAlgorithm.RS256, RSA, null);

        assertThat(rejected(v.verify(otherKey), otherKey)).hasMessage("invalid signature");
        assertThat(rejected(v.verify(otherCurve), otherCurve)).hasMessage("unsupported algorithm ES384");
        assertThat(rejected(v.verify(rsa), rsa)).hasMessage("unsupported algorithm RS256");
    }

    @Test
    void algorithmConfusionWithThePemAsHmacSecretIsRejected() throws Exception {
        String pem = pem(RSA.getPublic());
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem), clock);
        String withPemText = Tokens.sign(claims("admin").build(), JWSAlgorithm.HS256,
                new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
        String withDer = Tokens.sign(claims("admin").build(), JWSAlgorithm.HS256,
                new MACSigner(RSA.getPublic().getEncoded()));
        String withTrimmedPem = Tokens.sign(claims("admin").build(), JWSAlgorithm.HS256,
                new MACSigner(pem.trim().getBytes(StandardCharsets.US_ASCII)));

        for (String token : List.of(withPemText, withDer, withTrimmedPem)) {
            assertThat(rejected(v.verify(token), token)).hasMessage("unsupported algorithm HS256");
        }
    }

    @Test
    void algorithmConfusionIsRejectedEvenWhenAnHmacSecretIsAlsoConfigured() throws Exception {
        String pem = pem(RSA.getPublic());
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem).withHmacSecret(Tokens.SECRET), clock);
        String confused = Tokens.sign(claims("admin").build(), JWSAlgorithm.HS256,
                new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));

        assertThat(rejected(v.verify(confused), confused)).hasMessage("invalid signature");
        // Both configured sources still work for their own algorithms.
        assertThat(accepted(v.verify(Tokens.hs256(claims("h").build()))).user()).isEqualTo("h");
        assertThat(accepted(v.verify(Tokens.rs(claims("r").build(), JWSAlgorithm.RS256, RSA, null))).user())
                .isEqualTo("r");
    }

    @Test
    void hmacOnlyVerifierRejectsRsaTokens() {
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.hmac(Tokens.SECRET), clock);
        String token = Tokens.rs(claims("a").build(), JWSAlgorithm.RS256, RSA, null);

        assertThat(rejected(v.verify(token), token)).hasMessage("unsupported algorithm RS256");
    }

    @Test
    void embeddedJwkHeaderIsIgnored() {
        // The attacker ships their own key in the header; only the configured key counts.
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.publicKey(pem(RSA.getPublic())), clock);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .jwk(Tokens.rsaJwk(OTHER_RSA, "evil"))
                .build();
        String token = Tokens.sign(claims("admin").build(), header,
                new RSASSASigner(OTHER_RSA.getPrivate()));

        assertThat(rejected(v.verify(token), token)).hasMessage("invalid signature");
    }

    @Test
    void privateKeyPemIsRefused() {
        // A PEM private key is refused at configuration time with a message naming the key.
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(RSA.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> JwtOptions.publicKey(privatePem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("token.public_key")
                .hasMessageNotContaining(privatePem.substring(40, 80));
    }
}
