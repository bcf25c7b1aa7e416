package io.switchboard.core.engine;

import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;

import java.util.concurrent.CompletionStage;

/**
 * A channel's history: a bounded stream of publications with strictly increasing offsets inside an
 * epoch. The epoch changes whenever the stream is lost (store restarted, history expired), so a
 * client can never mistake a new stream for the one it saw.
 *
 * <p>Methods are called on event-loop threads: they must not block. The {@link Broker} calls
 * {@link #append} as part of its atomic store-and-publish step.
 */
public interface HistoryStore {

    /**
     * Stores a publication and assigns its offset.
     *
     * @param publication the publication; its offset is ignored
     * @return the publication as stored (with its offset) and the stream's epoch
     */
    CompletionStage<Appended> append(String channel, Publication publication, PublishOptions options);

    CompletionStage<HistorySlice> read(String channel, HistoryQuery query);

    /** Drops a channel's history; its next publication starts a new epoch. */
    CompletionStage<Void> remove(String channel);

    record Appended(Publication publication, StreamPosition position) {
    }
}
