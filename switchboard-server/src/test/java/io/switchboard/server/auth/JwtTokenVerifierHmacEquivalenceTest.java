package io.switchboard.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.InvalidTokenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static io.switchboard.server.auth.Tokens.LONG_SECRET;
import static io.switchboard.server.auth.Tokens.NOW;
import static io.switchboard.server.auth.Tokens.SECRET;
import static io.switchboard.server.auth.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HMAC fast path against the Nimbus path over generated tokens, valid and not: same claims or
 * same rejection (message and expired flag). The one difference allowed is the fast path's strict
 * base64url: a token that is not {@link HmacFastPath#wellFormed} may be refused as "malformed token"
 * where Nimbus alone would skip the odd characters.
 */
@Timeout(120)
class JwtTokenVerifierHmacEquivalenceTest {

    private static final long EXP = NOW.plusSeconds(3600).getEpochSecond();
    private static final KeyPair RSA = Tokens.rsa();

    private final Tokens.MutableClock clock = new Tokens.MutableClock(NOW);

    @Test
    void headersSignaturesAndShapes() {
        List<String> tokens = new ArrayList<>();
        List<String> payloads = List.of(
                "{\"sub\":\"alice\",\"exp\":" + EXP + "}",
                "{\"sub\":\"bob\",\"channels\":[\"chat:*\"],\"info\":{\"n\":1},\"iat\":" + NOW.getEpochSecond() + "}",
                "{\"exp\":" + EXP + "}");
        for (String header : HEADERS) {
            for (String payload : payloads) {
                tokens.addAll(variants(header, utf8(payload)));
            }
        }
        assertSameOutcomes(tokens, 4_000);
    }

    @Test
    void claimShapes() {
        List<String> tokens = new ArrayList<>();
        for (String payload : PAYLOADS) {
            for (String header : List.of("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"HS512\"}")) {
                byte[] bytes = utf8(payload);
                tokens.add(sign(header, bytes, SECRET));
                tokens.add(sign(header, bytes, LONG_SECRET));
            }
        }
        tokens.add(sign("{\"alg\":\"HS256\"}", new byte[] {'{', '"', 's', 'u', 'b', '"', ':', '"', (byte) 0xff, '"', '}'}, SECRET));
        tokens.add(sign("{\"alg\":\"HS256\"}", utf8("\uFEFF{\"sub\":\"bom\"}"), SECRET));
        assertSameOutcomes(tokens, 250);
    }

    @Test
    void tokensMadeByTokenMinterAndNimbus() {
        List<String> tokens = new ArrayList<>();
        TokenMinter minter = new TokenMinter(SECRET, clock);
        tokens.add(minter.mint("alice"));
        tokens.add(minter.mint("bob", List.of("chat:*", "news"), Duration.ofMinutes(5), "{\"name\":\"Bob\",\"n\":[1,2.5,null]}"));
        tokens.add(minter.withIssuer("https://id.example").withAudience("switchboard").mint("carol"));
        tokens.add(new TokenMinter(SECRET, new Tokens.MutableClock(NOW.minusSeconds(7200)))
                .mint("old", null, Duration.ofMinutes(1), null));
        byte[] longSecret = LONG_SECRET.getBytes(StandardCharsets.UTF_8);
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            tokens.add(Tokens.hs(claims("dave").build(), alg, longSecret));
            tokens.add(Tokens.hs(claims("erin").audience(List.of("x", "switchboard")).issuer("https://id.example")
                    .notBeforeTime(Date.from(NOW.plusSeconds(20))).build(), alg, longSecret));
            tokens.add(Tokens.hs(claims("frank").expirationTime(Date.from(NOW.minusSeconds(31))).build(), alg, longSecret));
        }
        tokens.add(Tokens.rs(claims("rsa").build(), JWSAlgorithm.RS256, RSA, null));
        tokens.add(Tokens.rs(claims("rsa").build(), JWSAlgorithm.PS384, RSA, "k1"));
        List<String> all = new ArrayList<>(tokens);
        for (String token : tokens) {
            all.add(" " + token + "\n");
            all.add(token + "=");
            all.add(token.substring(0, token.length() - 2));
            String[] parts = token.split("\\.");
            all.add(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2]);
            all.add(parts[0] + "=." + parts[1] + "." + parts[2]);
            all.add(parts[0] + "." + parts[1]);
            all.add(parts[0] + ".." + parts[2]);
        }
        assertSameOutcomes(all, 100);
    }

    /** Checks every token with each configuration; {@code atLeast} guards against generating nothing. */
    private void assertSameOutcomes(List<String> tokens, int atLeast) {
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(atLeast);
        List<JwtOptions> configurations = List.of(
                JwtOptions.hmac(SECRET),
                JwtOptions.hmac(LONG_SECRET),
                JwtOptions.hmac(LONG_SECRET).withAudience("switchboard").withIssuer("https://id.example")
                        .withClockSkew(Duration.ZERO),
                JwtOptions.hmac(SECRET).withPublicKeyPem(Tokens.pem(RSA.getPublic())));
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        int stricter = 0;
        for (JwtOptions options : configurations) {
            JwtTokenVerifier fast = new JwtTokenVerifier(options, clock);
            JwtTokenVerifier nimbus = new JwtTokenVerifier(options, clock, false);
            for (String token : tokens) {
                String expected = outcome(nimbus, token);
                String actual = outcome(fast, token);
                if (!actual.equals(expected) && !HmacFastPath.wellFormed(token)) {
                    assertThat(actual).as("%s with %s (Nimbus: %s)", token, options, expected)
                            .isEqualTo("rejected: malformed token");
                    stricter++;
                    continue;
                }
                assertThat(actual).as("%s with %s", token, options).isEqualTo(expected);
                outcomes.merge(actual.startsWith("accepted") ? "accepted" : actual, 1, Integer::sum);
            }
        }
        // Both accepting and many kinds of rejection were compared, not just one of them.
        assertThat(outcomes).containsKey("accepted");
        assertThat(outcomes.size()).isGreaterThan(3);
        System.out.println(tokens.size() + " tokens x " + configurations.size() + " configurations: " + outcomes
                + ", stricter on the fast path: " + stricter);
    }

    private static String outcome(JwtTokenVerifier verifier, String token) {
        try {
            Claims c = verifier.verify(token).toCompletableFuture().get();
            return "accepted: " + c.user() + " " + c.expiresAt() + " " + c.channels() + " " + c.info();
        } catch (ExecutionException e) {
            InvalidTokenException invalid = (InvalidTokenException) e.getCause();
            return "rejected: " + invalid.getMessage() + (invalid.expired() ? " (expired)" : "");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The token signed right for its header's HMAC algorithm (HS256 otherwise), and spoilt in many ways. */
    private static List<String> variants(String header, byte[] payload) {
        String good = sign(header, payload, LONG_SECRET);
        String[] parts = good.split("\\.", -1);
        String signingInput = parts[0] + "." + parts[1];
        String sig = parts[2];
        return List.of(
                good,
                sign(header, payload, SECRET),
                signingInput + "." + sig.substring(0, sig.length() - 4),
                signingInput + "." + sig + "AAAA",
                signingInput + "." + sig + "=",
                signingInput + "." + sig.substring(0, 10) + "!" + sig.substring(10),
                signingInput + "." + sig.replace('_', '/').replace('-', '+'),
                signingInput + ".",
                signingInput,
                good + ".",
                good + "." + sig,
                good + ".." + sig + "." + sig,
                "\t" + good + " ",
                parts[0] + "==." + parts[1] + "." + sig,
                parts[0] + "." + parts[1] + "=." + sig,
                parts[0] + ".!" + parts[1] + "." + sig);
    }

    private static String sign(String header, byte[] payload, String secret) {
        return Tokens.hsRaw(header, payload, secret);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final List<String> HEADERS = List.of(
            "{\"alg\":\"HS256\"}",
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
            "{\"typ\":\"JWT\",\"alg\":\"HS256\",\"kid\":\"k1\",\"cty\":\"JWT\"}",
            "{\"alg\":\"HS384\"}",
            "{\"alg\":\"HS512\",\"typ\":\"at+jwt\"}",
            " {\n\"alg\" : \"HS256\" } ",
            "{\"alg\":\"HS\\u0032\\u0035\\u0036\"}",
            "{\"alg\":\"none\"}",
            "{\"alg\":\"None\"}",
            "{\"alg\":\"nOnE\"}",
            "{\"alg\":\"RS256\"}",
            "{\"alg\":\"ES256\"}",
            "{\"alg\":\"PS256\"}",
            "{\"alg\":\"EdDSA\"}",
            "{\"alg\":\"hs256\"}",
            "{\"alg\":\"HS256 \"}",
            "{\"alg\":\"HS1024\"}",
            "{\"alg\":null}",
            "{\"alg\":256}",
            "{\"alg\":[\"HS256\"]}",
            "{\"alg\":{\"name\":\"HS256\"}}",
            "{}",
            "{\"typ\":\"JWT\"}",
            "{\"alg\":\"HS256\",\"alg\":\"HS256\"}",
            "{\"alg\":\"HS256\",\"alg\":\"none\"}",
            "{\"alg\":\"HS256\",\"typ\":5}",
            "{\"alg\":\"HS256\",\"typ\":null}",
            "{\"alg\":\"HS256\",\"typ\":\"\"}",
            "{\"alg\":\"HS256\",\"kid\":5}",
            "{\"alg\":\"HS256\",\"kid\":null}",
            "{\"alg\":\"HS256\",\"kid\":\"\"}",
            "{\"alg\":\"HS256\",\"kid\":[\"a\"]}",
            "{\"alg\":\"HS256\",\"cty\":{}}",
            "{\"alg\":\"HS256\",\"cty\":true}",
            "{\"alg\":\"HS256\",\"crit\":[\"exotic\"],\"exotic\":1}",
            "{\"alg\":\"HS256\",\"crit\":[\"exotic\"]}",
            "{\"alg\":\"HS256\",\"crit\":[]}",
            "{\"alg\":\"HS256\",\"crit\":null}",
            "{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":true}",
            "{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}",
            "{\"alg\":\"HS256\",\"crit\":[\"b64\"]}",
            "{\"alg\":\"HS256\",\"crit\":[\"b64\",\"exotic\"],\"b64\":true}",
            "{\"alg\":\"HS256\",\"crit\":[\"alg\"]}",
            "{\"alg\":\"HS256\",\"crit\":[null]}",
            "{\"alg\":\"HS256\",\"crit\":[1]}",
            "{\"alg\":\"HS256\",\"crit\":\"exotic\"}",
            "{\"alg\":\"HS256\",\"crit\":{}}",
            "{\"alg\":\"HS256\",\"b64\":false}",
            "{\"alg\":\"HS512\",\"b64\":false}",
            "{\"alg\":\"HS256\",\"b64\":true}",
            "{\"alg\":\"HS256\",\"b64\":null}",
            "{\"alg\":\"HS256\",\"b64\":\"false\"}",
            "{\"alg\":\"HS256\",\"b64\":0}",
            "{\"alg\":\"HS256\",\"enc\":\"A256GCM\"}",
            "{\"alg\":\"HS256\",\"enc\":null}",
            "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}",
            "{\"alg\":\"HS256\",\"zip\":\"DEF\"}",
            "{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}}",
            "{\"alg\":\"HS256\",\"jwk\":\"nope\"}",
            "{\"alg\":\"HS256\",\"jku\":\"https://evil.example/jwks.json\"}",
            "{\"alg\":\"HS256\",\"jku\":\"::not a uri::\"}",
            "{\"alg\":\"HS256\",\"x5u\":5}",
            "{\"alg\":\"HS256\",\"x5t\":\"abc\"}",
            "{\"alg\":\"HS256\",\"x5t#S256\":7}",
            "{\"alg\":\"HS256\",\"x5c\":[\"not base64!\"]}",
            "{\"alg\":\"HS256\",\"custom\":{\"a\":[1,{\"b\":null}],\"n\":-0.0}}",
            "{\"alg\":\"HS256\",\"custom\":{\"b\":1,\"b\":2}}",
            "{\"alg\":\"HS256\",\"big\":1e400}",
            "{\"alg\":\"HS256\",\"big\":123456789012345678901234567890}",
            "{\"alg\":\"HS256\",\"long\":" + "9".repeat(1200) + "}",
            "{\"alg\":\"HS256\",\"deep\":" + "[".repeat(253) + "]".repeat(253) + "}",
            "{\"alg\":\"HS256\",\"deep\":" + "[".repeat(254) + "]".repeat(254) + "}",
            "{\"alg\":\"HS256\",\"pad\":\"" + "x".repeat(6000) + "\"}",
            "\uFEFF{\"alg\":\"HS256\"}",
            "{\"alg\":\"HS256\"} x",
            "{\"alg\":\"HS256\"}{}",
            "{'alg':'HS256'}",
            "{\"alg\":\"HS256\",}",
            "{\"alg\":\"HS256\" /* c */}",
            "{\"alg\":\"HS256\",\"t\":\"a\tb\"}",
            "[\"HS256\"]",
            "\"HS256\"",
            "null",
            "42",
            "",
            "not json");

    private static final List<String> PAYLOADS = List.of(
            "{\"sub\":\"alice\"}",
            "{\"sub\":\"alice\",\"exp\":" + EXP + ",\"iat\":" + NOW.getEpochSecond() + ",\"nbf\":" + NOW.getEpochSecond() + "}",
            "{\"sub\":\"alice\",\"exp\":" + NOW.minusSeconds(31).getEpochSecond() + "}",
            "{\"sub\":\"alice\",\"exp\":" + NOW.minusSeconds(29).getEpochSecond() + "}",
            "{\"sub\":\"alice\",\"exp\":" + NOW.getEpochSecond() + "}",
            "{\"sub\":\"alice\",\"nbf\":" + NOW.plusSeconds(31).getEpochSecond() + "}",
            "{\"sub\":\"alice\",\"nbf\":" + NOW.plusSeconds(1).getEpochSecond() + "}",
            "{\"sub\":\"alice\",\"iat\":" + NOW.plusSeconds(31).getEpochSecond() + "}",
            "{\"sub\":\"alice\",\"exp\":" + EXP + ".9}",
            "{\"sub\":\"alice\",\"exp\":1.9e9}",
            "{\"sub\":\"alice\",\"exp\":1e400}",
            "{\"sub\":\"alice\",\"exp\":99999999999999999999}",
            "{\"sub\":\"alice\",\"exp\":-99999999999999999999}",
            "{\"sub\":\"alice\",\"exp\":9223372036854775807}",
            "{\"sub\":\"alice\",\"exp\":\"" + EXP + "\"}",
            "{\"sub\":\"alice\",\"exp\":null}",
            "{\"sub\":\"alice\",\"exp\":true}",
            "{\"sub\":\"alice\",\"nbf\":[1]}",
            "{\"sub\":\"alice\",\"iat\":-1}",
            "{\"sub\":42}",
            "{\"sub\":null}",
            "{\"sub\":\"\"}",
            "{\"sub\":\" \"}",
            "{\"sub\":[\"alice\"]}",
            "{\"sub\":{\"id\":\"alice\"}}",
            "{\"sub\":true}",
            "{}",
            "{\"sub\":\"a\",\"sub\":\"b\"}",
            "{\"sub\":\"alice\",\"aud\":\"switchboard\",\"iss\":\"https://id.example\"}",
            "{\"sub\":\"alice\",\"aud\":[\"other\",\"switchboard\"],\"iss\":\"https://id.example\"}",
            "{\"sub\":\"alice\",\"aud\":[\"other\",null],\"iss\":\"https://id.example\"}",
            "{\"sub\":\"alice\",\"aud\":[1],\"iss\":\"https://id.example\"}",
            "{\"sub\":\"alice\",\"aud\":5,\"iss\":\"https://id.example\"}",
            "{\"sub\":\"alice\",\"aud\":\"other\",\"iss\":\"https://id.example\"}",
            "{\"sub\":\"alice\",\"aud\":\"switchboard\",\"iss\":5}",
            "{\"sub\":\"alice\",\"aud\":\"switchboard\",\"iss\":\"https://evil.example\"}",
            "{\"sub\":\"alice\",\"aud\":\"switchboard\"}",
            "{\"sub\":\"alice\",\"jti\":5}",
            "{\"sub\":\"alice\",\"jti\":\"x\"}",
            "{\"sub\":\"alice\",\"channels\":[\"chat:*\",\"news\"]}",
            "{\"sub\":\"alice\",\"channels\":[]}",
            "{\"sub\":\"alice\",\"channels\":null}",
            "{\"sub\":\"alice\",\"channels\":\"chat:*\"}",
            "{\"sub\":\"alice\",\"channels\":[\"chat\",\"\"]}",
            "{\"sub\":\"alice\",\"channels\":[\"chat\",null]}",
            "{\"sub\":\"alice\",\"channels\":[1]}",
            "{\"sub\":\"alice\",\"channels\":{\"chat\":true}}",
            "{\"sub\":\"alice\",\"info\":{\"name\" : \"Alice\", \"tags\": [1, 2.5, true, null, 1e2, -0, 1.0, 12345678901234567890123]}}",
            "{\"sub\":\"alice\",\"info\":\"hello\"}",
            "{\"sub\":\"alice\",\"info\":null}",
            "{\"sub\":\"alice\",\"info\":false}",
            "{\"sub\":\"alice\",\"info\":{\"x\":\"\\u00e9\\ud83d\\ude00\\n\"}}",
            "{\"sub\":\"alice\",\"info\":{\"a\":1,\"a\":2}}",
            "{\"sub\":\"alice\",\"info\":{\"a\":0." + "0".repeat(1100) + "1}}",
            "{\"sub\":\"alice\",\"other\":{\"a\":1,\"a\":2}}",
            "{\"sub\":\"alice\",\"other\":{\"a\":1,\"a\":2},\"info\":1}",
            "{\"sub\":\"alice\",\"other\":" + "[".repeat(254) + "]".repeat(254) + "}",
            "{\"sub\":\"alice\",\"other\":" + "[".repeat(255) + "]".repeat(255) + "}",
            "{\"sub\":\"alice\",\"info\":" + "[".repeat(254) + "]".repeat(254) + "}",
            "{\"sub\":\"alice\",\"other\":1e400}",
            // Members the fast path only validates, and registered claims it reads without a map.
            "{\"sub\":\"alice\",\"other\":{\"k\":[1,{\"n\":-1e400}]}}",
            "{\"sub\":\"alice\",\"other\":[\"\\x\"]}",
            "{\"sub\":\"alice\",\"other\":\"\\ud800 \\u00e9\",\"more\":[true,false,null,{}]}",
            "{\"sub\":\"alice\",\"other\":[1,2",
            "{\"sub\":1e400}",
            "{\"sub\":1.5}",
            "{\"sub\":\"alice\",\"exp\":-1e400}",
            "{\"sub\":\"alice\",\"iss\":null,\"jti\":null,\"aud\":null}",
            "{\"sub\":\"alice\",\"jti\":[\"x\"]}",
            "{\"sub\":\"alice\",\"aud\":[],\"iss\":\"https://id.example\"}",
            "{\"sub\":\"alice\",\"aud\":[[\"switchboard\"]],\"iss\":\"https://id.example\"}",
            "{\"sub\":\"alice\",\"aud\":[\"switchboard\",{}],\"iss\":\"https://id.example\"}",
            "{\"exp\":\"soon\"}",
            "{\"sub\":[1],\"channels\":5,\"exp\":1}",
            "{\"channels\":5,\"iat\":false,\"sub\":\"alice\"}",
            "{\"sub\":\"alice\",\"other\":0." + "0".repeat(1100) + "1}",
            "{\"sub\":\"alice\"} x",
            "{\"sub\":\"alice\"}{}",
            "{\"sub\":\"alice\",}",
            "{'sub':'alice'}",
            "{\"sub\":\"alice\",\"t\":\"a\tb\"}",
            " \n{\"sub\":\"alice\"}\n ",
            "[{\"sub\":\"alice\"}]",
            "\"alice\"",
            "null",
            "",
            "not json");
}
