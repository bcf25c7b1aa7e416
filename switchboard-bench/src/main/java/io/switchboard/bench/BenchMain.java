package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.bench.scenario.EchoShard;
import io.switchboard.bench.scenario.IdleShard;
import io.switchboard.bench.scenario.ShardHandle;
import io.switchboard.bench.scenario.SubscriberShard;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the generator: {@code switchboard bench ...} and {@code BenchMain ...} parse the
 * same options; with {@code --child-role} this process is a forked generator process driven by its
 * parent over stdin/stdout.
 */
public final class BenchMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the bench command line; returns the exit code (0 ok, 1 failed run, 2 usage). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options = new BenchOptions();
        CommandLine cli = new CommandLine(options);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            cli.usage(err);
            return 2;
        }
        options.originalArgs = List.copyOf(Arrays.asList(args));
        String invalid = options.validate();
        if (invalid != null) {
            err.println("error: " + invalid);
            return 2;
        }
        try {
            if (options.childRole != null) {
                System.setOut(err); // stdout carries the protocol with the parent only; libraries print elsewhere
                return runChild(options, out);
            }
            return new Bench(options, out, err).run();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static int runChild(BenchOptions o, PrintStream out) {
        ShardHandle shard = switch (o.childRole) {
            case "idle" -> new IdleShard(o, o.childFrom, o.childCount);
            case "sub" -> new SubscriberShard(o, o.childFrom, o.childCount);
            case "echo" -> new EchoShard(o, o.childFrom, o.childCount);
            default -> throw new IllegalArgumentException("unknown child role " + o.childRole);
        };
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Bench.hardLimit(o).toMillis());
                System.err.println("generator process: hard time limit reached, exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // normal exit
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Thread progress = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long[] c = shard.counters();
                ObjectNode p = JSON.createObjectNode();
                p.putArray("c").add(c[0]).add(c[1]).add(c[2]).add(c[3]).add(c[4]);
                emit(out, "progress", p);
                try {
                    Thread.sleep(100); // the parent's catch-up check reads these
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-progress");
        progress.setDaemon(true);
        progress.start();
        try {
            emit(out, "ready", shard.start().get(Bench.hardLimit(o).toMillis(), TimeUnit.MILLISECONDS));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                int sp = line.indexOf(' ');
                String kind = sp < 0 ? line : line.substring(0, sp);
                ObjectNode body = sp < 0 ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(line.substring(sp + 1));
                switch (kind) {
                    case "go" -> shard.go(body).whenComplete((r, e) -> emit(out, "went", r != null ? r : JSON.createObjectNode()));
                    case "finish" -> emit(out, "result", shard.finish(body).get());
                    case "close" -> {
                        shard.close().get();
                        progress.interrupt();
                        return 0;
                    }
                    default -> { }
                }
            }
            shard.abort();
            return 1;
        } catch (Exception e) {
            System.err.println("generator process failed: " + e);
            shard.abort();
            return 1;
        }
    }

    private static void emit(PrintStream out, String kind, ObjectNode body) {
        synchronized (out) {
            out.println(kind + " " + body);
            out.flush();
        }
    }
}
