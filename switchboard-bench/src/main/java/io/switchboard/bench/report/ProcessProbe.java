package io.switchboard.bench.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another process's CPU time ({@code /proc/<pid>/stat} utime + stime) and resident memory
 * ({@code /proc/<pid>/status} VmRSS), and, for a JVM, its heap through {@code jcmd}.
 */
public final class ProcessProbe {

    private static final Pattern G1_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
    private static final Pattern ANY_USED = Pattern.compile("total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    private final long pid;
    private final long ticksPerSecond;

    public ProcessProbe(long pid) {
        this.pid = pid;
        this.ticksPerSecond = clockTicks();
        if (!Files.exists(Path.of("/proc/" + pid + "/stat"))) {
            throw new IllegalArgumentException("no process " + pid + " (is --server-pid right?)");
        }
    }

    public long pid() {
        return pid;
    }

    /** User plus system CPU time of the process, in nanoseconds (clock-tick resolution). */
    public long cpuNanos() {
        try {
            return cpuNanos(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time (user plus system, nanoseconds) of the process's live threads by kind of thread: its
     * name with a trailing number replaced by {@code *} ({@code GC Thread#*}). Linux keeps 15
     * characters of a name: {@code switchboard-io-0} reads {@code switchboard-io-}, the C2 compiler
     * {@code C2 CompilerThre}. Empty when unreadable. A thread that ends between two readings takes
     * its time with it, so differences are floored at zero by the caller.
     */
    public Map<String, Long> threadCpuNanos() {
        Map<String, Long> byKind = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    byKind.merge(threadKind(name), cpuNanos(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we listed them
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return byKind;
    }

    /** utime + stime of a {@code /proc/.../stat} line (after the name, which may hold spaces), in nanoseconds. */
    private long cpuNanos(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000_000L / ticksPerSecond;
    }

    /** A thread's name with its trailing number, if any, replaced by {@code *}. */
    static String threadKind(String name) {
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        return end == name.length() || end == 0 ? name : name.substring(0, end) + "*";
    }

    /** Resident set size in bytes, -1 when unreadable. */
    public long rssBytes() {
        return statusKb(pid, "VmRSS:") * 1024;
    }

    public static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    public boolean isJvm() {
        try {
            String cmd = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
            return cmd.startsWith("java") || cmd.contains("/java\0") || cmd.contains("/bin/java");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Used heap of a JVM in bytes after an optional full GC ({@code jcmd GC.run}), -1 when the
     * process is not a JVM or jcmd fails.
     */
    public long heapUsedBytes(boolean collectFirst) {
        if (!isJvm()) {
            return -1;
        }
        if (collectFirst) {
            jcmd("GC.run");
        }
        String out = jcmd("GC.heap_info");
        if (out == null) {
            return -1;
        }
        Matcher g1 = G1_USED.matcher(out);
        if (g1.find()) {
            return Long.parseLong(g1.group(2)) * 1024;
        }
        long sum = 0;
        Matcher any = ANY_USED.matcher(out);
        boolean found = false;
        while (any.find()) {
            sum += Long.parseLong(any.group(2));
            found = true;
        }
        return found ? sum * 1024 : -1;
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid), command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroy();
                    return null;
                }
                return out;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** The 1-minute load average of the machine, -1 when unreadable. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
