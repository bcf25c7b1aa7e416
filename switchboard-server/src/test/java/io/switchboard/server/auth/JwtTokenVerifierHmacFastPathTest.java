package io.switchboard.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import io.switchboard.core.auth.Claims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.switchboard.server.auth.Tokens.LONG_SECRET;
import static io.switchboard.server.auth.Tokens.NOW;
import static io.switchboard.server.auth.Tokens.SECRET;
import static io.switchboard.server.auth.Tokens.accepted;
import static io.switchboard.server.auth.Tokens.b64;
import static io.switchboard.server.auth.Tokens.claims;
import static io.switchboard.server.auth.Tokens.hs256;
import static io.switchboard.server.auth.Tokens.hsRaw;
import static io.switchboard.server.auth.Tokens.rejected;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HMAC fast path's own checks, each with the exact outcome (the shared claim checks are in
 * {@link JwtTokenVerifierHmacTest}, the comparison with Nimbus in
 * {@link JwtTokenVerifierHmacEquivalenceTest}).
 */
@Timeout(30)
class JwtTokenVerifierHmacFastPathTest {

    private static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final String PAYLOAD = "{\"sub\":\"alice\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}";

    private final Tokens.MutableClock clock = new Tokens.MutableClock(NOW);
    private final JwtTokenVerifier verifier = new JwtTokenVerifier(JwtOptions.hmac(SECRET), clock);
    /** Nimbus alone, as before the fast path: where the outcomes differ on purpose. */
    private final JwtTokenVerifier nimbus = new JwtTokenVerifier(JwtOptions.hmac(SECRET), clock, false);

    @Test
    void decodesBase64urlAsTheJdkDoesAndRefusesWhatIsNotStrict() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(40);
            StringBuilder part = new StringBuilder();
            for (int j = 0; j < length; j++) {
                part.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String framed = "x." + part + ".y"; // decoded from within a longer string, as in a token
            byte[] ours = HmacFastPath.decode(framed, 2, 2 + length);
            if (length % 4 == 1) {
                assertThat(ours).as(part.toString()).isNull();
            } else {
                assertThat(ours).as(part.toString()).isEqualTo(Base64.getUrlDecoder().decode(part.toString()));
            }
        }
        for (String notStrict : List.of("QQ==", "QQ=", "Q+8", "Q/8", "QQ QQ", "Q\u00e9", "Q\u0100", "QQ.Q")) {
            assertThat(HmacFastPath.decode(notStrict, 0, notStrict.length())).as(notStrict).isNull();
        }
    }

    @Test
    void acceptsARawHs256TokenAndSurroundingWhitespace() {
        String token = hsRaw(HS256, PAYLOAD);

        assertThat(accepted(verifier.verify(token)).user()).isEqualTo("alice");
        assertThat(accepted(verifier.verify(" \t" + token + "\r\n")).user()).isEqualTo("alice");
        assertThat(rejected(verifier.verify(""), "")).hasMessage("missing token");
    }

    @Test
    void partsOtherThanThreeAreMalformed() {
        String token = hsRaw(HS256, PAYLOAD);
        String[] parts = token.split("\\.");
        String unencoded = hsRaw("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", PAYLOAD);

        for (String bad : List.of(parts[0], parts[0] + "." + parts[1], parts[0] + "." + parts[1] + ".",
                token + "." + parts[2], token + ".", token + "." + parts[2] + "." + parts[2], unencoded + ".")) {
            assertThat(rejected(verifier.verify(bad), bad)).as(bad).hasMessage("malformed token");
        }
    }

    @Test
    void paddingAndCharactersOutsideBase64UrlAreMalformedThoughNimbusSkipsThem() {
        String token = hsRaw(HS256, PAYLOAD);
        String[] parts = token.split("\\.");
        String paddedSignature = token + "=";
        String bangInSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + "!" + parts[2].substring(5);
        String standardAlphabet = parts[0] + "." + parts[1] + "." + parts[2].replace('-', '+').replace('_', '/');

        for (String bad : List.of(paddedSignature, bangInSignature)) {
            assertThat(accepted(nimbus.verify(bad)).user()).isEqualTo("alice");
            assertThat(rejected(verifier.verify(bad), bad)).hasMessage("malformed token");
        }
        if (!standardAlphabet.equals(token)) {
            assertThat(rejected(verifier.verify(standardAlphabet), standardAlphabet)).hasMessage("malformed token");
        }
    }

    @Test
    void paddedHeaderOrPayloadIsMalformedEvenWhenSignedAsSent() {
        String header = padded(HS256);
        String payload = padded(PAYLOAD);
        String badHeader = Tokens.withSignature(header + "." + b64(PAYLOAD), "HmacSHA256", SECRET);
        String badPayload = Tokens.withSignature(b64(HS256) + "." + payload, "HmacSHA256", SECRET);

        // The padded header takes the Nimbus path (the fast path cannot read it); both must refuse.
        for (String bad : List.of(badHeader, badPayload)) {
            assertThat(accepted(nimbus.verify(bad)).user()).isEqualTo("alice");
            assertThat(rejected(verifier.verify(bad), bad)).hasMessage("malformed token");
        }
    }

    @Test
    void headerThatIsNotAJsonObjectIsMalformed() {
        for (String header : List.of("[\"HS256\"]", "\"HS256\"", "null", "42", "", "not json", "{\"alg\":\"HS256\"} x",
                "{\"alg\":\"HS256\",\"alg\":\"HS256\"}")) {
            String token = hsRaw(header, PAYLOAD);
            assertThat(rejected(verifier.verify(token), token)).as(header).hasMessage("malformed token");
        }
    }

    @Test
    void headerMembersNimbusTypesMustHaveThoseTypes() {
        for (String header : List.of("{\"alg\":\"HS256\",\"typ\":5}", "{\"alg\":\"HS256\",\"kid\":[\"a\"]}",
                "{\"alg\":\"HS256\",\"cty\":{}}", "{\"alg\":\"HS256\",\"crit\":\"exotic\"}",
                "{\"alg\":\"HS256\",\"crit\":[1]}", "{\"alg\":\"HS256\",\"b64\":\"true\"}", "{\"alg\":\"HS256\",\"b64\":null}")) {
            String token = hsRaw(header, PAYLOAD);
            assertThat(rejected(verifier.verify(token), token)).as(header).hasMessage("malformed token");
        }
        String nullKid = hsRaw("{\"alg\":\"HS256\",\"kid\":null,\"typ\":null,\"custom\":[{\"any\":1.5}]}", PAYLOAD);
        assertThat(accepted(verifier.verify(nullKid)).user()).isEqualTo("alice");
    }

    @Test
    void aHeaderStartingLikeTheLastOneIsReadAfresh() {
        String token = hsRaw(HS256, PAYLOAD);
        String header = token.substring(0, token.indexOf('.'));
        // The same header and four more characters, which decode to three zero bytes after the JSON.
        String longer = Tokens.withSignature(header + "AAAA." + b64(PAYLOAD), "HmacSHA256", SECRET);

        assertThat(accepted(verifier.verify(token)).user()).isEqualTo("alice");
        assertThat(rejected(verifier.verify(longer), longer)).hasMessage("malformed token");
        assertThat(accepted(verifier.verify(token)).user()).isEqualTo("alice");
    }

    @Test
    void kidIsIgnoredForTheSecret() {
        String token = hsRaw("{\"alg\":\"HS256\",\"kid\":\"whatever-the-issuer-likes\"}", PAYLOAD);

        assertThat(accepted(verifier.verify(token)).user()).isEqualTo("alice");
    }

    @Test
    void unencodedPayloadIsUnsupported() {
        String token = hsRaw("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}", PAYLOAD);

        assertThat(rejected(verifier.verify(token), token)).hasMessage("unsupported token");
    }

    @Test
    void onlyTheB64CriticalParameterIsUnderstood() {
        String b64 = hsRaw("{\"alg\":\"HS256\",\"b64\":true,\"crit\":[\"b64\"]}", PAYLOAD);
        String emptyCrit = hsRaw("{\"alg\":\"HS256\",\"crit\":[]}", PAYLOAD);
        String exotic = hsRaw("{\"alg\":\"HS256\",\"b64\":true,\"crit\":[\"b64\",\"exp\"],\"exp\":1}", PAYLOAD);
        String nullName = hsRaw("{\"alg\":\"HS256\",\"crit\":[null]}", PAYLOAD);

        assertThat(accepted(verifier.verify(b64)).user()).isEqualTo("alice");
        assertThat(accepted(verifier.verify(emptyCrit)).user()).isEqualTo("alice");
        assertThat(rejected(verifier.verify(exotic), exotic)).hasMessage("invalid signature");
        assertThat(rejected(verifier.verify(nullName), nullName)).hasMessage("invalid signature");
    }

    @Test
    void algNoneInAnySpellingIsRefused() {
        String none = b64("{\"alg\":\"none\"}") + "." + b64(PAYLOAD) + ".";
        String signedNone = hsRaw("{\"alg\":\"none\"}", PAYLOAD);

        assertThat(rejected(verifier.verify(none), none)).hasMessage("unsupported algorithm none");
        assertThat(rejected(verifier.verify(signedNone), signedNone)).hasMessage("malformed token");
        for (String alg : List.of("None", "nOnE", "NONE", "hs256", "HS256 ")) {
            String token = hsRaw("{\"alg\":\"" + alg + "\"}", PAYLOAD);
            assertThat(rejected(verifier.verify(token), token)).as(alg).hasMessage("unsupported algorithm");
        }
    }

    @Test
    void otherAlgorithmsSignedWithTheSecretAreRefused() {
        for (String alg : List.of("RS256", "PS256", "ES256", "EdDSA")) {
            String token = hsRaw("{\"alg\":\"" + alg + "\"}", PAYLOAD);
            assertThat(rejected(verifier.verify(token), token)).as(alg).hasMessage("unsupported algorithm " + alg);
        }
    }

    @Test
    void hmacSignedWithTheConfiguredPublicKeyIsNotAnRsaSignature() {
        // The classic confusion: HS256 keyed with the RSA public key text the server is configured with.
        KeyPair rsa = Tokens.rsa();
        String pem = Tokens.pem(rsa.getPublic());
        JwtTokenVerifier mixed = new JwtTokenVerifier(JwtOptions.hmac(SECRET).withPublicKeyPem(pem), clock);
        JwtTokenVerifier rsaOnly = new JwtTokenVerifier(JwtOptions.publicKey(pem), clock);
        String asRs256 = Tokens.withSignature(b64("{\"alg\":\"RS256\"}") + "." + b64(PAYLOAD), "HmacSHA256", pem);
        String asHs256 = Tokens.withSignature(b64(HS256) + "." + b64(PAYLOAD), "HmacSHA256", pem);

        assertThat(rejected(mixed.verify(asRs256), asRs256)).hasMessage("invalid signature");
        assertThat(rejected(mixed.verify(asHs256), asHs256)).hasMessage("invalid signature");
        assertThat(rejected(rsaOnly.verify(asHs256), asHs256)).hasMessage("unsupported algorithm HS256");
        assertThat(accepted(mixed.verify(Tokens.rs(claims("r").build(), JWSAlgorithm.RS256, rsa, null))).user())
                .isEqualTo("r");
        assertThat(accepted(mixed.verify(hsRaw(HS256, PAYLOAD))).user()).isEqualTo("alice");
    }

    @Test
    void algorithmsTheSecretIsTooShortForAreUnsupported() {
        String hs384 = hsRaw("{\"alg\":\"HS384\"}", PAYLOAD.getBytes(StandardCharsets.UTF_8), LONG_SECRET);

        assertThat(rejected(verifier.verify(hs384), hs384)).hasMessage("unsupported algorithm HS384");
        JwtTokenVerifier longer = new JwtTokenVerifier(JwtOptions.hmac(LONG_SECRET), clock);
        assertThat(accepted(longer.verify(hs384)).user()).isEqualTo("alice");
    }

    @Test
    void signatureMustBeTheHeadersAlgorithmOverTheseExactParts() {
        JwtTokenVerifier longer = new JwtTokenVerifier(JwtOptions.hmac(LONG_SECRET), clock);
        String hs256 = hsRaw(HS256, PAYLOAD.getBytes(StandardCharsets.UTF_8), LONG_SECRET);
        String[] parts = hs256.split("\\.");
        String hs512Signature = hsRaw("{\"alg\":\"HS512\"}", PAYLOAD.getBytes(StandardCharsets.UTF_8), LONG_SECRET)
                .split("\\.")[2];
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        List<String> bad = List.of(
                parts[0] + "." + parts[1] + "." + hs512Signature, // longer: another algorithm's MAC
                parts[0] + "." + parts[1] + "." + b64(Arrays.copyOf(signature, 31)),
                parts[0] + "." + parts[1] + "." + b64(Arrays.copyOf(signature, 33)),
                b64("{\"alg\":\"HS512\"}") + "." + parts[1] + "." + parts[2], // header swapped after signing
                parts[0] + "." + b64(PAYLOAD.replace("alice", "admin")) + "." + parts[2]);

        assertThat(accepted(longer.verify(hs256)).user()).isEqualTo("alice");
        for (String token : bad) {
            assertThat(rejected(longer.verify(token), token)).as(token).hasMessage("invalid signature");
        }
    }

    @Test
    void encryptedOrKeyLocatingHeadersGoTheNimbusWay() {
        String enc = hsRaw("{\"alg\":\"HS256\",\"enc\":\"A256GCM\"}", PAYLOAD);
        String badJwk = hsRaw("{\"alg\":\"HS256\",\"jwk\":\"not an object\"}", PAYLOAD);
        String jku = hsRaw("{\"alg\":\"HS256\",\"jku\":\"https://evil.example/jwks.json\"}", PAYLOAD);

        assertThat(rejected(verifier.verify(enc), enc)).hasMessage("malformed token");
        assertThat(rejected(verifier.verify(badJwk), badJwk)).hasMessage("malformed token");
        // As before: an HMAC key ignores jku (it is never fetched).
        assertThat(accepted(verifier.verify(jku)).user()).isEqualTo("alice");
        assertThat(rejected(verifier.verify(jku + "="), jku + "=")).hasMessage("malformed token");
    }

    @Test
    void hugeHeaderIsReadWhileTheTokenFits() {
        String filler = "x".repeat(JwtTokenVerifier.MAX_TOKEN_CHARS / 2);
        String big = hsRaw("{\"alg\":\"HS256\",\"filler\":\"" + filler + "\"}", PAYLOAD);
        String tooBig = hsRaw("{\"alg\":\"HS256\",\"filler\":\"" + filler + filler + "\"}", PAYLOAD);

        assertThat(big.length()).isLessThanOrEqualTo(JwtTokenVerifier.MAX_TOKEN_CHARS);
        assertThat(accepted(verifier.verify(big)).user()).isEqualTo("alice");
        assertThat(rejected(verifier.verify(tooBig), tooBig)).hasMessage("token too large");
    }

    @Test
    void payloadJacksonRefusesIsReadAsNimbusReadsIt() {
        String bom = hsRaw(HS256, "\uFEFF{\"sub\":\"bom\"}");
        String nestedDuplicate = hsRaw(HS256, "{\"sub\":\"dup\",\"other\":{\"a\":1,\"a\":2}}");
        String nestedDuplicateAndInfo = hsRaw(HS256, "{\"sub\":\"dup\",\"other\":{\"a\":1,\"a\":2},\"info\":1}");
        String infinite = hsRaw(HS256, "{\"sub\":\"inf\",\"other\":1e400}");
        String topDuplicate = hsRaw(HS256, "{\"sub\":\"a\",\"sub\":\"b\"}");

        assertThat(accepted(verifier.verify(bom)).user()).isEqualTo("bom");
        assertThat(accepted(verifier.verify(nestedDuplicate)).user()).isEqualTo("dup");
        assertThat(rejected(verifier.verify(nestedDuplicateAndInfo), nestedDuplicateAndInfo)).hasMessage("invalid info");
        assertThat(rejected(verifier.verify(infinite), infinite)).hasMessage("malformed claims");
        assertThat(rejected(verifier.verify(topDuplicate), topDuplicate)).hasMessage("malformed claims");
    }

    @Test
    void numbersAreReadAsNimbusReadsThem() {
        // Gson: integers that fit a long are longs, anything else a double, cut to whole seconds.
        String fractional = hsRaw(HS256, "{\"sub\":\"a\",\"exp\":" + NOW.minusSeconds(30).getEpochSecond() + ".9}");
        String huge = hsRaw(HS256, "{\"sub\":\"a\",\"exp\":99999999999999999999}");

        assertThat(rejected(verifier.verify(fractional), fractional).expired()).isTrue();
        assertThat(outcome(verifier, huge)).isEqualTo(outcome(nimbus, huge));
    }

    @Test
    void manyThreadsAndAlgorithmsAtOnce() throws Exception {
        JwtTokenVerifier longer = new JwtTokenVerifier(JwtOptions.hmac(LONG_SECRET), clock);
        byte[] secret = LONG_SECRET.getBytes(StandardCharsets.UTF_8);
        List<JWSAlgorithm> algorithms = List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        String user = "u" + thread + "-" + i;
                        String token = Tokens.hs(claims(user).build(), algorithms.get((thread + i) % 3), secret);
                        CompletableFuture<Claims> good = longer.verify(token).toCompletableFuture();
                        int sig = token.lastIndexOf('.') + 1;
                        char flipped = token.charAt(sig) == 'A' ? 'B' : 'A';
                        String forgedToken = token.substring(0, sig) + flipped + token.substring(sig + 1);
                        CompletableFuture<Claims> forged = longer.verify(forgedToken).toCompletableFuture();
                        if (!good.join().user().equals(user) || !forged.isCompletedExceptionally()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void existingHmacTokensStillVerify() {
        assertThat(accepted(verifier.verify(hs256(claims("alice").build()))).user()).isEqualTo("alice");
        assertThat(accepted(verifier.verify(new TokenMinter(SECRET, clock).mint("bob"))).user()).isEqualTo("bob");
    }

    /** {@code b64(json)} with the padding that a strict decoder refuses (the JSON is spaced to need some). */
    private static String padded(String json) {
        String text = json;
        while (b64(text).length() % 4 == 0) {
            text = " " + text;
        }
        return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String outcome(JwtTokenVerifier v, String token) {
        return v.verify(token).handle((c, e) -> c != null ? "accepted " + c : "rejected " + e.getMessage())
                .toCompletableFuture().join();
    }
}
