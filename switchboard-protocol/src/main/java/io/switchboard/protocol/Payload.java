package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Application data carried by a publication or a message: the UTF-8 text of one JSON value.
 *
 * <p>The JSON subprotocol embeds it verbatim; the Protobuf subprotocol carries the same bytes in a
 * {@code bytes} field, so a publication reaches JSON and Protobuf subscribers unchanged. The array is
 * never copied on the hot path: callers must not mutate it after construction.
 */
public record Payload(byte[] json) {

    public Payload {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("payload must hold a JSON value");
        }
    }

    public static Payload ofJson(String json) {
        return new Payload(json.getBytes(StandardCharsets.UTF_8));
    }

    public String asString() {
        return new String(json, StandardCharsets.UTF_8);
    }

    public int size() {
        return json.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && Arrays.equals(json, p.json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return asString();
    }
}
