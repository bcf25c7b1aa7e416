package io.switchboard.protocol;

/**
 * Who is behind a connection, as shown to other clients in presence, join/leave and publications.
 *
 * @param client the connection id (unique per node run)
 * @param user   the user id (the token's {@code sub})
 * @param info   the token's {@code info} claim, or {@code null}
 */
public record ClientInfo(String client, String user, Payload info) {
}
