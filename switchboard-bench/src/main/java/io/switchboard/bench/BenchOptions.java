package io.switchboard.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every option of {@code switchboard bench}. Parsed by picocli in the parent and, unchanged, in each
 * forked generator process (which additionally gets the {@code --child-*} options).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Load generator for Switchboard and the peers in bench/peers. Targets loopback only.",
            "Scenarios:",
            "  connections  ramp to N idle, authenticated, subscribed connections; handshakes/s, server memory per connection",
            "  fanout       P publishers into C channels with S subscribers each; deliveries/s, deliveries per server CPU-second,",
            "               publish-to-receive latency, lost/reordered messages",
            "  echo         request/response round trips (ping command); rate and latency"})
public final class BenchOptions {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "connections, fanout or echo")
    public String scenario;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws",
            description = "WebSocket URL of the server (loopback only; default: ${DEFAULT-VALUE})")
    public String url;

    @Option(names = "--dialect", defaultValue = "switchboard",
            description = "switchboard (also the peers' protocol), socketio, centrifuge or stomp (default: ${DEFAULT-VALUE})")
    public String dialect;

    @Option(names = "--label", description = "Name of the server under test, for the result row (default: the dialect)")
    public String label;

    @Option(names = "--connections", defaultValue = "1000",
            description = "connections: idle connections; echo: round-trip connections (default: ${DEFAULT-VALUE})")
    public int connections;

    @Option(names = "--channels", defaultValue = "1", description = "Channels (default: ${DEFAULT-VALUE})")
    public int channels;

    @Option(names = "--subscribers", defaultValue = "1000",
            description = "fanout: subscribers per channel (default: ${DEFAULT-VALUE})")
    public int subscribers;

    @Option(names = "--publishers", defaultValue = "1",
            description = "fanout: publisher connections, publisher p writes to channel p mod C (default: ${DEFAULT-VALUE})")
    public int publishers;

    @Option(names = "--rate", defaultValue = "10",
            description = "fanout: publications per second, all publishers together (default: ${DEFAULT-VALUE})")
    public double rate;

    @Option(names = "--size", defaultValue = "64",
            description = "fanout: bytes of publication data (default: ${DEFAULT-VALUE})")
    public int size;

    @Option(names = "--depth", defaultValue = "1",
            description = "echo: requests in flight per connection (default: ${DEFAULT-VALUE})")
    public int depth;

    @Option(names = "--duration", defaultValue = "10s",
            description = "Measured phase length, after the warm-up (default: ${DEFAULT-VALUE})")
    public String duration;

    @Option(names = "--messages", defaultValue = "1000000",
            description = "fanout: publications; echo: round trips; the measured phase ends at whichever of this and "
                    + "--duration comes first (default: ${DEFAULT-VALUE})")
    public long messages;

    @Option(names = "--warmup", defaultValue = "2s",
            description = "Traffic before the measured phase, not counted in latency or per-CPU figures (default: ${DEFAULT-VALUE})")
    public String warmup;

    @Option(names = "--catch-up-limit", defaultValue = "20s",
            description = "fanout: after --warmup, the measured phase starts once the subscribers have received nearly "
                    + "everything published so far (a backlog of at most a quarter second of the offered load), or after "
                    + "this long at the latest; 0s measures right after --warmup (default: ${DEFAULT-VALUE})")
    public String catchUpLimit;

    @Option(names = "--hold", defaultValue = "2s",
            description = "connections: how long to hold the connections before measuring memory (default: ${DEFAULT-VALUE})")
    public String hold;

    @Option(names = "--warmup-connections", defaultValue = "0",
            description = "connections: open and close this many connections first (JIT warm-up of JVM servers), "
                    + "then measure (default: ${DEFAULT-VALUE})")
    public int warmupConnections;

    @Option(names = "--warmup-rounds", defaultValue = "1",
            description = "connections: how many times to open and close the warm-up connections, waiting after "
                    + "each round until the server is idle; a JVM server on one core needs some 60,000 handshakes "
                    + "before its compiler is done (default: ${DEFAULT-VALUE})")
    public int warmupRounds;

    @Option(names = "--channel-prefix", defaultValue = "bench:c",
            description = "Channel i is named <prefix><i> (default: ${DEFAULT-VALUE})")
    public String channelPrefix;

    @Option(names = "--jwt-secret", description = "Mint an HS256 token per connection (sub=bench-<i>) with this secret")
    public String jwtSecret;

    @Option(names = "--token-template", description = "Token per connection, {i} replaced by its index, e.g. user=bench-{i}")
    public String tokenTemplate;

    @Option(names = "--token-ttl", defaultValue = "1h", description = "Lifetime of minted tokens (default: ${DEFAULT-VALUE})")
    public String tokenTtl;

    @Option(names = "--server-pid", description = "Server process id: CPU (utime+stime) and RSS are read from /proc")
    public Long serverPid;

    @Option(names = "--processes", defaultValue = "1",
            description = "Generator processes; raised automatically when the open-files limit needs it (default: ${DEFAULT-VALUE})")
    public int processes;

    @Option(names = "--threads", defaultValue = "1", description = "Event-loop threads per generator process (default: ${DEFAULT-VALUE})")
    public int threads;

    @Option(names = "--source-addresses", defaultValue = "0",
            description = "Loopback source addresses 127.0.0.1..n to spread connections over; 0: one per 10,000 connections, at least 2")
    public int sourceAddresses;

    @Option(names = "--concurrency", defaultValue = "256",
            description = "Handshakes in flight per generator process (default: ${DEFAULT-VALUE})")
    public int concurrency;

    @Option(names = "--handshake-timeout", defaultValue = "15s", description = "Per connection (default: ${DEFAULT-VALUE})")
    public String handshakeTimeout;

    @Option(names = "--drain-timeout", defaultValue = "10s",
            description = "After the last publication, how long subscribers may take to receive everything (default: ${DEFAULT-VALUE})")
    public String drainTimeout;

    @Option(names = "--out", description = "Write the result JSON here")
    public String out;

    @Option(names = "--md", description = "Append the result's Markdown table row to this file (header when new)")
    public String md;

    @Option(names = "--quiet", description = "No progress line")
    public boolean quiet;

    // ---- set by the parent for forked generator processes ----

    @Option(names = "--child-role", hidden = true)
    public String childRole;

    @Option(names = "--child-from", hidden = true, defaultValue = "0")
    public int childFrom;

    @Option(names = "--child-count", hidden = true, defaultValue = "0")
    public int childCount;

    /** The command line as given, for forking children. */
    public List<String> originalArgs = new ArrayList<>();

    public Duration durationValue() {
        return Durations.parse("--duration", duration);
    }

    public Duration warmupValue() {
        return Durations.parse("--warmup", warmup);
    }

    public Duration catchUpLimitValue() {
        return Durations.parse("--catch-up-limit", catchUpLimit);
    }

    public Duration holdValue() {
        return Durations.parse("--hold", hold);
    }

    public Duration handshakeTimeoutValue() {
        return Durations.parse("--handshake-timeout", handshakeTimeout);
    }

    public Duration drainTimeoutValue() {
        return Durations.parse("--drain-timeout", drainTimeout);
    }

    public long tokenTtlSeconds() {
        return Math.max(1, Durations.parse("--token-ttl", tokenTtl).toSeconds());
    }

    public String labelOrDefault() {
        return label != null ? label : dialect;
    }

    public String channel(int i) {
        return channelPrefix + i;
    }

    /** Checks ranges; returns an error message or null. */
    public String validate() {
        if (!List.of("connections", "fanout", "echo").contains(scenario)) {
            return "unknown scenario '" + scenario + "' (connections, fanout, echo)";
        }
        if (connections < 1 || channels < 1 || subscribers < 0 || publishers < 1 || processes < 1 || threads < 1
                || concurrency < 1 || depth < 1) {
            return "counts must be positive";
        }
        if (rate <= 0 || size < 0 || messages < 1) {
            return "--rate and --messages must be positive, --size not negative";
        }
        try {
            durationValue();
            warmupValue();
            catchUpLimitValue();
            holdValue();
            handshakeTimeoutValue();
            drainTimeoutValue();
            tokenTtlSeconds();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }
}
