package io.switchboard.server.auth;

import io.switchboard.protocol.codec.PlainJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The claims of a token payload in its plainest form, read from the payload's bytes without a JSON
 * parser ({@link PlainJson}): an object whose members are only {@code sub}, {@code iss}, {@code jti}
 * (strings), {@code aud} (a string or an array of strings), {@code channels} (an array of strings) and {@code exp},
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

    private final PlainJson json;
    /** False for the first pass, which only checks the form: a payload that is not plain costs no garbage. */
    private final boolean keep;

    private String subject;
    private String issuer;
    private boolean jti;
    private List<String> audience;
    private List<String> channels;
    private Instant issuedAt;
    private Instant notBefore;
    private Instant expiresAt;

    private PlainClaims(byte[] payload, boolean keep) {
        this.json = new PlainJson(payload);
        this.keep = keep;
    }

    /** The claims of {@code payload} (JSON bytes), or {@code null} when it is not in the plain form. */
    static PayloadClaims read(byte[] payload) {
        return new PlainClaims(payload, false).claims() == null ? null : new PlainClaims(payload, true).claims();
    }

    private PayloadClaims claims() {
        if (!json.take('{')) {
            return null;
        }
        if (!json.take('}')) {
            do {
                if (!member()) {
                    return null;
                }
            } while (json.take(','));
            if (!json.take('}')) {
                return null;
            }
        }
        if (!json.atEnd()) {
            return null;
        }
        return new PayloadClaims(subject, issuer, audience, channels, false, issuedAt, notBefore, expiresAt);
    }

    /** One {@code "name": value}; false when the name, its value or a repetition is not plain. */
    private boolean member() {
        String name = json.string() ? knownName() : null;
        if (name == null || !json.take(':')) {
            return false;
        }
        switch (name) {
            case "sub":
                return subject == null && (subject = string()) != null;
            case "iss":
                return issuer == null && (issuer = string()) != null;
            case "jti":
                return !jti && (jti = json.string()); // checked, not kept: the claims carry no jti
            case "aud":
                if (audience != null) {
                    return false;
                }
                if (json.peek('"')) {
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

    /** The last string taken as one of {@link #NAMES}, or null for any other name. */
    private String knownName() {
        for (String name : NAMES) {
            if (json.stringIs(name)) {
                return name;
            }
        }
        return null;
    }

    /** {@code [ "a", "b" ]} (possibly empty), or null; the first pass gets an empty list for any. */
    private List<String> strings() {
        if (!json.take('[')) {
            return null;
        }
        List<String> list = keep ? new ArrayList<>() : List.of();
        if (json.take(']')) {
            return list;
        }
        do {
            String s = string();
            if (s == null) {
                return null;
            }
            if (keep) {
                list.add(s);
            }
        } while (json.take(','));
        return json.take(']') ? list : null;
    }

    /** A plain string (the first pass gets "" for any), or null. */
    private String string() {
        return !json.string() ? null : keep ? json.stringValue() : "";
    }

    /** A plain unsigned integer, as {@link PayloadClaims#fromEpochSeconds} takes it, or null. */
    private Instant numericDate() {
        long seconds = json.unsignedInteger(MAX_DIGITS);
        return seconds < 0 ? null : keep ? PayloadClaims.fromEpochSeconds(seconds) : Instant.EPOCH;
    }
}
