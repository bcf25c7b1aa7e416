package io.switchboard.core.auth;

import java.util.concurrent.CompletionStage;

/**
 * Checks a connection token and extracts its claims. Called on a Netty event-loop thread for every
 * handshake and {@code refresh}: implementations must not block. Cheap checks (signature with a
 * cached key) may complete inline; slow work (fetching a JWKS) must run elsewhere and complete the
 * stage later.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * @return a stage completing with the claims, or exceptionally with {@link InvalidTokenException}
     */
    CompletionStage<Claims> verify(String token);
}
