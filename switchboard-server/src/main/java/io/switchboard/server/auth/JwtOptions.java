package io.switchboard.server.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * How connection tokens are verified: the {@code token} section of the server configuration.
 *
 * <p>At least one key source is required; several may be combined (for example a shared secret for
 * development tokens and a JWKS for the identity provider). The accepted algorithms follow from the
 * configured keys, never from the token.
 *
 * @param hmacSecret          {@code token.hmac_secret}: shared secret for HS256/HS384/HS512 (UTF-8, at least 32
 *                            bytes; HS384 needs 48 and HS512 64), or {@code null}
 * @param publicKeyPem        {@code token.public_key}: PEM text of an RSA (at least 2048 bits) or EC (P-256,
 *                            P-384, P-521) public key or certificate, or {@code null}
 * @param jwksUrl             {@code token.jwks_url}: an http, https or file URL of a JSON Web Key Set, or
 *                            {@code null}
 * @param audience            {@code token.audience}: when set, the token's {@code aud} must contain it
 * @param issuer              {@code token.issuer}: when set, the token's {@code iss} must equal it
 * @param clockSkew           {@code token.clock_skew}: tolerance for {@code exp}, {@code nbf} and {@code iat};
 *                            {@code null} means 30 seconds
 * @param jwksRefreshInterval {@code token.jwks_refresh_interval}: how often the JWKS is reloaded;
 *                            {@code null} means 5 minutes
 */
public record JwtOptions(
        String hmacSecret,
        String publicKeyPem,
        URI jwksUrl,
        String audience,
        String issuer,
        Duration clockSkew,
        Duration jwksRefreshInterval) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofMinutes(5);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);
    public static final Duration MIN_JWKS_REFRESH_INTERVAL = Duration.ofSeconds(1);
    public static final int MIN_HMAC_SECRET_BYTES = 32;

    public JwtOptions {
        if (hmacSecret != null && hmacSecret.getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "token.hmac_secret must be at least " + MIN_HMAC_SECRET_BYTES + " bytes");
        }
        if (publicKeyPem != null) {
            if (publicKeyPem.isBlank()) {
                throw new IllegalArgumentException("token.public_key must not be blank");
            }
            try {
                KeyAlgorithms.forPublicKey(PemKeys.parse(publicKeyPem));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("token.public_key " + e.getMessage());
            }
        }
        if (jwksUrl != null) {
            checkJwksUrl(jwksUrl);
        }
        if (hmacSecret == null && publicKeyPem == null && jwksUrl == null) {
            throw new IllegalArgumentException(
                    "token: one of token.hmac_secret, token.public_key or token.jwks_url is required");
        }
        if (audience != null && audience.isBlank()) {
            throw new IllegalArgumentException("token.audience must not be blank");
        }
        if (issuer != null && issuer.isBlank()) {
            throw new IllegalArgumentException("token.issuer must not be blank");
        }
        if (clockSkew == null) {
            clockSkew = DEFAULT_CLOCK_SKEW;
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("token.clock_skew must not be negative");
        }
        if (clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("token.clock_skew must be at most " + MAX_CLOCK_SKEW);
        }
        if (jwksRefreshInterval == null) {
            jwksRefreshInterval = DEFAULT_JWKS_REFRESH_INTERVAL;
        }
        if (jwksRefreshInterval.compareTo(MIN_JWKS_REFRESH_INTERVAL) < 0) {
            throw new IllegalArgumentException(
                    "token.jwks_refresh_interval must be at least " + MIN_JWKS_REFRESH_INTERVAL);
        }
    }

    /** Verifies HS256/HS384/HS512 tokens signed with {@code secret}. */
    public static JwtOptions hmac(String secret) {
        return new JwtOptions(secret, null, null, null, null, null, null);
    }

    /** Verifies tokens signed by the private half of the PEM-encoded RSA or EC public key. */
    public static JwtOptions publicKey(String pem) {
        return new JwtOptions(null, pem, null, null, null, null, null);
    }

    /** Verifies tokens signed by the keys of a JSON Web Key Set (http, https or file URL). */
    public static JwtOptions jwks(URI url) {
        return new JwtOptions(null, null, url, null, null, null, null);
    }

    public JwtOptions withHmacSecret(String secret) {
        return new JwtOptions(secret, publicKeyPem, jwksUrl, audience, issuer, clockSkew, jwksRefreshInterval);
    }

    public JwtOptions withPublicKeyPem(String pem) {
        return new JwtOptions(hmacSecret, pem, jwksUrl, audience, issuer, clockSkew, jwksRefreshInterval);
    }

    public JwtOptions withJwksUrl(URI url) {
        return new JwtOptions(hmacSecret, publicKeyPem, url, audience, issuer, clockSkew, jwksRefreshInterval);
    }

    public JwtOptions withAudience(String aud) {
        return new JwtOptions(hmacSecret, publicKeyPem, jwksUrl, aud, issuer, clockSkew, jwksRefreshInterval);
    }

    public JwtOptions withIssuer(String iss) {
        return new JwtOptions(hmacSecret, publicKeyPem, jwksUrl, audience, iss, clockSkew, jwksRefreshInterval);
    }

    public JwtOptions withClockSkew(Duration skew) {
        return new JwtOptions(hmacSecret, publicKeyPem, jwksUrl, audience, issuer, skew, jwksRefreshInterval);
    }

    public JwtOptions withJwksRefreshInterval(Duration interval) {
        return new JwtOptions(hmacSecret, publicKeyPem, jwksUrl, audience, issuer, clockSkew, interval);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "JwtOptions[hmacSecret=" + (hmacSecret == null ? "null" : "***")
                + ", publicKeyPem=" + (publicKeyPem == null ? "null" : "<pem>")
                + ", jwksUrl=" + (jwksUrl == null ? "null" : redact(jwksUrl))
                + ", audience=" + audience
                + ", issuer=" + issuer
                + ", clockSkew=" + clockSkew
                + ", jwksRefreshInterval=" + jwksRefreshInterval + "]";
    }

    /** The URL without user info, query or fragment, which may carry credentials: safe to log. */
    static String redact(URI url) {
        StringBuilder sb = new StringBuilder();
        if (url.getScheme() != null) {
            sb.append(url.getScheme()).append(':');
        }
        if (url.getHost() != null) {
            sb.append("//").append(url.getHost());
            if (url.getPort() >= 0) {
                sb.append(':').append(url.getPort());
            }
        } else if (url.getRawAuthority() != null || "file".equalsIgnoreCase(url.getScheme())) {
            sb.append("//");
        }
        if (url.getRawPath() != null) {
            sb.append(url.getRawPath());
        }
        return sb.toString();
    }

    private static void checkJwksUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "http", "https" -> {
                if (url.getHost() == null || url.getHost().isEmpty()) {
                    throw new IllegalArgumentException("token.jwks_url must name a host");
                }
            }
            case "file" -> {
                try {
                    java.nio.file.Path.of(url);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            "token.jwks_url must be an absolute file URL such as file:///etc/switchboard/jwks.json");
                }
            }
            default -> throw new IllegalArgumentException("token.jwks_url must be an http, https or file URL");
        }
    }
}
