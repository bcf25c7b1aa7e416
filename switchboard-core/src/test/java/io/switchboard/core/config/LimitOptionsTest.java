package io.switchboard.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(10)
class LimitOptionsTest {

    /** Mutable copy of the nine components, to change one at a time. */
    private static final class B {
        int maxConnections;
        int maxConnectionsPerIp;
        double handshakeRatePerIp;
        int handshakeBurstPerIp;
        int maxSubscriptions;
        int maxChannelLength;
        double commandRate;
        int commandBurst;
        int maxRejectedCommands;

        B() {
            LimitOptions d = LimitOptions.defaults();
            maxConnections = d.maxConnections();
            maxConnectionsPerIp = d.maxConnectionsPerIp();
            handshakeRatePerIp = d.handshakeRatePerIp();
            handshakeBurstPerIp = d.handshakeBurstPerIp();
            maxSubscriptions = d.maxSubscriptions();
            maxChannelLength = d.maxChannelLength();
            commandRate = d.commandRate();
            commandBurst = d.commandBurst();
            maxRejectedCommands = d.maxRejectedCommands();
        }

        LimitOptions build() {
            return new LimitOptions(maxConnections, maxConnectionsPerIp, handshakeRatePerIp, handshakeBurstPerIp,
                    maxSubscriptions, maxChannelLength, commandRate, commandBurst, maxRejectedCommands);
        }
    }

    private static LimitOptions with(UnaryOperator<B> change) {
        return change.apply(new B()).build();
    }

    @Test
    void defaultsAreValidAndDocumented() {
        LimitOptions d = LimitOptions.defaults();

        assertThat(d.maxConnections()).isEqualTo(19_000);
        assertThat(d.maxConnectionsPerIp()).isEqualTo(20_000);
        assertThat(d.handshakeRatePerIp()).isEqualTo(1_000);
        assertThat(d.handshakeBurstPerIp()).isEqualTo(2_000);
        assertThat(d.maxSubscriptions()).isEqualTo(128);
        assertThat(d.maxChannelLength()).isEqualTo(255);
        assertThat(d.commandRate()).isEqualTo(100);
        assertThat(d.commandBurst()).isEqualTo(200);
        assertThat(d.maxRejectedCommands()).isEqualTo(50);
        assertThat(new B().build()).isEqualTo(d);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("limits.max_connections", (UnaryOperator<B>) b -> { b.maxConnections = 0; return b; }),
                arguments("limits.max_connections", (UnaryOperator<B>) b -> { b.maxConnections = -1; return b; }),
                arguments("limits.max_connections_per_ip", (UnaryOperator<B>) b -> { b.maxConnectionsPerIp = 0; return b; }),
                arguments("limits.handshake_rate_per_ip", (UnaryOperator<B>) b -> { b.handshakeRatePerIp = 0; return b; }),
                arguments("limits.handshake_rate_per_ip", (UnaryOperator<B>) b -> { b.handshakeRatePerIp = -0.5; return b; }),
                arguments("limits.handshake_rate_per_ip", (UnaryOperator<B>) b -> { b.handshakeRatePerIp = Double.NaN; return b; }),
                arguments("limits.handshake_burst_per_ip", (UnaryOperator<B>) b -> { b.handshakeBurstPerIp = 0; return b; }),
                arguments("limits.max_subscriptions", (UnaryOperator<B>) b -> { b.maxSubscriptions = 0; return b; }),
                arguments("limits.max_channel_length", (UnaryOperator<B>) b -> { b.maxChannelLength = 0; return b; }),
                arguments("limits.max_channel_length", (UnaryOperator<B>) b -> { b.maxChannelLength = 4097; return b; }),
                arguments("limits.command_rate", (UnaryOperator<B>) b -> { b.commandRate = 0; return b; }),
                arguments("limits.command_rate", (UnaryOperator<B>) b -> { b.commandRate = Double.NaN; return b; }),
                arguments("limits.command_burst", (UnaryOperator<B>) b -> { b.commandBurst = 0; return b; }),
                arguments("limits.max_rejected_commands", (UnaryOperator<B>) b -> { b.maxRejectedCommands = 0; return b; }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachErrorNamesItsKey(String key, UnaryOperator<B> change) {
        assertThatThrownBy(() -> with(change))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(key + ": ");
                });
    }

    @Test
    void channelLengthBoundsAreInclusive() {
        assertThat(with(b -> { b.maxChannelLength = 1; return b; }).maxChannelLength()).isEqualTo(1);
        assertThat(with(b -> { b.maxChannelLength = 4096; return b; }).maxChannelLength()).isEqualTo(4096);
    }

    @Test
    void smallestPositiveValuesAreAccepted() {
        LimitOptions o = new LimitOptions(1, 1, 0.001, 1, 1, 1, 0.001, 1, 1);

        assertThat(o.handshakeRatePerIp()).isEqualTo(0.001);
        assertThat(o.commandRate()).isEqualTo(0.001);
    }

    @Test
    void configExceptionIsAnIllegalArgumentException() {
        ConfigException e = new ConfigException("some.key", "is wrong");

        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.key()).isEqualTo("some.key");
        assertThat(e.getMessage()).isEqualTo("some.key: is wrong");
    }
}
