package io.switchboard.protocol;

/** The answer to one command: exactly one of {@code result} and {@code error} is set. */
public record Reply(long id, Result result, ReplyError error) {

    public Reply {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("a reply holds a result or an error");
        }
    }

    public static Reply ok(long id, Result result) {
        return new Reply(id, result, null);
    }

    public static Reply error(long id, ReplyError error) {
        return new Reply(id, null, error);
    }

    public static Reply error(long id, ErrorCode code) {
        return new Reply(id, null, ReplyError.of(code));
    }
}
