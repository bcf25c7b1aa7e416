package io.switchboard.server.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The claims of a token payload in its plainest form, read from the payload's bytes without a JSON
 * parser: an object whose members are only {@code sub}, {@code iss}, {@code jti} (strings), {@code aud}
 * (a string or an array of strings), {@code channels} (an array of strings) and {@code exp},
 * {@code nbf}, {@code iat} (integers of at most 18 digits), each at most once, every string printable
 * ASCII without escapes. That is what the HMAC fast path's tokens usually are (those of
 * {@link TokenMinter} without {@code info}, and the benchmark's). For any other payload {@link #read}
 * returns {@code null} and {@link JwtJson#claims} reads it; whatever this reads, that reads as the same
 * {@link PayloadClaims} ({@code PlainClaimsTest} checks it over mutated payloads).
 */
final class PlainClaims {

    /** The members a plain payload may have. */
    private static final String[] NAMES = {"sub", "iat", "exp", "nbf", "iss", "aud", "jti", "channels"};
    /** Integers of more digits may not fit a long; the parser decides those. */
    private static final int MAX_DIGITS = 18;

    private final byte[] json;
    /** False for the first pass, which only checks the form: a payload that is not plain costs no garbage. */
    private final boolean keep;
    private int at;

    private String subject;
    private String issuer;
    private boolean jti;
    private List<String> audience;
    private List<String> channels;
    private Instant issuedAt;
    private Instant notBefore;
    private Instant expiresAt;

    private PlainClaims(byte[] json, boolean keep) {
        this.json = json;
        this.keep = keep;
    }

    /** The claims of {@code payload} (JSON bytes), or {@code null} when it is not in the plain form. */
    static PayloadClaims read(byte[] payload) {
        return new PlainClaims(payload, false).claims() == null ? null : new PlainClaims(payload, true).claims();
    }

    private PayloadClaims claims() {
        if (!next('{')) {
            return null;
        }
        if (!next('}')) {
            do {
                if (!member()) {
                    return null;
                }
            } while (next(','));
            if (!next('}')) {
                return null;
            }
        }
        space();
        if (at != json.length) {
            return null;
        }
        return new PayloadClaims(subject, issuer, audience, channels, false, issuedAt, notBefore, expiresAt);
    }

    /** One {@code "name": value}; false when the name, its value or a repetition is not plain. */
    private boolean member() {
        space();
        int from = at + 1;
        if (string() == null) {
            return false;
        }
        String name = knownName(from, at - 1);
        if (name == null || !next(':')) {
            return false;
        }
        space();
        switch (name) {
            case "sub":
                return subject == null && (subject = string()) != null;
            case "iss":
                return issuer == null && (issuer = string()) != null;
            case "jti":
                return !jti && (jti = string() != null);
            case "aud":
                if (audience != null) {
                    return false;
                }
                if (at < json.length && json[at] == '"') {
                    String one = string();
                    audience = one == null ? null : keep ? List.of(one) : List.of();
                } else {
                    audience = strings();
                }
                return audience != null;
            case "channels":
                return channels == null && (channels = strings()) != null;
            case "exp":
                return expiresAt == null && (expiresAt = numericDate()) != null;
            case "nbf":
                return notBefore == null && (notBefore = numericDate()) != null;
            case "iat":
                return issuedAt == null && (issuedAt = numericDate()) != null;
            default:
                throw new AssertionError(name);
        }
    }

    /** The member name {@code json[from, to)} as one of {@link #NAMES}, or null for any other name. */
    private String knownName(int from, int to) {
        for (String name : NAMES) {
            if (name.length() == to - from && json[from] == name.charAt(0)) {
                int k = 1;
                while (k < name.length() && json[from + k] == name.charAt(k)) {
                    k++;
                }
                if (k == name.length()) {
                    return name;
                }
            }
        }
        return null;
    }

    /** {@code [ "a", "b" ]} (possibly empty), or null; the first pass gets an empty list for any. */
    private List<String> strings() {
        if (!next('[')) {
            return null;
        }
        List<String> list = keep ? new ArrayList<>() : List.of();
        if (next(']')) {
            return list;
        }
        do {
            space();
            String s = string();
            if (s == null) {
                return null;
            }
            if (keep) {
                list.add(s);
            }
        } while (next(','));
        return next(']') ? list : null;
    }

    /** A string of printable ASCII without escapes at {@code at}, or null. */
    private String string() {
        if (at >= json.length || json[at] != '"') {
            return null;
        }
        int from = ++at;
        while (at < json.length) {
            byte b = json[at++];
            if (b == '"') {
                return keep ? new String(json, from, at - 1 - from, StandardCharsets.ISO_8859_1) : "";
            }
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return null;
            }
        }
        return null;
    }

    /** A non-negative integer without a leading zero, as {@link PayloadClaims#fromEpochSeconds} takes it, or null. */
    private Instant numericDate() {
        int from = at;
        long seconds = 0;
        while (at < json.length && json[at] >= '0' && json[at] <= '9' && at - from < MAX_DIGITS) {
            seconds = seconds * 10 + (json[at++] - '0');
        }
        int digits = at - from;
        // A fraction or exponent after the digits fails the caller's wait for , or }.
        boolean plain = digits > 0 && (digits == 1 || json[from] != '0') && (at == json.length || json[at] < '0' || json[at] > '9');
        return !plain ? null : keep ? PayloadClaims.fromEpochSeconds(seconds) : Instant.EPOCH;
    }

    /** Skips JSON whitespace, then takes {@code c} if it is next. */
    private boolean next(char c) {
        space();
        if (at < json.length && json[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private void space() {
        while (at < json.length && (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t')) {
            at++;
        }
    }
}
