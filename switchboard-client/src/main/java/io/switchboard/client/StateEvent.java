package io.switchboard.client;

/**
 * A transition of the client's {@link ClientState}.
 *
 * @param previous the state before
 * @param current  the state now
 * @param code     what caused it: a WebSocket/Switchboard close code (e.g. 1001, 3000, 3500; 1006 when
 *                 the connection dropped without a close frame or the heartbeat declared it dead), the
 *                 HTTP status of a refused handshake (401, 403...), or 0 for the application's own
 *                 calls ({@code connect()}, {@code disconnect()}, {@code close()})
 * @param reason   a human-readable reason
 */
public record StateEvent(ClientState previous, ClientState current, int code, String reason) {
}
