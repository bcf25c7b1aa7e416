package io.switchboard.server.warmup;

import io.switchboard.bench.client.Connector;
import io.switchboard.bench.client.Dialect;
import io.switchboard.bench.client.Target;
import io.switchboard.core.Switchboard;
import io.switchboard.core.config.LimitOptions;
import io.switchboard.core.config.NamespaceOptions;
import io.switchboard.core.config.SubscribePolicy;
import io.switchboard.core.config.SwitchboardOptions;
import io.switchboard.server.auth.TokenMinter;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs a node's hot paths before the node listens, so that its first clients meet compiled code.
 *
 * <p>A fresh JVM interprets, then compiles what runs often; on a node that starts into a reconnect
 * storm the C2 compiler takes more than half of the CPU, and handshakes run at a third of their later
 * rate (docs/benchmarks.md). The warm-up sends the node rounds of client traffic from this process
 * over a loopback port of the node's own ({@link Switchboard#beforeListening}): handshakes with tokens
 * it signs with the node's HMAC secret, a subscribe and a ping per connection, publications fanned out,
 * then closes. It runs through the node itself, its event loops, limits and token check: code
 * compiled while a throwaway node's threads and instances ran it was partly thrown away and compiled
 * again when the real node's took over. After each round it waits for the compilers to finish what the round
 * queued; it stops early once a round gave them nothing more to do.
 *
 * <p>Its channels are {@code <namespace>:warmup-<random>-...} in up to two of the node's namespaces
 * that its tokens can subscribe to (any but {@code personal}), so it also warms history where one of
 * them keeps it. It speaks the JSON subprotocol only. Nobody else knows those names; with engines shared between nodes, their history and
 * presence entries expire like any other.
 */
public final class NodeWarmup {

    /** A round whose compilations took less than this is taken to mean the compilers are done. */
    static final long QUIET_ROUND_COMPILE_MS = 50;
    /** The longest wait for the compilers after a round. */
    static final Duration MAX_COMPILER_WAIT = Duration.ofSeconds(10);
    /** Warm-up channels per namespace (see {@link #channels}). */
    static final int CHANNELS_PER_NAMESPACE = 4;
    /**
     * Subscribers per warm-up channel at most in a namespace with join/leave, where every subscribe and
     * every close is a push to each subscriber of the channel: that grows with the square of its size.
     */
    static final int MAX_SUBSCRIBERS_PER_JOIN_LEAVE_CHANNEL = 250;
    /** The most loopback source addresses the warm-up spreads over (127.0.0.1 to 127.0.0.250). */
    static final int MAX_SOURCE_ADDRESSES = 250;

    private static final long HANDSHAKE_TIMEOUT_MS = 10_000;
    /** The node's own protocol, as the benchmark's generator speaks it (stateless). */
    private static final Dialect DIALECT = Dialect.named("switchboard");

    private final WarmupOptions options;
    private final SwitchboardOptions nodeOptions;
    private final TokenMinter minter;
    private final BooleanSupplier stopRequested;
    private final CompilerActivity compilers;

    /**
     * @param options       how much to warm up
     * @param nodeOptions   the node's options: its namespaces and limits shape the traffic
     * @param minter        signs tokens the node accepts ({@link TokenMinter#forOptions})
     * @param stopRequested checked between rounds and while waiting for the compilers: true ends the
     *                      warm-up early (e.g. on SIGTERM)
     */
    public NodeWarmup(WarmupOptions options, SwitchboardOptions nodeOptions, TokenMinter minter,
                      BooleanSupplier stopRequested) {
        this(options, nodeOptions, minter, stopRequested, CompilerActivity.ofThisJvm());
    }

    NodeWarmup(WarmupOptions options, SwitchboardOptions nodeOptions, TokenMinter minter,
               BooleanSupplier stopRequested, CompilerActivity compilers) {
        this.options = options;
        this.nodeOptions = nodeOptions;
        this.minter = minter;
        this.stopRequested = stopRequested;
        this.compilers = compilers;
    }

    /**
     * Warms {@code node}, which must not be started yet. Never fails for the warm-up's own sake: a round
     * that fails ends it, and the report says why.
     */
    public WarmupReport run(Switchboard node) throws InterruptedException {
        long start = System.nanoTime();
        long compileStart = compilers.totalMillis();
        int connections = connectionsPerRound(options, nodeOptions.limits());
        List<WarmupRound.Channel> channels = channels(nodeOptions, connections, HexFormat.of().formatHex(randomBytes(4)));
        Tally tally = new Tally();
        String stop;
        try (QuietLogs quiet = QuietLogs.whileWarming()) {
            stop = node.beforeListening(port -> {
                try (Connector connector = new Connector(Target.parse("ws://127.0.0.1:" + port + "/ws"),
                        DIALECT, 1, sourceAddresses(connections, nodeOptions.limits()),
                        HANDSHAKE_TIMEOUT_MS)) {
                    return rounds(node, connector, port, channels, connections, start, tally);
                } catch (WarmupRound.WarmupFailure e) {
                    return "stopped early: " + e.getMessage();
                }
            });
        }
        long compileMillis = compileStart < 0 ? -1 : compilers.totalMillis() - compileStart;
        return new WarmupReport(tally.rounds, tally.handshakes, tally.deliveries,
                Duration.ofNanos(System.nanoTime() - start), compileMillis, stop);
    }

    /** Counts across rounds (kept when a round fails). */
    private static final class Tally {
        int rounds;
        long handshakes;
        long deliveries;
    }

    /** @return why the rounds ended */
    private String rounds(Switchboard node, Connector connector, int port, List<WarmupRound.Channel> channels,
                          int connections, long start, Tally tally) throws InterruptedException {
        long deadline = start + options.maxTime().toNanos();
        while (tally.rounds < options.rounds()) {
            if (stopRequested.getAsBoolean()) {
                return "stop requested";
            }
            if (tally.rounds > 0 && System.nanoTime() - deadline >= 0) {
                return "warmup.max_time (" + options.maxTime().toSeconds() + " s) reached";
            }
            long before = compilers.totalMillis();
            WarmupRound.Result result = new WarmupRound(node, connector, DIALECT, channels, minter,
                    port).run(connections);
            tally.rounds++;
            tally.handshakes += result.handshakes();
            tally.deliveries += result.deliveries();
            compilers.awaitQuiet(Math.min(deadline, System.nanoTime() + MAX_COMPILER_WAIT.toNanos()), stopRequested);
            long compiled = compilers.totalMillis() - before;
            if (before >= 0 && compiled < QUIET_ROUND_COMPILE_MS && tally.rounds < options.rounds()) {
                return "the compilers fell quiet (" + compiled + " ms in the last round)";
            }
        }
        return "all " + options.rounds() + " rounds done";
    }

    /** A round's connections, within the node's own connection limit. */
    static int connectionsPerRound(WarmupOptions options, LimitOptions limits) {
        return Math.min(options.connections(), limits.maxConnections());
    }

    /**
     * Loopback source addresses (127.0.0.1, .2, ...) enough that no address uses more than half of the
     * node's per-address connection limit or handshake burst in a round.
     */
    static int sourceAddresses(int connections, LimitOptions limits) {
        int perAddress = Math.max(1, Math.min(limits.maxConnectionsPerIp(), limits.handshakeBurstPerIp()) / 2);
        return Math.min(MAX_SOURCE_ADDRESSES, Math.max(1, (connections + perAddress - 1) / perAddress));
    }

    /**
     * Channels in up to two namespaces the warm-up's tokens may subscribe to (any but {@code personal}:
     * its tokens carry the {@code channels} claim where needed), the first without history and the
     * first with it, so that both paths are warmed; {@link #CHANNELS_PER_NAMESPACE} in each (more in a
     * namespace with join/leave, so that none has more than {@link #MAX_SUBSCRIBERS_PER_JOIN_LEAVE_CHANNEL}
     * of a round's {@code connections}), with names of different lengths within the node's limit. Empty
     * when no namespace qualifies (then the warm-up only connects, pings and closes).
     *
     * <p>The layout is the one measured (docs/benchmarks.md): the warm-up's effect on the first storm
     * moved with it (the same rounds over 20 channels of 250 in the benchmark's namespace left the C2
     * compiler three times the work in the storm), so change it only with a measurement.
     */
    static List<WarmupRound.Channel> channels(SwitchboardOptions nodeOptions, int connections, String suffix) {
        NamespaceOptions plain = null;
        NamespaceOptions kept = null;
        for (NamespaceOptions ns : nodeOptions.namespaces()) {
            if (ns.subscribe() == SubscribePolicy.PERSONAL) {
                continue;
            }
            if (ns.keepsHistory() && kept == null) {
                kept = ns;
            } else if (!ns.keepsHistory() && plain == null) {
                plain = ns;
            }
        }
        int namespaces = (plain == null ? 0 : 1) + (kept == null ? 0 : 1);
        if (namespaces == 0) {
            return List.of();
        }
        int joinLeaveChannels = Math.max(CHANNELS_PER_NAMESPACE,
                -Math.floorDiv(-connections, namespaces * MAX_SUBSCRIBERS_PER_JOIN_LEAVE_CHANNEL));
        int maxLength = nodeOptions.limits().maxChannelLength();
        List<WarmupRound.Channel> channels = new ArrayList<>();
        for (NamespaceOptions ns : new NamespaceOptions[] {plain, kept}) {
            int count = ns == null ? 0 : ns.joinLeave() ? joinLeaveChannels : CHANNELS_PER_NAMESPACE;
            for (int k = 0; k < count; k++) {
                String prefix = ns.name() + ":warmup-" + suffix + "-";
                int padding = Math.min(4 * (k % 4), maxLength - prefix.length() - Integer.toString(k).length());
                if (padding >= 0) { // else the name would be longer than the node allows
                    channels.add(new WarmupRound.Channel(prefix + "x".repeat(padding) + k, ns.publish(),
                            ns.subscribe() == SubscribePolicy.CLAIM));
                }
            }
        }
        return channels;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
