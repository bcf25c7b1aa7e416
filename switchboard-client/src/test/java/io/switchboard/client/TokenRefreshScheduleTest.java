package io.switchboard.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class TokenRefreshScheduleTest {

    private static Duration at(long remainingMs) {
        return TokenManager.refreshDelay(remainingMs, ClientOptions.DEFAULT_TOKEN_REFRESH_MARGIN);
    }

    @Test
    void longLivedTokensAreRefreshedAtEightyPercentOfTheirRemainingLife() {
        assertThat(at(3_600_000)).isEqualTo(Duration.ofMinutes(48));
        assertThat(at(600_000)).isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    void shorterOnesThirtySecondsBeforeTheyExpire() {
        assertThat(at(100_000)).isEqualTo(Duration.ofSeconds(70));
        assertThat(at(120_000)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void butNeverBeforeHalfTheirLifeSoShortTokensDoNotSpin() {
        assertThat(at(40_000)).isEqualTo(Duration.ofSeconds(20));
        assertThat(at(3_000)).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void anExpiredTokenIsRefreshedAtOnce() {
        assertThat(at(0)).isZero();
        assertThat(at(-5_000)).isZero();
    }
}
