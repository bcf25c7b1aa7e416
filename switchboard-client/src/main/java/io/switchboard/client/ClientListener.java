package io.switchboard.client;

/**
 * Connection-level events of a {@link SwitchboardClient} (the JS client's {@code state},
 * {@code connected}, {@code disconnected}, {@code message} and {@code error}). Every method has a no-op
 * default, so implement only what you need.
 *
 * <p>Callbacks run on the client's callback executor ({@link ClientOptions#callbackExecutor()}), one at
 * a time and in order with the default executor; never on a thread that does I/O. A callback must not
 * block waiting for a future of the same client (with the single default callback thread that future
 * could only complete after the callback returns); chain with {@code thenAccept} instead. Exceptions
 * thrown by a callback are logged and otherwise ignored.
 */
public interface ClientListener {

    /** The client's state changed. */
    default void onStateChange(StateEvent event) {
    }

    /** A connection was established (after {@link #onStateChange} to {@link ClientState#CONNECTED}). */
    default void onConnected(ConnectedEvent event) {
    }

    /** An established connection ended (before the state changes to CONNECTING, DISCONNECTED or CLOSED). */
    default void onDisconnected(DisconnectedEvent event) {
    }

    /** A {@code message} push (unicast to this user or broadcast). */
    default void onMessage(MessageEvent event) {
    }

    /**
     * Something went wrong that is not the answer to a call: a failed connection attempt, a failed token
     * refresh, an unreadable frame. The client handles it (retries, reconnects); this is for logs and UIs.
     */
    default void onError(SwitchboardException error) {
    }
}
