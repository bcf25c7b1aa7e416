package io.switchboard.core.config;

/** A configuration value that cannot be used. The message starts with the offending key. */
public final class ConfigException extends IllegalArgumentException {

    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The configuration key, e.g. {@code limits.max_connections}. */
    public String key() {
        return key;
    }

    static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }
}
