package io.switchboard.protocol;

/**
 * The error part of a reply.
 *
 * @param temporary true when retrying the same command later may succeed
 */
public record ReplyError(int code, String message, boolean temporary) {

    public static ReplyError of(ErrorCode code) {
        return new ReplyError(code.code(), code.message(), code.temporary());
    }

    public static ReplyError of(ErrorCode code, String detail) {
        return new ReplyError(code.code(), code.message() + ": " + detail, code.temporary());
    }
}
