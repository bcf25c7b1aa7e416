package io.switchboard.core.config;

/** Who may subscribe to (and, when the namespace allows publishing, publish into) a namespace's channels. */
public enum SubscribePolicy {
    /** Any authenticated user. */
    AUTHENTICATED,
    /** Only users whose token's {@code channels} claim has a glob pattern matching the channel. */
    CLAIM,
    /** Personal channels {@code ns:#alice}: only the user named after the {@code #}. */
    PERSONAL
}
