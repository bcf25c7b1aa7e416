package io.switchboard.core.limit;

/** Decides whether one more event is allowed now. Implementations must not block. */
@FunctionalInterface
public interface RateLimiter {
    boolean tryAcquire();
}
