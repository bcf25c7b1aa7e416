package io.switchboard.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(10)
class TransportOptionsTest {

    /** Mutable copy of the components, starting from the defaults, to change one at a time. */
    private static final class B {
        String host;
        int port;
        int maxMessageSize;
        Duration handshakeTimeout;
        Duration heartbeatInterval;
        Duration idleTimeout;
        int writeBufferLow;
        int writeBufferHigh;
        long maxOutboundBytes;
        List<String> allowedOrigins;
        int ioThreads;
        boolean nativeTransport;

        B() {
            TransportOptions d = TransportOptions.defaults();
            host = d.host();
            port = d.port();
            maxMessageSize = d.maxMessageSize();
            handshakeTimeout = d.handshakeTimeout();
            heartbeatInterval = d.heartbeatInterval();
            idleTimeout = d.idleTimeout();
            writeBufferLow = d.writeBufferLow();
            writeBufferHigh = d.writeBufferHigh();
            maxOutboundBytes = d.maxOutboundBytes();
            allowedOrigins = d.allowedOrigins();
            ioThreads = d.ioThreads();
            nativeTransport = d.nativeTransport();
        }

        TransportOptions build() {
            return new TransportOptions(host, port, maxMessageSize, handshakeTimeout, heartbeatInterval, idleTimeout,
                    writeBufferLow, writeBufferHigh, maxOutboundBytes, allowedOrigins, ioThreads, nativeTransport);
        }
    }

    private static TransportOptions with(UnaryOperator<B> change) {
        return change.apply(new B()).build();
    }

    private static Arguments invalid(String key, UnaryOperator<B> change) {
        return arguments(key, change);
    }

    @Test
    void defaultsAreValidAndDocumented() {
        TransportOptions d = TransportOptions.defaults();

        assertThat(d.host()).isEqualTo("0.0.0.0");
        assertThat(d.port()).isEqualTo(8080);
        assertThat(d.maxMessageSize()).isEqualTo(65_536);
        assertThat(d.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.heartbeatInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.writeBufferLow()).isEqualTo(32 * 1024);
        assertThat(d.writeBufferHigh()).isEqualTo(64 * 1024);
        assertThat(d.maxOutboundBytes()).isEqualTo(1024 * 1024);
        assertThat(d.allowedOrigins()).isEmpty();
        assertThat(d.anyOrigin()).isFalse();
        assertThat(d.ioThreads()).isZero();
        assertThat(d.nativeTransport()).isTrue();
        assertThat(new B().build()).isEqualTo(d);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                invalid("host", b -> { b.host = null; return b; }),
                invalid("host", b -> { b.host = ""; return b; }),
                invalid("host", b -> { b.host = "  "; return b; }),
                invalid("port", b -> { b.port = -1; return b; }),
                invalid("port", b -> { b.port = 65_536; return b; }),
                invalid("max_message_size", b -> { b.maxMessageSize = 127; return b; }),
                invalid("max_message_size", b -> { b.maxMessageSize = 16 * 1024 * 1024 + 1; return b; }),
                invalid("handshake_timeout", b -> { b.handshakeTimeout = null; return b; }),
                invalid("handshake_timeout", b -> { b.handshakeTimeout = Duration.ZERO; return b; }),
                invalid("handshake_timeout", b -> { b.handshakeTimeout = Duration.ofMillis(-1); return b; }),
                invalid("heartbeat.interval", b -> { b.heartbeatInterval = null; return b; }),
                invalid("heartbeat.interval", b -> { b.heartbeatInterval = Duration.ZERO; return b; }),
                invalid("heartbeat.timeout", b -> { b.idleTimeout = null; return b; }),
                invalid("heartbeat.timeout", b -> { b.idleTimeout = Duration.ofSeconds(-5); return b; }),
                invalid("heartbeat.timeout", b -> { b.idleTimeout = b.heartbeatInterval; return b; }),
                invalid("heartbeat.timeout", b -> { b.idleTimeout = b.heartbeatInterval.minusMillis(1); return b; }),
                invalid("write_buffer.low", b -> { b.writeBufferLow = 0; return b; }),
                invalid("write_buffer.high", b -> { b.writeBufferHigh = b.writeBufferLow; return b; }),
                invalid("max_outbound_bytes", b -> { b.maxOutboundBytes = b.writeBufferHigh - 1; return b; }),
                invalid("allowed_origins", b -> { b.allowedOrigins = List.of("https://app.example.com/"); return b; }),
                invalid("allowed_origins", b -> { b.allowedOrigins = List.of("app.example.com"); return b; }),
                invalid("allowed_origins", b -> { b.allowedOrigins = List.of("https://"); return b; }),
                invalid("allowed_origins", b -> { b.allowedOrigins = List.of("ftp://x.example.com"); return b; }),
                invalid("allowed_origins", b -> { b.allowedOrigins = List.of("https://a b.example.com"); return b; }),
                invalid("allowed_origins", b -> { b.allowedOrigins = List.of("*.example.com"); return b; }),
                invalid("allowed_origins", b -> { b.allowedOrigins = List.of(""); return b; }),
                invalid("allowed_origins", b -> { b.allowedOrigins = List.of("https://ok.example.com", "null"); return b; }),
                invalid("io_threads", b -> { b.ioThreads = -1; return b; }));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("invalidValues")
    void eachErrorNamesItsKey(String key, UnaryOperator<B> change) {
        assertThatThrownBy(() -> with(change))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(key + ": ");
                });
    }

    @Test
    void badOriginIsQuotedInTheMessage() {
        assertThatThrownBy(() -> with(b -> { b.allowedOrigins = List.of("example.com"); return b; }))
                .hasMessageContaining("'example.com'");
    }

    @Test
    void boundaryValuesAreAccepted() {
        assertThat(with(b -> { b.port = 0; return b; }).port()).isZero();
        assertThat(with(b -> { b.port = 65_535; return b; }).port()).isEqualTo(65_535);
        assertThat(with(b -> { b.maxMessageSize = 128; return b; }).maxMessageSize()).isEqualTo(128);
        assertThat(with(b -> { b.maxMessageSize = 16 * 1024 * 1024; return b; }).maxMessageSize())
                .isEqualTo(16 * 1024 * 1024);
        assertThat(with(b -> { b.idleTimeout = b.heartbeatInterval.plusMillis(1); return b; }).idleTimeout())
                .isEqualTo(Duration.ofMillis(25_001));
        assertThat(with(b -> { b.writeBufferHigh = b.writeBufferLow + 1; b.maxOutboundBytes = b.writeBufferHigh; return b; })
                .maxOutboundBytes()).isEqualTo(32 * 1024 + 1);
        assertThat(with(b -> { b.ioThreads = 0; return b; }).ioThreads()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://app.example.com", "http://localhost:3000", "http://127.0.0.1:8080",
            "https://[::1]:8443"})
    void acceptsOrigins(String origin) {
        assertThat(with(b -> { b.allowedOrigins = List.of(origin); return b; }).allowedOrigins()).containsExactly(origin);
    }

    @Test
    void wildcardMeansAnyOrigin() {
        assertThat(with(b -> { b.allowedOrigins = List.of("https://a.example.com", "*"); return b; }).anyOrigin())
                .isTrue();
        assertThat(with(b -> { b.allowedOrigins = List.of("https://a.example.com"); return b; }).anyOrigin())
                .isFalse();
    }

    @Test
    void originsAreCopiedAndImmutable() {
        List<String> origins = new ArrayList<>(List.of("https://a.example.com"));
        TransportOptions o = with(b -> { b.allowedOrigins = origins; return b; });

        origins.add("*");

        assertThat(o.allowedOrigins()).containsExactly("https://a.example.com");
        assertThat(o.anyOrigin()).isFalse();
        assertThatThrownBy(() -> o.allowedOrigins().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullOriginsMeanNone() {
        assertThat(with(b -> { b.allowedOrigins = null; return b; }).allowedOrigins()).isEmpty();
    }

    @Test
    void withPortChangesOnlyThePortAndValidatesIt() {
        TransportOptions d = TransportOptions.defaults();
        TransportOptions moved = d.withPort(9000);

        assertThat(moved.port()).isEqualTo(9000);
        assertThat(moved).isEqualTo(with(b -> { b.port = 9000; return b; }));
        assertThatThrownBy(() -> d.withPort(70_000))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("port"));
    }
}
