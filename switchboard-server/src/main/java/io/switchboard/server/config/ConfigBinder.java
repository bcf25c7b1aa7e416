package io.switchboard.server.config;

import io.switchboard.core.config.ConfigException;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.core.config.TransportOptions;
import io.switchboard.server.auth.JwtOptions;
import io.switchboard.server.warmup.WarmupOptions;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.switchboard.server.config.ConfigKeys.namespaceKey;

/** Types the raw settings into the core's option records, with the core's defaults for what is absent. */
final class ConfigBinder {

    /** Defaults for the keys of a namespace the configuration declares. */
    static final SubscribePolicy DEFAULT_NAMESPACE_SUBSCRIBE = SubscribePolicy.AUTHENTICATED;
    static final Duration DEFAULT_NAMESPACE_HISTORY_TTL = Duration.ofMinutes(10);

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern JWT_PROBLEM = Pattern.compile("(token(?:\\.[a-z_]+)?):?\\s+(.*)", Pattern.DOTALL);

    private final RawConfig raw;

    ConfigBinder(RawConfig raw) {
        this.raw = raw;
    }

    SwitchboardOptions options() {
        String nodeId = string("node_id");
        if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
            throw new ConfigException("node_id", "must be 1-64 characters of [A-Za-z0-9_.:-]");
        }
        TransportOptions t = new TransportOptions(
                string("host", TransportOptions.DEFAULT_HOST),
                integer("port", TransportOptions.DEFAULT_PORT),
                typed("max_message_size", TransportOptions.DEFAULT_MAX_MESSAGE_SIZE, ConfigValues::intByteSize),
                duration("handshake_timeout", TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT),
                duration("heartbeat.interval", TransportOptions.DEFAULT_HEARTBEAT_INTERVAL),
                duration("heartbeat.timeout", TransportOptions.DEFAULT_IDLE_TIMEOUT),
                typed("write_buffer.low", TransportOptions.DEFAULT_WRITE_BUFFER_LOW, ConfigValues::intByteSize),
                typed("write_buffer.high", TransportOptions.DEFAULT_WRITE_BUFFER_HIGH, ConfigValues::intByteSize),
                typed("max_outbound_bytes", TransportOptions.DEFAULT_MAX_OUTBOUND_BYTES, ConfigValues::byteSize),
                list("allowed_origins"),
                integer("io_threads", 0),
                typed("native_transport", true, ConfigValues::bool));
        LimitOptions l = new LimitOptions(
                integer("limits.max_connections", LimitOptions.DEFAULT_MAX_CONNECTIONS),
                integer("limits.max_connections_per_ip", LimitOptions.DEFAULT_MAX_CONNECTIONS_PER_IP),
                decimal("limits.handshake_rate_per_ip", LimitOptions.DEFAULT_HANDSHAKE_RATE_PER_IP),
                integer("limits.handshake_burst_per_ip", LimitOptions.DEFAULT_HANDSHAKE_BURST_PER_IP),
                integer("limits.max_subscriptions", LimitOptions.DEFAULT_MAX_SUBSCRIPTIONS),
                integer("limits.max_channel_length", LimitOptions.DEFAULT_MAX_CHANNEL_LENGTH),
                decimal("limits.command_rate", LimitOptions.DEFAULT_COMMAND_RATE),
                integer("limits.command_burst", LimitOptions.DEFAULT_COMMAND_BURST),
                integer("limits.max_rejected_commands", LimitOptions.DEFAULT_MAX_REJECTED_COMMANDS));
        List<NamespaceOptions> namespaces = new ArrayList<>();
        for (String ns : raw.namespaces()) {
            namespaces.add(namespace(ns));
        }
        return new SwitchboardOptions(nodeId, t, l, namespaces, string("api_key"),
                duration("drain_period", SwitchboardOptions.DEFAULT_DRAIN_PERIOD));
    }

    private NamespaceOptions namespace(String ns) {
        return new NamespaceOptions(ns,
                typed(namespaceKey(ns, "subscribe"), DEFAULT_NAMESPACE_SUBSCRIBE,
                        (k, v) -> ConfigValues.oneOf(k, v, SubscribePolicy.class)),
                typed(namespaceKey(ns, "publish"), false, ConfigValues::bool),
                typed(namespaceKey(ns, "presence"), false, ConfigValues::bool),
                typed(namespaceKey(ns, "join_leave"), false, ConfigValues::bool),
                integer(namespaceKey(ns, "history_size"), 0),
                duration(namespaceKey(ns, "history_ttl"), DEFAULT_NAMESPACE_HISTORY_TTL));
    }

    /** The {@code warmup} section: off unless {@code warmup.enabled} is true. */
    WarmupOptions warmup() {
        return new WarmupOptions(
                typed("warmup.enabled", false, ConfigValues::bool),
                integer("warmup.connections", WarmupOptions.DEFAULT_CONNECTIONS),
                integer("warmup.rounds", WarmupOptions.DEFAULT_ROUNDS),
                duration("warmup.max_time", WarmupOptions.DEFAULT_MAX_TIME));
    }

    /** The token settings, or {@code null} when no key source (secret, public key, JWKS) is configured. */
    JwtOptions jwt() {
        String secret = string("token.hmac_secret");
        String pem = publicKeyPem();
        URI jwks = typed("token.jwks_url", null, ConfigBinder::uri);
        String audience = string("token.audience");
        String issuer = string("token.issuer");
        Duration skew = duration("token.clock_skew", JwtOptions.DEFAULT_CLOCK_SKEW);
        Duration refresh = duration("token.jwks_refresh_interval", JwtOptions.DEFAULT_JWKS_REFRESH_INTERVAL);
        if (secret == null && pem == null && jwks == null) {
            return null;
        }
        return jwtOptions(secret, pem, jwks, audience, issuer, skew, refresh);
    }

    /** Builds {@link JwtOptions}, turning its validation errors into {@link ConfigException}s naming the key. */
    static JwtOptions jwtOptions(String secret, String pem, URI jwks, String audience, String issuer,
                                 Duration skew, Duration refresh) {
        try {
            return new JwtOptions(secret, pem, jwks, audience, issuer, skew, refresh);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = JWT_PROBLEM.matcher(message);
            throw m.matches() ? new ConfigException(m.group(1), m.group(2)) : new ConfigException("token", message);
        }
    }

    /** {@code token.public_key} holds PEM text, or the path of a PEM file (relative to the config file). */
    private String publicKeyPem() {
        RawConfig.Setting s = raw.get("token.public_key");
        String value = string("token.public_key");
        if (value == null || value.contains("-----BEGIN")) {
            return value;
        }
        Path file = s.baseDir().resolve(value.trim());
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw withOrigin(s, new ConfigException("token.public_key",
                    "is neither PEM text nor a readable PEM file: cannot read " + file
                            + " (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static URI uri(String key, String text) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a URL: " + e.getReason());
        }
    }

    private String string(String key) {
        return string(key, null);
    }

    private String string(String key, String defaultValue) {
        RawConfig.Setting s = raw.get(key);
        if (s == null) {
            return defaultValue;
        }
        if (s.text().isBlank()) {
            throw withOrigin(s, new ConfigException(key, "must not be empty"));
        }
        return s.text();
    }

    private List<String> list(String key) {
        RawConfig.Setting s = raw.get(key);
        return s == null ? List.of() : s.list();
    }

    private int integer(String key, int defaultValue) {
        return typed(key, defaultValue, ConfigValues::integer);
    }

    private double decimal(String key, double defaultValue) {
        return typed(key, defaultValue, ConfigValues::decimal);
    }

    private Duration duration(String key, Duration defaultValue) {
        return typed(key, defaultValue, ConfigValues::duration);
    }

    private <T> T typed(String key, T defaultValue, BiFunction<String, String, T> parser) {
        RawConfig.Setting s = raw.get(key);
        if (s == null) {
            return defaultValue;
        }
        try {
            return parser.apply(key, s.text());
        } catch (ConfigException e) {
            throw withOrigin(s, e);
        }
    }

    /** Adds the environment variable to the message when the value came from one. */
    private static ConfigException withOrigin(RawConfig.Setting s, ConfigException e) {
        if (!s.fromEnvironment()) {
            return e;
        }
        String problem = e.getMessage().substring(e.key().length() + 2);
        return new ConfigException(e.key(), problem + " (set by " + s.origin() + ")");
    }
}
