package io.switchboard.core.auth;

import io.switchboard.protocol.Payload;

import java.time.Instant;
import java.util.List;

/**
 * What a verified token says about a connection.
 *
 * @param user      the user id ({@code sub}), never blank
 * @param expiresAt when the token expires ({@code exp}), or {@code null} when it never does
 * @param channels  glob patterns of channels the user may subscribe to ({@code channels}); empty when absent
 * @param info      the {@code info} claim as JSON, shown in presence; {@code null} when absent
 */
public record Claims(String user, Instant expiresAt, List<String> channels, Payload info) {

    public Claims {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    public static Claims of(String user) {
        return new Claims(user, null, List.of(), null);
    }
}
