package io.switchboard.core.config;

import java.time.Duration;

import static io.switchboard.core.config.ConfigException.require;

/**
 * Rules for the channels {@code name:*}.
 *
 * @param publish     whether clients may publish (the server API always may)
 * @param presence    whether the namespace tracks presence
 * @param joinLeave   whether subscribers receive join/leave pushes
 * @param historySize publications kept per channel for history and recovery; 0 keeps none
 * @param historyTtl  how long a channel's history lives after its last publication
 */
public record NamespaceOptions(
        String name,
        SubscribePolicy subscribe,
        boolean publish,
        boolean presence,
        boolean joinLeave,
        int historySize,
        Duration historyTtl) {

    public static final int MAX_HISTORY_SIZE = 10_000;

    public NamespaceOptions {
        String key = "namespaces." + name;
        require(name != null && name.matches("[A-Za-z0-9_.-]{1,64}"), "namespaces",
                "namespace name '" + name + "' must be 1-64 characters of [A-Za-z0-9_.-]");
        require(subscribe != null, key + ".subscribe", "must be one of authenticated, claim, personal");
        require(historySize >= 0 && historySize <= MAX_HISTORY_SIZE, key + ".history_size",
                "must be between 0 and " + MAX_HISTORY_SIZE);
        historyTtl = historyTtl == null ? Duration.ZERO : historyTtl;
        require(!historyTtl.isNegative(), key + ".history_ttl", "must not be negative");
        require(historySize == 0 || !historyTtl.isZero(), key + ".history_ttl",
                "must be positive when history_size is set");
    }

    public boolean keepsHistory() {
        return historySize > 0;
    }

    /** The namespace used by the demo page: open to any user, with presence, join/leave and history. */
    public static NamespaceOptions chatDefaults() {
        return new NamespaceOptions("chat", SubscribePolicy.AUTHENTICATED, true, true, true, 100,
                Duration.ofMinutes(10));
    }
}
