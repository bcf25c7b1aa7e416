package io.switchboard.core.api;

/** A server API call that cannot be carried out; {@link #status()} is the HTTP status to answer with. */
public final class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
