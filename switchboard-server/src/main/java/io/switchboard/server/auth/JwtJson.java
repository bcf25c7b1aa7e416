package io.switchboard.server.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
