package io.switchboard.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.switchboard.bench.client.Dialect;

/**
 * The generator's publication data,
 * {@code {"t":<nanoTime>,"p":<publisher>,"s":<seq>,"m":<1 when measured, else 0>,"x":"<padding>"}}, and a
 * scanner that finds those numbers in a received frame without parsing the JSON around it. The
 * publisher decides {@code m}, so subscribers in other processes need no clock agreement about when
 * the measured phase began.
 */
final class Payloads {

    private static final byte[] MARK = {'{', '"', 't', '"', ':'};

    private Payloads() {
    }

    static String padding(int size) {
        int base = "{\"t\":1234567890123456,\"p\":0,\"s\":100000,\"m\":0,\"x\":\"\"}".length();
        return "x".repeat(Math.max(0, size - base));
    }

    static String data(long t, int publisher, long seq, boolean measured, String padding) {
        return "{\"t\":" + t + ",\"p\":" + publisher + ",\"s\":" + seq + ",\"m\":" + (measured ? 1 : 0)
                + ",\"x\":\"" + padding + "\"}";
    }

    /** Fills {@code out} (4 long) with t, p, s, m; false when the frame holds no generator payload. */
    static boolean scan(ByteBuf b, int index, int length, long[] out) {
        if (length < MARK.length) {
            return false; // also keeps indexOf's range forward (a reversed range searches backwards)
        }
        int limit = index + length;
        int searchEnd = limit - MARK.length + 1;
        int at = -1;
        // Jumps from '{' to '{' (Netty's indexOf reads 8 bytes at a time): the generator spent an eighth
        // of its CPU here reading frames byte by byte, more for servers whose frames carry more before
        // the data.
        outer:
        for (int i = b.indexOf(index, searchEnd, (byte) '{'); i >= 0; i = b.indexOf(i + 1, searchEnd, (byte) '{')) {
            for (int j = 1; j < MARK.length; j++) {
                if (b.getByte(i + j) != MARK[j]) {
                    continue outer;
                }
            }
            at = i + MARK.length;
            break;
        }
        if (at < 0) {
            return false;
        }
        int[] end = new int[1];
        for (int k = 0; k < 4; k++) {
            out[k] = Dialect.parseLong(b, at, limit, end);
            at = end[0] + 5; // skip ,"p": / ,"s": / ,"m":
        }
        return true;
    }
}
