package io.switchboard.client;

import io.switchboard.protocol.ClientInfo;

/**
 * A {@code join} or {@code leave} push in a channel whose namespace announces them.
 *
 * @param channel the channel
 * @param client  who joined or left
 */
public record PresenceEvent(String channel, ClientInfo client) {
}
