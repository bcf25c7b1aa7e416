package io.switchboard.core.limit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class TokenBucketTest {

    /** A manual monotonic clock. */
    static final class FakeClock implements LongSupplier {
        private long now;

        FakeClock(long start) {
            this.now = start;
        }

        void advanceMillis(long millis) {
            now += TimeUnit.MILLISECONDS.toNanos(millis);
        }

        void advanceNanos(long nanos) {
            now += nanos;
        }

        @Override
        public long getAsLong() {
            return now;
        }
    }

    private final FakeClock clock = new FakeClock(123_456_789L);

    private static int drain(TokenBucket bucket, int max) {
        int granted = 0;
        for (int i = 0; i < max; i++) {
            if (bucket.tryAcquire()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void startsFullWithExactlyTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 5, clock);

        assertThat(drain(bucket, 100)).isEqualTo(5);
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void refillsAtTheConfiguredRate() {
        TokenBucket bucket = new TokenBucket(10, 5, clock);
        drain(bucket, 5);

        clock.advanceMillis(99);
        assertThat(bucket.tryAcquire()).as("0.99 token").isFalse();
        clock.advanceMillis(2);
        assertThat(bucket.tryAcquire()).as("1.01 tokens after 101ms at 10/s").isTrue();
        assertThat(bucket.tryAcquire()).isFalse();

        clock.advanceMillis(300);
        assertThat(drain(bucket, 100)).isEqualTo(3);
    }

    @Test
    void fractionalRefillAccumulatesAcrossRefusedCalls() {
        TokenBucket bucket = new TokenBucket(1, 1, clock);
        assertThat(bucket.tryAcquire()).isTrue();

        for (int i = 0; i < 9; i++) {
            clock.advanceMillis(100);
            assertThat(bucket.tryAcquire()).as("after %d00ms", i + 1).isFalse();
        }
        clock.advanceMillis(101); // not exactly 100: ten additions of 0.1 are a hair below 1.0
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void refillIsCappedAtTheBurst() {
        TokenBucket bucket = new TokenBucket(100, 3, clock);
        drain(bucket, 3);

        clock.advanceMillis(TimeUnit.HOURS.toMillis(1));

        assertThat(drain(bucket, 100)).isEqualTo(3);
    }

    @Test
    void slowRatesWork() {
        TokenBucket bucket = new TokenBucket(0.5, 1, clock);
        assertThat(bucket.tryAcquire()).isTrue();

        clock.advanceMillis(1999);
        assertThat(bucket.tryAcquire()).isFalse();
        clock.advanceMillis(2);
        assertThat(bucket.tryAcquire()).isTrue();
    }

    @Test
    void sustainedRateOverALongRunMatchesTheConfiguredRate() {
        TokenBucket bucket = new TokenBucket(100, 10, clock);
        drain(bucket, 10);
        int granted = 0;
        // one attempt every millisecond for 10 seconds: 100/s should be granted, no more
        for (int i = 0; i < 10_000; i++) {
            clock.advanceMillis(1);
            if (bucket.tryAcquire()) {
                granted++;
            }
        }
        assertThat(granted).isBetween(999, 1000);
    }

    @Test
    void fullOnlyAfterRefillingCompletely() {
        TokenBucket bucket = new TokenBucket(10, 2, clock);
        assertThat(bucket.isFull()).isTrue();

        bucket.tryAcquire();
        assertThat(bucket.isFull()).isFalse();
        clock.advanceMillis(99);
        assertThat(bucket.isFull()).isFalse();
        clock.advanceMillis(1);
        assertThat(bucket.isFull()).isTrue();
    }

    @Test
    void isFullDoesNotConsumeOrRefill() {
        TokenBucket bucket = new TokenBucket(10, 2, clock);
        drain(bucket, 2);
        clock.advanceMillis(100);
        assertThat(bucket.isFull()).isFalse();
        assertThat(bucket.isFull()).isFalse();

        assertThat(drain(bucket, 10)).isEqualTo(1);
    }

    @Test
    void clockWrapAroundIsHandled() {
        FakeClock wrapping = new FakeClock(Long.MAX_VALUE - TimeUnit.MILLISECONDS.toNanos(50));
        TokenBucket bucket = new TokenBucket(10, 1, wrapping);
        assertThat(bucket.tryAcquire()).isTrue();

        wrapping.advanceMillis(100); // overflows past Long.MAX_VALUE, as System.nanoTime may
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();
    }

    @Test
    void rejectsNonPositiveRateOrBurst() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(-1, 1, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, -5, clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheClockOnConstruction() {
        // a bucket created late must not be credited for the time before it existed
        clock.advanceNanos(TimeUnit.SECONDS.toNanos(100));
        TokenBucket bucket = new TokenBucket(1, 2, clock);
        assertThat(drain(bucket, 10)).isEqualTo(2);
    }
}
