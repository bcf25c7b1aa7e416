package io.switchboard.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Client and publication ids carry their number as {@link Long#toString(long, int)} in radix 36 would. */
class HubIdsTest {

    private static String base36(long number) {
        return Hub.appendBase36(new StringBuilder("x"), number).substring(1);
    }

    @Test
    void smallNumbersAndEveryPowerOf36Boundary() {
        for (long n = 0; n < 50_000; n++) {
            assertThat(base36(n)).isEqualTo(Long.toString(n, 36));
        }
        for (long power = 36; power > 0 && power < Long.MAX_VALUE / 36; power *= 36) {
            for (long n : new long[] {power - 1, power, power + 1}) {
                assertThat(base36(n)).isEqualTo(Long.toString(n, 36));
            }
        }
    }

    @Test
    void extremesAndRandomNumbers() {
        for (long n : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1, -1, -36, Long.MIN_VALUE}) {
            assertThat(base36(n)).isEqualTo(Long.toString(n, 36));
        }
        SplittableRandom random = new SplittableRandom(36);
        for (int i = 0; i < 100_000; i++) {
            long n = random.nextLong() >>> random.nextInt(64);
            assertThat(base36(n)).isEqualTo(Long.toString(n, 36));
        }
    }

    @Test
    void appendsAfterWhatIsAlreadyThere() {
        assertThat(Hub.appendBase36(new StringBuilder("run-"), 36 * 36).toString()).isEqualTo("run-100");
    }
}
