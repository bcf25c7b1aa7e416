package io.switchboard.protocol;

import java.util.List;

/** The successful outcome of a command, one record per method. */
public sealed interface Result {

    /** For methods that return nothing but success (unsubscribe, send, ping). */
    record Empty() implements Result {
        public static final Empty INSTANCE = new Empty();
    }

    /**
     * @param recoverable whether the channel keeps history (so offset/epoch mean something)
     * @param recovered   true when {@code publications} hold every publication missed since the
     *                    requested position; false when recovery was asked but some are gone
     */
    record Subscribe(long offset, String epoch, boolean recoverable, boolean recovered,
                     List<Publication> publications) implements Result {
    }

    /** Position of the new publication; offset 0 and an empty epoch when the channel keeps no history. */
    record Publish(long offset, String epoch) implements Result {
    }

    record Presence(List<ClientInfo> clients) implements Result {
    }

    record History(List<Publication> publications, long offset, String epoch) implements Result {
    }

    /** @param expires seconds since the epoch when the new token expires, 0 when it never does */
    record Refresh(long expires) implements Result {
    }
}
