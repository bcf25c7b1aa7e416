package io.switchboard.client;

import io.switchboard.protocol.StreamPosition;

/**
 * How to subscribe to a channel. Immutable.
 *
 * @param recover whether to ask for the publications missed while disconnected when resubscribing
 *                (default true); without it every resubscribe reports {@code recovered:false}
 * @param since   a position the application already holds (e.g. persisted), to recover from on the
 *                first subscribe too; {@code null} (default) starts from the channel's current position
 */
public record SubscribeOptions(boolean recover, StreamPosition since) {

    public static final boolean DEFAULT_RECOVER = true;

    private static final SubscribeOptions DEFAULTS = new SubscribeOptions(DEFAULT_RECOVER, null);

    public SubscribeOptions {
        if (since != null && (since.offset() < 0 || since.epoch() == null)) {
            throw new IllegalArgumentException("since needs a non-negative offset and an epoch, was " + since);
        }
    }

    /** Recover on resubscribe, start from the current position. */
    public static SubscribeOptions defaults() {
        return DEFAULTS;
    }

    /** Recover from {@code position} on the first subscribe (and on every resubscribe). */
    public static SubscribeOptions since(StreamPosition position) {
        return new SubscribeOptions(true, position);
    }

    /** These options with {@code recover} changed. */
    public SubscribeOptions withRecover(boolean newRecover) {
        return new SubscribeOptions(newRecover, since);
    }

    /** These options with {@code since} changed. */
    public SubscribeOptions withSince(StreamPosition position) {
        return new SubscribeOptions(recover, position);
    }
}
