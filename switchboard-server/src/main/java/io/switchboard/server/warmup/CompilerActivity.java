package io.switchboard.server.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The JIT compilers' accumulated time, and a wait for them to fall quiet. A warm-up round leaves
 * compilations queued; the next round should meet the code they produce, and the warm-up can stop
 * once a round gives the compilers nothing more to do.
 */
final class CompilerActivity {

    /** How often the compilers' time is read while waiting. */
    static final long POLL_MS = 50;
    /** Unchanged for this long counts as quiet. */
    static final long QUIET_MS = 300;

    private final LongSupplier totalMillis;

    /** @param totalMillis the compilers' accumulated time in ms, or a negative number when unknown */
    CompilerActivity(LongSupplier totalMillis) {
        this.totalMillis = totalMillis;
    }

    /** This JVM's compilers ({@link CompilationMXBean}); unknown where the JVM does not report it. */
    static CompilerActivity ofThisJvm() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        if (bean == null || !bean.isCompilationTimeMonitoringSupported()) {
            return new CompilerActivity(() -> -1);
        }
        return new CompilerActivity(bean::getTotalCompilationTime);
    }

    /** The compilers' accumulated time in ms; negative when this JVM does not say. */
    long totalMillis() {
        return totalMillis.getAsLong();
    }

    /**
     * Waits until the compilers' time has not moved for {@link #QUIET_MS}, until {@code deadlineNanos}
     * ({@link System#nanoTime()}) or until {@code abandon} says so; returns at once when the time is unknown.
     *
     * @return whether they fell quiet
     */
    boolean awaitQuiet(long deadlineNanos, BooleanSupplier abandon) throws InterruptedException {
        long last = totalMillis();
        if (last < 0) {
            return true;
        }
        long stableSince = System.nanoTime();
        while (System.nanoTime() - deadlineNanos < 0 && !abandon.getAsBoolean()) {
            Thread.sleep(POLL_MS); // polling a counter: there is nothing to be notified by
            long now = totalMillis();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= QUIET_MS * 1_000_000) {
                return true;
            }
        }
        return false;
    }
}
