package io.switchboard.protocol.codec;

import io.switchboard.protocol.Command;

import java.nio.charset.StandardCharsets;

/**
 * The commands clients send most ({@code ping}, {@code subscribe}, {@code unsubscribe},
 * {@code presence}, {@code refresh}), read without a Jackson parser when they are in their plainest
 * form: ASCII only, strings without escapes, integers without sign, fraction or exponent, no
 * {@code null}, no member twice, no member {@link JsonCommandReader} would ignore or refuse. For any
 * other frame, valid or not, {@link #read} returns {@code null} and the caller uses
 * {@link JsonCommandReader}, which then decides (and words any error).
 *
 * <p>What it takes, {@link JsonCommandReader} reads as the same {@link Command}
 * ({@code JsonCommandFastPathTest} checks this over mutated frames). A parser, its context and
 * buffers were about a kilobyte of garbage per command; this allocates the command and its strings.
 */
final class JsonCommandFastPath {

    private static final byte[] PING = ascii("ping");
    private static final byte[] SUBSCRIBE = ascii("subscribe");
    private static final byte[] UNSUBSCRIBE = ascii("unsubscribe");
    private static final byte[] PRESENCE = ascii("presence");
    private static final byte[] REFRESH = ascii("refresh");
    /** Integers of more digits may not fit a long; the reader decides those. */
    private static final int MAX_DIGITS = 18;

    private final byte[] f;
    private int i;

    private long id;
    private int methodFrom = -1;
    private int methodTo;
    private boolean paramsSeen;
    private String channel;
    private String epoch;
    private String token;
    private String user;
    private Boolean recover;
    private long offset = -1;

    private JsonCommandFastPath(byte[] frame) {
        this.f = frame;
    }

    /** The command in {@code frame}, or {@code null} when the frame is not one this path reads. */
    static Command read(byte[] frame) {
        return frame == null ? null : new JsonCommandFastPath(frame).command();
    }

    private Command command() {
        if (!object(true) || skipSpace() != f.length || id == 0 || methodFrom < 0) {
            return null;
        }
        if (method(PING)) {
            return new Command.Ping(id);
        }
        if (method(REFRESH)) {
            return nonEmpty(token) ? new Command.Refresh(id, token) : null;
        }
        if (!nonEmpty(channel)) {
            return null;
        }
        if (method(SUBSCRIBE)) {
            return new Command.Subscribe(id, channel, recover == Boolean.TRUE, Math.max(offset, 0),
                    epoch == null ? "" : epoch);
        }
        if (method(UNSUBSCRIBE)) {
            return new Command.Unsubscribe(id, channel);
        }
        return method(PRESENCE) ? new Command.Presence(id, channel) : null;
    }

    /** An object of the command's members ({@code top}) or of its parameters; false when not plain. */
    private boolean object(boolean top) {
        if (skipSpace() >= f.length || f[i] != '{') {
            return false;
        }
        i++;
        if (skipSpace() < f.length && f[i] == '}') {
            i++;
            return true;
        }
        while (true) {
            int nameFrom = stringEnd();
            if (nameFrom < 0 || skipSpace() >= f.length || f[i] != ':') {
                return false;
            }
            i++;
            skipSpace();
            boolean read = top ? member(nameFrom) : parameter(nameFrom);
            if (!read || skipSpace() >= f.length) {
                return false;
            }
            byte b = f[i++];
            if (b == '}') {
                return true;
            }
            if (b != ',') {
                return false;
            }
            skipSpace();
        }
    }

    /** One member of the command object, its name at {@code f[from, i - 2)}. */
    private boolean member(int from) {
        if (is(from, "id")) {
            if (id != 0) {
                return false;
            }
            long value = integer();
            id = JsonSupport.validId(value) ? value : 0;
            return id != 0;
        }
        if (is(from, "method")) {
            if (methodFrom >= 0) {
                return false;
            }
            int start = i + 1;
            if (stringEnd() < 0) {
                return false;
            }
            methodFrom = start;
            methodTo = i - 1;
            return true;
        }
        if (is(from, "params")) {
            if (paramsSeen) {
                return false;
            }
            paramsSeen = true;
            return object(false);
        }
        return false;
    }

    /** One parameter, its name at {@code f[from, i - 2)}: only those taken as strings, recover and offset. */
    private boolean parameter(int from) {
        if (is(from, "channel")) {
            return channel == null && (channel = string()) != null;
        }
        if (is(from, "epoch")) {
            return epoch == null && (epoch = string()) != null;
        }
        if (is(from, "token")) {
            return token == null && (token = string()) != null;
        }
        if (is(from, "user")) {
            return user == null && (user = string()) != null;
        }
        if (is(from, "recover")) {
            if (recover != null) {
                return false;
            }
            recover = literal("true") ? Boolean.TRUE : literal("false") ? Boolean.FALSE : null;
            return recover != null;
        }
        if (is(from, "offset")) {
            return offset < 0 && (offset = integer()) >= 0;
        }
        return false;
    }

    /** A string at {@code i}, as {@link #stringEnd} takes it, or null. */
    private String string() {
        int from = i + 1;
        return stringEnd() < 0 ? null : new String(f, from, i - 1 - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Moves past a string of printable ASCII without escapes that starts at {@code i}.
     *
     * @return where its content starts, or -1 (position then undefined) when there is no such string
     */
    private int stringEnd() {
        if (i >= f.length || f[i] != '"') {
            return -1;
        }
        int from = ++i;
        while (i < f.length) {
            byte b = f[i++];
            if (b == '"') {
                return i - 1 - from <= JsonSupport.MAX_STRING_LENGTH ? from : -1;
            }
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** A non-negative integer of at most {@value #MAX_DIGITS} digits without a leading zero, or -1. */
    private long integer() {
        int from = i;
        long value = 0;
        while (i < f.length && f[i] >= '0' && f[i] <= '9' && i - from < MAX_DIGITS) {
            value = value * 10 + (f[i++] - '0');
        }
        int digits = i - from;
        // A fraction or exponent after the digits is refused by the caller, which wants , or } next.
        boolean plain = digits > 0 && (digits == 1 || f[from] != '0') && (i == f.length || f[i] < '0' || f[i] > '9');
        return plain ? value : -1;
    }

    private boolean literal(String word) {
        if (i + word.length() > f.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (f[i + k] != word.charAt(k)) {
                return false;
            }
        }
        i += word.length();
        return true;
    }

    /** Whether the name that ended just before {@code i} (closing quote, then the colon) is {@code name}. */
    private boolean is(int from, String name) {
        int end = nameEnd(from);
        if (end - from != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (f[from + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The end of the member name starting at {@code from} (its closing quote). */
    private int nameEnd(int from) {
        int end = from;
        while (f[end] != '"') {
            end++;
        }
        return end;
    }

    private boolean method(byte[] name) {
        if (methodTo - methodFrom != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (f[methodFrom + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** Skips JSON whitespace; returns the new position. */
    private int skipSpace() {
        while (i < f.length && (f[i] == ' ' || f[i] == '\n' || f[i] == '\r' || f[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
