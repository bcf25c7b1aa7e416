package io.switchboard.core.limit;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code ratePerSecond}. Not thread-safe: a
 * per-connection bucket is only touched by its event loop; {@link KeyedRateLimiter} synchronizes shared ones.
 */
public final class TokenBucket implements RateLimiter {

    /**
     * What buckets of one kind share: their rate, size and clock. Every connection has a command
     * bucket, so the per-bucket object holds only its own state.
     *
     * @throws IllegalArgumentException unless rate and burst are positive
     */
    public record Rate(double ratePerSecond, int burst, LongSupplier nanoTime) {

        public Rate {
            if (ratePerSecond <= 0 || burst <= 0) {
                throw new IllegalArgumentException("rate and burst must be positive");
            }
        }

        double perNano() {
            return ratePerSecond / 1e9;
        }
    }

    private final Rate rate;
    private double tokens;
    private long last;

    /** A full bucket. */
    public TokenBucket(Rate rate) {
        this.rate = rate;
        this.tokens = rate.burst();
        this.last = rate.nanoTime().getAsLong();
    }

    public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        this(new Rate(ratePerSecond, burst, nanoTime));
    }

    public TokenBucket(double ratePerSecond, int burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    @Override
    public boolean tryAcquire() {
        long now = rate.nanoTime().getAsLong();
        tokens = Math.min(rate.burst(), tokens + (now - last) * rate.perNano());
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when the bucket is full again, i.e. the key has been quiet long enough to forget. */
    boolean isFull() {
        long now = rate.nanoTime().getAsLong();
        return Math.min(rate.burst(), tokens + (now - last) * rate.perNano()) >= rate.burst();
    }
}
