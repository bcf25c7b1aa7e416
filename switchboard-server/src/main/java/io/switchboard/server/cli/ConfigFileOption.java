package io.switchboard.server.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --config} option the commands share. */
final class ConfigFileOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration file. Without it the built-in defaults apply "
                    + "(port 8080, namespace 'chat', development mode). SWITCHBOARD_* environment "
                    + "variables override both.")
    Path file;
}
