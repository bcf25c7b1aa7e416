package io.switchboard.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;

/**
 * Reads the head of a {@code GET /ws} request straight from the received bytes, for
 * {@link UpgradeRequestDecoder}: the request line, then header lines up to the empty line (CRLF or bare
 * LF line ends), keeping only what {@link UpgradeHead} needs. A header the upgrade does not read costs
 * a name comparison and a byte scan, no object.
 *
 * <p>It never moves the buffer's reader index: until the head is complete the bytes may still have to
 * go to Netty's HTTP codec. It is incremental: each call goes on after the last complete line, so a
 * head that trickles in is scanned once. One parser per connection, used on its event loop.
 *
 * <p>Limits are those of the HTTP codec ({@code HttpServerCodec(4096, 8192, ..)}): a request line of at
 * most 4096 bytes and header lines of at most 8192 bytes together, not counting line ends.
 */
final class UpgradeHeadParser {

    /** Where parsing stands after a call to {@link #parse}. */
    enum Progress {
        /** The head is not complete yet. */
        NEED_MORE,
        /** Not a {@code GET /ws ... HTTP/1.1} request line: for the HTTP codec. */
        NOT_LEAN,
        /** The head is complete: {@link #headLength()} bytes, read as {@link #head()}. */
        COMPLETE,
        /** Malformed or too large: answer 400 with {@link #invalidReason()}. */
        INVALID
    }

    static final int MAX_REQUEST_LINE = 4096;
    static final int MAX_HEADER_BYTES = 8192;
    /**
     * The most a head within the limits can span, line ends included (they are not counted by the limits:
     * at most two per line, and a line of a header holds at least two bytes): a longer one is refused
     * before this is scanned.
     */
    private static final int MAX_SCAN = MAX_REQUEST_LINE + 2 + 2 * MAX_HEADER_BYTES + 2;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_SCAN];
        }
    };

    private static final byte[] PREFIX = ascii("GET /ws");
    private static final byte[] VERSION = ascii(" HTTP/1.1");
    private static final byte[] TOKEN = ascii("token");
    private static final byte[] HOST = ascii("host");
    private static final byte[] ORIGIN = ascii("origin");
    private static final byte[] UPGRADE = ascii("upgrade");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] AUTHORIZATION = ascii("authorization");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] SEC_WEBSOCKET_KEY = ascii("sec-websocket-key");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] SEC_WEBSOCKET_VERSION = ascii("sec-websocket-version");
    private static final byte[] SEC_WEBSOCKET_PROTOCOL = ascii("sec-websocket-protocol");
    private static final byte[] WEBSOCKET = ascii("websocket");
    private static final String NO_BODY = "invalid WebSocket upgrade: a request body is not allowed";

    /** Bytes from the reader index already parsed: whole lines. */
    private int parsed;
    private boolean inHeaders;
    private int headerBytes;
    private String invalidReason;

    private boolean upgradeWebSocket;
    private boolean connectionUpgrade;
    private boolean repeatedKey;
    private String key;
    private String version;
    private String subprotocols;
    private String origin;
    private String host;
    private String authorization;
    private String queryToken;

    /** Parses what {@code in} holds beyond what earlier calls parsed; call again with more bytes after {@code NEED_MORE}. */
    Progress parse(ByteBuf buf) {
        // The bytes not parsed yet are copied into an array and scanned there: a head is a few hundred
        // bytes, and a ByteBuf's per-byte accessors cost a bounds check and a call each.
        int offset = buf.readerIndex() + parsed;
        int length = Math.min(buf.writerIndex() - offset, MAX_SCAN);
        byte[] in = SCRATCH.get();
        buf.getBytes(offset, in, 0, length);
        int start = -parsed; // array index of the buffer's reader index
        int end = length;
        if (!inHeaders && !startsLikeAnUpgrade(in, 0, end)) {
            return Progress.NOT_LEAN; // known from the first bytes: nothing waits for the rest of the line
        }
        // Below, NEED_MORE from a check of one line means "fine so far": go on with the next line.
        while (true) {
            int from = start + parsed;
            int lf = indexOf(in, from, end, (byte) '\n');
            if (lf < 0) {
                // Refuse an overlong line before its end arrives, so that it is never buffered whole.
                int partial = end > from && in[end - 1] == '\r' ? end - from - 1 : end - from;
                return inHeaders ? checkHeaderBytes(headerBytes + partial) : checkRequestLine(partial);
            }
            int lineEnd = lf > from && in[lf - 1] == '\r' ? lf - 1 : lf;
            parsed = lf + 1 - start;
            Progress progress;
            if (!inHeaders) {
                progress = checkRequestLine(lineEnd - from);
                if (progress == Progress.NEED_MORE) {
                    progress = requestLine(in, from, lineEnd);
                    inHeaders = true;
                }
            } else if (lineEnd == from) {
                return Progress.COMPLETE;
            } else {
                headerBytes += lineEnd - from;
                progress = checkHeaderBytes(headerBytes);
                if (progress == Progress.NEED_MORE) {
                    progress = headerLine(in, from, lineEnd);
                }
            }
            if (progress != Progress.NEED_MORE) {
                return progress;
            }
        }
    }

    /** The length of the head, line ends included; valid after {@code COMPLETE}. */
    int headLength() {
        return parsed;
    }

    /** What the head says; valid after {@code COMPLETE}. */
    UpgradeHead head() {
        return new UpgradeHead(true, upgradeWebSocket, connectionUpgrade, key, repeatedKey, version, subprotocols,
                origin, host, authorization, queryToken);
    }

    /** Why the head was refused; valid after {@code INVALID}. */
    String invalidReason() {
        return invalidReason;
    }

    /** The bytes so far agree with {@code "GET /ws"} followed by a space or {@code '?'}. */
    private static boolean startsLikeAnUpgrade(byte[] in, int start, int end) {
        int n = Math.min(end - start, PREFIX.length + 1);
        for (int i = 0; i < n; i++) {
            byte b = in[start + i];
            if (i < PREFIX.length ? b != PREFIX[i] : b != ' ' && b != '?') {
                return false;
            }
        }
        return true;
    }

    private Progress checkRequestLine(int length) {
        return length > MAX_REQUEST_LINE
                ? invalid("request line too long (limit " + MAX_REQUEST_LINE + " bytes)") : Progress.NEED_MORE;
    }

    private Progress checkHeaderBytes(int total) {
        return total > MAX_HEADER_BYTES
                ? invalid("request headers too large (limit " + MAX_HEADER_BYTES + " bytes)") : Progress.NEED_MORE;
    }

    /**
     * {@code GET <target> HTTP/1.1}, the target being {@code /ws} or {@code /ws?query}. Any other shape
     * (another version, extra spaces) goes to the HTTP codec, which answers it as it always has.
     */
    private Progress requestLine(byte[] in, int from, int lineEnd) {
        int targetEnd = lineEnd - VERSION.length;
        if (targetEnd < from + PREFIX.length || !matches(in, targetEnd, VERSION)) {
            return Progress.NOT_LEAN;
        }
        int targetStart = from + 4; // after "GET "
        for (int i = targetStart; i < targetEnd; i++) {
            int b = in[i] & 0xff;
            if (b == ' ' || b == '\t') {
                return Progress.NOT_LEAN;
            }
            if (b < 0x20 || b == 0x7f) {
                return invalid("invalid request line");
            }
        }
        int queryStart = targetStart + 4; // after "/ws?"
        if (queryStart <= targetEnd) {
            try {
                queryToken = queryToken(in, queryStart, targetEnd);
            } catch (IllegalArgumentException e) { // a broken percent-escape
                return invalid(UpgradeHead.MALFORMED_QUERY);
            }
        }
        return Progress.NEED_MORE;
    }

    /**
     * The first {@code token} parameter, split and decoded exactly as {@link QueryStringDecoder} does
     * ({@code &} and {@code ;} separate, {@code #} ends, a name without {@code =} has an empty value),
     * but only that one is decoded, and only when it has escapes.
     */
    private static String queryToken(byte[] in, int from, int to) {
        int nameStart = from;
        int valueStart = -1;
        int i;
        loop:
        for (i = from; i < to; i++) {
            switch (in[i]) {
                case '=' -> {
                    if (nameStart == i) {
                        nameStart = i + 1;
                    } else if (valueStart < nameStart) {
                        valueStart = i + 1;
                    }
                }
                case '&', ';' -> {
                    String value = tokenValue(in, nameStart, valueStart, i);
                    if (value != null) {
                        return value;
                    }
                    nameStart = i + 1;
                }
                case '#' -> {
                    break loop;
                }
                default -> {
                }
            }
        }
        return tokenValue(in, nameStart, valueStart, i);
    }

    /** The parameter's value if its name is {@code token}, else null. */
    private static String tokenValue(byte[] in, int nameStart, int valueStart, int valueEnd) {
        if (nameStart >= valueEnd) {
            return null;
        }
        if (valueStart <= nameStart) {
            valueStart = valueEnd + 1; // no '=': an empty value
        }
        int nameEnd = valueStart - 1;
        boolean isToken = nameEnd - nameStart == TOKEN.length && matches(in, nameStart, TOKEN)
                || hasEscapes(in, nameStart, nameEnd) && "token".equals(component(in, nameStart, nameEnd));
        return isToken ? component(in, valueStart, valueEnd) : null;
    }

    private static String component(byte[] in, int from, int to) {
        if (from >= to) {
            return "";
        }
        String raw = new String(in, from, to - from, StandardCharsets.ISO_8859_1);
        return hasEscapes(in, from, to) ? QueryStringDecoder.decodeComponent(raw, StandardCharsets.UTF_8) : raw;
    }

    private static boolean hasEscapes(byte[] in, int from, int to) {
        return indexOf(in, from, to, (byte) '%') >= 0 || indexOf(in, from, to, (byte) '+') >= 0;
    }

    /** One header line, without its line end; keeps what the upgrade reads. */
    private Progress headerLine(byte[] in, int from, int lineEnd) {
        byte first = in[from];
        if (first == ' ' || first == '\t') {
            return invalid("invalid header line: obs-fold (a line starting with a space or tab) is not allowed");
        }
        int colon = indexOf(in, from, lineEnd, (byte) ':');
        if (colon < 0) {
            return invalid("invalid header line: no ':'");
        }
        if (colon == from || !isToken(in, from, colon)) {
            return invalid("invalid header name");
        }
        int valueStart = colon + 1;
        int valueEnd = lineEnd;
        while (valueStart < valueEnd && isSpaceOrTab(in[valueStart])) {
            valueStart++;
        }
        while (valueEnd > valueStart && isSpaceOrTab(in[valueEnd - 1])) {
            valueEnd--;
        }
        for (int i = valueStart; i < valueEnd; i++) {
            int b = in[i] & 0xff;
            if (b < 0x20 && b != '\t' || b == 0x7f) {
                return invalid("invalid header value");
            }
        }
        return header(in, from, colon - from, valueStart, valueEnd);
    }

    /** Keeps the header if the upgrade reads it. Names are compared by length first: most lines stop there. */
    private Progress header(byte[] in, int name, int nameLength, int value, int valueEnd) {
        switch (nameLength) {
            case 4 -> {
                if (host == null && nameIs(in, name, HOST)) {
                    host = string(in, value, valueEnd);
                }
            }
            case 6 -> {
                if (origin == null && nameIs(in, name, ORIGIN)) {
                    origin = string(in, value, valueEnd);
                }
            }
            case 7 -> {
                if (nameIs(in, name, UPGRADE) && listContains(in, value, valueEnd, WEBSOCKET)) {
                    upgradeWebSocket = true;
                }
            }
            case 10 -> {
                if (nameIs(in, name, CONNECTION) && listContains(in, value, valueEnd, UPGRADE)) {
                    connectionUpgrade = true;
                }
            }
            case 13 -> {
                if (authorization == null && nameIs(in, name, AUTHORIZATION)) {
                    authorization = string(in, value, valueEnd);
                }
            }
            case 14 -> {
                if (nameIs(in, name, CONTENT_LENGTH)) {
                    return contentLength(in, value, valueEnd);
                }
            }
            case 17 -> {
                if (nameIs(in, name, SEC_WEBSOCKET_KEY)) {
                    repeatedKey = key != null;
                    if (key == null) {
                        key = string(in, value, valueEnd);
                    }
                } else if (nameIs(in, name, TRANSFER_ENCODING)) {
                    return invalid(NO_BODY);
                }
            }
            case 21 -> {
                if (version == null && nameIs(in, name, SEC_WEBSOCKET_VERSION)) {
                    version = string(in, value, valueEnd);
                }
            }
            case 22 -> {
                if (nameIs(in, name, SEC_WEBSOCKET_PROTOCOL)) {
                    String offered = string(in, value, valueEnd);
                    subprotocols = subprotocols == null ? offered : subprotocols + "," + offered;
                }
            }
            default -> {
            }
        }
        return Progress.NEED_MORE;
    }

    /** A length of zero is allowed (some clients send it on every request); anything more is a body. */
    private Progress contentLength(byte[] in, int from, int to) {
        if (from == to) {
            return invalid("invalid Content-Length");
        }
        boolean empty = true;
        for (int i = from; i < to; i++) {
            byte b = in[i];
            if (b < '0' || b > '9') {
                return invalid("invalid Content-Length");
            }
            empty &= b == '0';
        }
        return empty ? Progress.NEED_MORE : invalid(NO_BODY);
    }

    /** A comma-separated list holds {@code lowerToken}, ignoring case and spaces around elements. */
    private static boolean listContains(byte[] in, int from, int to, byte[] lowerToken) {
        int elementStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || in[i] == ',') {
                int s = elementStart;
                int e = i;
                while (s < e && isSpaceOrTab(in[s])) {
                    s++;
                }
                while (e > s && isSpaceOrTab(in[e - 1])) {
                    e--;
                }
                if (e - s == lowerToken.length && nameIs(in, s, lowerToken)) {
                    return true;
                }
                elementStart = i + 1;
            }
        }
        return false;
    }

    /**
     * ASCII case-insensitive comparison with a lower-case name of letters and '-'. {@code b | 0x20} maps
     * only 'A'-'Z' onto 'a'-'z' among the bytes that can match such a name ('-' | 0x20 is '-').
     */
    private static boolean nameIs(byte[] in, int from, byte[] lowerName) {
        for (int i = 0; i < lowerName.length; i++) {
            if ((in[from + i] | 0x20) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(byte[] in, int from, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (in[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 token characters, as in a header name. */
    private static boolean isToken(byte[] in, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = in[i] & 0xff;
            boolean token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c < 0x7f && c > 0x20 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] in, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (in[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSpaceOrTab(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Header bytes as the HTTP codec reads them: one char per byte. */
    private static String string(byte[] in, int from, int to) {
        return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private Progress invalid(String reason) {
        invalidReason = reason;
        return Progress.INVALID;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
