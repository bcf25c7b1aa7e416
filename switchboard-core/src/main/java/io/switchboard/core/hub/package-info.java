/**
 * The domain: connections ({@link io.switchboard.core.hub.ClientSession}), who they are, what they
 * subscribe to and may do, and fan-out of deliveries. Session state is confined to the connection's
 * event loop; see docs/architecture.md for the threading rules. Knows nothing of Netty's channels: a
 * session writes through {@link io.switchboard.core.hub.Transport}.
 */
package io.switchboard.core.hub;
