package io.switchboard.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one JSON frame as compact UTF-8 bytes; what {@link JsonCodec} encodes with. Its output is byte
 * for byte what Jackson's {@code UTF8JsonGenerator} (2.23, default features) writes, as pinned by
 * {@code JsonEncodingEquivalenceTest}. Strings are written as follows:
 * <ul>
 *   <li>{@code "} and <code>&#92;</code> as <code>&#92;"</code> and <code>&#92;&#92;</code>; U+0008,
 *       U+0009, U+000A, U+000C and U+000D as <code>&#92;b &#92;t &#92;n &#92;f &#92;r</code>; the other
 *       characters below U+0020 as <code>&#92;u00XX</code>. {@code /} and U+007F are not escaped.
 *   <li>Other characters as UTF-8, U+2028 and U+2029 included.
 *   <li>Every UTF-16 surrogate as its own <code>&#92;uXXXX</code> escape, whether or not it is part of
 *       a pair: an emoji becomes <code>&#92;uD83D&#92;uDE00</code>, a lone surrogate the escape of
 *       itself. Jackson does the same rather than throwing, so this never throws either: the frame stays
 *       valid UTF-8 and well-formed JSON, and decodes back to the same Java string.
 *   <li>A null string as {@code null}.
 * </ul>
 * Hex digits are upper case. Raw values are copied verbatim, unchecked. The writer does not check the
 * structure it is given; names and values must come in a well-formed order. A writer belongs to one
 * thread at a time: get one only through {@link #encode}.
 */
final class JsonFrameWriter {

    /** Writes {@code value} into {@code out}. */
    @FunctionalInterface
    interface Body<T> {
        void write(JsonFrameWriter out, T value);
    }

    // Most frames (connected, replies, small publications) fit the initial buffer. A thread keeps a
    // grown buffer up to MAX_RETAINED_CAPACITY so that its usual frame size needs no growth; a larger
    // one (a big history reply) is dropped after use so no thread holds on to a rare peak.
    private static final int INITIAL_CAPACITY = 1024;
    private static final int MAX_RETAINED_CAPACITY = 16 * 1024;
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    // One writer per thread instead of one per frame: the only allocation of an encode is then the
    // exact-size copy it returns. Netty event loops are long-lived threads, so the buffer is reused.
    private static final ThreadLocal<JsonFrameWriter> PER_THREAD = ThreadLocal.withInitial(JsonFrameWriter::new);

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /** Per ASCII character: 0 to write it as is, 'u' for <code>&#92;u00XX</code>, else the letter after a backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int len;
    /** Whether the next name or value follows a sibling and so needs a comma. */
    private boolean comma;
    private boolean busy;

    private JsonFrameWriter() {
    }

    /** Runs {@code body} on an empty writer and returns exactly the bytes it wrote, in a new array. */
    static <T> byte[] encode(T value, Body<? super T> body) {
        JsonFrameWriter out = PER_THREAD.get();
        if (out.busy) {
            // an encode inside an encode on the same thread must not share the outer one's buffer
            out = new JsonFrameWriter();
        }
        out.busy = true;
        out.len = 0;
        out.comma = false;
        try {
            body.write(out, value);
            return Arrays.copyOf(out.buf, out.len);
        } finally {
            out.busy = false;
            if (out.buf.length > MAX_RETAINED_CAPACITY) {
                out.buf = new byte[INITIAL_CAPACITY];
            }
        }
    }

    void startObject() {
        open('{');
    }

    void endObject() {
        close('}');
    }

    void startArray() {
        open('[');
    }

    void startObject(String name) {
        name(name);
        open('{');
    }

    void startArray(String name) {
        name(name);
        open('[');
    }

    void endArray() {
        close(']');
    }

    void name(String name) {
        separate();
        string(name);
        append(':');
        comma = false;
    }

    void stringValue(String s) {
        separate();
        if (s == null) {
            append(NULL);
        } else {
            string(s);
        }
        comma = true;
    }

    void numberValue(long v) {
        separate();
        ensure(20);
        // counting in negatives so that Long.MIN_VALUE needs no special case
        long n = v < 0 ? v : -v;
        if (v < 0) {
            buf[len++] = '-';
        }
        int digits = 1;
        for (long t = n; t <= -10; t /= 10) {
            digits++;
        }
        int p = len + digits;
        len = p;
        do {
            buf[--p] = (byte) ('0' - n % 10);
            n /= 10;
        } while (n != 0);
        comma = true;
    }

    void booleanValue(boolean b) {
        separate();
        append(b ? TRUE : FALSE);
        comma = true;
    }

    void nullValue() {
        separate();
        append(NULL);
        comma = true;
    }

    /** {@code json} as it is: the caller guarantees it is one JSON value. */
    void rawValue(byte[] json) {
        separate();
        append(json);
        comma = true;
    }

    void stringField(String name, String value) {
        name(name);
        stringValue(value);
    }

    void numberField(String name, long value) {
        name(name);
        numberValue(value);
    }

    void booleanField(String name, boolean value) {
        name(name);
        booleanValue(value);
    }

    private void open(char c) {
        separate();
        append(c);
        comma = false;
    }

    private void close(char c) {
        append(c);
        comma = true;
    }

    private void separate() {
        if (comma) {
            append(',');
        }
    }

    private void string(String s) {
        int n = s.length();
        ensure(n + 2L);
        byte[] b = buf;
        int o = len;
        b[o++] = '"';
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                break;
            }
            b[o++] = (byte) c;
            i++;
        }
        len = o;
        if (i < n) {
            escapedTail(s, i);
        }
        append('"');
    }

    /** The slow path of {@link #string}: from the first character that is not plain ASCII on. */
    private void escapedTail(String s, int from) {
        for (int i = from, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            ensure(6);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    buf[len++] = (byte) c;
                } else if (escape == 'u') {
                    unicodeEscape(c);
                } else {
                    buf[len++] = '\\';
                    buf[len++] = escape;
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c);
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void unicodeEscape(char c) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xF];
        buf[len++] = HEX[(c >> 8) & 0xF];
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    private void append(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(long more) {
        long needed = len + more;
        if (needed > buf.length) {
            if (needed > MAX_ARRAY_LENGTH) {
                throw new OutOfMemoryError("JSON frame larger than the largest array");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(Math.max(2L * buf.length, needed), MAX_ARRAY_LENGTH));
        }
    }
}
