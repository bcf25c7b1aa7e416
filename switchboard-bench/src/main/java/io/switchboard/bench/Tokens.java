package io.switchboard.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.function.IntFunction;

/**
 * Connection tokens for generator connection {@code i}: HS256 JWTs minted with a shared secret
 * ({@code sub = bench-<i>}, with {@code iat} and {@code exp}), or a text template where
 * {@code {i}} is replaced (for nodes with other verifiers, e.g. {@code user=bench-{i}}), or none.
 */
public final class Tokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    public static IntFunction<String> of(String jwtSecret, String template, long ttlSeconds, String userPrefix) {
        if (jwtSecret != null && template != null) {
            throw new IllegalArgumentException("give --jwt-secret or --token-template, not both");
        }
        if (jwtSecret != null) {
            byte[] key = jwtSecret.getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw new IllegalArgumentException("--jwt-secret must be at least 32 bytes (HS256)");
            }
            ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> mac(key));
            return i -> hs256(macs.get(), userPrefix + i, ttlSeconds);
        }
        if (template != null) {
            return i -> template.replace("{i}", Integer.toString(i));
        }
        return i -> null;
    }

    /** A compact HS256 JWT {@code {"sub":user,"iat":now,"exp":now+ttl}}. */
    public static String hs256(byte[] key, String user, long ttlSeconds) {
        return hs256(mac(key), user, ttlSeconds);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String hs256(Mac mac, String user, long ttlSeconds) {
        long now = System.currentTimeMillis() / 1000;
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = B64.encodeToString(("{\"sub\":\"" + user + "\",\"iat\":" + now + ",\"exp\":" + (now + ttlSeconds)
                + "}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
