package io.switchboard.core.limit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class KeyedRateLimiterTest {

    /** Calls between two sweeps of full buckets (KeyedRateLimiter.SWEEP_EVERY). */
    private static final int SWEEP_EVERY = 4096;

    private final AtomicLong clock = new AtomicLong(42_000_000_000L);

    private void advanceMillis(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static int drain(KeyedRateLimiter limiter, String key, int max) {
        int granted = 0;
        for (int i = 0; i < max; i++) {
            if (limiter.tryAcquire(key)) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void eachKeyHasItsOwnBurst() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 3, clock::get);

        assertThat(drain(limiter, "10.0.0.1", 10)).isEqualTo(3);
        assertThat(drain(limiter, "10.0.0.2", 10)).isEqualTo(3);
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
        assertThat(limiter.size()).isEqualTo(2);
    }

    @Test
    void refillsWithTheInjectedClock() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(2, 2, clock::get);
        drain(limiter, "ip", 2);
        assertThat(limiter.tryAcquire("ip")).isFalse();

        advanceMillis(499);
        assertThat(limiter.tryAcquire("ip")).isFalse();
        advanceMillis(2);
        assertThat(limiter.tryAcquire("ip")).isTrue();
        assertThat(limiter.tryAcquire("ip")).isFalse();

        advanceMillis(10_000);
        assertThat(drain(limiter, "ip", 10)).isEqualTo(2);
    }

    @Test
    void sweepForgetsFullBucketsAndKeepsTheOthers() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, clock::get);
        int calls = 0;
        limiter.tryAcquire("quiet-1");
        limiter.tryAcquire("quiet-2");
        calls += 2;
        advanceMillis(10_000); // quiet-1 and quiet-2 refill completely
        assertThat(limiter.tryAcquire("busy-1")).isTrue();
        calls++;
        while (calls < SWEEP_EVERY - 1) {
            assertThat(limiter.tryAcquire("busy-2")).isEqualTo(calls == 3);
            calls++;
        }
        assertThat(limiter.size()).as("before the sweep").isEqualTo(4);

        limiter.tryAcquire("busy-2"); // call number SWEEP_EVERY sweeps first

        assertThat(limiter.size()).as("after the sweep: only the empty buckets remain").isEqualTo(2);
    }

    @Test
    void aForgottenKeyStartsWithAFullBucket() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 2, clock::get);
        drain(limiter, "a", 2);
        advanceMillis(5_000);
        for (int i = 0; i < SWEEP_EVERY; i++) {
            limiter.tryAcquire("other-" + (i % 2)); // empties "other-0" and "other-1", never full again
        }
        assertThat(limiter.size()).isEqualTo(2);

        assertThat(drain(limiter, "a", 10)).isEqualTo(2);
    }

    @Test
    void sweepKeepsBucketsThatAreNotYetFull() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 2, clock::get);
        drain(limiter, "a", 2);
        advanceMillis(1_500); // 1.5 of 2 tokens back: not full
        for (int i = 0; i < SWEEP_EVERY; i++) {
            limiter.tryAcquire("b");
        }
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(drain(limiter, "a", 10)).as("the remembered bucket, not a new full one").isEqualTo(1);
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1000, clock::get);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return drain(limiter, "shared", 500);
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Integer> f : results) {
                granted += f.get(10, TimeUnit.SECONDS);
            }
            assertThat(granted).isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFloodOfNewKeysIsCappedInsteadOfGrowingTheMap() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 5, clock::get);
        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.tryAcquire("k" + i)).isTrue();
        }
        assertThat(limiter.tryAcquire("one-too-many")).isFalse();
        assertThat(limiter.tryAcquire("k7")).as("known keys keep their own bucket").isTrue();
        assertThat(limiter.size()).isLessThanOrEqualTo(100_000);
    }
}
