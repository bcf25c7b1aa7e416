package io.switchboard.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.auth.Claims;
import io.switchboard.server.auth.JwtOptions;
import io.switchboard.server.auth.JwtTokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(30)
class SwitchboardCliTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void checkconfigAcceptsTheBuiltInDefaults() {
        CliRun run = CliRun.run(Map.of(), "checkconfig");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("config ok" + System.lineSeparator());
        assertThat(run.err()).contains("development mode");
    }

    @Test
    void checkconfigAcceptsAValidFile() throws IOException {
        Path file = write("port: 9000\ntoken:\n  hmac_secret: " + SECRET + "\n");

        CliRun run = CliRun.run(Map.of(), "checkconfig", "--config", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().trim()).isEqualTo("config ok");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void checkconfigNamesTheBadKeyAndExitsWith2() throws IOException {
        Path file = write("limits:\n  max_conections: 5\n");

        CliRun run = CliRun.run(Map.of(), "checkconfig", "-c", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("config error: limits.max_conections: unknown key");
    }

    @Test
    void checkconfigReportsABadEnvironmentVariable() {
        CliRun run = CliRun.run(Map.of("SWITCHBOARD_HEARTBEAT_INTERVAL", "5x"), "checkconfig");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("config error: heartbeat.interval: '5x' is not a duration");
    }

    @Test
    void checkconfigReportsAMissingFile() {
        CliRun run = CliRun.run(Map.of(), "checkconfig", "--config", dir.resolve("none.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("config error: ").contains("none.yaml: no such file");
    }

    @Test
    void tokenPrintsAJwtTheVerifierAccepts() throws Exception {
        Path file = write("token:\n  hmac_secret: " + SECRET + "\n");

        CliRun run = CliRun.run(Map.of(), "token", "--user", "alice", "--channels", "chat:*, news:*",
                "--ttl", "2h", "--info", "{\"name\":\"Alice\"}", "--config", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        String token = run.out().trim();
        assertThat(token).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        Claims claims = verify(SECRET, token);
        assertThat(claims.user()).isEqualTo("alice");
        assertThat(claims.channels()).containsExactly("chat:*", "news:*");
        assertThat(claims.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofHours(2)), within(60, java.time.temporal.ChronoUnit.SECONDS));
        assertThat(new ObjectMapper().readTree(claims.info().asString()))
                .isEqualTo(new ObjectMapper().readTree("{\"name\":\"Alice\"}"));
    }

    @Test
    void tokenUsesTheSecretFromTheEnvironmentAndDefaultsToOneHourWithoutChannels() throws Exception {
        CliRun run = CliRun.run(Map.of("SWITCHBOARD_TOKEN_HMAC_SECRET", SECRET), "token", "--user", "bob");

        assertThat(run.exitCode()).isZero();
        Claims claims = verify(SECRET, run.out().trim());
        assertThat(claims.user()).isEqualTo("bob");
        assertThat(claims.channels()).isEmpty();
        assertThat(claims.info()).isNull();
        assertThat(claims.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(60, java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void tokenWithTtlZeroNeverExpires() throws Exception {
        CliRun run = CliRun.run(Map.of("SWITCHBOARD_TOKEN_HMAC_SECRET", SECRET), "token", "--user", "bob", "--ttl", "0");

        assertThat(verify(SECRET, run.out().trim()).expiresAt()).isNull();
    }

    @Test
    void tokenNeedsAConfiguredSecret() {
        CliRun run = CliRun.run(Map.of(), "token", "--user", "alice");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("config error: token.hmac_secret: is not set");
    }

    @Test
    void tokenRefusesABadTtlOrInfo() {
        Map<String, String> env = Map.of("SWITCHBOARD_TOKEN_HMAC_SECRET", SECRET);

        CliRun badTtl = CliRun.run(env, "token", "--user", "alice", "--ttl", "soon");
        CliRun badInfo = CliRun.run(env, "token", "--user", "alice", "--info", "{name:");

        assertThat(badTtl.exitCode()).isEqualTo(2);
        assertThat(badTtl.err()).startsWith("error: --ttl: 'soon' is not a duration");
        assertThat(badInfo.exitCode()).isEqualTo(2);
        assertThat(badInfo.err()).startsWith("error: info must be valid JSON");
        assertThat(badTtl.out() + badInfo.out()).isEmpty();
    }

    @Test
    void tokenRequiresAUser() {
        CliRun run = CliRun.run(Map.of(), "token");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--user=ID'");
    }

    @Test
    void helpAndVersionWork() {
        CliRun help = CliRun.run(Map.of(), "--help");
        CliRun serveHelp = CliRun.run(Map.of(), "serve", "--help");
        CliRun version = CliRun.run(Map.of(), "--version");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve", "token", "checkconfig");
        assertThat(serveHelp.exitCode()).isZero();
        assertThat(serveHelp.out()).contains("--config");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("Switchboard ");
    }

    @Test
    void noCommandPrintsUsageAndExitsWith2() {
        CliRun run = CliRun.run(Map.of());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: switchboard");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(CliRun.run(Map.of(), "srve").exitCode()).isEqualTo(2);
    }

    private static Claims verify(String secret, String token) throws Exception {
        try (JwtTokenVerifier verifier = new JwtTokenVerifier(JwtOptions.hmac(secret))) {
            return verifier.verify(token).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
