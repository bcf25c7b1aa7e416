package io.switchboard.server.cli;

import io.switchboard.core.Switchboard;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.server.auth.JwtTokenVerifier;
import io.switchboard.server.auth.TokenMinter;
import io.switchboard.server.config.ServerConfig;
import io.switchboard.server.demo.DemoRoutes;
import io.switchboard.server.warmup.NodeWarmup;
import io.switchboard.server.warmup.WarmupOptions;
import io.switchboard.server.warmup.WarmupReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code switchboard serve}: runs a node until SIGTERM or SIGINT, then drains it and exits 0. Logs
 * {@code Switchboard <node> listening on <host>:<port> (<token mode>)} once it accepts connections;
 * with {@code warmup.enabled}, only after the warm-up (see {@link NodeWarmup}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs a node until SIGTERM/SIGINT, then drains connections and exits 0.")
final class ServeCommand implements Callable<Integer> {

    /** Beyond the drain period, how long the drain may take before the node is closed hard. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** How long startup waits for the first JWKS load. */
    static final Duration JWKS_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @ParentCommand
    SwitchboardCli cli;

    @Mixin
    ConfigFileOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig loaded = cli.configLoader().load(config.file);
        SwitchboardOptions options = loaded.options();
        JwtTokenVerifier verifier;
        try {
            verifier = new JwtTokenVerifier(loaded.jwt());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("config error: " + e.getMessage());
            return SwitchboardCli.EXIT_CONFIG;
        }
        if (loaded.devMode()) {
            LOG.warn("DEVELOPMENT MODE: no token key is configured (token.hmac_secret, token.public_key or "
                    + "token.jwks_url). Tokens are checked against a random secret made for this run, and the "
                    + "demo page at / hands out tokens to anyone who asks. Do not run like this in production.");
        }
        if (loaded.jwt().jwksUrl() != null) {
            awaitFirstJwksLoad(verifier);
        }
        Switchboard.Builder builder = Switchboard.builder().options(options).tokenVerifier(verifier);
        AtomicReference<Switchboard> running = new AtomicReference<>();
        DemoRoutes.registerIfEnabled(builder, loaded, () -> running.get() == null ? null : running.get().api());
        // Handle signals before binding, so that a SIGTERM during startup still ends in an orderly stop.
        ShutdownSignals signals = ShutdownSignals.install(() -> {
            Switchboard started = running.get();
            if (started != null) {
                stop(started, verifier);
            }
        });
        Switchboard node;
        try {
            node = builder.build();
            if (loaded.warmup().enabled()) {
                warmUp(node, loaded, signals);
            }
            running.set(node);
            if (signals.received()) { // during the warm-up, before there was a node to stop
                return stop(node, verifier) ? 0 : SwitchboardCli.EXIT_FAILURE;
            }
            node.start();
        } catch (Exception e) { // Netty's bind failure arrives as an undeclared IOException
            verifier.close();
            LOG.error("cannot start on {}:{}: {}", options.transport().host(), options.transport().port(),
                    e.getMessage() == null ? e.toString() : e.getMessage());
            return SwitchboardCli.EXIT_FAILURE;
        }
        LOG.info("Switchboard {} listening on {}:{} ({})", options.nodeId(), options.transport().host(), node.port(),
                loaded.tokenMode());
        signals.await();
        return stop(node, verifier) ? 0 : SwitchboardCli.EXIT_FAILURE;
    }

    /** Runs the node's hot paths with its own traffic before it listens (warmup.*); logs what it did. */
    private static void warmUp(Switchboard node, ServerConfig loaded, ShutdownSignals signals)
            throws InterruptedException {
        WarmupOptions w = loaded.warmup();
        LOG.info("warming up before listening: up to {} rounds of {} connections, at most {} s",
                w.rounds(), w.connections(), w.maxTime().toSeconds());
        try {
            WarmupReport report = new NodeWarmup(w, loaded.options(), TokenMinter.forOptions(loaded.jwt()),
                    signals::received).run(node);
            LOG.info("warm-up: {}", report.summary());
        } catch (RuntimeException e) { // a warm-up only saves time later: never the reason a node does not start
            LOG.warn("warm-up failed ({}); starting without it", e.toString());
        }
    }

    /** Gives the key set a moment to load so that the first clients are not refused; never fails. */
    private static void awaitFirstJwksLoad(JwtTokenVerifier verifier) throws InterruptedException {
        try {
            verifier.start().toCompletableFuture().get(JWKS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("the JWKS did not load within {}; starting anyway (it keeps retrying)", JWKS_WAIT);
        }
    }

    /** Drains the node; false when the drain failed or outlived the drain period plus the grace. */
    private static boolean stop(Switchboard node, JwtTokenVerifier verifier) {
        Duration limit = node.options().drainPeriod().plus(SHUTDOWN_GRACE);
        try {
            node.shutdown().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("stopped");
            return true;
        } catch (TimeoutException e) {
            LOG.warn("drain did not finish within {}; exiting anyway", limit);
        } catch (ExecutionException e) {
            LOG.warn("drain failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            verifier.close();
        }
        return false;
    }
}
