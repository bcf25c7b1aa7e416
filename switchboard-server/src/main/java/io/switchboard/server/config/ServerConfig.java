package io.switchboard.server.config;

import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.server.auth.JwtOptions;
import io.switchboard.server.warmup.WarmupOptions;

import java.util.Objects;

/**
 * Everything {@code switchboard serve} needs, read from the YAML file, the embedded defaults and the
 * environment.
 *
 * @param options the node's options
 * @param jwt     how tokens are verified; in development mode, a generated HMAC secret that exists only
 *                in this process
 * @param devMode no token key was configured, so {@code jwt} holds a generated secret
 * @param demo    whether the demo page and its token endpoint are served (only in development mode)
 * @param warmup  whether and how much the node warms up before it listens
 */
public record ServerConfig(SwitchboardOptions options, JwtOptions jwt, boolean devMode, boolean demo,
                           WarmupOptions warmup) {

    public ServerConfig {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(warmup, "warmup");
    }

    /** The HMAC secret an operator configured (not a generated one), or {@code null}. */
    public String configuredHmacSecret() {
        return devMode ? null : jwt.hmacSecret();
    }

    /** Words for the startup log line: how tokens are checked. Never shows a secret. */
    public String tokenMode() {
        if (devMode) {
            return "dev mode";
        }
        StringBuilder sb = new StringBuilder("tokens:");
        if (jwt.hmacSecret() != null) {
            sb.append(" hmac");
        }
        if (jwt.publicKeyPem() != null) {
            sb.append(" public-key");
        }
        if (jwt.jwksUrl() != null) {
            sb.append(" jwks");
        }
        return sb.toString();
    }
}
