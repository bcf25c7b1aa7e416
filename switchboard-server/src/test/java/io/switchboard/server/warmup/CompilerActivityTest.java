package io.switchboard.server.warmup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for the JIT compilers to fall quiet, against a counter the test drives. */
@Timeout(30)
class CompilerActivityTest {

    @Test
    void quietOnceTheTimeStopsMoving() throws InterruptedException {
        AtomicLong reads = new AtomicLong();
        // moves on each of the first 10 reads, then stays
        CompilerActivity compilers = new CompilerActivity(() -> Math.min(10, reads.incrementAndGet()) * 7);
        long start = System.nanoTime();
        assertThat(compilers.awaitQuiet(start + TimeUnit.SECONDS.toNanos(20), () -> false)).isTrue();
        assertThat(reads.get()).isGreaterThan(10);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(CompilerActivity.QUIET_MS));
    }

    @Test
    void givesUpAtTheDeadlineWhileTheyKeepCompiling() throws InterruptedException {
        AtomicLong time = new AtomicLong();
        CompilerActivity busy = new CompilerActivity(time::incrementAndGet);
        long start = System.nanoTime();
        assertThat(busy.awaitQuiet(start + TimeUnit.MILLISECONDS.toNanos(400), () -> false)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aStopRequestEndsTheWait() throws InterruptedException {
        AtomicLong time = new AtomicLong();
        CompilerActivity busy = new CompilerActivity(time::incrementAndGet);
        AtomicLong asked = new AtomicLong();
        long start = System.nanoTime();
        assertThat(busy.awaitQuiet(start + TimeUnit.SECONDS.toNanos(20), () -> asked.incrementAndGet() > 3)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void unknownTimeIsNoReasonToWait() throws InterruptedException {
        CompilerActivity unknown = new CompilerActivity(() -> -1);
        assertThat(unknown.awaitQuiet(System.nanoTime() + TimeUnit.SECONDS.toNanos(20), () -> false)).isTrue();
        assertThat(CompilerActivity.ofThisJvm().totalMillis()).as("HotSpot reports its compilers' time").isPositive();
    }
}
