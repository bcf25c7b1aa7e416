package io.switchboard.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The client-side code table: its own range, never confused with the server's codes. */
@Timeout(10)
class ClientErrorCodeTest {

    @Test
    void codesAreUniqueAndBelow100() {
        Set<Integer> seen = new HashSet<>();
        for (ClientErrorCode c : ClientErrorCode.values()) {
            assertThat(seen.add(c.code())).as("duplicate %s", c).isTrue();
            assertThat(c.code()).as("%s", c).isBetween(1, 99);
            assertThat(c.message()).as("%s", c).isNotBlank();
        }
    }

    @Test
    void disjointFromTheServersCodes() {
        Set<Integer> server = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
        for (ClientErrorCode c : ClientErrorCode.values()) {
            assertThat(server).as("%s", c).doesNotContain(c.code());
        }
        assertThat(server).allSatisfy(code -> assertThat(code).isGreaterThanOrEqualTo(100));
    }

    @Test
    void theDocumentedNumbering() {
        // docs/protocol.md, "Client-side error codes"; the JS client's ErrorCodes use the same numbers
        assertThat(Arrays.stream(ClientErrorCode.values()).map(c -> c.code() + " " + c.name()))
                .containsExactly("1 TIMEOUT", "2 CONNECTION_LOST", "3 NOT_CONNECTED", "4 QUEUE_FULL",
                        "5 CLIENT_CLOSED", "6 DISCONNECTED", "7 CONNECT_FAILED", "8 TOKEN_UNAVAILABLE",
                        "9 REFRESH_FAILED", "10 BAD_SERVER_FRAME", "11 MESSAGE_TOO_LARGE", "12 UNSUBSCRIBED");
    }
}
