package io.switchboard.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: attempt {@code n} waits a uniformly random time in
 * {@code [0, min(max, base * factor^n)]}. The randomness is what keeps a thousand clients that lost the
 * same node at the same moment from coming back at the same moment (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"). Immutable and thread-safe.
 */
public final class FullJitterDelay implements ReconnectDelay {

    private final long baseMillis;
    private final double factor;
    private final long maxMillis;
    private final LongUnaryOperator random;

    /**
     * @param base   the upper bound of the first delay, e.g. 0.5 s
     * @param factor how much the upper bound grows per attempt, at least 1 (e.g. 2)
     * @param max    the cap of the upper bound, at least {@code base} (e.g. 20 s)
     */
    public FullJitterDelay(Duration base, double factor, Duration max) {
        this(base, factor, max, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** For tests: {@code random} maps an inclusive bound {@code b} to a value in {@code [0, b]}. */
    FullJitterDelay(Duration base, double factor, Duration max, LongUnaryOperator random) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive, was " + base);
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number >= 1, was " + factor);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max (" + max + ") must not be less than base (" + base + ")");
        }
        this.baseMillis = base.toMillis();
        this.factor = factor;
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The largest delay attempt {@code attempt} may wait: {@code min(max, base * factor^attempt)}. */
    public Duration upperBound(int attempt) {
        return Duration.ofMillis(upperBoundMillis(attempt));
    }

    @Override
    public Duration delay(int attempt) {
        return Duration.ofMillis(random.applyAsLong(upperBoundMillis(attempt)));
    }

    private long upperBoundMillis(int attempt) {
        double bound = baseMillis * Math.pow(factor, Math.max(0, attempt));
        return bound >= maxMillis ? maxMillis : (long) bound; // also covers overflow to infinity
    }

    @Override
    public String toString() {
        return "FullJitterDelay[base=" + baseMillis + "ms, factor=" + factor + ", max=" + maxMillis + "ms]";
    }
}
