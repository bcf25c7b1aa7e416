package io.switchboard.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Timeout(10)
class FullJitterDelayTest {

    private static final FullJitterDelay DEFAULTS = new FullJitterDelay(ClientOptions.DEFAULT_MIN_RECONNECT_DELAY,
            ClientOptions.DEFAULT_RECONNECT_BACKOFF_FACTOR, ClientOptions.DEFAULT_MAX_RECONNECT_DELAY);

    @Test
    void theUpperBoundDoublesFromHalfASecondUpToTheCap() {
        assertThat(DEFAULTS.upperBound(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(DEFAULTS.upperBound(1)).isEqualTo(Duration.ofMillis(1_000));
        assertThat(DEFAULTS.upperBound(2)).isEqualTo(Duration.ofMillis(2_000));
        assertThat(DEFAULTS.upperBound(5)).isEqualTo(Duration.ofMillis(16_000));
        assertThat(DEFAULTS.upperBound(6)).isEqualTo(Duration.ofSeconds(20));
        assertThat(DEFAULTS.upperBound(1_000)).isEqualTo(Duration.ofSeconds(20));
        assertThat(DEFAULTS.upperBound(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(20));
        assertThat(DEFAULTS.upperBound(-3)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void everyDelayLiesBetweenZeroAndTheUpperBound() {
        for (int attempt = 0; attempt < 12; attempt++) {
            Duration bound = DEFAULTS.upperBound(attempt);
            for (int i = 0; i < 2_000; i++) {
                assertThat(DEFAULTS.delay(attempt)).isBetween(Duration.ZERO, bound);
            }
        }
    }

    @Test
    void theExtremesOfTheRandomSourceGiveZeroAndTheBound() {
        FullJitterDelay lowest = new FullJitterDelay(Duration.ofMillis(500), 2, Duration.ofSeconds(20), b -> 0);
        FullJitterDelay highest = new FullJitterDelay(Duration.ofMillis(500), 2, Duration.ofSeconds(20), b -> b);
        assertThat(lowest.delay(4)).isZero();
        assertThat(highest.delay(4)).isEqualTo(Duration.ofMillis(8_000));
        assertThat(highest.delay(40)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void delaysAreSpreadUniformlyOverTheWholeRange() {
        int samples = 20_000;
        int attempt = 3; // bound 4 s
        double bound = DEFAULTS.upperBound(attempt).toMillis();
        int[] quarters = new int[4];
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            long d = DEFAULTS.delay(attempt).toMillis();
            sum += d;
            quarters[(int) Math.min(3, d / (bound / 4))]++;
        }
        assertThat(sum / samples).isCloseTo(bound / 2, within(bound * 0.03));
        for (int q : quarters) {
            assertThat((double) q / samples).isCloseTo(0.25, within(0.02));
        }
    }

    @Test
    void anAdvisedDelayIsHonouredWithUpToHalfAgainOfJitter() {
        Duration advice = Duration.ofMillis(1_200);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 5_000; i++) {
            long d = DEFAULTS.advised(advice).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isGreaterThanOrEqualTo(1_200);
        assertThat(max).isLessThanOrEqualTo(1_800);
        assertThat(max - min).as("jittered, not a constant").isGreaterThan(300);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new FullJitterDelay(Duration.ZERO, 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FullJitterDelay(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FullJitterDelay(Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FullJitterDelay(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
