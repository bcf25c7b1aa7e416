package io.switchboard.client;

/**
 * Events of one {@link Subscription}. Every method has a no-op default. Callbacks run on the client's
 * callback executor with the same rules as {@link ClientListener}.
 *
 * <p>Order after every (re)subscribe: {@link #onStateChange} to SUBSCRIBED, then {@link #onRecovered}
 * (on a resubscribe), then the recovered publications oldest first, then live ones; never a publication
 * twice (same id, or an offset already delivered).
 */
public interface SubscriptionListener {

    /** A publication in the channel. */
    default void onPublication(ChannelPublication publication) {
    }

    /** The subscription's state changed. */
    default void onStateChange(SubscriptionStateEvent event) {
    }

    /** The subscription was re-established; says whether publications may have been lost meanwhile. */
    default void onRecovered(RecoveredEvent event) {
    }

    /** Someone subscribed to the channel (namespaces with join/leave only). */
    default void onJoin(PresenceEvent event) {
    }

    /** Someone unsubscribed from the channel (namespaces with join/leave only). */
    default void onLeave(PresenceEvent event) {
    }

    /** Subscribing failed: temporarily (the client retries) or for good (the state becomes UNSUBSCRIBED). */
    default void onError(SwitchboardException error) {
    }
}
