package io.switchboard.server.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token JSON read with Jackson the way Nimbus reads it with its (strict) Gson, so that the HMAC fast
 * path and the Nimbus path see the same header and claims: RFC 8259 JSON only, no duplicate member
 * names, nothing after the value, at most {@value #MAX_NESTING_DEPTH} levels of nesting.
 *
 * <p>Jackson and Gson differ in a few corners (a byte order mark, duplicate names inside nested
 * objects, numbers of more than 1000 digits); there Jackson refuses and {@link #object} returns
 * {@code null}, and the caller lets Nimbus decide.
 */
final class JwtJson {

    /** Gson's nesting limit as Nimbus configures it: deeper documents are not JSON objects to Nimbus. */
    static final int MAX_NESTING_DEPTH = 255;

    /** Nothing may follow the value: {@link #object} checks that itself. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private JwtJson() {
    }

    /**
     * A JSON object as Nimbus's map, and one member's value as compact JSON.
     *
     * @param copied the value of the member asked for, as Jackson writes what it read (numbers as parsed,
     *               integers of any length exact); {@code null} when absent or JSON {@code null}
     */
    record JsonObject(Map<String, Object> map, byte[] copied) {
    }

    /**
     * @param member a root member whose value to keep as JSON as well (the claims' {@code info}), or null
     * @return {@code text} as a JSON object, its map holding what Nimbus's Gson would hold
     *         ({@code LinkedHashMap}, {@code ArrayList}, {@code String}, {@code Boolean}, {@code null},
     *         {@code Long} for integers that fit, else {@code Double}); {@code null} when the text is not
     *         a JSON object Jackson reads or holds a number Gson refuses (an infinite one). Read in one
     *         streaming pass: a token's claims are read at every handshake, and a tree first cost a
     *         second copy of everything.
     */
    static JsonObject object(String text, String member) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            byte[] copied = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_NULL && name.equals(member)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
                    try (JsonGenerator copy = JSON.createGenerator(out)) {
                        map.put(name, value(p, copy));
                    }
                    copied = out.toByteArray();
                } else {
                    map.put(name, value(p, null));
                }
            }
            return p.nextToken() == null ? new JsonObject(map, copied) : null; // nothing may follow the object
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * What a token's claims are, read from {@code text} in one pass without a map of every member: the
     * registered claims {@link JwtTokenVerifier} checks, as Nimbus would give them for the map
     * {@link #object} reads (same types, same refusals), and the {@code info} member as compact JSON.
     * Members it does not check are only validated (numbers as {@link #object} does), not kept.
     *
     * @return {@code null} exactly when {@code object(text, "info")} returns {@code null} (then Nimbus
     *         decides); else the claims, which are {@code null} when Nimbus would refuse them (a
     *         registered claim of a type it does not take), and the {@code info} JSON
     */
    static ClaimsRead claims(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ClaimsReader claims = new ClaimsReader();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                claims.member(p, name);
            }
            return p.nextToken() == null ? claims.result() : null; // nothing may follow the object
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * @param claims the claims, or {@code null} when Nimbus would refuse them
     * @param info   the {@code info} member as compact JSON; {@code null} when absent or JSON {@code null}
     */
    record ClaimsRead(PayloadClaims claims, byte[] info) {
    }

    /** The members of one payload as {@link #claims} meets them. */
    private static final class ClaimsReader {
        Object subject;
        String issuer;
        List<String> audience;
        Object channels;
        byte[] info;
        Instant issuedAt;
        Instant notBefore;
        Instant expiresAt;
        /** A registered claim has a type Nimbus's {@code JWTClaimsSet.parse} refuses. */
        boolean refused;

        /** Reads the value at the parser's current token, its last token consumed. */
        void member(JsonParser p, String name) throws IOException {
            JsonToken token = p.currentToken();
            switch (name) {
                case "sub" -> {
                    Object value = value(p, null);
                    subject = value;
                    refused |= value != null && !(value instanceof String) && !(value instanceof Number);
                }
                case "iss" -> issuer = string(p);
                case "jti" -> string(p);
                case "aud" -> audience(p);
                case "exp" -> expiresAt = numericDate(p);
                case "nbf" -> notBefore = numericDate(p);
                case "iat" -> issuedAt = numericDate(p);
                case "channels" -> channels = value(p, null);
                case "info" -> {
                    if (token != JsonToken.VALUE_NULL) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
                        try (JsonGenerator copy = JSON.createGenerator(out)) {
                            value(p, copy);
                        }
                        info = out.toByteArray();
                    }
                }
                default -> skip(p);
            }
        }

        /** A string or null, as {@code JSONObjectUtils.getString} takes it. */
        private String string(JsonParser p) throws IOException {
            Object value = value(p, null);
            refused |= value != null && !(value instanceof String);
            return value instanceof String s ? s : null;
        }

        /** A string or an array of strings and nulls, as {@code JWTClaimsSet.parse} takes {@code aud}. */
        private void audience(JsonParser p) throws IOException {
            Object value = value(p, null);
            if (value instanceof String s) {
                audience = List.of(s);
            } else if (value instanceof List<?> list) {
                List<String> names = new ArrayList<>(list.size());
                for (Object element : list) {
                    if (element != null && !(element instanceof String)) {
                        refused = true;
                    }
                    names.add(element instanceof String s ? s : null);
                }
                audience = names;
            } else {
                refused |= value != null;
            }
        }

        /** A number of seconds or null, as {@code JSONObjectUtils.getEpochSecondAsDate} takes it. */
        private Instant numericDate(JsonParser p) throws IOException {
            Object value = value(p, null);
            refused |= value != null && !(value instanceof Number);
            return value instanceof Number seconds ? PayloadClaims.fromEpochSeconds(seconds) : null;
        }

        ClaimsRead result() {
            PayloadClaims claims = refused ? null : new PayloadClaims(subject, issuer, audience, channels,
                    info != null, issuedAt, notBefore, expiresAt);
            return new ClaimsRead(claims, info);
        }
    }

    /**
     * Consumes the value at the parser's current token with the checks {@link #value} makes (strings
     * read, numbers as Gson takes them) but keeping nothing.
     */
    private static void skip(JsonParser p) throws IOException {
        int depth = 0;
        do {
            switch (p.currentToken()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> p.getTextLength(); // makes Jackson read (and check) the whole string
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p);
                case FIELD_NAME, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                }
                default -> throw new IllegalArgumentException("not JSON");
            }
        } while (depth > 0 && p.nextToken() != null);
        if (depth > 0) {
            throw new IllegalArgumentException("JSON ends inside a value");
        }
    }

    /** The value at the parser's current token, its last token consumed; written to {@code copy} as well unless null. */
    private static Object value(JsonParser p, JsonGenerator copy) throws IOException {
        if (copy != null) {
            copy.copyCurrentEvent(p);
        }
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (copy != null) {
                        copy.copyCurrentEvent(p);
                    }
                    p.nextToken();
                    map.put(name, value(p, copy));
                }
                if (copy != null) {
                    copy.copyCurrentEvent(p);
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p, copy));
                }
                if (copy != null) {
                    copy.copyCurrentEvent(p);
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return number(p);
            }
            default -> throw new IllegalArgumentException("not JSON");
        }
    }

    /** Gson's {@code ToNumberPolicy.LONG_OR_DOUBLE}: a {@code Long} when the literal parses as one. */
    private static Object number(JsonParser p) throws IOException {
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            return p.getLongValue();
        }
        // Gson parses the literal text; an integer too long for a long is that literal.
        double d = type == JsonParser.NumberType.BIG_INTEGER ? Double.parseDouble(p.getText()) : p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON forbids infinities");
        }
        return d;
    }
}
