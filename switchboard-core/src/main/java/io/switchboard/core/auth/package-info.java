/** The token SPI: a {@link io.switchboard.core.auth.TokenVerifier} turns a token into {@link io.switchboard.core.auth.Claims} without blocking. Token formats (JWT) live in the server module. */
package io.switchboard.core.auth;
