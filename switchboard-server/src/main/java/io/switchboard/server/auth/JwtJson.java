package io.switchboard.server.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A JSON object as a tree (for re-serialising parts of it) and as Nimbus's map. */
    record JsonObject(JsonNode tree, Map<String, Object> map) {
    }

    private JwtJson() {
    }

    /**
     * @return {@code text} as a JSON object, its map holding what Nimbus's Gson would hold
     *         ({@code LinkedHashMap}, {@code ArrayList}, {@code String}, {@code Boolean}, {@code null},
     *         {@code Long} for integers that fit, else {@code Double}); {@code null} when the text is
     *         not a JSON object Jackson reads or holds a number Gson refuses (an infinite one)
     */
    static JsonObject object(String text) {
        try {
            JsonNode tree = MAPPER.readTree(text);
            if (tree == null || !tree.isObject()) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value(tree);
            return new JsonObject(tree, map);
        } catch (Exception e) {
            return null;
        }
    }

    private static Object value(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    map.put(field.getKey(), value(field.getValue()));
                }
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(value(element));
                }
                return list;
            }
            case STRING -> {
                return node.textValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            case NULL -> {
                return null;
            }
            case NUMBER -> {
                return number(node);
            }
            default -> throw new IllegalArgumentException("not JSON");
        }
    }

    /** Gson's {@code ToNumberPolicy.LONG_OR_DOUBLE}: a {@code Long} when the literal parses as one. */
    private static Object number(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        // Gson parses the literal text; a BigIntegerNode's text is that literal.
        double d = node.isBigInteger() ? Double.parseDouble(node.asText()) : node.doubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON forbids infinities");
        }
        return d;
    }
}
