package io.switchboard.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.ProtocolException;

import java.io.IOException;
import java.util.Arrays;

/**
 * Jackson set-up and byte-level helpers shared by both codecs.
 *
 * <p>Raw JSON values ({@code data}, {@code info}) are never re-serialized: the parser validates them and
 * records where they start, {@link #valueEnd} finds where they end in the (already validated) bytes, and
 * {@link #compact} copies them without insignificant whitespace. Numbers and strings keep the exact text
 * the sender wrote.
 */
final class JsonSupport {

    /** Maximum nesting of a whole command frame. */
    static final int MAX_COMMAND_DEPTH = 64;

    /**
     * Maximum nesting inside a {@code data} value: what fits into a JSON command
     * ({@code {"params":{"data":...}}} uses two levels). Protobuf {@code data} gets the same limit so
     * both subprotocols accept exactly the same payloads.
     */
    static final int MAX_DATA_DEPTH = MAX_COMMAND_DEPTH - 2;

    /**
     * Maximum nesting of a server frame when a client decodes it: a payload of {@link #MAX_DATA_DEPTH}
     * levels sits up to five levels deep (reply, result, publications, publication, info).
     */
    static final int MAX_SERVER_FRAME_DEPTH = 128;

    /** Longest decoded string (channel names, tokens...); the server's frame size limit is far lower. */
    static final int MAX_STRING_LENGTH = 1 << 20;

    /** Longest number literal. */
    static final int MAX_NUMBER_LENGTH = 1000;

    /** Largest command id: the largest integer a JavaScript number holds exactly. */
    static final long MAX_ID = (1L << 53) - 1;

    static final JsonFactory COMMANDS = factory(MAX_COMMAND_DEPTH);
    static final JsonFactory DATA = factory(MAX_DATA_DEPTH);
    static final JsonFactory SERVER_FRAMES = factory(MAX_SERVER_FRAME_DEPTH);

    private static final int MAX_DETAIL = 160;

    private JsonSupport() {
    }

    private static JsonFactory factory(int maxDepth) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
    }

    static boolean validId(long id) {
        return id >= 1 && id <= MAX_ID;
    }

    /**
     * Why {@code bytes} cannot be UTF-8 JSON text, or null. Jackson would otherwise silently skip a byte
     * order mark and auto-detect UTF-16/32; neither may reach a JSON text frame.
     */
    static String encodingProblem(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return "byte order mark not allowed";
        }
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            if (bytes[i] == 0) {
                return "not UTF-8 JSON text";
            }
        }
        if (!Utf8.isValid(bytes)) {
            return "invalid UTF-8";
        }
        return null;
    }

    /** Opens a parser over one complete frame, after the encoding checks. Problems close the connection. */
    static JsonParser open(JsonFactory factory, byte[] frame) throws ProtocolException, IOException {
        String problem = encodingProblem(frame);
        if (problem != null) {
            throw new ProtocolException(problem);
        }
        return factory.createParser(frame);
    }

    /** The frame could not be read as JSON: no command id is known, so the connection is closed. */
    static ProtocolException unreadable(IOException e) {
        String what = e instanceof StreamConstraintsException ? "JSON too large or too deep: " : "invalid JSON: ";
        String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                ? jpe.getOriginalMessage() : e.getMessage();
        return new ProtocolException(what + truncate(String.valueOf(msg)));
    }

    static String truncate(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
    }

    /** A client-supplied name, quoted and made safe for an error message and a log line. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(s.length(), 32);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7F || Character.isSurrogate(c) ? '?' : c);
        }
        return sb.append(s.length() > n ? "...'" : "'").toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Raw values

    /**
     * Captures the JSON value whose first token the parser is on, as compact bytes, and leaves the
     * parser on its last token. The caller must go on to parse the rest of the frame: the value's
     * validity is only guaranteed once the whole frame parsed.
     */
    static Payload capture(JsonParser p, byte[] src) throws IOException, ProtocolException {
        int start = tokenStart(p, src);
        p.skipChildren();
        return new Payload(compact(src, start, valueEnd(src, start)));
    }

    /** Byte offset where the current token starts, checked against the token so a mismatch cannot go unnoticed. */
    static int tokenStart(JsonParser p, byte[] src) throws ProtocolException {
        long offset = p.currentTokenLocation().getByteOffset();
        JsonToken t = p.currentToken();
        if (offset < 0 || offset >= src.length || !startsLike(t, src[(int) offset])) {
            throw new ProtocolException(ErrorCode.INTERNAL, "cannot locate JSON value", 0);
        }
        return (int) offset;
    }

    private static boolean startsLike(JsonToken t, byte b) {
        if (t == null) {
            return false;
        }
        switch (t) {
            case START_OBJECT:
                return b == '{';
            case START_ARRAY:
                return b == '[';
            case VALUE_STRING:
                return b == '"';
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return b == '-' || (b >= '0' && b <= '9');
            case VALUE_TRUE:
                return b == 't';
            case VALUE_FALSE:
                return b == 'f';
            case VALUE_NULL:
                return b == 'n';
            default:
                return false;
        }
    }

    /**
     * End (exclusive) of the JSON value starting at {@code start}. Only meaningful on well-formed JSON;
     * never reads out of bounds and is iterative (no recursion on nesting).
     */
    static int valueEnd(byte[] b, int start) throws ProtocolException {
        int i = start;
        byte c = b[i];
        if (c == '{' || c == '[') {
            int depth = 0;
            while (i < b.length) {
                c = b[i++];
                if (c == '"') {
                    i = stringEnd(b, i);
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return i;
                    }
                }
            }
            throw new ProtocolException("unterminated JSON value");
        }
        if (c == '"') {
            return stringEnd(b, i + 1);
        }
        while (i < b.length && !delimiter(b[i])) {
            i++;
        }
        return i;
    }

    /** {@code i} is just after an opening quote; returns the index just after the closing one. */
    private static int stringEnd(byte[] b, int i) throws ProtocolException {
        while (i < b.length) {
            byte c = b[i++];
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new ProtocolException("unterminated JSON string");
    }

    private static boolean delimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || whitespace(c);
    }

    private static boolean whitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Copies well-formed JSON {@code b[start, end)} without whitespace outside strings. */
    static byte[] compact(byte[] b, int start, int end) {
        byte[] out = new byte[end - start];
        int o = 0;
        boolean inString = false;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (inString) {
                out[o++] = c;
                if (c == '\\') {
                    out[o++] = b[++i];
                } else if (c == '"') {
                    inString = false;
                }
            } else if (!whitespace(c)) {
                out[o++] = c;
                if (c == '"') {
                    inString = true;
                }
            }
        }
        return o == out.length ? out : Arrays.copyOf(out, o);
    }

    /**
     * Checks that {@code bytes} are the strict UTF-8 text of exactly one JSON value nested at most
     * {@link #MAX_DATA_DEPTH} levels, as needed to embed them verbatim in a JSON frame.
     *
     * @return null when valid, otherwise why not
     */
    static String jsonValueProblem(byte[] bytes) {
        if (bytes.length == 0) {
            return "is empty";
        }
        String problem = encodingProblem(bytes);
        if (problem != null) {
            return "is not UTF-8 JSON text (" + problem + ")";
        }
        try (JsonParser p = DATA.createParser(bytes)) {
            if (p.nextToken() == null) {
                return "holds no JSON value";
            }
            p.skipChildren();
            if (p.nextToken() != null) { // also completes (and so validates) a lone string value
                return "holds more than one JSON value";
            }
            return null;
        } catch (StreamConstraintsException e) {
            return "is nested too deeply or too long";
        } catch (IOException e) {
            return "is not well-formed JSON";
        }
    }
}
