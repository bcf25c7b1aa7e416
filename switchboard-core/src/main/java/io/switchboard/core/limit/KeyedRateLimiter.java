package io.switchboard.core.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (e.g. per remote IP), shared by all event loops. Buckets that have
 * refilled completely are forgotten, so the map does not grow with every address ever seen.
 */
public final class KeyedRateLimiter {

    private static final int SWEEP_EVERY = 4096;
    private static final int MAX_KEYS = 100_000;

    /** Shared by every key's bucket. */
    private final TokenBucket.Rate rate;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private int calls; // racy on purpose: it only paces the sweep

    /** @throws IllegalArgumentException unless rate and burst are positive */
    public KeyedRateLimiter(double ratePerSecond, int burst, LongSupplier nanoTime) {
        this.rate = new TokenBucket.Rate(ratePerSecond, burst, nanoTime);
    }

    public KeyedRateLimiter(double ratePerSecond, int burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    /**
     * Takes a token for {@code key}. While more than 100,000 keys are being tracked (e.g. a flood from
     * many addresses), keys not already tracked are refused rather than letting the map grow.
     */
    public boolean tryAcquire(String key) {
        if ((++calls & (SWEEP_EVERY - 1)) == 0) {
            sweep();
        }
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= MAX_KEYS) {
                return false;
            }
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(rate));
        }
        synchronized (bucket) {
            return bucket.tryAcquire();
        }
    }

    public int size() {
        return buckets.size();
    }

    private void sweep() {
        buckets.values().removeIf(b -> {
            synchronized (b) {
                return b.isFull();
            }
        });
    }
}
