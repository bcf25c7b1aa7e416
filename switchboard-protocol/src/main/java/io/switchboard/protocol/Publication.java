package io.switchboard.protocol;

/**
 * One message published into a channel.
 *
 * @param id     unique id, so that clients can drop duplicates
 * @param offset position in the channel's history stream; 0 when the channel keeps no history
 * @param data   the application data
 * @param info   the publisher, or {@code null} when published through the server API
 */
public record Publication(String id, long offset, Payload data, ClientInfo info) {
}
