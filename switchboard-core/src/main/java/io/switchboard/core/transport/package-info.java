/**
 * The Netty edge and the only package that uses Netty's channel API: bootstrap, pipeline, HTTP
 * routing, the RFC 6455 upgrade with its refusals, frames, heartbeat and the closing handshake.
 * Knows nothing of channels or users: a {@link io.switchboard.core.transport.WebSocketEndpoint} does.
 */
package io.switchboard.core.transport;
