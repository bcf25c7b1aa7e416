package io.switchboard.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A shard in a forked generator process ({@code BenchMain} with {@code --child-role}), so that a run
 * can hold more connections than one process's open-files limit allows. The child writes
 * {@code ready|went|result|progress <json>} lines on stdout; the parent writes {@code go <json>} and
 * {@code finish <json>} on its stdin. A child whose stdin closes exits.
 */
public final class ForkedShard implements ShardHandle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream stdin;
    private final CompletableFuture<ObjectNode> ready = new CompletableFuture<>();
    private final CompletableFuture<ObjectNode> went = new CompletableFuture<>();
    private final CompletableFuture<ObjectNode> result = new CompletableFuture<>();
    private final StringBuilder errorTail = new StringBuilder();
    private volatile long[] counters = new long[5];

    public ForkedShard(List<String> args, String role, int from, int count) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-Xmx2g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.switchboard.bench.BenchMain");
        cmd.addAll(args);
        cmd.addAll(List.of("--child-role", role, "--child-from", Integer.toString(from), "--child-count",
                Integer.toString(count), "--quiet"));
        try {
            process = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot fork a generator process: " + e.getMessage(), e);
        }
        stdin = process.getOutputStream();
        Thread reader = new Thread(this::readLines, "bench-child-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(this::readErrors, "bench-child-err-" + process.pid());
        errors.setDaemon(true);
        errors.start();
    }

    /** Forwards the child's stderr and keeps its tail for the error message if it dies. */
    private void readErrors() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.err.println("[generator " + process.pid() + "] " + line);
                synchronized (errorTail) {
                    errorTail.append(line).append('\n');
                    if (errorTail.length() > 4000) {
                        errorTail.delete(0, errorTail.length() - 4000);
                    }
                }
            }
        } catch (IOException ignored) {
            // gone
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                int sp = line.indexOf(' ');
                if (sp < 0) {
                    continue;
                }
                String kind = line.substring(0, sp);
                if (!List.of("ready", "went", "result", "progress").contains(kind)) {
                    System.err.println("[generator " + process.pid() + "] " + line);
                    continue;
                }
                ObjectNode body = (ObjectNode) JSON.readTree(line.substring(sp + 1));
                switch (kind) {
                    case "ready" -> ready.complete(body);
                    case "went" -> went.complete(body);
                    case "result" -> result.complete(body);
                    case "progress" -> {
                        long[] c = new long[5];
                        for (int i = 0; i < 5; i++) {
                            c[i] = body.path("c").path(i).asLong();
                        }
                        counters = c;
                    }
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the process is gone
        }
        try {
            process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail;
        synchronized (errorTail) {
            tail = errorTail.toString().trim();
        }
        IllegalStateException gone = new IllegalStateException("generator process " + process.pid() + " ended"
                + (tail.isEmpty() ? "" : ": " + tail));
        ready.completeExceptionally(gone);
        went.completeExceptionally(gone);
        result.completeExceptionally(gone);
    }

    private synchronized void send(String kind, ObjectNode body) {
        try {
            stdin.write((kind + " " + body + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("generator process " + process.pid() + " is gone", e);
        }
    }

    @Override
    public CompletableFuture<ObjectNode> start() {
        return ready;
    }

    @Override
    public CompletableFuture<ObjectNode> go(ObjectNode params) {
        send("go", params);
        return went;
    }

    @Override
    public CompletableFuture<ObjectNode> finish(ObjectNode params) {
        send("finish", params);
        return result;
    }

    @Override
    public CompletableFuture<Void> close() {
        try {
            send("close", new ObjectMapper().createObjectNode());
            stdin.close();
        } catch (IOException | IllegalStateException ignored) {
            // already gone
        }
        return process.onExit().thenApply(p -> null);
    }

    @Override
    public long[] counters() {
        return counters;
    }

    @Override
    public void abort() {
        process.destroyForcibly();
    }
}
