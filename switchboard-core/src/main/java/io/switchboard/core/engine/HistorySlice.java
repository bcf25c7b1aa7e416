package io.switchboard.core.engine;

import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;

import java.util.List;

/**
 * Publications read from a channel's history, oldest first, plus the channel's current position.
 *
 * @param complete true when {@code publications} hold every publication after the requested
 *                 position (nothing in between was lost); always true when no position was requested
 */
public record HistorySlice(List<Publication> publications, StreamPosition position, boolean complete) {
}
