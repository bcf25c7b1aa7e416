package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How a server's wire protocol expresses the few things the generator does: authenticate,
 * subscribe, publish, ping, and how replies and publications look. Implementations are stateless.
 */
public interface Dialect {

    /** The request target (path and query) of the upgrade; by default the token as {@code ?token=}. */
    default String requestPath(String basePath, String token) {
        return token == null ? basePath : basePath + (basePath.contains("?") ? "&" : "?") + "token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** The upgrade answer was 101: open the session (or declare it ready). */
    void onUpgraded(WsConnection c);

    /** One complete text or binary message from the server. */
    void onMessage(WsConnection c, ByteBuf buf, int index, int length);

    String subscribe(long id, String channel);

    /** @param dataJson the publication's data, one JSON object */
    String publish(long id, String channel, String dataJson);

    String ping(long id);

    /**
     * A message to send once before a connection's first {@code ping} (e.g. a subscription to where
     * the replies go; the server must process it before the pings that follow), or null.
     */
    default String beforeEcho() {
        return null;
    }

    /**
     * {@code switchboard} (Switchboard protocol v1, JSON; also spoken by the ws, uWS, gorilla and
     * raw Netty peers in bench/peers), {@code socketio}, {@code centrifuge} or {@code stomp} (the
     * Spring peer).
     */
    static Dialect named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "switchboard", "json" -> new SwitchboardDialect();
            case "socketio", "socket.io" -> new SocketIoDialect();
            case "centrifuge" -> new CentrifugeDialect();
            case "stomp" -> new StompDialect();
            default -> throw new IllegalArgumentException("unknown dialect '" + name
                    + "' (switchboard, socketio, centrifuge, stomp)");
        };
    }

    /** Parses a non-negative decimal at {@code i}; returns the value, leaving the end in {@code end[0]}. */
    static long parseLong(ByteBuf b, int i, int limit, int[] end) {
        long v = 0;
        boolean neg = false;
        if (i < limit && b.getByte(i) == '-') {
            neg = true;
            i++;
        }
        while (i < limit) {
            byte c = b.getByte(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            i++;
        }
        end[0] = i;
        return neg ? -v : v;
    }

    static boolean startsWith(ByteBuf b, int index, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.getByte(index + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
