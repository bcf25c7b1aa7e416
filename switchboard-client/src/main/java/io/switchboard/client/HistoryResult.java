package io.switchboard.client;

import io.switchboard.protocol.StreamPosition;

import java.util.List;

/**
 * The answer to {@link SwitchboardClient#history}.
 *
 * @param publications oldest first
 * @param position     the channel's current position
 */
public record HistoryResult(List<ChannelPublication> publications, StreamPosition position) {

    public HistoryResult {
        publications = List.copyOf(publications);
    }
}
