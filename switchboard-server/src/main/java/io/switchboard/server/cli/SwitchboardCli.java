package io.switchboard.server.cli;

import io.switchboard.core.config.ConfigException;
import io.switchboard.server.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code switchboard <command>}: the entry point of the standalone server. */
@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = SwitchboardCli.Version.class,
        description = "Real-time WebSocket messaging server.",
        subcommands = {ServeCommand.class, TokenCommand.class, CheckConfigCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class SwitchboardCli implements Callable<Integer> {

    /** Exit code for a configuration or usage error. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code for any other failure. */
    public static final int EXIT_FAILURE = 1;

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    public SwitchboardCli(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    public SwitchboardCli() {
        this(System.getenv());
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The configured command line, reading {@code SWITCHBOARD_*} overrides from {@code env}. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new SwitchboardCli(env));
        cli.setExecutionExceptionHandler(SwitchboardCli::onException);
        return cli;
    }

    /** With no command: the usage, and the exit code of a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_CONFIG;
    }

    ConfigLoader configLoader() {
        return new ConfigLoader(env);
    }

    private static int onException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException) {
            cmd.getErr().println("config error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        cmd.getErr().println("error: " + e);
        e.printStackTrace(cmd.getErr());
        return EXIT_FAILURE;
    }

    /** The version from the jar's Maven metadata. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = "development build";
            try (InputStream in = SwitchboardCli.class.getResourceAsStream(
                    "/META-INF/maven/io.switchboard/switchboard-server/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version", version);
                }
            } catch (IOException ignored) {
                // keep the fallback
            }
            return new String[] {"Switchboard " + version,
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
