package io.switchboard.protocol.codec;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF. Browsers fail a WebSocket connection on a text frame that is not valid UTF-8, so every byte
 * that may end up in a JSON text frame is checked with this, not with a lenient decoder.
 */
final class Utf8 {

    private Utf8() {
    }

    static boolean isValid(byte[] b) {
        return isValid(b, 0, b.length);
    }

    static boolean isValid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return false; // continuation byte in lead position, or overlong 2-byte form
            }
            if (c < 0xE0) {
                if (to - i < 2 || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (to - i < 3) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if (!continuation(b[i + 1]) || !continuation(b[i + 2])
                        || (c == 0xE0 && c1 < 0xA0)      // overlong
                        || (c == 0xED && c1 >= 0xA0)) {  // surrogate
                    return false;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (to - i < 4) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if (!continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])
                        || (c == 0xF0 && c1 < 0x90)      // overlong
                        || (c == 0xF4 && c1 >= 0x90)) {  // above U+10FFFF
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
