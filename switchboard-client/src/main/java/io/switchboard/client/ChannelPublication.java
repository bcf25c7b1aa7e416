package io.switchboard.client;

import io.switchboard.protocol.ClientInfo;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;

/**
 * A publication as the application sees it, live or recovered or read from history.
 *
 * @param channel the channel it was published in
 * @param id      unique id (the client already drops duplicates)
 * @param offset  position in the channel's history; 0 when the channel keeps no history
 * @param data    the JSON value
 * @param info    the publisher, or {@code null} when it was published through the server API
 */
public record ChannelPublication(String channel, String id, long offset, Payload data, ClientInfo info) {

    /** The protocol's publication {@code p}, received in {@code channel}. */
    static ChannelPublication of(String channel, Publication p) {
        return new ChannelPublication(channel, p.id(), p.offset(), p.data(), p.info());
    }
}
