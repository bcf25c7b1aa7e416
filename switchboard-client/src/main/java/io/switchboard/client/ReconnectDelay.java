package io.switchboard.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next connection attempt: a small strategy in the manner of Lettuce's
 * {@code Delay}. The default is {@link FullJitterDelay}. Implementations must be thread-safe and
 * fast; they are called on the client's internal thread.
 */
public interface ReconnectDelay {

    /**
     * The delay before attempt {@code attempt} of a series of failed attempts (0 for the first
     * reconnect after a connection was lost; the series restarts after every successful connect).
     */
    Duration delay(int attempt);

    /**
     * The delay when the server advised one: the {@code delay} of a {@code disconnect} push or the
     * {@code Retry-After} of a refused handshake (503/429). The advice wins over {@link #delay(int)};
     * the default adds up to 50% jitter on top of it (never less than the advice), because every client
     * of a node may get the same advice at the same moment.
     */
    default Duration advised(Duration serverDelay) {
        long ms = Math.max(0, serverDelay.toMillis());
        return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }
}
