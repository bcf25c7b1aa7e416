package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Centrifuge's JSON protocol as of the Debian package (centrifugal/protocol 0.3): commands
 * {@code {"id":n,"method":m,"params":{..}}} with numeric methods (connect 0, subscribe 1,
 * publish 3, ping 7), replies {@code {"id":n,"result":..}}, pushes {@code {"result":{"channel":..,
 * "data":{"data":<publication data>}}}}; several replies may share one frame, one per line. The
 * token goes in the connect command, sent right after the upgrade; the session is ready on its reply.
 */
final class CentrifugeDialect implements Dialect {

    /** The connect command's id, out of the range the generator's own commands use. */
    static final long CONNECT_ID = 2_000_000_000L;
    private static final byte[] REPLY = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = ",\"error\"".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String requestPath(String basePath, String token) {
        return "/connection/websocket";
    }

    @Override
    public void onUpgraded(WsConnection c) {
        c.send("{\"id\":" + CONNECT_ID + ",\"params\":{\"token\":\"" + (c.token() == null ? "" : c.token()) + "\"}}");
    }

    @Override
    public void onMessage(WsConnection c, ByteBuf b, int index, int length) {
        int end = index + length;
        int start = index;
        for (int i = index; i <= end; i++) {
            if (i == end || b.getByte(i) == '\n') {
                if (i > start) {
                    onLine(c, b, start, i - start);
                }
                start = i + 1;
            }
        }
    }

    private void onLine(WsConnection c, ByteBuf b, int index, int length) {
        if (Dialect.startsWith(b, index, length, REPLY)) {
            int[] end = new int[1];
            long id = Dialect.parseLong(b, index + REPLY.length, index + length, end);
            boolean error = Dialect.startsWith(b, end[0], index + length - end[0], ERROR);
            if (id == CONNECT_ID) {
                if (error) {
                    c.fail("connect refused: " + b.toString(index, Math.min(length, 200), StandardCharsets.UTF_8));
                } else {
                    c.sessionReady();
                }
            } else {
                c.listenerRef().onReply(c, id, error);
            }
        } else {
            c.listenerRef().onPublication(c, b, index, length);
        }
    }

    @Override
    public String subscribe(long id, String channel) {
        return "{\"id\":" + id + ",\"method\":1,\"params\":{\"channel\":\"" + channel + "\"}}";
    }

    @Override
    public String publish(long id, String channel, String dataJson) {
        return "{\"id\":" + id + ",\"method\":3,\"params\":{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}}";
    }

    @Override
    public String ping(long id) {
        return "{\"id\":" + id + ",\"method\":7}";
    }
}
