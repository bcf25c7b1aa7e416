/**
 * Connection-token verification for the standalone server: the JWT implementation of
 * {@link io.switchboard.core.auth.TokenVerifier}.
 *
 * <p>This package owns the {@code token} configuration section ({@link io.switchboard.server.auth.JwtOptions}),
 * signature and claim checks with nimbus-jose-jwt ({@link io.switchboard.server.auth.JwtTokenVerifier}:
 * HMAC secrets, PEM RSA/EC public keys and JSON Web Key Sets loaded and refreshed off the event loop),
 * and minting of HS256 development tokens for the {@code switchboard token} command and the demo page
 * ({@link io.switchboard.server.auth.TokenMinter}). Accepted algorithms always follow from the configured
 * keys, never from the token, and error messages never contain the token or a secret.
 */
package io.switchboard.server.auth;
