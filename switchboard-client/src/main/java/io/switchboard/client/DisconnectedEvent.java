package io.switchboard.client;

/**
 * An established connection ended.
 *
 * @param code      the close code (from the server's {@code disconnect} push or close frame; 1006 when
 *                  it dropped without one or the heartbeat declared it dead; 1000 after
 *                  {@code disconnect()}/{@code close()})
 * @param reason    why
 * @param reconnect whether the client will reconnect by itself
 */
public record DisconnectedEvent(int code, String reason, boolean reconnect) {
}
