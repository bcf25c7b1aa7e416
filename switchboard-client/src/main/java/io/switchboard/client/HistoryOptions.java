package io.switchboard.client;

import io.switchboard.protocol.StreamPosition;

/**
 * What to read with {@link SwitchboardClient#history}. Immutable.
 *
 * @param limit at most this many publications; 0 means the server's default (its history size)
 * @param since the publications after this position; {@code null} means the newest ones
 */
public record HistoryOptions(int limit, StreamPosition since) {

    public HistoryOptions {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
    }

    /** Everything the server keeps (up to its default limit), newest last. */
    public static HistoryOptions all() {
        return new HistoryOptions(0, null);
    }

    /** The newest {@code limit} publications. */
    public static HistoryOptions latest(int limit) {
        return new HistoryOptions(limit, null);
    }

    /** The publications after {@code position} (error 112 when they are no longer all kept). */
    public static HistoryOptions since(StreamPosition position) {
        return new HistoryOptions(0, position);
    }
}
