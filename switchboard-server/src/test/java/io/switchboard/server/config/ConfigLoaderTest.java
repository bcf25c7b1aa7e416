package io.switchboard.server.config;

import io.switchboard.core.config.ConfigException;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.server.auth.JwtOptions;
import io.switchboard.server.warmup.WarmupOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class ConfigLoaderTest {

    private static final ConfigLoader NO_ENV = new ConfigLoader(Map.of());

    @TempDir
    Path dir;

    @Test
    void withoutAFileTheDefaultsAreTheCoreDefaultsInDevelopmentMode() {
        ServerConfig config = NO_ENV.load(null);

        SwitchboardOptions options = config.options();
        assertThat(options.transport()).isEqualTo(TransportOptions.defaults());
        assertThat(options.limits()).isEqualTo(LimitOptions.defaults());
        assertThat(options.namespaces()).containsExactly(NamespaceOptions.chatDefaults());
        assertThat(options.apiKey()).isNull();
        assertThat(options.drainPeriod()).isEqualTo(SwitchboardOptions.DEFAULT_DRAIN_PERIOD);
        assertThat(options.nodeId()).isNotBlank();
        assertThat(config.devMode()).isTrue();
        assertThat(config.demo()).isTrue();
        assertThat(config.jwt().clockSkew()).isEqualTo(JwtOptions.DEFAULT_CLOCK_SKEW);
    }

    @Test
    void developmentModeMakesAFreshSecretThatIsNeverShown() {
        ServerConfig first = NO_ENV.load(null);
        ServerConfig second = NO_ENV.load(null);

        assertThat(first.jwt().hmacSecret()).hasSizeGreaterThanOrEqualTo(JwtOptions.MIN_HMAC_SECRET_BYTES)
                .isNotEqualTo(second.jwt().hmacSecret());
        assertThat(first.configuredHmacSecret()).isNull();
        assertThat(first.tokenMode()).isEqualTo("dev mode");
        assertThat(first.toString()).doesNotContain(first.jwt().hmacSecret());
    }

    @Test
    void anEmptyFileKeepsTheDefaults() throws IOException {
        ServerConfig config = NO_ENV.load(write("# nothing here\n"));

        assertThat(config.options().transport()).isEqualTo(TransportOptions.defaults());
        assertThat(config.options().namespaces()).containsExactly(NamespaceOptions.chatDefaults());
    }

    @Test
    void aFullFileMapsToEveryField() throws IOException {
        String pem = TestKeys.ecPublicKeyPem();
        Files.writeString(dir.resolve("idp.pem"), pem);
        Path file = write("""
                node_id: edge-1
                host: 127.0.0.1
                port: 9001
                api_key: 0123456789abcdefXYZ
                allowed_origins: [https://app.example.com, "http://localhost:3000"]
                max_message_size: 128KiB
                handshake_timeout: 3s
                heartbeat:
                  interval: 15s
                  timeout: 40s
                write_buffer:
                  low: 16KiB
                  high: 96KiB
                max_outbound_bytes: 2MiB
                io_threads: 3
                native_transport: false
                drain_period: 12s
                token:
                  hmac_secret: %s
                  public_key: idp.pem
                  jwks_url: https://idp.example.com/.well-known/jwks.json
                  audience: switchboard
                  issuer: https://idp.example.com/
                  clock_skew: 45s
                  jwks_refresh_interval: 2m
                limits:
                  max_connections: 1000
                  max_connections_per_ip: 50
                  handshake_rate_per_ip: 2.5
                  handshake_burst_per_ip: 7
                  max_subscriptions: 16
                  max_channel_length: 100
                  command_rate: 20.5
                  command_burst: 40
                  max_rejected_commands: 9
                namespaces:
                  news:
                    subscribe: claim
                    publish: false
                    presence: false
                    join_leave: false
                    history_size: 500
                    history_ttl: 1h
                  dm:
                    subscribe: personal
                    publish: true
                    presence: true
                    join_leave: true
                    history_size: 0
                    history_ttl: 500ms
                """.formatted(TestKeys.SECRET));

        ServerConfig config = NO_ENV.load(file);

        SwitchboardOptions o = config.options();
        assertThat(o.nodeId()).isEqualTo("edge-1");
        assertThat(o.apiKey()).isEqualTo("0123456789abcdefXYZ");
        assertThat(o.drainPeriod()).isEqualTo(Duration.ofSeconds(12));
        assertThat(o.transport()).isEqualTo(new TransportOptions("127.0.0.1", 9001, 128 * 1024,
                Duration.ofSeconds(3), Duration.ofSeconds(15), Duration.ofSeconds(40), 16 * 1024, 96 * 1024,
                2L * 1024 * 1024, List.of("https://app.example.com", "http://localhost:3000"), 3, false));
        assertThat(o.limits()).isEqualTo(new LimitOptions(1000, 50, 2.5, 7, 16, 100, 20.5, 40, 9));
        assertThat(o.namespaces()).containsExactly(
                new NamespaceOptions("news", SubscribePolicy.CLAIM, false, false, false, 500, Duration.ofHours(1)),
                new NamespaceOptions("dm", SubscribePolicy.PERSONAL, true, true, true, 0, Duration.ofMillis(500)));
        assertThat(config.jwt()).isEqualTo(new JwtOptions(TestKeys.SECRET, pem,
                URI.create("https://idp.example.com/.well-known/jwks.json"), "switchboard", "https://idp.example.com/",
                Duration.ofSeconds(45), Duration.ofMinutes(2)));
        assertThat(config.devMode()).isFalse();
        assertThat(config.demo()).isFalse();
        assertThat(config.configuredHmacSecret()).isEqualTo(TestKeys.SECRET);
        assertThat(config.tokenMode()).isEqualTo("tokens: hmac public-key jwks");
    }

    @Test
    void aPublicKeyMayBeGivenAsPemText() throws IOException {
        String pem = TestKeys.ecPublicKeyPem();
        String indented = pem.strip().replace("\n", "\n    ");
        ServerConfig config = NO_ENV.load(write("token:\n  public_key: |\n    " + indented + "\n"));

        assertThat(config.jwt().publicKeyPem().strip()).isEqualTo(pem.strip());
        assertThat(config.devMode()).isFalse();
        assertThat(config.configuredHmacSecret()).isNull();
    }

    @Test
    void anUnreadablePublicKeyFileNamesTheKey() throws IOException {
        Path file = write("token:\n  public_key: missing.pem\n");

        assertThatThrownBy(() -> NO_ENV.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("token.public_key: is neither PEM text nor a readable PEM file")
                .hasMessageContaining("missing.pem");
    }

    @Test
    void aKeyMakesTheNodeLeaveDevelopmentMode() throws IOException {
        ServerConfig config = NO_ENV.load(write("token:\n  hmac_secret: " + TestKeys.SECRET + "\n"));

        assertThat(config.devMode()).isFalse();
        assertThat(config.demo()).isFalse();
        assertThat(config.jwt().hmacSecret()).isEqualTo(TestKeys.SECRET);
        assertThat(config.tokenMode()).isEqualTo("tokens: hmac");
    }

    @Test
    void fileNamespacesReplaceTheDefaultOnes() throws IOException {
        ServerConfig config = NO_ENV.load(write("namespaces:\n  news:\n    history_size: 10\n"));

        assertThat(config.options().namespaces()).containsExactly(new NamespaceOptions("news",
                SubscribePolicy.AUTHENTICATED, false, false, false, 10, ConfigBinder.DEFAULT_NAMESPACE_HISTORY_TTL));
    }

    @Test
    void anEmptyNamespacesKeyLeavesNoNamespaces() throws IOException {
        assertThat(NO_ENV.load(write("namespaces:\n")).options().namespaces()).isEmpty();
    }

    @Test
    void aFileWithoutNamespacesKeepsTheDefaultOnesAndOverridesKeyByKey() throws IOException {
        ServerConfig config = NO_ENV.load(write("port: 9000\nheartbeat:\n  interval: 5s\n"));

        assertThat(config.options().namespaces()).containsExactly(NamespaceOptions.chatDefaults());
        assertThat(config.options().transport().port()).isEqualTo(9000);
        assertThat(config.options().transport().heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.options().transport().idleTimeout()).isEqualTo(TransportOptions.DEFAULT_IDLE_TIMEOUT);
    }

    @Test
    void allowedOriginsMayBeACommaSeparatedString() throws IOException {
        ServerConfig config = NO_ENV.load(write("allowed_origins: 'https://a.example.com, https://b.example.com'\n"));

        assertThat(config.options().transport().allowedOrigins())
                .containsExactly("https://a.example.com", "https://b.example.com");
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws IOException {
        Path file = write("""
                port: 9000
                limits:
                  max_connections: 10
                namespaces:
                  chat:
                    history_size: 50
                    history_ttl: 1m
                """);
        ConfigLoader loader = new ConfigLoader(Map.of(
                "SWITCHBOARD_PORT", "9100",
                "SWITCHBOARD_LIMITS_MAX_CONNECTIONS", "500",
                "SWITCHBOARD_LIMITS_MAX_CONNECTIONS_PER_IP", "7",
                "SWITCHBOARD_TOKEN_HMAC_SECRET", TestKeys.SECRET,
                "SWITCHBOARD_API_KEY", "env-key-0123456789",
                "SWITCHBOARD_ALLOWED_ORIGINS", "https://a.example.com,https://b.example.com",
                "SWITCHBOARD_NAMESPACES_CHAT_HISTORY_SIZE", "5",
                "PATH", "/usr/bin",
                "OTHER_SWITCHBOARD_THING", "ignored"));

        ServerConfig config = loader.load(file);

        assertThat(config.options().transport().port()).isEqualTo(9100);
        assertThat(config.options().limits().maxConnections()).isEqualTo(500);
        assertThat(config.options().limits().maxConnectionsPerIp()).isEqualTo(7);
        assertThat(config.options().apiKey()).isEqualTo("env-key-0123456789");
        assertThat(config.options().transport().allowedOrigins())
                .containsExactly("https://a.example.com", "https://b.example.com");
        assertThat(config.options().namespaces()).singleElement().satisfies(ns -> {
            assertThat(ns.historySize()).isEqualTo(5);
            assertThat(ns.historyTtl()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(config.devMode()).isFalse();
        assertThat(config.configuredHmacSecret()).isEqualTo(TestKeys.SECRET);
    }

    @Test
    void theWarmupIsOffUnlessEnabledAndItsKeysAreRead() throws IOException {
        assertThat(NO_ENV.load(null).warmup()).isEqualTo(WarmupOptions.disabled());

        ServerConfig config = NO_ENV.load(write("warmup:\n  enabled: true\n  connections: 300\n  rounds: 2\n"
                + "  max_time: 15s\n"));
        assertThat(config.warmup()).isEqualTo(new WarmupOptions(true, 300, 2, Duration.ofSeconds(15)));

        ServerConfig fromEnv = new ConfigLoader(Map.of("SWITCHBOARD_WARMUP_ENABLED", "true")).load(null);
        assertThat(fromEnv.warmup()).isEqualTo(new WarmupOptions(true, WarmupOptions.DEFAULT_CONNECTIONS,
                WarmupOptions.DEFAULT_ROUNDS, WarmupOptions.DEFAULT_MAX_TIME));
    }

    @Test
    void badWarmupSettingsNameTheirKey() throws IOException {
        assertThatThrownBy(() -> NO_ENV.load(write("warmup:\n  connections: 9000\n")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("warmup.connections: must be between 1 and 8000");
        assertThatThrownBy(() -> NO_ENV.load(write("warmup:\n  enabled: maybe\n")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("warmup.enabled:");
        assertThatThrownBy(() -> NO_ENV.load(write("warmup:\n  round: 3\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean warmup.rounds?");
    }

    @Test
    void aWarmupNeedsAnHmacSecretToSignItsTokens() throws IOException {
        String pem = TestKeys.ecPublicKeyPem().strip().replace("\n", "\n    ");
        assertThatThrownBy(() -> NO_ENV.load(write("warmup:\n  enabled: true\ntoken:\n  public_key: |\n    " + pem + "\n")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("warmup.enabled: needs token.hmac_secret");
        assertThat(NO_ENV.load(write("warmup:\n  enabled: true\n")).warmup().enabled())
                .as("development mode has its own secret").isTrue();
    }

    @Test
    void theEnvironmentReachesTheDefaultNamespaceWithoutAFile() {
        ServerConfig config = new ConfigLoader(Map.of("SWITCHBOARD_NAMESPACES_CHAT_PUBLISH", "false")).load(null);

        assertThat(config.options().namespace("chat")).get().extracting(NamespaceOptions::publish).isEqualTo(false);
    }

    @Test
    void namespaceNamesWithDotsAndDashesAreReachedWithUnderscores() throws IOException {
        Path file = write("namespaces:\n  team-a.rooms:\n    publish: true\n");
        ConfigLoader loader = new ConfigLoader(Map.of("SWITCHBOARD_NAMESPACES_TEAM_A_ROOMS_PUBLISH", "false"));

        assertThat(loader.load(file).options().namespace("team-a.rooms")).get()
                .extracting(NamespaceOptions::publish).isEqualTo(false);
    }

    @Test
    void anUnknownEnvironmentVariableIsNamed() {
        ConfigLoader loader = new ConfigLoader(Map.of("SWITCHBOARD_LIMITS_MAX_CONECTIONS", "5"));

        assertThatThrownBy(() -> loader.load(null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SWITCHBOARD_LIMITS_MAX_CONECTIONS: unknown environment variable")
                .hasMessageContaining("did you mean SWITCHBOARD_LIMITS_MAX_CONNECTIONS?");
    }

    @Test
    void theEnvironmentCannotReachANamespaceThatDoesNotExist() {
        ConfigLoader loader = new ConfigLoader(Map.of("SWITCHBOARD_NAMESPACES_NEWS_PUBLISH", "true"));

        assertThatThrownBy(() -> loader.load(null))
                .hasMessageStartingWith("SWITCHBOARD_NAMESPACES_NEWS_PUBLISH: unknown environment variable");
    }

    @Test
    void aBadEnvironmentValueNamesTheKeyAndTheVariable() {
        ConfigLoader loader = new ConfigLoader(Map.of("SWITCHBOARD_PORT", "eighty"));

        assertThatThrownBy(() -> loader.load(null))
                .hasMessage("port: 'eighty' is not an integer (set by SWITCHBOARD_PORT)");
    }

    @Test
    void anEmptySecretInTheEnvironmentIsAnErrorNotDevelopmentMode() {
        ConfigLoader loader = new ConfigLoader(Map.of("SWITCHBOARD_TOKEN_HMAC_SECRET", ""));

        assertThatThrownBy(() -> loader.load(null))
                .hasMessage("token.hmac_secret: must not be empty (set by SWITCHBOARD_TOKEN_HMAC_SECRET)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            limits:\\n  max_conections: 5                   | limits.max_conections: unknown key (did you mean limits.max_connections?)
            prot: 80                                         | prot: unknown key (did you mean port?)
            heartbeat.interval: 5s                           | heartbeat.interval: unknown key
            namespaces:\\n  chat:\\n    histroy_size: 5     | namespaces.chat.histroy_size: unknown key (did you mean namespaces.chat.history_size?)
            heartbeat:\\n  interval: 5x                      | heartbeat.interval: '5x' is not a duration (use e.g. 500ms, 10s, 5m, 1h)
            max_message_size: 64KB                           | max_message_size: '64KB' is not a byte size (use e.g. 65536, 64KiB, 1MiB)
            namespaces:\\n  chat:\\n    subscribe: open     | namespaces.chat.subscribe: 'open' is not one of authenticated, claim, personal
            port: -1                                         | port: must be between 0 and 65535, was -1
            io_threads: -2                                   | io_threads: must not be negative
            drain_period: -5s                                | drain_period: '-5s' is not a duration (use e.g. 500ms, 10s, 5m, 1h)
            write_buffer:\\n  low: -1                        | write_buffer.low: '-1' is not a byte size (use e.g. 65536, 64KiB, 1MiB)
            limits:\\n  max_connections: -5                 | limits.max_connections: must be positive
            limits:\\n  command_rate: 0                     | limits.command_rate: must be positive
            namespaces:\\n  chat:\\n    history_size: -1    | namespaces.chat.history_size: must be between 0 and 10000
            namespaces:\\n  chat:\\n    history_size: 5\\n    history_ttl: 0 | namespaces.chat.history_ttl: must be positive when history_size is set
            heartbeat:\\n  interval: 30s\\n  timeout: 10s   | heartbeat.timeout: must be longer than heartbeat.interval
            port: abc                                        | port: 'abc' is not an integer
            port: [1, 2]                                     | port: must be a single value, not a list
            limits: 5                                        | limits: must be a mapping of keys
            native_transport: maybe                          | native_transport: 'maybe' is not a boolean (true or false)
            api_key: short                                   | api_key: must be at least 16 characters
            api_key:                                         | api_key: has no value (remove the key to use the default)
            node_id: 'a b'                                   | node_id: must be 1-64 characters of [A-Za-z0-9_.:-]
            allowed_origins: [example.com]                   | allowed_origins: 'example.com' is not an origin like https://example.com (or *)
            token:\\n  hmac_secret: tooshort                 | token.hmac_secret: must be at least 32 bytes
            token:\\n  jwks_url: ftp://idp.example.com/keys  | token.jwks_url: must be an http, https or file URL
            token:\\n  clock_skew: 2h\\n  hmac_secret: 0123456789abcdef0123456789abcdef | token.clock_skew: must be at most PT1H
            """)
    void badValuesFailNamingTheFullKey(String yaml, String message) throws IOException {
        Path file = write(yaml.replace("\\n", "\n") + "\n");

        assertThatThrownBy(() -> NO_ENV.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> NO_ENV.load(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void invalidYamlIsReportedWithItsPosition() throws IOException {
        Path file = write("port: 80\n  host: [\n");

        assertThatThrownBy(() -> NO_ENV.load(file)).hasMessageStartingWith(file + ": is not valid YAML at line");
    }

    @Test
    void aDuplicateKeyIsAnError() throws IOException {
        Path file = write("port: 80\nport: 81\n");

        assertThatThrownBy(() -> NO_ENV.load(file))
                .hasMessageStartingWith(file + ": is not valid YAML")
                .hasMessageContaining("port");
    }

    @Test
    void aFileThatIsNotAMappingIsRefused() throws IOException {
        Path file = write("- port\n- host\n");

        assertThatThrownBy(() -> NO_ENV.load(file)).hasMessage(file + ": must be a mapping of configuration keys");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }
}
