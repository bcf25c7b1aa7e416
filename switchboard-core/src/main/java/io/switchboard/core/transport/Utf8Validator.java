package io.switchboard.core.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Incremental UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), so a
 * text message split into fragments is checked as its bytes arrive and refused at the first bad
 * fragment. One instance per message in progress.
 */
final class Utf8Validator {

    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Continuation bytes still expected for the current character. */
    private int remaining;
    /** Bounds of the next continuation byte (narrower right after E0, ED, F0 and F4). */
    private int lower = 0x80;
    private int upper = 0xBF;

    /** True when {@code data} is one complete, valid UTF-8 text. */
    static boolean isValid(byte[] data) {
        int i = skipAscii(data, 0, data.length);
        if (i == data.length) {
            return true;
        }
        Utf8Validator v = new Utf8Validator();
        return v.update(data, i, data.length) && v.complete();
    }

    /** Feeds {@code data[from, to)}; false at the first byte that cannot be part of valid UTF-8. */
    boolean update(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = data[i] & 0xFF;
            if (remaining == 0) {
                if (b < 0x80) {
                    i = skipAscii(data, i + 1, to) - 1;
                    continue;
                }
                if (b < 0xC2 || b > 0xF4) {
                    return false; // continuation byte without a lead, overlong 2-byte lead, or above U+10FFFF
                }
                if (b < 0xE0) {
                    remaining = 1;
                } else if (b < 0xF0) {
                    remaining = 2;
                    lower = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                    upper = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
                } else {
                    remaining = 3;
                    lower = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                    upper = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
                }
            } else {
                if (b < lower || b > upper) {
                    return false;
                }
                lower = 0x80;
                upper = 0xBF;
                remaining--;
            }
        }
        return true;
    }

    /** True when no character is left unfinished. */
    boolean complete() {
        return remaining == 0;
    }

    /** Index of the first non-ASCII byte in {@code data[from, to)}, or {@code to}; eight bytes at a time. */
    private static int skipAscii(byte[] data, int from, int to) {
        int i = from;
        while (i + 8 <= to && (readLong(data, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        while (i < to && data[i] >= 0) {
            i++;
        }
        return i;
    }

    private static long readLong(byte[] a, int i) {
        return (long) LONGS.get(a, i);
    }
}
