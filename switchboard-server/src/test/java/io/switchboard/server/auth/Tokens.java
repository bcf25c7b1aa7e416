package io.switchboard.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.InvalidTokenException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Real keys and real signatures for the auth tests. */
final class Tokens {

    static final String SECRET = "0123456789abcdef0123456789abcdef"; // 32 bytes
    static final String LONG_SECRET = SECRET + SECRET; // 64 bytes
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    private Tokens() {
    }

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static JWTClaimsSet.Builder claims(String sub) {
        return new JWTClaimsSet.Builder()
                .subject(sub)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    static String sign(JWTClaimsSet claims, JWSAlgorithm alg, JWSSigner signer) {
        return sign(claims, new JWSHeader.Builder(alg).build(), signer);
    }

    static String sign(JWTClaimsSet claims, JWSHeader header, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static String hs(JWTClaimsSet claims, JWSAlgorithm alg, byte[] secret) {
        try {
            return sign(claims, alg, new MACSigner(secret));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static String hs256(JWTClaimsSet claims) {
        return hs(claims, JWSAlgorithm.HS256, SECRET.getBytes(StandardCharsets.UTF_8));
    }

    static String rs(JWTClaimsSet claims, JWSAlgorithm alg, KeyPair keys, String kid) {
        return sign(claims, new JWSHeader.Builder(alg).keyID(kid).build(), new RSASSASigner(keys.getPrivate()));
    }

    static String es(JWTClaimsSet claims, JWSAlgorithm alg, KeyPair keys, String kid) {
        try {
            return sign(claims, new JWSHeader.Builder(alg).keyID(kid).build(),
                    new ECDSASigner((ECPrivateKey) keys.getPrivate()));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static RSAKey rsaJwk(KeyPair keys, String kid) {
        return new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID(kid).build();
    }

    static ECKey ecJwk(KeyPair keys, Curve curve, String kid) {
        return new ECKey.Builder(curve, (ECPublicKey) keys.getPublic()).keyID(kid).build();
    }

    static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toString(false);
    }

    static RSAPrivateKey rsaPrivate(KeyPair keys) {
        return (RSAPrivateKey) keys.getPrivate();
    }

    static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * {@code b64(header).b64(payload).signature}, the header taken as it is (any text), signed with
     * HS384 or HS512 when it names them and HS256 otherwise.
     */
    static String hsRaw(String header, byte[] payload, String secret) {
        String alg = header.contains("\"HS384\"") ? "HmacSHA384" : header.contains("\"HS512\"") ? "HmacSHA512" : "HmacSHA256";
        return withSignature(b64(header) + "." + b64(payload), alg, secret);
    }

    static String hsRaw(String header, String payload) {
        return hsRaw(header, payload.getBytes(StandardCharsets.UTF_8), SECRET);
    }

    /** {@code signingInput.signature}, the signature over the text exactly as given. */
    static String withSignature(String signingInput, String jcaAlgorithm, String secret) {
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jcaAlgorithm));
            return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the stage (bounded) and returns its claims. */
    static Claims accepted(CompletionStage<Claims> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("token rejected: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Waits for the stage (bounded), asserts it failed with an {@link InvalidTokenException} whose
     * message leaks neither the token nor the secrets, and returns it.
     */
    static InvalidTokenException rejected(CompletionStage<Claims> stage, String token) {
        CompletableFuture<Claims> future = stage.toCompletableFuture();
        Throwable failure = null;
        try {
            Claims claims = future.get(10, TimeUnit.SECONDS);
            fail("token accepted: " + claims);
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // The stage itself completes with the exception, not a CompletionException wrapper.
        Throwable[] direct = new Throwable[1];
        future.whenComplete((c, t) -> direct[0] = t);
        assertThat(direct[0]).isNotInstanceOf(CompletionException.class);
        assertThat(failure).isInstanceOf(InvalidTokenException.class);
        InvalidTokenException e = (InvalidTokenException) failure;
        assertThat(e.getMessage()).isNotBlank().doesNotContain(SECRET);
        if (token != null && !token.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(token);
            for (String part : token.split("\\.")) {
                if (part.length() >= 8) {
                    assertThat(e.getMessage()).doesNotContain(part);
                }
            }
        }
        assertThat(e.getCause()).isNull();
        return e;
    }
}
