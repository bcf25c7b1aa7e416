package io.switchboard.protocol;

/**
 * A position in a channel's history: the last offset inside an epoch. The epoch changes whenever
 * the history is lost (e.g. an in-memory engine restarted), so offsets of different epochs never compare.
 */
public record StreamPosition(long offset, String epoch) {
    public static final StreamPosition NONE = new StreamPosition(0, "");
}
