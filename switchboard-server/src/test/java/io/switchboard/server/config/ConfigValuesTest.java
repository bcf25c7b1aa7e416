package io.switchboard.server.config;

import io.switchboard.core.config.ConfigException;
import io.switchboard.core.config.SubscribePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ConfigValuesTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "1h, 3600000", "2d, 172800000", "0, 0", "' 15 s ', 15000"})
    void durationsHaveAUnit(String text, long millis) {
        assertThat(ConfigValues.duration("k", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "10", "-5s", "1.5s", "s", "", "PT10S"})
    void badDurationsNameTheKeyAndQuoteTheValue(String text) {
        assertThatThrownBy(() -> ConfigValues.duration("heartbeat.interval", text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("heartbeat.interval: '" + text + "' is not a duration (use e.g. 500ms, 10s, 5m, 1h)");
    }

    @ParameterizedTest
    @CsvSource({"65536, 65536", "512B, 512", "64KiB, 65536", "64kib, 65536", "1MiB, 1048576", "2GiB, 2147483648"})
    void byteSizesAreBinary(String text, long bytes) {
        assertThat(ConfigValues.byteSize("k", text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64KB", "1MB", "-1", "1.5MiB", "lots", ""})
    void badByteSizesNameTheKey(String text) {
        assertThatThrownBy(() -> ConfigValues.byteSize("max_message_size", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("max_message_size: '" + text + "' is not a byte size");
    }

    @Test
    void intByteSizesMustFitAnInt() {
        assertThatThrownBy(() -> ConfigValues.intByteSize("write_buffer.high", "2GiB"))
                .hasMessageStartingWith("write_buffer.high: '2GiB' is too large");
        assertThatThrownBy(() -> ConfigValues.byteSize("max_outbound_bytes", "99999999999GiB"))
                .hasMessageStartingWith("max_outbound_bytes: '99999999999GiB' is too large");
    }

    @Test
    void integersDecimalsAndBooleansAreStrict() {
        assertThat(ConfigValues.integer("k", "-12")).isEqualTo(-12);
        assertThat(ConfigValues.decimal("k", "2.5")).isEqualTo(2.5);
        assertThat(ConfigValues.bool("k", "TRUE")).isTrue();
        assertThatThrownBy(() -> ConfigValues.integer("port", "80.5")).hasMessage("port: '80.5' is not an integer");
        assertThatThrownBy(() -> ConfigValues.integer("port", "99999999999")).hasMessage("port: '99999999999' is out of range");
        assertThatThrownBy(() -> ConfigValues.decimal("limits.command_rate", "fast"))
                .hasMessage("limits.command_rate: 'fast' is not a number");
        assertThatThrownBy(() -> ConfigValues.bool("native_transport", "yes"))
                .hasMessage("native_transport: 'yes' is not a boolean (true or false)");
    }

    @Test
    void enumsAreWrittenInLowerCase() {
        assertThat(ConfigValues.oneOf("k", "claim", SubscribePolicy.class)).isEqualTo(SubscribePolicy.CLAIM);
        assertThatThrownBy(() -> ConfigValues.oneOf("namespaces.chat.subscribe", "open", SubscribePolicy.class))
                .hasMessage("namespaces.chat.subscribe: 'open' is not one of authenticated, claim, personal");
    }

    @Test
    void commaListsAreTrimmedAndSkipBlanks() {
        assertThat(ConfigValues.commaList(" a, b ,,c ")).containsExactly("a", "b", "c");
        assertThat(ConfigValues.commaList("")).isEmpty();
    }
}
