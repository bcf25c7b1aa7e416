package io.switchboard.client;

import io.switchboard.protocol.Payload;

/**
 * A {@code message} push: data sent to this user ({@code send}) or broadcast by the server.
 *
 * @param data the JSON value
 * @param from the sending user, or {@code null} when the server (its API) sent it
 */
public record MessageEvent(Payload data, String from) {
}
