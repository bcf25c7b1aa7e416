package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Switchboard protocol v1 over JSON text frames (docs/protocol.md). The peers in {@code bench/peers}
 * speak the same subset: {@code subscribe}, {@code publish} and {@code ping} commands with an
 * {@code id}, replies {@code {"id":n,"result":..}} and {@code {"push":"publication",..,"data":..}}.
 * The session is usable as soon as the upgrade succeeded.
 */
final class SwitchboardDialect implements Dialect {

    private static final byte[] REPLY = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = ",\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUBLICATION = "{\"push\":\"publication\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DISCONNECT = "{\"push\":\"disconnect\"".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void onUpgraded(WsConnection c) {
        c.sessionReady();
    }

    @Override
    public void onMessage(WsConnection c, ByteBuf b, int index, int length) {
        if (Dialect.startsWith(b, index, length, PUBLICATION)) {
            c.listenerRef().onPublication(c, b, index, length);
        } else if (Dialect.startsWith(b, index, length, REPLY)) {
            int[] end = new int[1];
            long id = Dialect.parseLong(b, index + REPLY.length, index + length, end);
            boolean error = Dialect.startsWith(b, end[0], index + length - end[0], ERROR);
            c.listenerRef().onReply(c, id, error);
        } else if (Dialect.startsWith(b, index, length, DISCONNECT)) {
            c.fail("disconnect push: " + b.toString(index, Math.min(length, 200), StandardCharsets.UTF_8));
        }
        // connected, join, leave, message: nothing to do
    }

    @Override
    public String subscribe(long id, String channel) {
        return "{\"id\":" + id + ",\"method\":\"subscribe\",\"params\":{\"channel\":\"" + channel + "\"}}";
    }

    @Override
    public String publish(long id, String channel, String dataJson) {
        return "{\"id\":" + id + ",\"method\":\"publish\",\"params\":{\"channel\":\"" + channel + "\",\"data\":"
                + dataJson + "}}";
    }

    @Override
    public String ping(long id) {
        return "{\"id\":" + id + ",\"method\":\"ping\"}";
    }
}
