package io.switchboard.core.transport;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;

/**
 * What {@link WebSocketUpgrader} reads of a request for {@code /ws}, whichever path parsed it: the lean
 * {@link UpgradeHeadParser} or Netty's HTTP codec ({@link #of}). Header values are trimmed; absent ones are null.
 *
 * @param get               the method is {@code GET}
 * @param upgradeWebSocket  an {@code Upgrade} header lists {@code websocket} (case-insensitive)
 * @param connectionUpgrade a {@code Connection} header lists {@code upgrade} (case-insensitive)
 * @param key               the first {@code Sec-WebSocket-Key}
 * @param repeatedKey       there was more than one {@code Sec-WebSocket-Key}
 * @param version           the first {@code Sec-WebSocket-Version}
 * @param subprotocols      every {@code Sec-WebSocket-Protocol} line, joined with {@code ","}; empty when
 *                          present but empty
 * @param authorization     the first {@code Authorization}; never log it
 * @param queryToken        the first {@code token} query parameter, decoded; never log it
 */
record UpgradeHead(boolean get, boolean upgradeWebSocket, boolean connectionUpgrade, String key, boolean repeatedKey,
                   String version, String subprotocols, String origin, String host, String authorization,
                   String queryToken) {

    /** The answer (400) to a query string whose percent-encoding is broken, on either path. */
    static final String MALFORMED_QUERY = "malformed query string";

    /**
     * Adapts a request aggregated by Netty's HTTP codec.
     *
     * @throws IllegalArgumentException when the query string has a broken percent-escape
     */
    static UpgradeHead of(FullHttpRequest req, QueryStringDecoder uri) {
        HttpHeaders h = req.headers();
        List<String> tokens = uri.parameters().get("token"); // decodes every parameter: throws here if one is broken
        List<String> protocols = h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        return new UpgradeHead(HttpMethod.GET.equals(req.method()),
                h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true),
                h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true),
                h.get(HttpHeaderNames.SEC_WEBSOCKET_KEY),
                h.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY).size() > 1,
                h.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION),
                protocols.isEmpty() ? null : String.join(",", protocols),
                h.get(HttpHeaderNames.ORIGIN),
                h.get(HttpHeaderNames.HOST),
                h.get(HttpHeaderNames.AUTHORIZATION),
                tokens == null || tokens.isEmpty() ? null : tokens.get(0));
    }

    @Override
    public String toString() {
        return "UpgradeHead[get=" + get + ", upgradeWebSocket=" + upgradeWebSocket + ", connectionUpgrade="
                + connectionUpgrade + ", key=" + key + ", repeatedKey=" + repeatedKey + ", version=" + version
                + ", subprotocols=" + subprotocols + ", origin=" + origin + ", host=" + host
                + ", authorization=" + (authorization == null ? "none" : "<redacted>")
                + ", queryToken=" + (queryToken == null ? "none" : "<redacted>") + "]";
    }
}
