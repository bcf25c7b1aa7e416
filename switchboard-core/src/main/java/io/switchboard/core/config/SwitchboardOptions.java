package io.switchboard.core.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.switchboard.core.config.ConfigException.require;

/**
 * Everything an embedded node needs to know. Immutable; validated on construction so that a node
 * never starts with a value it cannot honour.
 *
 * @param nodeId      shown to clients in the {@code connected} push and in logs
 * @param apiKey      key for the server HTTP API ({@code Authorization: apikey <key>}); null disables the API
 * @param drainPeriod how long a graceful shutdown spreads disconnects (and advised reconnect delays) over
 */
public record SwitchboardOptions(
        String nodeId,
        TransportOptions transport,
        LimitOptions limits,
        List<NamespaceOptions> namespaces,
        String apiKey,
        Duration drainPeriod) {

    public static final Duration DEFAULT_DRAIN_PERIOD = Duration.ofSeconds(5);

    public SwitchboardOptions {
        nodeId = nodeId == null || nodeId.isBlank() ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId;
        transport = transport == null ? TransportOptions.defaults() : transport;
        limits = limits == null ? LimitOptions.defaults() : limits;
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        Set<String> names = new HashSet<>();
        for (NamespaceOptions ns : namespaces) {
            require(names.add(ns.name()), "namespaces", "namespace '" + ns.name() + "' is defined twice");
        }
        require(apiKey == null || apiKey.length() >= 16, "api_key", "must be at least 16 characters");
        drainPeriod = drainPeriod == null ? DEFAULT_DRAIN_PERIOD : drainPeriod;
        require(!drainPeriod.isNegative(), "drain_period", "must not be negative");
    }

    public static SwitchboardOptions defaults() {
        return new SwitchboardOptions(null, null, null, List.of(NamespaceOptions.chatDefaults()), null, null);
    }

    public Optional<NamespaceOptions> namespace(String name) {
        for (NamespaceOptions ns : namespaces) {
            if (ns.name().equals(name)) {
                return Optional.of(ns);
            }
        }
        return Optional.empty();
    }

    public SwitchboardOptions withTransport(TransportOptions t) {
        return new SwitchboardOptions(nodeId, t, limits, namespaces, apiKey, drainPeriod);
    }

    public SwitchboardOptions withLimits(LimitOptions l) {
        return new SwitchboardOptions(nodeId, transport, l, namespaces, apiKey, drainPeriod);
    }

    public SwitchboardOptions withNamespaces(List<NamespaceOptions> n) {
        return new SwitchboardOptions(nodeId, transport, limits, n, apiKey, drainPeriod);
    }

    public SwitchboardOptions withApiKey(String key) {
        return new SwitchboardOptions(nodeId, transport, limits, namespaces, key, drainPeriod);
    }

    public SwitchboardOptions withDrainPeriod(Duration d) {
        return new SwitchboardOptions(nodeId, transport, limits, namespaces, apiKey, d);
    }

    @Override
    public String toString() {
        return "SwitchboardOptions[nodeId=" + nodeId + ", transport=" + transport + ", limits=" + limits
                + ", namespaces=" + namespaces + ", apiKey=" + (apiKey == null ? "none" : "<redacted>")
                + ", drainPeriod=" + drainPeriod + "]";
    }
}
