package io.switchboard.server.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACSigner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Mints HS256 development tokens with a shared secret, for the {@code switchboard token} command and
 * the demo page. Tokens carry {@code sub}, {@code iat}, and optionally {@code exp} (from a ttl),
 * {@code channels}, {@code info}, {@code iss} and {@code aud}; {@link JwtTokenVerifier} configured with
 * the same secret accepts them.
 */
public final class TokenMinter {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final byte[] secret;
    private final MACSigner signer;
    private final Clock clock;
    private final String issuer;
    private final String audience;

    /** @throws IllegalArgumentException when the secret is shorter than 32 bytes (UTF-8) */
    public TokenMinter(String secret) {
        this(secret, Clock.systemUTC());
    }

    /** @param clock the time written to {@code iat} and from which {@code exp} is computed */
    public TokenMinter(String secret, Clock clock) {
        this(bytes(secret), clock, null, null);
    }

    private TokenMinter(byte[] secret, Clock clock, String issuer, String audience) {
        if (clock == null) {
            throw new NullPointerException("clock");
        }
        this.secret = secret;
        this.clock = clock;
        this.issuer = issuer;
        this.audience = audience;
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("secret is unusable");
        }
    }

    /**
     * A minter matching a server's token options: their {@code hmac_secret}, {@code issuer} and
     * {@code audience}.
     *
     * @throws IllegalArgumentException when {@code token.hmac_secret} is not configured
     */
    public static TokenMinter forOptions(JwtOptions options, Clock clock) {
        if (options.hmacSecret() == null) {
            throw new IllegalArgumentException("token.hmac_secret is required to mint tokens");
        }
        return new TokenMinter(options.hmacSecret(), clock).withIssuer(options.issuer()).withAudience(options.audience());
    }

    /** {@link #forOptions(JwtOptions, Clock)} on the system clock. */
    public static TokenMinter forOptions(JwtOptions options) {
        return forOptions(options, Clock.systemUTC());
    }

    /** The same minter also writing {@code iss} (or none when {@code null}). */
    public TokenMinter withIssuer(String iss) {
        return new TokenMinter(secret, clock, iss, audience);
    }

    /** The same minter also writing {@code aud} (or none when {@code null}). */
    public TokenMinter withAudience(String aud) {
        return new TokenMinter(secret, clock, issuer, aud);
    }

    /** A token for {@code user} with no channels, no expiry and no info. */
    public String mint(String user) {
        return mint(user, null, null, null);
    }

    /**
     * @param user     the {@code sub}, not blank
     * @param channels glob patterns for the {@code channels} claim, or {@code null} to leave it out
     * @param ttl      lifetime, positive, giving {@code exp = iat + ttl}; {@code null} for no expiry
     * @param infoJson the {@code info} claim as JSON text (any JSON value), or {@code null}
     * @return the compact serialisation ({@code header.payload.signature})
     * @throws IllegalArgumentException for a blank user, a blank channel, a non-positive ttl or invalid
     *                                  info JSON
     */
    public String mint(String user, List<String> channels, Duration ttl, String infoJson) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        long issuedAt = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("sub", user);
        if (issuer != null) {
            claims.put("iss", issuer);
        }
        if (audience != null) {
            claims.put("aud", audience);
        }
        claims.put("iat", issuedAt);
        if (ttl != null) {
            claims.put("exp", issuedAt + Math.max(1, ttl.toSeconds()));
        }
        if (channels != null) {
            ArrayNode array = claims.putArray("channels");
            for (String channel : channels) {
                if (channel == null || channel.isBlank()) {
                    throw new IllegalArgumentException("channels must not be blank");
                }
                array.add(channel);
            }
        }
        if (infoJson != null) {
            claims.set("info", parseInfo(infoJson));
        }
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                new com.nimbusds.jose.Payload(claims.toString()));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign token", e);
        }
        return jws.serialize();
    }

    private static JsonNode parseInfo(String infoJson) {
        try (JsonParser parser = JSON.createParser(infoJson)) {
            JsonNode info = JSON.readTree(parser);
            if (info == null || parser.nextToken() != null) {
                throw new IllegalArgumentException("info must be a single JSON value");
            }
            return info;
        } catch (IOException e) {
            throw new IllegalArgumentException("info must be valid JSON");
        }
    }

    private static byte[] bytes(String secret) {
        if (secret == null) {
            throw new NullPointerException("secret");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < JwtOptions.MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "secret must be at least " + JwtOptions.MIN_HMAC_SECRET_BYTES + " bytes");
        }
        return bytes;
    }
}
