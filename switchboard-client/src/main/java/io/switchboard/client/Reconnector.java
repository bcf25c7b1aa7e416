package io.switchboard.client;

import java.time.Duration;

/**
 * Counts failed connection attempts and picks the delay before the next one: the server's advice when
 * there is some (a {@code disconnect} push's {@code delay}, a refused handshake's {@code Retry-After}),
 * the backoff strategy otherwise. Confined to the client's loop.
 */
final class Reconnector {

    private final ReconnectDelay strategy;
    private int attempt;

    Reconnector(ReconnectDelay strategy) {
        this.strategy = strategy;
    }

    /** The delay before the next attempt; {@code advised} (may be null) wins over the backoff schedule. */
    Duration next(Duration advised) {
        Duration d = advised != null && !advised.isZero() && !advised.isNegative()
                ? strategy.advised(advised)
                : strategy.delay(attempt);
        attempt = attempt == Integer.MAX_VALUE ? attempt : attempt + 1;
        return d == null || d.isNegative() ? Duration.ZERO : d;
    }

    /** A connection succeeded: the next series starts from the first delay again. */
    void reset() {
        attempt = 0;
    }

    int attempts() {
        return attempt;
    }
}
