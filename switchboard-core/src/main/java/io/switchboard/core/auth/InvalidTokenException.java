package io.switchboard.core.auth;

/**
 * A token that must not be accepted. The message is safe to show to the client and to log: it never
 * contains the token itself.
 */
public final class InvalidTokenException extends RuntimeException {

    private final boolean expired;

    public InvalidTokenException(String reason, boolean expired) {
        super(reason, null, false, false);
        this.expired = expired;
    }

    public InvalidTokenException(String reason) {
        this(reason, false);
    }

    /** True when the token was well-formed and signed but has expired, so a fresh one would do. */
    public boolean expired() {
        return expired;
    }
}
