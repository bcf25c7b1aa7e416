package io.switchboard.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import io.switchboard.core.auth.InvalidTokenException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.switchboard.server.auth.JwtTokenVerifier.invalid;

/**
 * The HMAC fast path of {@link JwtTokenVerifier}: checks a compact HS256/HS384/HS512 JWS against the
 * configured secret without Nimbus, with one {@link Mac} per thread and algorithm, initialised once.
 *
 * <p>It takes only tokens whose header it understands completely: a JSON object (as {@link JwtJson}
 * reads it) whose {@code alg} is an HMAC algorithm the secret accepts, without {@code enc} and without
 * the key-locating parameters ({@code jku}, {@code jwk}, {@code x5u}, {@code x5t}, {@code x5t#S256},
 * {@code x5c}) that Nimbus parses and an HMAC key ignores. For anything else {@link #verify} returns
 * {@code null} and the caller goes the Nimbus way, so {@code alg: none}, other algorithms, encrypted
 * tokens and odd headers get Nimbus's outcome and message. For the tokens it takes it mirrors Nimbus
 * step by step (header member types, empty signature, {@code b64}, {@code crit}, signature) with one
 * deliberate difference: the three parts must be strict unpadded base64url ({@link #wellFormed}), where
 * Nimbus skips characters outside the alphabet.
 */
final class HmacFastPath {

    /** Registered header parameters Nimbus parses (and can refuse) that mean nothing to an HMAC key. */
    private static final String[] NIMBUS_ONLY_PARAMETERS = {"jku", "jwk", "x5u", "x5t", "x5t#S256", "x5c"};
    /** Header parameters whose value Nimbus requires to be a string when present and not null. */
    private static final String[] STRING_PARAMETERS = {"typ", "cty", "kid"};
    /** The value of each base64url character, -1 for every other ASCII character. */
    private static final byte[] BASE64URL = new byte[128];

    static {
        java.util.Arrays.fill(BASE64URL, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64URL[alphabet.charAt(i)] = (byte) i;
        }
    }

    /** By {@code alg} name: only the algorithms the secret is long enough for. */
    private final Map<String, ThreadLocal<Mac>> macs = new HashMap<>();
    /** Each thread's last header and what it decides (an issuer's tokens all have the same one), and its scratch bytes. */
    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

    private static final class PerThread {
        String part;
        Header header;
        /** The signing input of the token being verified, as bytes: grown as needed, never shrunk. */
        byte[] signingInput = new byte[512];
    }

    /**
     * What a header part decides, worked out once per distinct header.
     *
     * @param mac              the Mac for its {@code alg}, {@code null} when the token is not for this path
     * @param typesValid       whether its members have the types Nimbus requires
     * @param unencodedPayload whether it says {@code "b64": false}
     * @param critUnderstood   whether its {@code crit} names only what Nimbus's MACVerifier processes
     *                         (meaningful only when {@code typesValid})
     */
    private record Header(ThreadLocal<Mac> mac, boolean typesValid, boolean unencodedPayload, boolean critUnderstood) {
    }

    HmacFastPath(byte[] secret, Set<JWSAlgorithm> algorithms) {
        for (JWSAlgorithm algorithm : algorithms) {
            String jca = "Hmac" + algorithm.getName().replace("HS", "SHA");
            SecretKeySpec key = new SecretKeySpec(secret, jca);
            ThreadLocal<Mac> mac = ThreadLocal.withInitial(() -> newMac(key));
            mac.get(); // fail at construction, not at the first token, should the JDK lack the algorithm
            macs.put(algorithm.getName(), mac);
        }
    }

    /** True for an algorithm this path verifies (an HMAC one the secret is long enough for). */
    boolean accepts(JWSAlgorithm algorithm) {
        return algorithm != null && macs.containsKey(algorithm.getName());
    }

    /**
     * @param token a non-blank token of at most {@link JwtTokenVerifier#MAX_TOKEN_CHARS} characters
     * @return the decoded payload of the token, its signature verified (claims not yet checked), or
     *         {@code null} when it is not one for this path
     * @throws InvalidTokenException {@code "malformed token"}, {@code "unsupported token"} (unencoded
     *                               payload) or {@code "invalid signature"}
     */
    byte[] verify(String token) {
        String t = token.trim(); // as Nimbus does
        int dot1 = t.indexOf('.');
        PerThread state = perThread.get();
        Header header = dot1 < 0 ? null : header(state, t, dot1);
        if (header == null || header.mac() == null) {
            return null;
        }
        int dot2 = t.indexOf('.', dot1 + 1);
        if (dot2 < 0 || t.indexOf('.', dot2 + 1) >= 0 || dot2 == t.length() - 1 || !header.typesValid()) {
            throw invalid("malformed token"); // Nimbus: not three parts, an empty signature, a bad member type
        }
        if (header.unencodedPayload()) {
            throw invalid("unsupported token");
        }
        byte[] signature = decode(t, dot2 + 1, t.length());
        byte[] payload = decode(t, dot1 + 1, dot2);
        if (signature == null || payload == null) {
            throw invalid("malformed token");
        }
        if (!header.critUnderstood() || !signatureMatches(state, header.mac().get(), t, dot2, signature)) {
            throw invalid("invalid signature"); // Nimbus's MACVerifier also just says no to an unknown crit
        }
        return payload;
    }

    /**
     * True when the (trimmed) token is three parts of strict base64url: only {@code A-Z a-z 0-9 - _},
     * no padding, no part of a length no encoding has. HMAC tokens must be; Nimbus alone would accept
     * padding and skip other characters, which makes one token many.
     */
    static boolean wellFormed(String token) {
        String t = token.trim();
        int dot1 = t.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : t.indexOf('.', dot1 + 1);
        return dot2 > 0 && t.indexOf('.', dot2 + 1) < 0
                && strict(t, 0, dot1) && strict(t, dot1 + 1, dot2) && strict(t, dot2 + 1, t.length());
    }

    /** What the header part {@code t[0, end)} decides, or {@code null} when it is not a JSON object. */
    private Header header(PerThread last, String t, int end) {
        if (last.part != null && last.part.length() == end && t.startsWith(last.part)) {
            return last.header;
        }
        byte[] bytes = decode(t, 0, end);
        JwtJson.JsonObject parsed = bytes == null ? null : JwtJson.object(new String(bytes, StandardCharsets.UTF_8), null);
        if (parsed == null) {
            return null;
        }
        last.part = t.substring(0, end);
        last.header = decide(parsed.map());
        return last.header;
    }

    private Header decide(Map<String, Object> header) {
        ThreadLocal<Mac> mac = header.get("alg") instanceof String alg ? macs.get(alg) : null;
        if (header.containsKey("enc")) {
            mac = null;
        }
        for (String parameter : NIMBUS_ONLY_PARAMETERS) {
            if (header.containsKey(parameter)) {
                mac = null;
            }
        }
        boolean typesValid = headerTypesValid(header);
        return new Header(mac, typesValid, Boolean.FALSE.equals(header.get("b64")),
                typesValid && criticalUnderstood(header.get("crit")));
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the one copy without an array in between
    private static boolean signatureMatches(PerThread state, Mac mac, String t, int signingInputEnd, byte[] signature) {
        if (state.signingInput.length < signingInputEnd) {
            state.signingInput = new byte[signingInputEnd];
        }
        // Only base64url characters and one dot precede signingInputEnd (both parts were decoded), so
        // the low byte of each char is its ASCII byte.
        t.getBytes(0, signingInputEnd, state.signingInput, 0);
        mac.update(state.signingInput, 0, signingInputEnd);
        return MessageDigest.isEqual(mac.doFinal(), signature);
    }

    /** Nimbus's JWSHeader.parse: these members must have these types (Gson types, as JwtJson maps them). */
    private static boolean headerTypesValid(Map<String, Object> header) {
        for (String name : STRING_PARAMETERS) {
            Object value = header.get(name);
            if (value != null && !(value instanceof String)) {
                return false;
            }
        }
        Object crit = header.get("crit");
        if (crit != null) {
            if (!(crit instanceof List<?> names)) {
                return false;
            }
            for (Object name : names) {
                if (name != null && !(name instanceof String)) {
                    return false;
                }
            }
        }
        return !header.containsKey("b64") || header.get("b64") instanceof Boolean;
    }

    /** Nimbus's MACVerifier processes one critical parameter itself, {@code b64}, and defers none. */
    private static boolean criticalUnderstood(Object crit) {
        if (crit != null) {
            for (Object name : (List<?>) crit) {
                if (!"b64".equals(name)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @return the bytes of {@code t[from, to)} as strict base64url, or {@code null}. Read straight from
     *         the string: substring and {@code Base64.Decoder} would copy each part twice first. Like
     *         the JDK's decoder, ignores the bits of a last character that make no whole byte.
     */
    static byte[] decode(String t, int from, int to) {
        int n = to - from;
        if (!possibleLength(n)) {
            return null;
        }
        // floor(6n / 8) whole bytes, without a branch on n % 4: a branch a warm node had never taken (a
        // token of a new length class) made the JIT throw away and recompile the whole inlined
        // handshake path, 0.75 s of C2 in the middle of a ramp.
        byte[] out = new byte[n * 3 >>> 2];
        int bits = 0;
        int acc = 0;
        int o = 0;
        for (int i = from; i < to; i++) {
            int v = sextet(t.charAt(i));
            if (v < 0) {
                return null;
            }
            acc = (acc << 6 | v) & 0xfff; // at most 12 bits are ever pending
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
            }
        }
        return out;
    }

    /** {@link #decode}'s rules without the decoding. */
    private static boolean strict(String t, int from, int to) {
        if (!possibleLength(to - from)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (sextet(t.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** False for a length no unpadded base64 text has: one character is never a whole byte. */
    private static boolean possibleLength(int chars) {
        return chars % 4 != 1;
    }

    /** The six bits a base64url character stands for, or -1 for any other character. */
    private static int sextet(char c) {
        return c < 128 ? BASE64URL[c] : -1;
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(key.getAlgorithm() + " is not available", e);
        }
    }
}
