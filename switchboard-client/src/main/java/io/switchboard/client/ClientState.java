package io.switchboard.client;

/**
 * The connection state of a {@link SwitchboardClient}.
 *
 * <pre>
 * DISCONNECTED --connect()--> CONNECTING --connected push--> CONNECTED
 *       ^                      ^      |                           |
 *       |                      |      +--(backoff, retry)         | connection lost, reconnect advised
 *       +---- disconnect() ----+------+---------------------------+--> CONNECTING
 * any state --close(), or the server says "do not reconnect"--> CLOSED (terminal)
 * </pre>
 */
public enum ClientState {
    /** Not connected and not trying to: the initial state, and the state after {@link SwitchboardClient#disconnect()}. */
    DISCONNECTED,
    /** Opening a connection, or waiting (backoff, server advice) before the next attempt. */
    CONNECTING,
    /** The node greeted this connection ({@code connected} push); commands flow. */
    CONNECTED,
    /** Terminal: after {@link SwitchboardClient#close()}, or when the server or the handshake said not to reconnect. */
    CLOSED
}
