package io.switchboard.server.cli;

import io.switchboard.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code switchboard checkconfig}: validates the configuration without starting anything. */
@Command(name = "checkconfig", mixinStandardHelpOptions = true,
        description = "Validates the configuration (file, defaults and environment) and exits: "
                + "0 and 'config ok', or 2 and 'config error: <key>: <problem>'.")
final class CheckConfigCommand implements Callable<Integer> {

    @ParentCommand
    SwitchboardCli cli;

    @Mixin
    ConfigFileOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ServerConfig loaded = cli.configLoader().load(config.file);
        spec.commandLine().getOut().println("config ok");
        if (loaded.devMode()) {
            spec.commandLine().getErr().println("note: no token key is configured (token.hmac_secret, "
                    + "token.public_key or token.jwks_url): serve would run in development mode");
        }
        return 0;
    }
}
