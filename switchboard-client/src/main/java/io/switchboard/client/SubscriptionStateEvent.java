package io.switchboard.client;

/**
 * A transition of a {@link Subscription}'s state.
 *
 * @param channel  the subscription's channel
 * @param previous the state before
 * @param current  the state now
 * @param code     what caused it: the {@code unsubscribed} push's code (2000 by server, 2001 permission
 *                 revoked), a server error code (e.g. 103) when subscribing failed for good, the close
 *                 code when the connection was lost, or 0 for the application's own calls
 * @param reason   a human-readable reason
 */
public record SubscriptionStateEvent(String channel, SubscriptionState previous, SubscriptionState current,
                                     int code, String reason) {
}
