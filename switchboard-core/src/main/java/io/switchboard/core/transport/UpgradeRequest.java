package io.switchboard.core.transport;

/**
 * An upgrade request as the endpoint sees it.
 *
 * @param token the bearer token from {@code Authorization: Bearer} or {@code ?token=}, or null.
 *              Never log it.
 */
public record UpgradeRequest(String remoteIp, String token, String subprotocol) {

    @Override
    public String toString() {
        return "UpgradeRequest[remoteIp=" + remoteIp + ", token=" + (token == null ? "none" : "<redacted>")
                + ", subprotocol=" + subprotocol + "]";
    }
}
