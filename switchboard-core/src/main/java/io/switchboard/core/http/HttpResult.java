package io.switchboard.core.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The response an {@link HttpEndpoint} gives. */
public record HttpResult(int status, String contentType, byte[] body, Map<String, String> headers) {

    public HttpResult {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static HttpResult json(int status, String json) {
        return new HttpResult(status, "application/json", json.getBytes(StandardCharsets.UTF_8), null);
    }

    public static HttpResult text(int status, String text) {
        return new HttpResult(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), null);
    }

    public static HttpResult html(String html) {
        return new HttpResult(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), null);
    }

    public HttpResult withHeader(String name, String value) {
        var h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new HttpResult(status, contentType, body, h);
    }
}
