package io.switchboard.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The claims {@link JwtTokenVerifier} checks, as a token's payload holds them, before any check: what
 * Nimbus's {@code JWTClaimsSet.parse} and its getters give. The HMAC fast path reads the same values
 * straight from the JSON ({@link JwtJson#claims}), so both paths share one set of checks.
 *
 * @param subject   the {@code sub} member as JSON gave it (a {@code String} is the only acceptable value)
 * @param issuer    {@code iss}, or {@code null}
 * @param audience  {@code aud} as a list (a single string becomes one element; elements may be null),
 *                  or {@code null} when absent
 * @param channels  the {@code channels} member as JSON gave it ({@code List}, {@code String}... or null)
 * @param hasInfo   whether an {@code info} member is present and not JSON {@code null}
 * @param issuedAt  {@code iat}, or {@code null}
 * @param notBefore {@code nbf}, or {@code null}
 * @param expiresAt {@code exp}, or {@code null}
 */
record PayloadClaims(Object subject, String issuer, List<String> audience, Object channels, boolean hasInfo,
                     Instant issuedAt, Instant notBefore, Instant expiresAt) {

    /**
     * Nimbus's reading of a payload's JSON object (Gson's types).
     *
     * @throws ParseException when Nimbus refuses the claims (a registered claim of the wrong type)
     */
    static PayloadClaims parse(Map<String, Object> json) throws ParseException {
        JWTClaimsSet claims = JWTClaimsSet.parse(json);
        List<String> audience = json.get("aud") == null ? null : claims.getAudience();
        return new PayloadClaims(json.get("sub"), claims.getIssuer(), audience, claims.getClaim("channels"),
                claims.getClaim("info") != null, instant(claims.getIssueTime()),
                instant(claims.getNotBeforeTime()), instant(claims.getExpirationTime()));
    }

    /**
     * A NumericDate as Nimbus makes it ({@code new Date(seconds * 1000)}, overflow included), so that
     * both paths agree on every number a token may hold.
     */
    static Instant fromEpochSeconds(Number seconds) {
        return Instant.ofEpochMilli(seconds.longValue() * 1000L);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
