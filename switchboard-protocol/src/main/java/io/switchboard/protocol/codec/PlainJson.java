package io.switchboard.protocol.codec;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over JSON bytes in their plainest form, for fast paths that read the common case without a
 * parser and leave everything else to one: strings of printable ASCII without escapes, unsigned integers
 * without sign, fraction, exponent or leading zero, the literals {@code true} and {@code false}, and JSON
 * whitespace between tokens. Nothing here throws: each method says whether the next token has the plain
 * form (and takes it), and a caller that meets a {@code false} returns "not plain". Used by
 * {@link JsonCommandFastPath} and the server's token claims reader ({@code PlainClaims}).
 */
public final class PlainJson {

    private final byte[] json;
    private int at;
    /** The content of the string {@link #string} took last: {@code json[from, to)}. */
    private int from;
    private int to;

    public PlainJson(byte[] json) {
        this.json = json;
    }

    /** Skips whitespace, then takes {@code c} if it comes next. */
    public boolean take(char c) {
        skipSpace();
        if (at < json.length && json[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    /** Whether {@code c} comes next after whitespace, without taking it. */
    public boolean peek(char c) {
        skipSpace();
        return at < json.length && json[at] == c;
    }

    /** Whether only whitespace is left. */
    public boolean atEnd() {
        skipSpace();
        return at == json.length;
    }

    /** Skips whitespace, then takes {@code word} (a literal such as {@code true}) if it comes next. */
    public boolean word(String word) {
        skipSpace();
        if (at + word.length() > json.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (json[at + k] != word.charAt(k)) {
                return false;
            }
        }
        at += word.length();
        return true;
    }

    /**
     * Skips whitespace, then takes a plain string if one comes next; its content is then what
     * {@link #stringIs}, {@link #stringLength} and {@link #stringValue} look at.
     */
    public boolean string() {
        skipSpace();
        if (at >= json.length || json[at] != '"') {
            return false;
        }
        int start = ++at;
        while (at < json.length) {
            byte b = json[at++];
            if (b == '"') {
                from = start;
                to = at - 1;
                return true;
            }
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return false;
            }
        }
        return false;
    }

    /** Whether the last string taken is {@code ascii}. */
    public boolean stringIs(String ascii) {
        if (to - from != ascii.length()) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (json[from + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    public int stringLength() {
        return to - from;
    }

    /** The last string taken. */
    public String stringValue() {
        return new String(json, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Skips whitespace, then takes an unsigned integer of at most {@code maxDigits} digits (at most 18,
     * so that it fits a long) if one comes next.
     *
     * @return its value, or -1 when what comes next is not such an integer (more digits included). A
     *         fraction or exponent after the digits is left for the caller, whose next {@link #take} fails.
     */
    public long unsignedInteger(int maxDigits) {
        skipSpace();
        int start = at;
        long value = 0;
        while (at < json.length && json[at] >= '0' && json[at] <= '9' && at - start < maxDigits) {
            value = value * 10 + (json[at++] - '0');
        }
        int digits = at - start;
        boolean plain = digits > 0 && (digits == 1 || json[start] != '0')
                && (at == json.length || json[at] < '0' || json[at] > '9');
        return plain ? value : -1;
    }

    private void skipSpace() {
        while (at < json.length && (json[at] == ' ' || json[at] == '\n' || json[at] == '\r' || json[at] == '\t')) {
            at++;
        }
    }
}
