package io.switchboard.client;

/**
 * The node accepted a connection (its {@code connected} push).
 *
 * @param client  this connection's id, as other clients see it in presence and join/leave
 * @param user    the token's user
 * @param node    the id of the node
 * @param expires when the token expires, Unix seconds; 0 when it never does
 */
public record ConnectedEvent(String client, String user, String node, long expires) {
}
