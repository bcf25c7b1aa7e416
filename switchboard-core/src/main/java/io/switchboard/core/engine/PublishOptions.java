package io.switchboard.core.engine;

import java.time.Duration;

/**
 * How a publication is stored.
 *
 * @param historySize publications to keep in the channel's history; 0 keeps none (and assigns no offset)
 * @param historyTtl  how long the history lives after the last publication
 */
public record PublishOptions(int historySize, Duration historyTtl) {
    public static final PublishOptions NO_HISTORY = new PublishOptions(0, Duration.ZERO);

    public boolean keepsHistory() {
        return historySize > 0;
    }
}
