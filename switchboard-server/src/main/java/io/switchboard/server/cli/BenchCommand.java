package io.switchboard.server.cli;

import io.switchboard.bench.BenchMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code switchboard bench <scenario> [options]}: the load generator of {@code switchboard-bench}
 * (connections, fanout, echo against this or a peer server, loopback only). Every argument is passed
 * on unchanged; {@code switchboard bench --help} lists them.
 */
@Command(name = "bench",
        description = "Load generator: connections, fanout or echo against a server on this machine "
                + "(see docs/benchmarks.md; 'switchboard bench --help' for the options).")
final class BenchCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BenchMain.execute(args.toArray(new String[0]), System.out, System.err);
    }
}
