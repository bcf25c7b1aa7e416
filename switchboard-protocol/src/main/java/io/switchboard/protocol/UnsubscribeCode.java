package io.switchboard.protocol;

/** Codes of the {@code unsubscribed} push: why the server ended a subscription. */
public enum UnsubscribeCode {
    SERVER(2000, "unsubscribed by server"),
    PERMISSION_REVOKED(2001, "permission revoked");

    private final int code;
    private final String reason;

    UnsubscribeCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() { return code; }

    public String reason() { return reason; }
}
