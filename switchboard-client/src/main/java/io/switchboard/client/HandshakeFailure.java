package io.switchboard.client;

import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Why a connection attempt failed, and what that means for the next one (docs/protocol.md, "Endpoint
 * and handshake"): 401 needs a new token; 400 and 403 will not get better by retrying; 429 and 503
 * come with {@code Retry-After}; anything else (network errors, timeouts, other statuses) is retried
 * with backoff.
 *
 * @param status     the HTTP status of a refused handshake, or 0 when no response was read
 * @param retryAfter the server's {@code Retry-After}, or null
 * @param cause      the underlying error
 */
record HandshakeFailure(int status, Duration retryAfter, Throwable cause) {

    enum Kind { UNAUTHORIZED, FATAL, RETRY }

    static HandshakeFailure of(Throwable error) {
        if (error instanceof WebSocketHandshakeException h && h.getResponse() != null) {
            int status = h.getResponse().statusCode();
            Duration retryAfter = h.getResponse().headers().firstValue("Retry-After")
                    .map(v -> parseRetryAfter(v, Instant.now())).orElse(null);
            return new HandshakeFailure(status, retryAfter, error);
        }
        return new HandshakeFailure(0, null, error);
    }

    Kind kind() {
        if (status == 401) {
            return Kind.UNAUTHORIZED;
        }
        if (status == 400 || status == 403) {
            return Kind.FATAL;
        }
        return Kind.RETRY;
    }

    String describe() {
        if (status > 0) {
            return "handshake refused with HTTP " + status;
        }
        if (cause instanceof HttpTimeoutException) {
            return "handshake timed out";
        }
        return cause == null ? "connection failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 3600));
        } catch (NumberFormatException e) {
            // not seconds: try a date
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
