package io.switchboard.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconnect advice every client derives from a close code. */
@Timeout(10)
class DisconnectCodeTest {

    @ParameterizedTest(name = "{0} -> reconnect {1}")
    @CsvSource({
            "1000,false", "1001,true", "1002,false", "1003,false", "1005,true", "1006,true", "1007,false",
            "1008,false", "1009,false", "1011,true", "1012,true", "1013,true", "1015,false",
            "3000,true", "3001,true", "3004,true", "3250,true", "3499,true",
            "3500,false", "3502,false", "3999,false", "4000,false", "4999,false"})
    void adviceFollowsTheTableAndTheRanges(int code, boolean reconnect) {
        assertThat(DisconnectCode.reconnectAdvised(code)).isEqualTo(reconnect);
    }

    @Test
    void codesAreUniqueAndInTheirRange() {
        Set<Integer> seen = new HashSet<>();
        for (DisconnectCode c : DisconnectCode.values()) {
            assertThat(seen.add(c.code())).as("duplicate %s", c).isTrue();
            if (c.code() >= 3000) {
                assertThat(c.reconnect()).as("%s sits in the range of its advice", c).isEqualTo(c.code() < 3500);
            }
        }
    }
}
