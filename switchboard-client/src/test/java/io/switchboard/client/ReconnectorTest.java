package io.switchboard.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ReconnectorTest {

    /** Attempt n waits n seconds; advice waits exactly what was advised: easy to read in assertions. */
    private final List<String> calls = new ArrayList<>();
    private final ReconnectDelay plain = new ReconnectDelay() {
        @Override
        public Duration delay(int attempt) {
            calls.add("delay:" + attempt);
            return Duration.ofSeconds(attempt);
        }

        @Override
        public Duration advised(Duration serverDelay) {
            calls.add("advised:" + serverDelay.toMillis());
            return serverDelay;
        }
    };

    @Test
    void followsTheScheduleAttemptByAttempt() {
        Reconnector r = new Reconnector(plain);
        assertThat(r.next(null)).isEqualTo(Duration.ofSeconds(0));
        assertThat(r.next(null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.next(null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(r.attempts()).isEqualTo(3);
    }

    @Test
    void serverAdviceWinsOverTheScheduleAndTheScheduleContinuesAfterIt() {
        Reconnector r = new Reconnector(plain);
        r.next(null);
        assertThat(r.next(Duration.ofMillis(1_700))).isEqualTo(Duration.ofMillis(1_700));
        assertThat(r.next(null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(calls).containsExactly("delay:0", "advised:1700", "delay:2");
    }

    @Test
    void zeroAdviceMeansUseYourOwnBackoff() {
        Reconnector r = new Reconnector(plain);
        r.next(Duration.ZERO);
        assertThat(calls).containsExactly("delay:0");
    }

    @Test
    void aSuccessfulConnectionStartsTheScheduleOver() {
        Reconnector r = new Reconnector(plain);
        r.next(null);
        r.next(null);
        r.reset();
        assertThat(r.next(null)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aStrategyReturningNonsenseMeansNoDelay() {
        Reconnector r = new Reconnector(attempt -> attempt == 0 ? null : Duration.ofMillis(-5));
        assertThat(r.next(null)).isZero();
        assertThat(r.next(null)).isZero();
    }
}
