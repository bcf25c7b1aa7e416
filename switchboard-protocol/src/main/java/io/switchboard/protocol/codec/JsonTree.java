package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON tree whose nodes remember where they start in the source bytes, so any node can be
 * taken back as its exact raw text ({@link #raw}). Used to decode server frames on the client side,
 * where the meaning of {@code info} depends on where it appears. Recursion is bounded by the parser's
 * nesting limit, which is checked before a container is entered.
 */
final class JsonTree {

    sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {
        int start();
    }

    record Obj(int start, Map<String, Node> fields) implements Node {
    }

    record Arr(int start, List<Node> items) implements Node {
    }

    record Str(int start, String value) implements Node {
    }

    /** {@code exact} is true when the number is an integer that fits a long, held in {@code value}. */
    record Num(int start, boolean exact, long value) implements Node {
    }

    record Bool(int start, boolean value) implements Node {
    }

    record Null(int start) implements Node {
    }

    private final JsonParser p;
    private final byte[] src;

    private JsonTree(JsonParser p, byte[] src) {
        this.p = p;
        this.src = src;
    }

    /** Parses one complete frame holding exactly one JSON value. */
    static Node parse(byte[] frame) throws ProtocolException {
        if (frame == null || frame.length == 0) {
            throw new ProtocolException("empty frame");
        }
        try (JsonParser p = JsonSupport.open(JsonSupport.SERVER_FRAMES, frame)) {
            if (p.nextToken() == null) {
                throw new ProtocolException("empty frame");
            }
            Node root = new JsonTree(p, frame).node();
            if (p.nextToken() != null) {
                throw new ProtocolException("unexpected data after the JSON value");
            }
            return root;
        } catch (IOException e) {
            throw JsonSupport.unreadable(e);
        }
    }

    static Payload raw(byte[] src, Node node) throws ProtocolException {
        return new Payload(JsonSupport.compact(src, node.start(), JsonSupport.valueEnd(src, node.start())));
    }

    private Node node() throws IOException, ProtocolException {
        int start = JsonSupport.tokenStart(p, src);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (fields.put(name, node()) != null) {
                        throw new ProtocolException("duplicate field " + JsonSupport.quote(name));
                    }
                }
                return new Obj(start, Collections.unmodifiableMap(fields));
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node());
                }
                return new Arr(start, Collections.unmodifiableList(items));
            }
            case VALUE_STRING:
                return new Str(start, p.getText());
            case VALUE_NUMBER_INT: {
                boolean exact = p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                return new Num(start, exact, exact ? p.getLongValue() : 0);
            }
            case VALUE_NUMBER_FLOAT:
                return new Num(start, false, 0);
            case VALUE_TRUE:
                return new Bool(start, true);
            case VALUE_FALSE:
                return new Bool(start, false);
            case VALUE_NULL:
                return new Null(start);
            default:
                throw new ProtocolException("unexpected JSON token " + t);
        }
    }
}
