/**
 * The server's YAML configuration: the embedded defaults, the user's file and {@code SWITCHBOARD_*}
 * environment overrides, typed into the core's option records and {@link io.switchboard.server.auth.JwtOptions}.
 * Only this package reads files and the environment for configuration.
 */
package io.switchboard.server.config;
