package io.switchboard.server.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The names the configuration file and the environment may use: the one list both are checked against. */
final class ConfigKeys {

    static final String ENV_PREFIX = "SWITCHBOARD_";
    static final String NAMESPACES = "namespaces";

    /** Mappings that group keys; {@code namespaces} is handled apart because its children are names. */
    static final Set<String> SECTIONS = Set.of("heartbeat", "write_buffer", "token", "limits", "warmup");

    /** Every key outside {@code namespaces}, in documentation order. */
    static final List<String> KEYS = List.of(
            "node_id", "host", "port", "api_key", "allowed_origins", "max_message_size", "handshake_timeout",
            "heartbeat.interval", "heartbeat.timeout",
            "write_buffer.low", "write_buffer.high", "max_outbound_bytes",
            "io_threads", "native_transport", "drain_period",
            "token.hmac_secret", "token.public_key", "token.jwks_url", "token.audience", "token.issuer",
            "token.clock_skew", "token.jwks_refresh_interval",
            "limits.max_connections", "limits.max_connections_per_ip", "limits.handshake_rate_per_ip",
            "limits.handshake_burst_per_ip", "limits.max_subscriptions", "limits.max_channel_length",
            "limits.command_rate", "limits.command_burst", "limits.max_rejected_commands",
            "warmup.enabled", "warmup.connections", "warmup.rounds", "warmup.max_time");

    /** Keys of one namespace, {@code namespaces.<name>.<key>}. */
    static final List<String> NAMESPACE_KEYS = List.of(
            "subscribe", "publish", "presence", "join_leave", "history_size", "history_ttl");

    /** Keys whose value is a list (a YAML sequence, or one comma-separated string). */
    static final Set<String> LIST_KEYS = Set.of("allowed_origins");

    private ConfigKeys() {
    }

    static boolean isKey(String key) {
        return KEYS.contains(key);
    }

    static String namespaceKey(String namespace, String key) {
        return NAMESPACES + "." + namespace + "." + key;
    }

    /** {@code limits.max_connections} becomes {@code SWITCHBOARD_LIMITS_MAX_CONNECTIONS}. */
    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The candidate closest to {@code name} when it is plausibly a typo of it, else {@code null}. */
    static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Math.max(2, name.length() / 4) + 1;
        for (String candidate : candidates) {
            int d = distance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
