package io.switchboard.core.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One plain HTTP request, already read whole, as seen by an {@link HttpEndpoint}. Header names are
 * lower-case.
 */
public record HttpCall(String method, String path, Map<String, List<String>> query,
                       Map<String, String> headers, byte[] body, InetSocketAddress remote) {

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
