package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Socket.IO 4 (Engine.IO 4) over a plain WebSocket transport, no polling: the server opens with
 * {@code 0{..}}, the client connects to the default namespace with {@code 40{"token":..}} (the
 * {@code auth} object), events are {@code 42<ack>["event",..]} and acknowledgements
 * {@code 43<ack>[..]}; the server pings with {@code 2} and expects {@code 3}. The peer
 * ({@code bench/peers/node/socketio.js}) handles {@code subscribe} (join a room), {@code publish}
 * (emit {@code pub} to the room) and {@code echo} (the ping of the other dialect).
 */
final class SocketIoDialect implements Dialect {

    @Override
    public String requestPath(String basePath, String token) {
        return "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public void onUpgraded(WsConnection c) {
        // wait for the Engine.IO open packet
    }

    @Override
    public void onMessage(WsConnection c, ByteBuf b, int index, int length) {
        if (length == 0) {
            return;
        }
        byte type = b.getByte(index);
        switch (type) {
            case '0' -> c.send("40" + (c.token() == null ? "" : "{\"token\":\"" + c.token() + "\"}"));
            case '2' -> c.send("3");
            case '4' -> {
                if (length < 2) {
                    return;
                }
                byte packet = b.getByte(index + 1);
                if (packet == '0') {
                    c.sessionReady();
                } else if (packet == '4') {
                    c.fail("connect error: " + b.toString(index, Math.min(length, 200), StandardCharsets.UTF_8));
                } else if (packet == '2') {
                    c.listenerRef().onPublication(c, b, index, length);
                } else if (packet == '3') {
                    int[] end = new int[1];
                    long id = Dialect.parseLong(b, index + 2, index + length, end);
                    c.listenerRef().onReply(c, id, false);
                } else if (packet == '1') {
                    c.fail("disconnected by server");
                }
            }
            case '1' -> c.fail("engine.io close");
            default -> { }
        }
    }

    @Override
    public String subscribe(long id, String channel) {
        return "42" + id + "[\"subscribe\",\"" + channel + "\"]";
    }

    @Override
    public String publish(long id, String channel, String dataJson) {
        return "42" + id + "[\"publish\",\"" + channel + "\"," + dataJson + "]";
    }

    @Override
    public String ping(long id) {
        return "42" + id + "[\"echo\"]";
    }
}
