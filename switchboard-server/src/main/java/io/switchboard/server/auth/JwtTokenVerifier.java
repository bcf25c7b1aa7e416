package io.switchboard.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.core.auth.Claims;
import io.switchboard.core.auth.InvalidTokenException;
import io.switchboard.core.auth.TokenVerifier;
import io.switchboard.protocol.Payload;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Verifies JWS-signed JWTs with the keys of a {@link JwtOptions}: a shared HMAC secret, a PEM public
 * key and/or a JSON Web Key Set.
 *
 * <p><b>Algorithms</b> are decided by the configured keys, never by the token: a secret accepts
 * HS256 (and HS384/HS512 when long enough), an RSA key RS256/384/512 and PS256/384/512, an EC key the
 * ES algorithm of its curve. Unsigned ({@code alg: none}) and encrypted tokens are rejected, and a key
 * is only ever used with its own algorithms, which rules out algorithm confusion (an HS256 token
 * "signed" with the RSA public key).
 *
 * <p><b>Claims</b>: {@code sub} is required; {@code exp}, {@code nbf} and {@code iat} are honoured with
 * the configured clock skew; {@code aud} and {@code iss} are checked when configured; {@code channels}
 * (array of glob strings) and {@code info} (any JSON value) are optional.
 *
 * <p><b>Threading</b>: {@link #verify} never blocks. With a secret, a PEM key or an already-loaded
 * JWKS key it returns an already-completed stage. A token whose {@code kid} is not in the cached JWKS
 * triggers a refresh on the {@value JwksCache#THREAD_NAME} thread (at most one in flight, at most one
 * per 10 s for unknown key ids) and its stage then completes on that thread: callers must not assume
 * they are back on their event loop.
 *
 * <p><b>HMAC fast path</b>: with a secret, HS256/HS384/HS512 tokens are verified without Nimbus by
 * {@link HmacFastPath} (a {@code javax.crypto.Mac} per thread, Jackson for the JSON, read as Nimbus
 * reads it, and a plain payload read without a parser by {@link PlainClaims}), about a microsecond a token; the claim checks above are the same code on both paths. Its
 * parts must be strict unpadded base64url. Other algorithms, the PEM key, the JWKS and unusual headers
 * stay with Nimbus.
 *
 * <p>Failures are {@link InvalidTokenException}s with short messages safe to show to clients; they
 * never contain the token or key material. Only {@code "token expired"} has {@code expired() == true}.
 */
public final class JwtTokenVerifier implements TokenVerifier, AutoCloseable {

    /** Longer tokens are rejected before any parsing. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;

    /** Registered names we echo in "unsupported algorithm X"; anything else the token says is not repeated. */
    private static final Set<String> NAMED_ALGORITHMS = Set.of(
            "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "ES256K", "EdDSA", "Ed25519", "Ed448", "none");
    private final JwtOptions options;
    private final Clock clock;
    private final List<KeyVerifier> staticKeys;
    private final Set<JWSAlgorithm> acceptedAlgorithms;
    private final JwksCache jwks;
    /** The secret's own verifier, {@code null} without a secret. */
    private final HmacFastPath hmac;

    /** A verifier on the system clock. Starts loading the JWKS, if any, right away. */
    public JwtTokenVerifier(JwtOptions options) {
        this(options, Clock.systemUTC());
    }

    /**
     * @param clock the time against which {@code exp}, {@code nbf} and {@code iat} are checked (and the
     *              unknown-key refresh limit is measured)
     */
    public JwtTokenVerifier(JwtOptions options, Clock clock) {
        this(options, clock, true);
    }

    /**
     * @param hmacFastPath whether HMAC tokens take the {@link HmacFastPath}: {@code true} but in the tests
     *                     and measurements that compare it with the Nimbus path
     */
    JwtTokenVerifier(JwtOptions options, Clock clock, boolean hmacFastPath) {
        if (options == null || clock == null) {
            throw new NullPointerException(options == null ? "options" : "clock");
        }
        this.options = options;
        this.clock = clock;
        List<KeyVerifier> keys = new ArrayList<>();
        HmacFastPath fastPath = null;
        if (options.hmacSecret() != null) {
            byte[] secret = options.hmacSecret().getBytes(StandardCharsets.UTF_8);
            KeyVerifier key = KeyVerifier.forSecret(secret);
            keys.add(key);
            if (hmacFastPath) {
                fastPath = new HmacFastPath(secret, key.algorithms());
            }
        }
        this.hmac = fastPath;
        if (options.publicKeyPem() != null) {
            try {
                keys.add(KeyVerifier.forPublicKey(null, PemKeys.parse(options.publicKeyPem())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("token.public_key " + e.getMessage());
            }
        }
        this.staticKeys = List.copyOf(keys);
        Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
        staticKeys.forEach(k -> accepted.addAll(k.algorithms()));
        if (options.jwksUrl() != null) {
            // What the key set may hold; each key then narrows this to its own type and curve.
            accepted.addAll(KeyAlgorithms.JWKS);
            this.jwks = new JwksCache(options.jwksUrl(), options.jwksRefreshInterval(), clock);
        } else {
            this.jwks = null;
        }
        this.acceptedAlgorithms = Collections.unmodifiableSet(accepted);
    }

    /**
     * The first JWKS load, which the constructor has already started: calling this is optional and
     * idempotent, and lets startup wait for the keys (tokens arriving earlier simply wait for the
     * load as well).
     *
     * @return a stage completing (never exceptionally) once the first JWKS load attempt has finished;
     *         already complete when no JWKS is configured
     */
    public CompletionStage<Void> start() {
        return jwks == null ? CompletableFuture.completedStage(null) : jwks.firstLoad();
    }

    /** The options this verifier was built from. */
    public JwtOptions options() {
        return options;
    }

    /** The algorithms a token may use, derived from the configured key sources. */
    public Set<String> acceptedAlgorithms() {
        Set<String> names = new LinkedHashSet<>();
        acceptedAlgorithms.forEach(a -> names.add(a.getName()));
        return Collections.unmodifiableSet(names);
    }

    @Override
    public CompletionStage<Claims> verify(String token) {
        try {
            if (token == null || token.isBlank()) {
                throw invalid("missing token");
            }
            if (token.length() > MAX_TOKEN_CHARS) {
                throw invalid("token too large");
            }
            byte[] verified = hmac == null ? null : hmac.verify(token);
            if (verified != null) {
                return CompletableFuture.completedFuture(fastPathClaims(verified));
            }
            SignedJWT jwt = parse(token);
            JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
            String kid = jwt.getHeader().getKeyID();
            JwksCache.KeySet keySet = jwks == null ? null : jwks.current();
            if (signatureValid(jwt, keySet)) {
                return CompletableFuture.completedFuture(nimbusClaims(jwt.getPayload()));
            }
            if (jwks != null && keyMissing(keySet, kid, algorithm)) {
                CompletableFuture<Void> refresh = jwks.refreshForUnknownKey();
                if (refresh != null) {
                    CompletableFuture<Claims> result = new CompletableFuture<>();
                    refresh.whenComplete((ignored, failure) -> result(jwt, result));
                    return result;
                }
            }
            throw signatureFailure(jwt, keySet);
        } catch (InvalidTokenException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(invalid("invalid token"));
        }
    }

    /** Stops JWKS refreshing; pending verifications complete against the keys already loaded. */
    @Override
    public void close() {
        if (jwks != null) {
            jwks.close();
        }
    }

    /** Completes a verification that waited for a JWKS refresh. */
    private void result(SignedJWT jwt, CompletableFuture<Claims> result) {
        try {
            JwksCache.KeySet keySet = jwks.current();
            if (!signatureValid(jwt, keySet)) {
                throw signatureFailure(jwt, keySet);
            }
            result.complete(nimbusClaims(jwt.getPayload()));
        } catch (InvalidTokenException e) {
            result.completeExceptionally(e);
        } catch (RuntimeException e) {
            result.completeExceptionally(invalid("invalid token"));
        }
    }

    private SignedJWT parse(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("malformed token");
        }
        if (jwt instanceof PlainJWT) {
            throw invalid("unsupported algorithm none");
        }
        if (jwt instanceof EncryptedJWT) {
            throw invalid("encrypted tokens are not supported");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw invalid("malformed token");
        }
        JWSHeader header = signed.getHeader();
        if (!header.isBase64URLEncodePayload()) {
            throw invalid("unsupported token");
        }
        if (!acceptedAlgorithms.contains(header.getAlgorithm())) {
            throw unsupported(header.getAlgorithm());
        }
        if (hmac != null && hmac.accepts(header.getAlgorithm()) && !HmacFastPath.wellFormed(token)) {
            // An HMAC token the fast path left to Nimbus (an unusual header) must be as strict base64url.
            throw invalid("malformed token");
        }
        return signed;
    }

    /** Tries the configured keys that accept the token's algorithm (JWKS keys by {@code kid}). */
    private boolean signatureValid(SignedJWT jwt, JwksCache.KeySet keySet) {
        for (KeyVerifier key : staticKeys) {
            if (key.verifies(jwt)) {
                return true;
            }
        }
        if (keySet != null) {
            String kid = jwt.getHeader().getKeyID();
            for (KeyVerifier key : kid != null ? keySet.forKid(kid) : keySet.all()) {
                if (key.verifies(jwt)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when a JWKS refresh might bring the key this token needs. */
    private static boolean keyMissing(JwksCache.KeySet keySet, String kid, JWSAlgorithm algorithm) {
        if (!KeyAlgorithms.JWKS.contains(algorithm)) {
            return false; // HMAC keys never come from a key set
        }
        if (keySet == null) {
            return true;
        }
        if (kid != null) {
            return !keySet.hasKid(kid);
        }
        return keySet.all().stream().noneMatch(k -> k.accepts(algorithm));
    }

    private InvalidTokenException signatureFailure(SignedJWT jwt, JwksCache.KeySet keySet) {
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        String kid = jwt.getHeader().getKeyID();
        boolean staticKeyFits = staticKeys.stream().anyMatch(k -> k.accepts(algorithm));
        if (staticKeyFits || jwks == null) {
            return staticKeyFits ? invalid("invalid signature") : unsupported(algorithm);
        }
        if (keySet == null) {
            return invalid("key set unavailable");
        }
        List<KeyVerifier> candidates = kid != null ? keySet.forKid(kid) : keySet.all();
        if (kid != null && candidates.isEmpty()) {
            return invalid("unknown key id");
        }
        if (candidates.stream().noneMatch(k -> k.accepts(algorithm))) {
            return kid != null ? unsupported(algorithm) : invalid("no matching key");
        }
        return invalid("invalid signature");
    }

    /**
     * The fast path's claims: a plain payload read straight from its bytes, any other by Jackson, unless
     * Jackson and Nimbus might disagree.
     */
    private Claims fastPathClaims(byte[] verifiedPayload) {
        PayloadClaims plain = PlainClaims.read(verifiedPayload);
        if (plain != null) {
            return claims(plain, () -> null); // a plain payload has no info
        }
        String text = new String(verifiedPayload, StandardCharsets.UTF_8);
        JwtJson.ClaimsRead read = JwtJson.claims(text);
        if (read == null) {
            // The same text Nimbus would decode from the payload part.
            return nimbusClaims(new com.nimbusds.jose.Payload(text));
        }
        if (read.claims() == null) {
            throw invalid("malformed claims");
        }
        return claims(read.claims(), read::info);
    }

    /** Nimbus's reading of the payload, and the {@code info} claim from a Jackson reading of its text. */
    private Claims nimbusClaims(com.nimbusds.jose.Payload payload) {
        Map<String, Object> json;
        try {
            json = payload.toJSONObject();
        } catch (RuntimeException e) {
            json = null;
        }
        if (json == null) {
            throw invalid("malformed claims");
        }
        PayloadClaims claims;
        try {
            claims = PayloadClaims.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw invalid("malformed claims");
        }
        return claims(claims, () -> {
            JwtJson.JsonObject read = JwtJson.object(payload.toString(), "info");
            if (read == null) {
                throw new IllegalArgumentException("not JSON Jackson reads");
            }
            return read.copied();
        });
    }

    /**
     * The claim checks both paths share.
     *
     * @param infoJson the {@code info} claim as compact JSON ({@code null} for none), asked for only when the
     *                 claims have one
     */
    private Claims claims(PayloadClaims claims, Callable<byte[]> infoJson) {
        if (!(claims.subject() instanceof String user) || user.isBlank()) {
            throw invalid("missing sub");
        }
        if (options.issuer() != null && !options.issuer().equals(claims.issuer())) {
            throw invalid("issuer mismatch");
        }
        if (options.audience() != null) {
            List<String> audience = claims.audience();
            if (audience == null || !audience.contains(options.audience())) {
                throw invalid("audience mismatch");
            }
        }
        List<String> channels = channels(claims.channels());
        Payload info = claims.hasInfo() ? info(infoJson) : null;

        Instant now = clock.instant();
        Duration skew = options.clockSkew();
        Instant latestAcceptable = now.plus(skew);
        Instant issuedAt = claims.issuedAt();
        if (issuedAt != null && issuedAt.isAfter(latestAcceptable)) {
            throw invalid("token issued in the future");
        }
        Instant notBefore = claims.notBefore();
        if (notBefore != null && notBefore.isAfter(latestAcceptable)) {
            throw invalid("token not yet valid");
        }
        Instant expiresAt = claims.expiresAt();
        if (expiresAt != null && !now.isBefore(expiresAt.plus(skew))) {
            throw new InvalidTokenException("token expired", true);
        }
        return new Claims(user, expiresAt, channels, info);
    }

    private static List<String> channels(Object claim) {
        if (claim == null) {
            return List.of();
        }
        if (!(claim instanceof List<?> list)) {
            throw invalid("invalid channels");
        }
        List<String> channels = new ArrayList<>(list.size());
        for (Object pattern : list) {
            if (!(pattern instanceof String s) || s.isBlank()) {
                throw invalid("invalid channels");
            }
            channels.add(s);
        }
        return channels;
    }

    /** The {@code info} claim as compact JSON, read from the payload text so values stay as sent. */
    private static Payload info(Callable<byte[]> infoJson) {
        try {
            byte[] info = infoJson.call();
            return info == null ? null : new Payload(info);
        } catch (Exception e) {
            throw invalid("invalid info");
        }
    }

    private static InvalidTokenException unsupported(JWSAlgorithm algorithm) {
        String name = algorithm == null ? null : algorithm.getName();
        return invalid(name != null && NAMED_ALGORITHMS.contains(name)
                ? "unsupported algorithm " + name
                : "unsupported algorithm");
    }

    static InvalidTokenException invalid(String reason) {
        return new InvalidTokenException(reason, false);
    }
}
