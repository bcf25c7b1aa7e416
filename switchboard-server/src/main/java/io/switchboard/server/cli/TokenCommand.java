package io.switchboard.server.cli;

import io.switchboard.core.config.ConfigException;
import io.switchboard.server.auth.TokenMinter;
import io.switchboard.server.config.ConfigValues;
import io.switchboard.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code switchboard token}: mints a connection token with the configured {@code token.hmac_secret}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints an HS256 connection token signed with token.hmac_secret "
                + "(for development and scripts; production tokens come from your identity provider).")
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    SwitchboardCli cli;

    @Mixin
    ConfigFileOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "The user id (sub claim).")
    String user;

    @Option(names = "--channels", paramLabel = "PATTERNS",
            description = "Comma-separated channel glob patterns for the channels claim, e.g. 'chat:*,news:*'.")
    String channels;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
            description = "Lifetime, e.g. 30m, 1h, 7d; 0 for a token that never expires (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--info", paramLabel = "JSON", description = "The info claim, any JSON value, e.g. '{\"name\":\"Alice\"}'.")
    String info;

    @Override
    public Integer call() {
        Duration lifetime;
        try {
            lifetime = ConfigValues.duration("--ttl", ttl);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return SwitchboardCli.EXIT_CONFIG;
        }
        List<String> patterns = channels == null ? null : ConfigValues.commaList(channels);
        ServerConfig loaded = cli.configLoader().load(config.file);
        if (loaded.configuredHmacSecret() == null) {
            throw new ConfigException("token.hmac_secret",
                    "is not set; the token command signs tokens with it (set it in the file or SWITCHBOARD_TOKEN_HMAC_SECRET)");
        }
        String token;
        try {
            token = TokenMinter.forOptions(loaded.jwt())
                    .mint(user, patterns, lifetime.isZero() ? null : lifetime, info);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return SwitchboardCli.EXIT_CONFIG;
        }
        spec.commandLine().getOut().println(token);
        return 0;
    }
}
