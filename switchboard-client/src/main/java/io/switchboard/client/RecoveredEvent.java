package io.switchboard.client;

import io.switchboard.protocol.StreamPosition;

/**
 * A subscription was re-established (after a reconnect, or on the first subscribe when
 * {@link SubscribeOptions#since()} was given). Emitted before the recovered publications are delivered.
 *
 * @param channel      the channel
 * @param recovered    true when nothing was lost: every publication missed since the last one seen is
 *                     delivered next. False when some may be lost (history gone, node restarted, channel
 *                     without history, or recovery turned off): reload the state from its source
 * @param publications how many missed publications the server returned (delivered right after this event)
 * @param position     the channel's position now
 * @param epochChanged true when the channel's history stream is a new one (e.g. the node restarted)
 */
public record RecoveredEvent(String channel, boolean recovered, int publications, StreamPosition position,
                             boolean epochChanged) {
}
