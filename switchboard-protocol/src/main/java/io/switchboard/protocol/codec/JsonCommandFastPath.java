package io.switchboard.protocol.codec;

import io.switchboard.protocol.Command;

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

    /** The methods this path reads. */
    private static final String[] METHODS = {"ping", "subscribe", "unsubscribe", "presence", "refresh"};
    /** Integers of more digits may not fit a long; the reader decides those. */
    private static final int MAX_DIGITS = 18;

    private final PlainJson json;

    private long id;
    private String method;
    private boolean paramsSeen;
    private String channel;
    private String epoch;
    private String token;
    /** Read by none of these methods; taken when plain, as the reader takes it, but not kept. */
    private boolean userSeen;
    private Boolean recover;
    private long offset = -1;

    private JsonCommandFastPath(byte[] frame) {
        this.json = new PlainJson(frame);
    }

    /** The command in {@code frame}, or {@code null} when the frame is not one this path reads. */
    static Command read(byte[] frame) {
        return frame == null ? null : new JsonCommandFastPath(frame).command();
    }

    private Command command() {
        if (!object(true) || !json.atEnd() || id == 0 || method == null) {
            return null;
        }
        switch (method) {
            case "ping":
                return new Command.Ping(id);
            case "refresh":
                return nonEmpty(token) ? new Command.Refresh(id, token) : null;
            case "subscribe":
                return nonEmpty(channel) ? new Command.Subscribe(id, channel, recover == Boolean.TRUE,
                        Math.max(offset, 0), epoch == null ? "" : epoch) : null;
            case "unsubscribe":
                return nonEmpty(channel) ? new Command.Unsubscribe(id, channel) : null;
            default: // presence
                return nonEmpty(channel) ? new Command.Presence(id, channel) : null;
        }
    }

    /** An object of the command's members ({@code top}) or of its parameters; false when not plain. */
    private boolean object(boolean top) {
        if (!json.take('{')) {
            return false;
        }
        if (json.take('}')) {
            return true;
        }
        do {
            if (!json.string() || !json.take(':') || !(top ? member() : parameter())) {
                return false;
            }
        } while (json.take(','));
        return json.take('}');
    }

    /** The value of the command member whose name was the last string taken. */
    private boolean member() {
        if (json.stringIs("id")) {
            if (id != 0) {
                return false;
            }
            long value = json.unsignedInteger(MAX_DIGITS);
            id = JsonSupport.validId(value) ? value : 0;
            return id != 0;
        }
        if (json.stringIs("method")) {
            return method == null && json.string() && (method = method()) != null;
        }
        if (json.stringIs("params")) {
            if (paramsSeen) {
                return false;
            }
            paramsSeen = true;
            return object(false);
        }
        return false;
    }

    /** The method the last string taken names, if this path reads it. */
    private String method() {
        for (String name : METHODS) {
            if (json.stringIs(name)) {
                return name;
            }
        }
        return null;
    }

    /** The value of the parameter whose name was the last string taken: strings, recover and offset only. */
    private boolean parameter() {
        if (json.stringIs("channel")) {
            return channel == null && (channel = string()) != null;
        }
        if (json.stringIs("epoch")) {
            return epoch == null && (epoch = string()) != null;
        }
        if (json.stringIs("token")) {
            return token == null && (token = string()) != null;
        }
        if (json.stringIs("user")) {
            return !userSeen && (userSeen = plainString());
        }
        if (json.stringIs("recover")) {
            if (recover != null) {
                return false;
            }
            recover = json.word("true") ? Boolean.TRUE : json.word("false") ? Boolean.FALSE : null;
            return recover != null;
        }
        if (json.stringIs("offset")) {
            return offset < 0 && (offset = json.unsignedInteger(MAX_DIGITS)) >= 0;
        }
        return false;
    }

    /** A plain string no longer than the reader allows, or null. */
    private String string() {
        return plainString() ? json.stringValue() : null;
    }

    /** Takes a plain string no longer than the reader allows, if one comes next. */
    private boolean plainString() {
        return json.string() && json.stringLength() <= JsonSupport.MAX_STRING_LENGTH;
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
