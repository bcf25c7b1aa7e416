package io.switchboard.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CatchUpTest {

    @Test
    void waitsUntilTheBacklogFallsToTheThreshold() throws InterruptedException {
        long[] backlogs = {90_000, 40_000, 12_000, 300};
        AtomicInteger looks = new AtomicInteger();

        CatchUp.Outcome o = CatchUp.await(() -> backlogs[Math.min(looks.getAndIncrement(), backlogs.length - 1)], 500,
                Duration.ofSeconds(10), Duration.ofMillis(1));

        assertThat(o.caughtUp()).isTrue();
        assertThat(o.backlog()).isEqualTo(300);
        assertThat(looks.get()).isEqualTo(4);
    }

    @Test
    void givesUpAtTheLimitAndReportsTheBacklog() throws InterruptedException {
        CatchUp.Outcome o = CatchUp.await(() -> 1_000_000, 500, Duration.ofMillis(50), Duration.ofMillis(5));

        assertThat(o.caughtUp()).isFalse();
        assertThat(o.backlog()).isEqualTo(1_000_000);
        assertThat(o.waitedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void aZeroLimitLooksOnceWithoutWaiting() throws InterruptedException {
        AtomicInteger looks = new AtomicInteger();

        CatchUp.Outcome o = CatchUp.await(() -> looks.incrementAndGet() * 1_000L, 10, Duration.ZERO, Duration.ofSeconds(5));

        assertThat(o.caughtUp()).isFalse();
        assertThat(looks.get()).isEqualTo(1);
        assertThat(o.waitedNanos()).isLessThan(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void thresholdIsAQuarterSecondOfOfferedDeliveriesAndAtLeastOneFanOut() {
        assertThat(CatchUp.threshold(250, 2_000)).isEqualTo(125_000);
        assertThat(CatchUp.threshold(10, 2_000)).isEqualTo(5_000);
        assertThat(CatchUp.threshold(1, 2_000)).isEqualTo(2_000);
    }
}
