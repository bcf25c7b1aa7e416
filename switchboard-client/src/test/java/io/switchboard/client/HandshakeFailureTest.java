package io.switchboard.client;

import io.switchboard.protocol.DisconnectCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class HandshakeFailureTest {

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(HandshakeFailure.parseRetryAfter("5", now)).isEqualTo(Duration.ofSeconds(5));
        assertThat(HandshakeFailure.parseRetryAfter(" 0 ", now)).isZero();
        assertThat(HandshakeFailure.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(HandshakeFailure.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).isZero();
        assertThat(HandshakeFailure.parseRetryAfter("soon", now)).isNull();
        assertThat(HandshakeFailure.parseRetryAfter("-1", now)).isNull();
        assertThat(HandshakeFailure.parseRetryAfter("999999", now)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void whatEachRefusalMeansForTheNextAttempt() {
        assertThat(new HandshakeFailure(401, null, null).kind()).isEqualTo(HandshakeFailure.Kind.UNAUTHORIZED);
        assertThat(new HandshakeFailure(400, null, null).kind()).isEqualTo(HandshakeFailure.Kind.FATAL);
        assertThat(new HandshakeFailure(403, null, null).kind()).isEqualTo(HandshakeFailure.Kind.FATAL);
        assertThat(new HandshakeFailure(429, Duration.ofSeconds(1), null).kind()).isEqualTo(HandshakeFailure.Kind.RETRY);
        assertThat(new HandshakeFailure(503, Duration.ofSeconds(5), null).kind()).isEqualTo(HandshakeFailure.Kind.RETRY);
        assertThat(new HandshakeFailure(404, null, null).kind()).isEqualTo(HandshakeFailure.Kind.RETRY);
        assertThat(HandshakeFailure.of(new IOException("connection refused")).kind()).isEqualTo(HandshakeFailure.Kind.RETRY);
        assertThat(HandshakeFailure.of(new IOException("connection refused")).status()).isZero();
    }

    @Test
    void closeCodesThatMeanReconnect() {
        assertThat(DisconnectCode.reconnectAdvised(1006)).as("no close frame: the network").isTrue();
        assertThat(DisconnectCode.reconnectAdvised(1005)).isTrue();
        assertThat(DisconnectCode.reconnectAdvised(1001)).isTrue();
        assertThat(DisconnectCode.reconnectAdvised(1011)).isTrue();
        assertThat(DisconnectCode.reconnectAdvised(3000)).isTrue();
        assertThat(DisconnectCode.reconnectAdvised(3003)).isTrue();
        assertThat(DisconnectCode.reconnectAdvised(3499)).isTrue();
        assertThat(DisconnectCode.reconnectAdvised(1000)).isFalse();
        assertThat(DisconnectCode.reconnectAdvised(1009)).isFalse();
        assertThat(DisconnectCode.reconnectAdvised(3500)).isFalse();
        assertThat(DisconnectCode.reconnectAdvised(3502)).isFalse();
        assertThat(DisconnectCode.reconnectAdvised(4000)).isFalse();
    }
}
