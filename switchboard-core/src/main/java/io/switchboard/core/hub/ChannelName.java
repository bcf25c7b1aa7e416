package io.switchboard.core.hub;

/**
 * A channel name split into {@code namespace:name}. A name starting with {@code #} is personal:
 * {@code chat:#alice} belongs to user {@code alice}.
 */
public record ChannelName(String full, String namespace, String name) {

    /**
     * @return the parsed name, or null when {@code channel} is not {@code namespace:name} with both
     *         parts non-empty and only printable ASCII without spaces
     */
    public static ChannelName parse(String channel) {
        if (channel == null || channel.isEmpty()) {
            return null;
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c <= ' ' || c > '~') {
                return null;
            }
        }
        int colon = channel.indexOf(':');
        if (colon <= 0 || colon == channel.length() - 1) {
            return null;
        }
        return new ChannelName(channel, channel.substring(0, colon), channel.substring(colon + 1));
    }

    /** The owner of a personal channel ({@code ns:#alice} → {@code alice}), or null. */
    public String personalOwner() {
        return name.startsWith("#") && name.length() > 1 ? name.substring(1) : null;
    }
}
