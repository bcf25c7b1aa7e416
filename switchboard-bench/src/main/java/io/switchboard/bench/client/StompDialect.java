package io.switchboard.bench.client;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * STOMP 1.2 over a plain WebSocket, as spoken by a Spring broker ({@code bench/peers/spring}): the
 * token in the upgrade's query string, then {@code CONNECT}; the session is ready on
 * {@code CONNECTED}. {@code subscribe} is a {@code SUBSCRIBE} to {@code /topic/<channel>},
 * {@code publish} a {@code SEND} to {@code /app/publish/<channel>}, both with a {@code receipt}
 * header whose {@code RECEIPT} is the reply; {@code ping} is a {@code SEND} to {@code /app/echo}
 * whose body (the id) comes back as a {@code MESSAGE} on {@code /user/queue/echo}, subscribed once
 * per connection before its first ping (subscription id {@code e}). Any other {@code MESSAGE} is a
 * publication; its body is handed on. Several frames in one WebSocket message and heart-beat EOLs
 * are accepted.
 */
final class StompDialect implements Dialect {

    /** The subscription id of the echo replies. */
    static final String ECHO_SUBSCRIPTION = "e";
    private static final byte[] CONNECTED = "CONNECTED\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "MESSAGE\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIPT = "RECEIPT\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "ERROR\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIPT_ID = "receipt-id:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUBSCRIPTION = "subscription:".getBytes(StandardCharsets.US_ASCII);
    private static final String CONNECT = "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0";

    @Override
    public void onUpgraded(WsConnection c) {
        c.send(CONNECT);
    }

    @Override
    public void onMessage(WsConnection c, ByteBuf b, int index, int length) {
        int end = index + length;
        int i = index;
        while (i < end) {
            byte first = b.getByte(i);
            if (first == '\n' || first == '\r') { // heart-beat or padding between frames
                i++;
                continue;
            }
            int nul = b.indexOf(i, end, (byte) 0);
            int frameEnd = nul < 0 ? end : nul;
            onFrame(c, b, i, frameEnd - i);
            i = frameEnd + 1;
        }
    }

    /** One frame without its NUL: command line, header lines, empty line, body. */
    private void onFrame(WsConnection c, ByteBuf b, int index, int length) {
        int end = index + length;
        int headersEnd = indexOf(b, index, end, "\n\n");
        int body = headersEnd < 0 ? end : headersEnd + 2;
        int headers = headersEnd < 0 ? end : headersEnd + 1; // keeps the last header's \n
        if (Dialect.startsWith(b, index, length, MESSAGE)) {
            int sub = header(b, index, headers, SUBSCRIPTION);
            if (sub >= 0 && b.getByte(sub) == 'e' && b.getByte(sub + 1) == '\n') {
                int[] stop = new int[1];
                c.listenerRef().onReply(c, Dialect.parseLong(b, body, end, stop), false);
            } else {
                c.listenerRef().onPublication(c, b, body, end - body);
            }
        } else if (Dialect.startsWith(b, index, length, RECEIPT)) {
            int id = header(b, index, headers, RECEIPT_ID);
            if (id >= 0) {
                int[] stop = new int[1];
                c.listenerRef().onReply(c, Dialect.parseLong(b, id, headers, stop), false);
            }
        } else if (Dialect.startsWith(b, index, length, CONNECTED)) {
            c.sessionReady();
        } else if (Dialect.startsWith(b, index, length, ERROR)) {
            int id = header(b, index, headers, RECEIPT_ID);
            if (id >= 0) {
                int[] stop = new int[1];
                c.listenerRef().onReply(c, Dialect.parseLong(b, id, headers, stop), true);
            }
            c.fail("stomp error: " + b.toString(index, Math.min(length, 200), StandardCharsets.UTF_8));
        }
    }

    /** Where the value of header {@code name} (which ends with ':') starts, or -1. */
    static int header(ByteBuf b, int from, int to, byte[] name) {
        int line = b.indexOf(from, to, (byte) '\n') + 1; // skip the command
        while (line > 0 && line < to) {
            if (Dialect.startsWith(b, line, to - line, name)) {
                return line + name.length;
            }
            line = b.indexOf(line, to, (byte) '\n') + 1;
        }
        return -1;
    }

    private static int indexOf(ByteBuf b, int from, int to, String needle) {
        for (int i = from; i <= to - needle.length(); i++) {
            int j = 0;
            while (j < needle.length() && b.getByte(i + j) == needle.charAt(j)) {
                j++;
            }
            if (j == needle.length()) {
                return i;
            }
        }
        return -1;
    }

    /** STOMP 1.2 header value escaping (':' in channel names such as {@code bench:c0}). */
    static String escape(String value) {
        if (value.indexOf(':') < 0 && value.indexOf('\\') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace(":", "\\c").replace("\n", "\\n").replace("\r", "\\r");
    }

    @Override
    public String subscribe(long id, String channel) {
        return "SUBSCRIBE\nid:s" + id + "\ndestination:/topic/" + escape(channel) + "\nreceipt:" + id + "\n\n\0";
    }

    @Override
    public String publish(long id, String channel, String dataJson) {
        return "SEND\ndestination:/app/publish/" + escape(channel) + "\nreceipt:" + id
                + "\ncontent-type:application/json\n\n" + dataJson + "\0";
    }

    @Override
    public String ping(long id) {
        return "SEND\ndestination:/app/echo\n\n" + id + "\0";
    }

    @Override
    public String beforeEcho() {
        return "SUBSCRIBE\nid:" + ECHO_SUBSCRIPTION + "\ndestination:/user/queue/echo\n\n\0";
    }
}
