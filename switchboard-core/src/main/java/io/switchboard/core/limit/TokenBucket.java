package io.switchboard.core.limit;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code ratePerSecond}. Not thread-safe: a
 * per-connection bucket is only touched by its event loop; {@link KeyedRateLimiter} synchronizes shared ones.
 */
public final class TokenBucket implements RateLimiter {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (ratePerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    public TokenBucket(double ratePerSecond, int burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    @Override
    public boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when the bucket is full again, i.e. the key has been quiet long enough to forget. */
    boolean isFull() {
        long now = nanoTime.getAsLong();
        return Math.min(burst, tokens + (now - last) * ratePerNano) >= burst;
    }
}
