package io.switchboard.server.auth;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.InvalidTokenException;
import io.switchboard.protocol.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static io.switchboard.server.auth.Tokens.NOW;
import static io.switchboard.server.auth.Tokens.SECRET;
import static io.switchboard.server.auth.Tokens.accepted;
import static io.switchboard.server.auth.Tokens.b64;
import static io.switchboard.server.auth.Tokens.claims;
import static io.switchboard.server.auth.Tokens.hs256;
import static io.switchboard.server.auth.Tokens.rejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class JwtTokenVerifierHmacTest {

    private final Tokens.MutableClock clock = new Tokens.MutableClock(NOW);
    private final JwtTokenVerifier verifier = new JwtTokenVerifier(JwtOptions.hmac(SECRET), clock);

    @Test
    void acceptsValidHs256InlineWithoutBlocking() {
        String token = hs256(claims("alice").build());

        CompletionStage<Claims> stage = verifier.verify(token);

        assertThat(stage.toCompletableFuture()).isDone();
        Claims c = accepted(stage);
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(c.channels()).isEmpty();
        assertThat(c.info()).isNull();
    }

    @Test
    void acceptsHs384AndHs512WhenTheSecretIsLongEnough() {
        byte[] secret = Tokens.LONG_SECRET.getBytes(StandardCharsets.UTF_8);
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.hmac(Tokens.LONG_SECRET), clock);

        assertThat(accepted(v.verify(Tokens.hs(claims("a").build(), JWSAlgorithm.HS512, secret))).user())
                .isEqualTo("a");
        assertThat(accepted(v.verify(Tokens.hs(claims("b").build(), JWSAlgorithm.HS384, secret))).user())
                .isEqualTo("b");
        assertThat(accepted(v.verify(Tokens.hs(claims("c").build(), JWSAlgorithm.HS256, secret))).user())
                .isEqualTo("c");
        assertThat(v.acceptedAlgorithms()).containsExactlyInAnyOrder("HS256", "HS384", "HS512");
    }

    @Test
    void rejectsHs512WhenTheSecretIsShorterThanTheHash() {
        // RFC 7518 3.2: the key must be at least as long as the hash output.
        assertThat(verifier.acceptedAlgorithms()).containsExactly("HS256");
        String token = Tokens.hs(claims("a").build(), JWSAlgorithm.HS512,
                Tokens.LONG_SECRET.getBytes(StandardCharsets.UTF_8));

        assertThat(rejected(verifier.verify(token), token)).hasMessage("unsupported algorithm HS512");
    }

    @Test
    void expiredTokenIsFlaggedExpired() {
        String token = hs256(claims("alice").expirationTime(Date.from(NOW.minusSeconds(31))).build());

        InvalidTokenException e = rejected(verifier.verify(token), token);

        assertThat(e).hasMessage("token expired");
        assertThat(e.expired()).isTrue();
    }

    @Test
    void expiryWithinClockSkewIsAccepted() {
        String token = hs256(claims("alice").expirationTime(Date.from(NOW.minusSeconds(29))).build());

        assertThat(accepted(verifier.verify(token)).expiresAt()).isEqualTo(NOW.minusSeconds(29));
    }

    @Test
    void expiryIsCheckedAgainstTheClockAtVerification() {
        String token = hs256(claims("alice").expirationTime(Date.from(NOW.plusSeconds(60))).build());
        accepted(verifier.verify(token));

        clock.advance(Duration.ofSeconds(90));

        assertThat(rejected(verifier.verify(token), token).expired()).isTrue();
    }

    @Test
    void tokenWithoutExpiryNeverExpires() {
        String token = hs256(new JWTClaimsSet.Builder().subject("bob").build());

        assertThat(accepted(verifier.verify(token)).expiresAt()).isNull();
    }

    @Test
    void notBeforeInTheFutureIsRejected() {
        String token = hs256(claims("alice").notBeforeTime(Date.from(NOW.plusSeconds(120))).build());

        InvalidTokenException e = rejected(verifier.verify(token), token);

        assertThat(e).hasMessage("token not yet valid");
        assertThat(e.expired()).isFalse();
    }

    @Test
    void notBeforeWithinSkewIsAccepted() {
        String token = hs256(claims("alice").notBeforeTime(Date.from(NOW.plusSeconds(20))).build());

        assertThat(accepted(verifier.verify(token)).user()).isEqualTo("alice");
    }

    @Test
    void issuedAtInTheFutureBeyondSkewIsRejected() {
        String token = hs256(claims("alice").issueTime(Date.from(NOW.plusSeconds(31))).build());

        InvalidTokenException e = rejected(verifier.verify(token), token);

        assertThat(e).hasMessage("token issued in the future");
        assertThat(e.expired()).isFalse();
    }

    @Test
    void issuedAtWithinSkewIsAccepted() {
        String token = hs256(claims("alice").issueTime(Date.from(NOW.plusSeconds(25))).build());

        assertThat(accepted(verifier.verify(token)).user()).isEqualTo("alice");
    }

    @Test
    void zeroClockSkewIsStrict() {
        JwtTokenVerifier strict = new JwtTokenVerifier(JwtOptions.hmac(SECRET).withClockSkew(Duration.ZERO), clock);
        String expired = hs256(claims("a").expirationTime(Date.from(NOW)).build());
        String early = hs256(claims("a").notBeforeTime(Date.from(NOW.plusSeconds(1))).build());

        assertThat(rejected(strict.verify(expired), expired).expired()).isTrue();
        assertThat(rejected(strict.verify(early), early)).hasMessage("token not yet valid");
    }

    @Test
    void wrongSignatureIsRejected() {
        String token = Tokens.hs(claims("alice").build(), JWSAlgorithm.HS256,
                "another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8));

        InvalidTokenException e = rejected(verifier.verify(token), token);

        assertThat(e).hasMessage("invalid signature");
        assertThat(e.expired()).isFalse();
    }

    @Test
    void tamperedPayloadIsRejected() {
        String token = hs256(claims("alice").build());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64("{\"sub\":\"admin\",\"channels\":[\"*\"]}") + "." + parts[2];

        assertThat(rejected(verifier.verify(forged), forged)).hasMessage("invalid signature");
    }

    @Test
    void expiredTokenWithBadSignatureIsNotReportedAsExpired() {
        String token = Tokens.hs(claims("alice").expirationTime(Date.from(NOW.minusSeconds(3600))).build(),
                JWSAlgorithm.HS256, "another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8));

        InvalidTokenException e = rejected(verifier.verify(token), token);

        assertThat(e).hasMessage("invalid signature");
        assertThat(e.expired()).isFalse();
    }

    @Test
    void algNoneIsRejected() {
        String payload = b64("{\"sub\":\"admin\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}");
        String unsigned = b64("{\"alg\":\"none\"}") + "." + payload + ".";
        String withTyp = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
        String withSignature = b64("{\"alg\":\"none\"}") + "." + payload + "." + b64("sig");
        String capitalised = b64("{\"alg\":\"None\"}") + "." + payload + ".";

        assertThat(rejected(verifier.verify(unsigned), unsigned)).hasMessage("unsupported algorithm none");
        assertThat(rejected(verifier.verify(withTyp), withTyp)).hasMessage("unsupported algorithm none");
        assertThat(rejected(verifier.verify(withSignature), withSignature).expired()).isFalse();
        assertThat(rejected(verifier.verify(capitalised), capitalised).getMessage())
                .isIn("unsupported algorithm", "unsupported algorithm none", "malformed token");
    }

    @Test
    void hs256HeaderWithEmptySignatureIsRejected() {
        String token = hs256(claims("alice").build());
        String stripped = token.substring(0, token.lastIndexOf('.') + 1);

        assertThat(rejected(verifier.verify(stripped), stripped).getMessage())
                .isIn("malformed token", "invalid signature");
    }

    @Test
    void encryptedJwtIsRejected() throws Exception {
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM),
                claims("alice").build());
        jwe.encrypt(new DirectEncrypter(SECRET.getBytes(StandardCharsets.UTF_8)));
        String token = jwe.serialize();

        assertThat(rejected(verifier.verify(token), token)).hasMessage("encrypted tokens are not supported");
    }

    @Test
    void garbageIsRejectedAsMalformed() {
        for (String token : List.of("abc", "a.b.c", "a.b", "....", "eyJhbGciOiJIUzI1NiJ9.!!!.abc",
                b64("{\"alg\":\"HS256\"}") + "." + b64("[1,2]") + "." + b64("x"),
                b64("not json") + "." + b64("{}") + "." + b64("x"))) {
            assertThat(rejected(verifier.verify(token), token).getMessage())
                    .isIn("malformed token", "invalid signature", "malformed claims");
        }
        assertThat(rejected(verifier.verify(null), null)).hasMessage("missing token");
        assertThat(rejected(verifier.verify(" "), null)).hasMessage("missing token");
        String huge = "a".repeat(JwtTokenVerifier.MAX_TOKEN_CHARS + 1);
        assertThat(rejected(verifier.verify(huge), huge)).hasMessage("token too large");
    }

    @Test
    void unknownAlgorithmNameIsNotEchoedWhenUnsafe() {
        String token = b64("{\"alg\":\"<script>alert(1)</script>\"}") + "." + b64("{\"sub\":\"a\"}") + "."
                + b64("sig");

        InvalidTokenException e = rejected(verifier.verify(token), token);

        assertThat(e.getMessage()).isIn("unsupported algorithm", "malformed token").doesNotContain("script");
    }

    @Test
    void unknownCriticalHeaderIsRejected() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .criticalParams(Set.of("exotic"))
                .customParam("exotic", true)
                .build();
        String token = Tokens.sign(claims("alice").build(), header,
                new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertThat(rejected(verifier.verify(token), token)).hasMessage("invalid signature");
    }

    @Test
    void audienceAndIssuerAreCheckedWhenConfigured() {
        JwtTokenVerifier v = new JwtTokenVerifier(
                JwtOptions.hmac(SECRET).withAudience("switchboard").withIssuer("https://id.example"), clock);
        String good = hs256(claims("a").audience(List.of("other", "switchboard")).issuer("https://id.example").build());
        String wrongAud = hs256(claims("a").audience("other").issuer("https://id.example").build());
        String noAud = hs256(claims("a").issuer("https://id.example").build());
        String wrongIss = hs256(claims("a").audience("switchboard").issuer("https://evil.example").build());
        String noIss = hs256(claims("a").audience("switchboard").build());

        assertThat(accepted(v.verify(good)).user()).isEqualTo("a");
        assertThat(rejected(v.verify(wrongAud), wrongAud)).hasMessage("audience mismatch");
        assertThat(rejected(v.verify(noAud), noAud)).hasMessage("audience mismatch");
        assertThat(rejected(v.verify(wrongIss), wrongIss)).hasMessage("issuer mismatch");
        assertThat(rejected(v.verify(noIss), noIss)).hasMessage("issuer mismatch");
        // Not configured: anything goes.
        assertThat(accepted(verifier.verify(wrongAud)).user()).isEqualTo("a");
    }

    @Test
    void expiredTokenWithWrongAudienceReportsTheAudience() {
        JwtTokenVerifier v = new JwtTokenVerifier(JwtOptions.hmac(SECRET).withAudience("switchboard"), clock);
        String token = hs256(claims("a").audience("other").expirationTime(Date.from(NOW.minusSeconds(3600))).build());

        InvalidTokenException e = rejected(v.verify(token), token);

        assertThat(e).hasMessage("audience mismatch");
        assertThat(e.expired()).isFalse();
    }

    @Test
    void subIsRequired() {
        String missing = hs256(new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60))).build());
        String blank = hs256(claims("  ").build());
        String numeric = hs256Raw("{\"sub\":42}");

        assertThat(rejected(verifier.verify(missing), missing)).hasMessage("missing sub");
        assertThat(rejected(verifier.verify(blank), blank)).hasMessage("missing sub");
        assertThat(rejected(verifier.verify(numeric), numeric)).hasMessage("missing sub");
    }

    @Test
    void channelsMustBeAnArrayOfStrings() {
        String good = hs256(claims("a").claim("channels", List.of("news", "chat:*")).build());
        String string = hs256(claims("a").claim("channels", "news").build());
        String object = hs256(claims("a").claim("channels", Map.of("news", true)).build());
        String numbers = hs256(claims("a").claim("channels", List.of(1, 2)).build());
        String blank = hs256(claims("a").claim("channels", List.of("news", "")).build());

        assertThat(accepted(verifier.verify(good)).channels()).containsExactly("news", "chat:*");
        for (String token : List.of(string, object, numbers, blank)) {
            InvalidTokenException e = rejected(verifier.verify(token), token);
            assertThat(e).hasMessage("invalid channels");
            assertThat(e.expired()).isFalse();
        }
    }

    @Test
    void infoObjectRoundTripsAsCompactJson() {
        String payload = "{\"sub\":\"alice\",\"info\": {\"name\" : \"Alice\", \"tags\": [1, 2.5, true, null],"
                + " \"nested\": {\"x\": \"\\u00e9\"}}}";
        String token = hs256Raw(payload);

        Claims c = accepted(verifier.verify(token));

        assertThat(c.info()).isEqualTo(Payload.ofJson(
                "{\"name\":\"Alice\",\"tags\":[1,2.5,true,null],\"nested\":{\"x\":\"é\"}}"));
    }

    @Test
    void infoMayBeAnyJsonValue() {
        assertThat(accepted(verifier.verify(hs256(claims("a").claim("info", "hello").build()))).info())
                .isEqualTo(Payload.ofJson("\"hello\""));
        assertThat(accepted(verifier.verify(hs256(claims("a").claim("info", 42).build()))).info())
                .isEqualTo(Payload.ofJson("42"));
        assertThat(accepted(verifier.verify(hs256(claims("a").claim("info", List.of("x")).build()))).info())
                .isEqualTo(Payload.ofJson("[\"x\"]"));
        assertThat(accepted(verifier.verify(hs256Raw("{\"sub\":\"a\",\"info\":null}"))).info()).isNull();
    }

    @Test
    void noMessageEverContainsTheToken() {
        String expired = hs256(claims("a").expirationTime(Date.from(NOW.minusSeconds(600))).build());
        String valid = hs256(claims("a").build());
        String[] parts = valid.split("\\.");
        List<String> bad = List.of(
                expired,
                parts[0] + "." + parts[1] + "." + parts[2].substring(1),
                parts[0] + "." + parts[1],
                parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2],
                b64("{\"alg\":\"" + valid.substring(0, 10) + "\"}") + "." + parts[1] + "." + parts[2],
                b64("{\"alg\":\"" + parts[2] + "\"}") + "." + parts[1] + "." + parts[2],
                b64("{\"alg\":\"HS256\",\"kid\":\"" + valid + "\"}") + "." + parts[1] + "." + parts[2],
                parts[0] + "." + b64("{\"sub\":\"" + valid + "\"}") + "." + parts[2],
                valid + "x",
                "Bearer " + valid);
        for (String token : bad) {
            InvalidTokenException e = rejected(verifier.verify(token), token);
            assertThat(e.getMessage()).doesNotContain(valid).doesNotContain(parts[1]).doesNotContain(parts[2])
                    .doesNotContain(valid.substring(0, 10));
            assertThat(e.getMessage().length()).isLessThan(64);
        }
    }

    @Test
    void noStartNeededAndCloseIsHarmless() {
        assertThat(verifier.start().toCompletableFuture()).isDone();
        verifier.close();
        assertThat(accepted(verifier.verify(hs256(claims("a").build()))).user()).isEqualTo("a");
    }

    private String hs256Raw(String payloadJson) {
        try {
            JWSObject jws = new JWSObject(
                    new JWSHeader(JWSAlgorithm.HS256), new com.nimbusds.jose.Payload(payloadJson));
            jws.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jws.serialize();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
