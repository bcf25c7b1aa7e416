package io.switchboard.client;

/** The state of a {@link Subscription}. */
public enum SubscriptionState {
    /** Waiting for the client to connect, or for the node to confirm the subscription (also after a reconnect). */
    SUBSCRIBING,
    /** The node confirmed it; publications flow. */
    SUBSCRIBED,
    /** Terminal: ended by {@link Subscription#unsubscribe()}, by the server ({@code unsubscribed} push), by a permanent error, or by closing the client. */
    UNSUBSCRIBED
}
