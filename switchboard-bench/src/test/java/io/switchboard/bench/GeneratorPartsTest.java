package io.switchboard.bench;

import io.switchboard.bench.client.Target;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorPartsTest {

    @Test
    void targetsOnlyLoopback() {
        assertThat(Target.parse("ws://127.0.0.1:8080/ws").address().getPort()).isEqualTo(8080);
        assertThat(Target.parse("ws://127.0.0.9:9/ws?x=1").path()).isEqualTo("/ws?x=1");
        assertThat(Target.parse("ws://localhost:8080/ws").address().getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> Target.parse("ws://10.1.2.3:8080/ws")).hasMessageContaining("only targets loopback");
        assertThatThrownBy(() -> Target.parse("ws://192.168.1.1/ws")).hasMessageContaining("only targets loopback");
        assertThatThrownBy(() -> Target.parse("wss://127.0.0.1/ws")).hasMessageContaining("ws://");
    }

    @Test
    void mintsVerifiableHs256Tokens() throws Exception {
        String secret = "0123456789abcdef0123456789abcdef";
        String token = Tokens.of(secret, null, 3600, "bench-").apply(7);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"sub\":\"bench-7\"").contains("\"exp\":");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertThat(parts[2]).isEqualTo(expected);
    }

    @Test
    void tokenTemplatesAndShortSecrets() {
        assertThat(Tokens.of(null, "user=bench-{i}", 60, "x").apply(3)).isEqualTo("user=bench-3");
        assertThat(Tokens.of(null, null, 60, "x").apply(3)).isNull();
        assertThatThrownBy(() -> Tokens.of("short", null, 60, "x")).hasMessageContaining("32 bytes");
    }

    @Test
    void keepsTheSecretOutOfTheRecordedCommandLine() {
        assertThat(Bench.redacted(java.util.List.of("fanout", "--jwt-secret", "s3cr3t", "--jwt-secret=abc", "--rate", "5")))
                .containsExactly("fanout", "--jwt-secret", "<redacted>", "--jwt-secret=<redacted>", "--rate", "5");
    }

    @Test
    void refusesUnknownScenarioAndNonLoopbackTarget() {
        java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertThat(BenchMain.execute(new String[] {"bogus"}, sink, sink)).isEqualTo(2);
        assertThat(BenchMain.execute(new String[] {"echo", "--url", "ws://10.0.0.1:80/ws"}, sink, sink)).isEqualTo(2);
    }
}
