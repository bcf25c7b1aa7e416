package io.switchboard.core.engine;

import io.switchboard.protocol.StreamPosition;

/**
 * What to read from a channel's history.
 *
 * @param since read publications after this position; {@code null} reads the newest ones
 * @param limit at most this many publications (the oldest ones after {@code since}, or the newest
 *              when {@code since} is null); 0 returns only the current position
 */
public record HistoryQuery(StreamPosition since, int limit) {
}
